import type { Source } from "../rubric/schema.js";
import type { EvidenceRecord, IndicatorDetail, IndicatorValue } from "../indicators/types.js";
import type { IndicatorMeta } from "../indicators/catalog.js";

/** Lighthouse-style score states: only `scored` (and not-applicable items the rubric scores
 * full) count; the others are shown as such, never as zeros. */
export type ItemState = "scored" | "notApplicable" | "manual" | "error";

export interface ItemResult {
  id: string;
  area: string;
  title: string;
  max: number;
  /** null when not counted: not applicable (rescaled away), manual pending, error */
  points: number | null;
  state: ItemState;
  reason: string;
  source: Source;
  /** the indicators the item read */
  indicators: string[];
  /** the records behind a deduction (which officers, which cases), when points < max */
  records?: EvidenceRecord[];
  remediation?: string;
  bonus?: boolean;
  /** points taken off the unit's total beyond this item's own ("扣100分"), floored at 0 */
  totalDeduction?: number;
  /** scored from data of which rows were rejected or not read: the points stand until the data are whole (the reason says which rows) */
  provisional?: true;
  /** the points the rows read give, when the missing rows could make the item lower: `points` is then that lowest */
  asRead?: number;
}

/** What a scoring pattern sees of a unit. */
export interface ScoringEnv {
  value(key: string): IndicatorValue;
  detail(key: string): IndicatorDetail | undefined;
  meta(key: string): Pick<IndicatorMeta, "label" | "format" | "unit" | "yes" | "no">;
  /** the indicator value as a sentence shows it */
  text(key: string): string;
  /** the fact as a sentence states it: "专题学法次数 4 次", or a boolean's own wording ("未成立领导小组") */
  fact(key: string): string;
  /** a condition decided on the known facts (three-valued: null when an unknown fact leaves it open) */
  decide(condition: import("../rubric/schema.js").Condition): boolean | null;
  /** which named unit conditions hold (json-rules-engine results) */
  condition(name: string): boolean;
  describe(condition: import("../rubric/schema.js").Condition): string;
  /** the same unit with some indicators taking other values (what missing rows could have made them),
   * for the points a pattern gives there: value and decide see them, text, fact and describe say
   * nothing, `condition` still answers for the values read */
  overlay(values: ReadonlyMap<string, IndicatorValue>): ScoringEnv;
  asOf: number;
  precision: number;
}

/** A pattern's verdict: points within [0, max] and the sentence saying why. */
export interface Verdict {
  points: number | null;
  state?: ItemState;
  reason: string;
  /** points to take off the unit's total beyond the item's own (event with fromTotal) */
  totalDeduction?: number;
}
