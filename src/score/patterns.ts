/**
 * Every scoring pattern, keyed by the schema's `type` (rubric/schema.ts). A pattern is its zod
 * schema plus its file in score/; this table registers it, and the compiler refuses a schema
 * type without an entry (or an entry without a type). item.ts, unit.ts and rubric/crossref.ts
 * read patterns only through `patternOf`.
 *
 * Adding a pattern: its zod object in rubric/schema.ts (and in the `Scoring` union there), its
 * file here exporting one `PatternDef` (what it reads, how it scores, its condition, whether a
 * bonus area may use it, its rubric checks), and its line below; tests in test/score/.
 */
import type { Scoring } from "../rubric/schema.js";
import type { PatternDef, PatternType, ScoringOf } from "./pattern.js";
import { bandsPattern } from "./bands.js";
import { deadlinePattern } from "./deadline.js";
import { deductionsPattern } from "./deductions.js";
import { discretionaryPattern } from "./discretionary.js";
import { eventPattern } from "./event.js";
import { manualPattern } from "./manual.js";
import { perOccurrencePattern } from "./per-occurrence.js";
import { rateStepsPattern } from "./rate-steps.js";
import { shortfallPattern } from "./shortfall.js";
import { thresholdPattern } from "./threshold.js";
import { tiersPattern } from "./tiers.js";

/** One entry per pattern type, each typed by its own scoring block. */
export type PatternTable = { readonly [T in PatternType]: PatternDef<ScoringOf<T>> };

/** In the schema's order (the order bonus-area messages list them in). */
export const PATTERNS = {
  perOccurrence: perOccurrencePattern,
  rateSteps: rateStepsPattern,
  threshold: thresholdPattern,
  bands: bandsPattern,
  deadline: deadlinePattern,
  event: eventPattern,
  manual: manualPattern,
  shortfall: shortfallPattern,
  deductions: deductionsPattern,
  tiers: tiersPattern,
  discretionary: discretionaryPattern,
} as const satisfies PatternTable;

/** The pattern that scores a scoring block. */
export function patternOf<S extends Scoring>(scoring: S): PatternDef<S> {
  // the table pairs each type with its own pattern; TypeScript cannot follow the pairing through a union
  return (PATTERNS as PatternTable)[scoring.type] as unknown as PatternDef<S>;
}

/** The pattern types a bonus area may use, in the table's order. */
export const BONUS_PATTERNS: readonly PatternType[] = (Object.keys(PATTERNS) as PatternType[]).filter((t) => PATTERNS[t].bonus);
