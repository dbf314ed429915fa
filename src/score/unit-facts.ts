/** Facts every unit has without data: its code and its category (conditions may read them). */
export const UNIT_FACTS = ["unit.id", "unit.category"] as const;

export function isUnitFact(key: string): boolean {
  return (UNIT_FACTS as readonly string[]).includes(key);
}

/** The indicators among the facts given: unit facts left out, each once, in order. */
export function indicatorFacts(facts: readonly string[]): string[] {
  return [...new Set(facts)].filter((f) => !isUnitFact(f));
}
