/**
 * Scores one rubric item for one unit: applicability, data errors, missing data, the item's
 * pattern, the false-reporting penalty, and the records behind a deduction.
 */
import type { Area, Condition, Item, Rubric } from "../rubric/schema.js";
import type { ItemResult, ItemState, ScoringEnv, Verdict } from "./types.js";
import type { PatternInput } from "./pattern.js";
import type { IndicatorRange, IndicatorValue } from "../indicators/types.js";
import { constantsOf, eachCorner } from "./corners.js";
import { factsOf } from "../rubric/conditions.js";
import { fmtNum, round } from "../util/format.js";
import { detach } from "../data/normalize.js";
import { patternOf } from "./patterns.js";
import type { EvidenceRecord } from "../indicators/types.js";
import { recordCount, recordsOf, recordsOnRead } from "../indicators/lazy-records.js";
import { append } from "../indicators/aggregate.js";

/** The names an item's conditions are registered under in the unit's rules engine. */
export const conditionName = {
  when: (item: Item) => `item:${item.id}:when`,
  applicable: (item: Item) => `item:${item.id}:applicable`,
};

/** The indicators an item's scoring reads (not counting its false-reporting check). */
export function itemIndicators(item: Item): string[] {
  return patternOf(item.scoring).reads(item.scoring);
}

/** The incompleteness sentences of the indicators given, once each, joined. */
function gapOf(keys: readonly string[], incomplete: Record<string, string>): string {
  return [...new Set(keys.map((k) => incomplete[k]).filter((x): x is string => !!x))].join("；");
}

export interface ItemUnit {
  id: string;
  category: string;
}

/** One item to score for one unit. */
export interface ItemInput {
  rubric: Rubric;
  area: Pick<Area, "id" | "bonus">;
  item: Item;
  unit: ItemUnit;
  env: ScoringEnv;
  /** indicator key → why its data cannot be used */
  errors: Record<string, string>;
  /** indicator key → which of its rows were rejected or not read */
  incomplete?: Record<string, string>;
  /** of those, the values each could take had the rows been read */
  ranges?: Record<string, IndicatorRange>;
}

export function scoreItem({ rubric, area, item, unit, env, errors, incomplete = {}, ranges = {} }: ItemInput): ItemResult {
  const bonus = area.bonus;
  const reads = itemIndicators(item);
  /** The item's result, its fields always in this order: one literal (results spread from a
   * shared base each got a hidden class of their own: 25,000 of them at 2,000 units). */
  const result = (
    state: ItemState,
    points: number | null,
    reason: string,
    totalDeduction?: number,
    provisional = false,
    asRead?: number,
  ): ItemResult => ({
    id: item.id,
    area: area.id,
    title: item.title,
    max: item.max,
    points,
    state,
    // one flat string, not the tree of parts `+` and templates build (32 bytes a join and every
    // part, for as long as the results live: ≈ 10 MB at 2,000 units)
    reason: detach(reason),
    source: item.source,
    indicators: reads,
    ...(item.remediation ? { remediation: item.remediation } : {}),
    ...(bonus ? { bonus: true } : {}),
    ...(totalDeduction ? { totalDeduction } : {}),
    ...(provisional ? { provisional: true as const } : {}),
    ...(asRead !== undefined ? { asRead } : {}),
  });
  const error = (reason: string) => result("error", null, reason);
  const notApplicable = (reason: string): ItemResult => {
    const rule = item.ifNotApplicable ?? rubric.notApplicable;
    if (bonus || rule === "rescale") return result("notApplicable", null, reason);
    return result("notApplicable", item.max, `${reason.replace(/。$/, "")}，按满分计。`);
  };

  if (item.categories && !item.categories.includes(unit.category)) {
    return notApplicable(`本项适用于${item.categories.join("、")}，不适用于${unit.category}。`);
  }
  if (item.applicableWhen) {
    const facts = factsOf(item.applicableWhen);
    const err = facts.map((f) => errors[f]).find((e) => e);
    if (err) return error(`判断本项是否适用所需的数据无法使用（${err}），本项无法评分。`);
    if (!env.condition(conditionName.applicable(item))) {
      const gap = gapOf(facts, incomplete);
      if (gap) return error(`${gap}，判断本项是否适用所需的数据不完整，本项暂无法评分。`);
      return notApplicable(`本单位不满足本项的适用条件（${env.describe(item.applicableWhen)}），本项不适用。`);
    }
  }
  const err = reads.map((f) => errors[f]).find((e) => e);
  if (err) return error(`所需数据无法使用（${err}），本项无法评分。`);

  const scoring = item.scoring;
  const pattern = patternOf(scoring);
  // a condition decided by the facts that are known (one alternative of an `any` present) is
  // not held up by an unknown one; only an undecided item falls to ifNoData
  const decided = pattern.decided?.(scoring, env, item.max) ?? false;
  const missing = pattern.scoresMissing || decided ? [] : reads.filter((f) => env.value(f) === null);
  // on known facts the rules engine's result; with a fact missing, the condition as the known facts decide it
  const holds = (c: Condition) =>
    reads.every((f) => env.value(f) !== null) ? env.condition(conditionName.when(item)) : env.decide(c) === true;
  // rows of the data behind the item were rejected or not read: never not applicable, never full for want of data
  const gap = gapOf([...reads, ...(item.applicableWhen ? factsOf(item.applicableWhen) : [])], incomplete);
  let verdict: Verdict;
  if (missing.length > 0) {
    const what = missing.map((f) => env.meta(f).label).join("、");
    if (gap) return error(`${gap}；现有数据中${what}无适用数据，不能据此判为不适用或计分，本项暂无法评分。`);
    if (item.ifNoData === "notApplicable") return notApplicable(`${what}无适用数据，本项不适用。`);
    verdict =
      item.ifNoData === "full"
        ? { points: item.max, reason: `${what}无适用数据，按细则得满分。` }
        : { points: 0, reason: `${what}无数据，按细则不得分。` };
  } else {
    const when = pattern.when?.(scoring);
    verdict = pattern.score(scoring, { max: item.max, env, bonus, rubric, holds: when ? holds(when) : false });
  }
  if (verdict.state === "notApplicable") {
    if (gap) return error(`${gap}；${verdict.reason.replace(/。$/, "")}，但数据不完整，不能据此判为不适用，本项暂无法评分。`);
    return notApplicable(verdict.reason);
  }
  if (verdict.state === "manual" || verdict.state === "error") return result(verdict.state, null, verdict.reason);

  let points = verdict.points === null ? null : round(Math.max(0, Math.min(item.max, verdict.points)), rubric.precision);
  let reason = verdict.reason;
  if (item.falseReporting && points !== null) {
    const check = item.falseReporting;
    const deduction = falseReportDeduction(check, env, points);
    if (deduction !== null) {
      points = round(points - deduction, rubric.precision);
      const claim = `自报${env.meta(check.reported).label} ${env.text(check.reported)}，经核查为 ${env.text(check.verified)}，所报情况不实`;
      reason += deduction > 0 ? `${claim}，从重扣 ${fmtNum(deduction)} 分。` : `${claim}（本项已无分可扣）。`;
    }
  }
  let totalDeduction = verdict.totalDeduction;
  let asRead: number | undefined;
  if (gap) {
    // rows not read never raise the score: the lowest the item could score had they been read
    const low = points === null ? null : lowest(item, { bonus, rubric }, env, ranges);
    if (low && low.points < points!) {
      const why = low.untrue ? `；若如此，自报的${env.meta(item.falseReporting!.reported).label}将与核查结果不符而从重扣分` : "";
      reason += low.tried
        ? `${gap}，这些数据计入后本项最低可得 ${fmtNum(low.points)} 分（按已读数据为 ${fmtNum(points!)} 分${why}），数据补全前暂按 ${fmtNum(low.points)} 分计。`
        : `${gap}，涉及的指标过多，无法逐一推算这些数据计入后的得分，数据补全前暂按 ${fmtNum(low.points)} 分计（按已读数据为 ${fmtNum(points!)} 分）。`;
      asRead = points!;
      points = low.points;
    } else reason += `${gap}，本项得分暂计。`;
    if (low && low.totalDeduction > (totalDeduction ?? 0)) totalDeduction = low.totalDeduction;
  }
  const scored = result("scored", points, reason, totalDeduction, gap !== "", asRead);
  const short = bonus ? false : points !== null && points < item.max;
  if (short) {
    // the indicators' records, written out when read (lazy-records.ts): results.json writes them a unit at a time
    const details = reads.map((key) => env.detail(key)).filter((d) => d !== undefined);
    if (details.some((d) => recordCount(d) > 0))
      recordsOnRead(scored, () => {
        const records: EvidenceRecord[] = [];
        for (const d of details) append(records, recordsOf(d));
        return records;
      });
  }
  return scored;
}

/** What a false report takes off `points`, or null when the report is true (or not checked). */
function falseReportDeduction(check: NonNullable<Item["falseReporting"]>, env: ScoringEnv, points: number): number | null {
  const reported = env.value(check.reported);
  const verified = env.value(check.verified);
  const off = typeof reported === "number" && typeof verified === "number" ? reported - verified : 0;
  const untrue =
    check.direction === "overstated"
      ? off > check.tolerance + 1e-9
      : check.direction === "understated"
        ? -off > check.tolerance + 1e-9
        : Math.abs(off) > check.tolerance + 1e-9;
  if (!untrue) return null;
  return check.points === "all" ? points : Math.min(points, check.points);
}

/**
 * The lowest points (and the largest deduction from the total) the item could score with each
 * incomplete indicator it reads at either end of its range (indicators/ranges.ts) and beside
 * every number the item compares it with (corners.ts): between two such numbers a threshold or a
 * band scores the same and a deduction per case only rises or falls, so these values hold its
 * lowest. Null when none of its indicators has a range.
 */
function lowest(
  item: Item,
  input: Pick<PatternInput, "bonus"> & { rubric: Rubric },
  env: ScoringEnv,
  ranges: Record<string, IndicatorRange>,
): { points: number; totalDeduction: number; untrue: boolean; tried: boolean } | null {
  const pattern = patternOf(item.scoring);
  const when = pattern.when?.(item.scoring);
  const keys = [
    ...pattern.reads(item.scoring),
    ...(when ? factsOf(when) : []),
    ...(item.applicableWhen ? factsOf(item.applicableWhen) : []),
  ];
  if (item.falseReporting) keys.push(item.falseReporting.reported, item.falseReporting.verified);
  let points = Infinity;
  let totalDeduction = 0;
  let untrueAtLowest = false;
  const values = new Map<string, IndicatorValue>();
  const at = env.overlay(values);
  const near = { constants: constantsOf(item), format: (k: string) => env.meta(k).format };
  const tried = eachCorner(keys, ranges, env.value, near, values, () => {
    const applies = !item.applicableWhen || at.decide(item.applicableWhen) !== false;
    const verdict: Verdict = applies
      ? pattern.score(item.scoring, { ...input, max: item.max, env: at, holds: when ? at.decide(when) === true : false })
      : { points: null, state: "notApplicable", reason: "" };
    let p: number;
    if (verdict.state === "notApplicable") {
      // not applicable there: full points where the rubric gives them, else left out of the maximum —
      // which leaves the total no lower than the item kept at 0
      const full = !input.bonus && (item.ifNotApplicable ?? input.rubric.notApplicable) === "full";
      p = full ? item.max : 0;
    } else if (verdict.points === null || (verdict.state !== undefined && verdict.state !== "scored")) {
      // awaiting a reviewer or unusable there: counted as nothing until entered
      p = 0;
    } else p = round(Math.max(0, Math.min(item.max, verdict.points)), input.rubric.precision);
    const untrue = item.falseReporting ? falseReportDeduction(item.falseReporting, at, p) : null;
    if (untrue !== null) p = round(p - untrue, input.rubric.precision);
    if (p < points) [points, untrueAtLowest] = [p, untrue !== null && untrue > 0];
    totalDeduction = Math.max(totalDeduction, verdict.totalDeduction ?? 0);
  });
  // (more incomplete indicators than can be tried together: the item's floor)
  if (!tried) return { points: 0, totalDeduction: 0, untrue: false, tried: false };
  return points === Infinity ? null : { points, totalDeduction, untrue: untrueAtLowest, tried: true };
}
