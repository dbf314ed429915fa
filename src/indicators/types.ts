/** What computing indicators yields for one unit. */
import type { IndicatorKey } from "./catalog.js";

/** A record behind a shortfall: an officer short of hours, a case handled offline … */
export interface EvidenceRecord {
  /** officer id, case id, task id … */
  id: string;
  /** the officer's name, where there is one */
  name?: string;
  /** what is wrong with it, in Chinese, from the facts */
  detail: string;
}

export interface IndicatorDetail {
  /** for rates: the counts behind the share */
  num?: number;
  den?: number;
  /** the records that fall short (for deductions and rectification lists), in a stable order */
  records?: EvidenceRecord[];
  /** a self-reported value the unit did not report: the value is what the rubric declares for it */
  notReported?: true;
  /** the 佐证材料 of a self-reported value */
  note?: string;
}

/** An indicator's value: a number (rates are fractions in [0, 1]; dates are day numbers),
 * a boolean, or null when not applicable (a rate with no denominator, a task not reported). */
export type IndicatorValue = number | boolean | null;

export interface UnitIndicators {
  values: Record<string, IndicatorValue>;
  details: Record<string, IndicatorDetail>;
  /** indicators whose data was unusable, with the reason (the dataset's file error) */
  errors: Record<string, string>;
  /** indicators built from data of which rows were rejected or not read: why (README "Incomplete data") */
  incomplete?: Record<string, string>;
  /** of those, the least and most each could be had the missing rows been read (ranges.ts) */
  ranges?: Record<string, IndicatorRange>;
}

/** The values an incomplete indicator could take: a closed interval, or either truth value. */
export type IndicatorRange = { lo: number; hi: number } | { either: true };

/** Where an indicator's value for a unit is written: standard keys must be in the catalog. */
export interface IndicatorSink {
  set(unitId: string, key: IndicatorKey, value: IndicatorValue, detail?: IndicatorDetail): void;
}

/** One value set on a sink, as recorded for replay elsewhere (structured-cloneable: crosses a worker boundary). */
export type SinkEntry = [unitId: string, key: IndicatorKey, value: IndicatorValue, detail?: IndicatorDetail];
