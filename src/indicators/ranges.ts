/**
 * What an incomplete indicator could have been (README "What fazhi reads" → "Incomplete data"):
 * the least and the most its value could be for the unit had the rows that were rejected or not
 * read been read. Scoring takes an item's lowest score over these ranges, so missing rows never
 * raise a score: three rejected case rows may be three more cases citing an invalid document.
 *
 * A gap of a known number of rows (r) bounds a count of the dataset's rows to [v, v + r] and a
 * share of them to [num / (den + r), (num + r) / (den + r)]; rows not read to the end of a file
 * (an unclosed quote) or a unit's file that could not be read leave no such bound. Where a
 * dataset the indicator only looks things up in has the gap (the officers behind the cases,
 * the documents cases cite), a count is bounded only on the side the lookup cannot move it,
 * and a share not at all.
 */
import type { DatasetId } from "../data/contract.js";
import type { Rubric } from "../rubric/schema.js";
import type { IndicatorMeta } from "./catalog.js";
import type { UnitDataGap } from "./gaps.js";
import type { IndicatorDetail, IndicatorRange, IndicatorValue } from "./types.js";

/** Stands for "no bound" in a range: large enough for any count, days or hours a rubric compares. */
export const UNBOUNDED = 1e9;

/**
 * How an indicator's value is made from the rows of its datasets. `lookup`: what a gap in the
 * other datasets it needs can do to a count of `of`'s rows — nothing (officers in post, whatever
 * their training), only lower it (a handler found in the officers file may hold a certificate)
 * or only raise it (a document found invalid, a training row found to be the unit's).
 */
type Shape =
  | { kind: "rows"; of: DatasetId; lookup: "none" | "lowers" | "raises" }
  /** a share of the rows of `of` (num of den) */
  | { kind: "share"; of: DatasetId }
  /** the share of officers in post whose training hours reach the minimum */
  | { kind: "trainingRate" }
  /** the mean training hours of officers in post */
  | { kind: "trainingHours" }
  /** the mean of the reviewed files' scores */
  | { kind: "reviewMean" }
  /** days late: the earliest 完成日期 reported is kept (data/dedupe.ts), so a row not read can only make it less late */
  | { kind: "earliest" }
  /** anything: no bound from the rows */
  | { kind: "any" };

function shapeOf(rubric: Rubric, meta: IndicatorMeta): Shape {
  switch (meta.key) {
    case "training.officers":
      return { kind: "rows", of: "officers", lookup: "none" };
    case "training.averageHours":
      return { kind: "trainingHours" };
    case "training.compliantRate":
      return { kind: "trainingRate" };
    case "certification.rate":
      return { kind: "share", of: "officers" };
    case "cases.total":
      return { kind: "rows", of: "cases", lookup: "none" };
    case "cases.uncertifiedHandling":
      // a handler not in the officers file already counts against the case
      return { kind: "rows", of: "cases", lookup: "lowers" };
    case "cases.invalidBasis":
      return { kind: "rows", of: "cases", lookup: "raises" };
    case "cases.closingRate":
    case "cases.onlineRate":
    case "cases.legalReviewRate":
    case "cases.publicityTimelyRate":
      return { kind: "share", of: "cases" };
    case "reviews.count":
    case "reviews.failed":
      return { kind: "rows", of: "case_reviews", lookup: "none" };
    case "reviews.excellentRate":
      return { kind: "share", of: "case_reviews" };
    case "reviews.averageScore":
      return { kind: "reviewMean" };
  }
  if (meta.key.startsWith("activity.")) return { kind: "rows", of: "activities", lookup: "none" };
  if (meta.key.startsWith("milestone.")) return { kind: "earliest" };
  const custom = rubric.indicators.find((c) => c.id === meta.key);
  // (a custom indicator over training finds each row's unit through its officer)
  if (custom?.aggregate === "count" || custom?.aggregate === "countDistinct") return { kind: "rows", of: custom.dataset, lookup: "raises" };
  if (custom?.aggregate === "ratio") return { kind: "share", of: custom.dataset };
  return { kind: "any" };
}

/** A dataset's missing rows for the unit: how many, or null when they cannot be counted. */
function missingRows(gaps: readonly UnitDataGap[], d: DatasetId): number | null | undefined {
  const g = gaps.find((x) => x.dataset === d);
  if (!g) return undefined;
  return g.unreadFrom !== undefined || g.unreadFiles ? null : g.rows;
}

/** The range of a share num/den with `r` more rows (null: any number) each counted in den and perhaps in num. */
function shareRange(num: number, den: number, r: number | null): IndicatorRange {
  if (r === null || den + r === 0) return { lo: 0, hi: 1 };
  return { lo: num / (den + r), hi: (num + r) / (den + r) };
}

/**
 * The range of one indicator for one unit whose data have `gaps`, or undefined when none of
 * the indicator's datasets has a gap or the value is unknown (scoring then says so itself).
 */
export function indicatorRange(
  rubric: Rubric,
  meta: IndicatorMeta,
  value: IndicatorValue,
  detail: IndicatorDetail | undefined,
  gaps: readonly UnitDataGap[],
  values: Readonly<Record<string, IndicatorValue>>,
): IndicatorRange | undefined {
  if (value === null || !gaps.some((g) => meta.needs.includes(g.dataset))) return undefined;
  if (typeof value === "boolean") return { either: true };
  const shape = shapeOf(rubric, meta);
  // a gap in a dataset other than the one whose rows are counted (officers behind cases, documents)
  const elsewhere = (of: DatasetId) => meta.needs.some((d) => d !== of && missingRows(gaps, d) !== undefined);
  switch (shape.kind) {
    case "rows": {
      const r = missingRows(gaps, shape.of);
      const hi = r === null ? UNBOUNDED : value + (r ?? 0);
      if (shape.lookup === "none" || !elsewhere(shape.of)) return r === undefined ? undefined : { lo: value, hi };
      return shape.lookup === "lowers" ? { lo: 0, hi } : { lo: value, hi: UNBOUNDED };
    }
    case "share": {
      if (elsewhere(shape.of) || detail?.num === undefined || detail.den === undefined) return { lo: 0, hi: 1 };
      const r = missingRows(gaps, shape.of);
      return shareRange(detail.num, detail.den, r === undefined ? 0 : r);
    }
    case "trainingRate": {
      if (detail?.num === undefined || detail.den === undefined) return { lo: 0, hi: 1 };
      const officers = missingRows(gaps, "officers");
      // more officers in post: each may fall short or not; more training rows: at most one more officer each reaches the minimum
      if (officers !== undefined) return officers === null ? { lo: 0, hi: 1 } : { lo: detail.num / (detail.den + officers), hi: 1 };
      const training = missingRows(gaps, "training");
      return { lo: value, hi: training === null ? 1 : Math.min(1, (detail.num + (training === undefined ? 0 : training)) / detail.den) };
    }
    case "trainingHours":
      // more officers may have no hours; more training rows only add hours
      return { lo: missingRows(gaps, "officers") !== undefined ? 0 : value, hi: UNBOUNDED };
    case "reviewMean": {
      const n = values["reviews.count"];
      const r = missingRows(gaps, "case_reviews");
      const best = Math.max(100, value);
      if (typeof n !== "number" || r === null || r === undefined) return { lo: 0, hi: best };
      return { lo: (value * n) / (n + r), hi: (value * n + best * r) / (n + r) };
    }
    case "earliest":
      return { lo: -UNBOUNDED, hi: value };
    case "any":
      return { lo: -UNBOUNDED, hi: UNBOUNDED };
  }
}
