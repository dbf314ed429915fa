/**
 * What a scoring pattern is: one object per pattern file (score/threshold.ts, score/bands.ts …),
 * registered in one table (score/patterns.ts) that item.ts, unit.ts and rubric/crossref.ts loop
 * over. Like a Lighthouse audit: the file says what it reads and how it scores; the runner
 * (item.ts) does what is common to every pattern — applicability, data errors, missing data,
 * the false-reporting penalty, the records behind a deduction.
 */
import type { Condition, Item, Rubric, Scoring } from "../rubric/schema.js";
import type { IndicatorMeta } from "../indicators/catalog.js";
import type { ScoringEnv, Verdict } from "./types.js";

/** The schema's discriminant: "threshold", "bands" … */
export type PatternType = Scoring["type"];
/** The scoring block of one pattern, as the schema types it. */
export type ScoringOf<T extends PatternType> = Extract<Scoring, { type: T }>;

/** What a pattern's `score` sees besides its own scoring block. */
export interface PatternInput {
  /** the item's full points (in a bonus area: its cap) */
  max: number;
  env: ScoringEnv;
  /** the item is in a bonus area (加分): points are added, not deducted */
  bonus: boolean;
  rubric: Pick<Rubric, "tasks" | "period">;
  /** whether the pattern's `when` condition holds for the unit (false for a pattern without one) */
  holds: boolean;
}

/** What a pattern's `check` sees in the rubric's second pass (rubric/crossref.ts). */
export interface PatternCheck {
  rubric: Rubric;
  item: Item;
  /** how a message names the item: "项目 A1 " */
  who: string;
  /** an indicator the rubric makes available, undefined for an unknown key */
  indicator(key: string): Pick<IndicatorMeta, "format"> | undefined;
  /** a problem that stops the rubric; `field` under the item's scoring ("task"), or the scoring itself */
  error(message: string, field?: string): void;
  /** a problem shown, not stopping the rubric */
  warn(message: string, field?: string): void;
}

/** One scoring pattern. `S` is its scoring block. (Methods, not function properties: the table
 * in patterns.ts is read through the union of all patterns.) */
export interface PatternDef<S extends Scoring> {
  /** the indicators the scoring reads (not counting false reporting), as results.json lists them */
  reads(scoring: S): string[];
  /** crossref checks each read is an indicator the rubric provides; false when the read is checked
   * another way (deadline: milestone.<task> is checked as a task id) */
  checkReads: boolean;
  /** a condition json-rules-engine decides for the item (registered as item:<id>:when); `score`
   * gets whether it holds as `input.holds` */
  when?(scoring: S): Condition;
  /** the pattern itself says what a missing value means (pending entry, not yet due): the item's
   * ifNoData does not apply */
  scoresMissing: boolean;
  /** whether the known facts decide the score although a read is missing (one known alternative of
   * an `any`); absent: a missing read always leaves the item to ifNoData; `max`: the item's points */
  decided?(scoring: S, env: ScoringEnv, max: number): boolean;
  /** the points, or a state, and the sentence saying why; points are clamped to [0, max] after */
  score(scoring: S, input: PatternInput): Verdict;
  /** a bonus area (加分领域) may score an item with this pattern */
  bonus: boolean;
  /** checks of the scoring block against the rest of the rubric, beyond its reads */
  check?(scoring: S, at: PatternCheck): void;
}
