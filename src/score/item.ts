/**
 * Scores one rubric item for one unit: applicability, data errors, missing data, the item's
 * pattern, the false-reporting penalty, and the records behind a deduction.
 */
import type { Condition, Item, Rubric } from "../rubric/schema.js";
import type { ItemResult, ScoringEnv, Verdict } from "./types.js";
import { factsOf } from "../rubric/conditions.js";
import { fmtNum, round } from "../util/format.js";
import { scoreRateSteps } from "./rate-steps.js";
import { scorePerOccurrence } from "./per-occurrence.js";
import { scoreThreshold } from "./threshold.js";
import { scoreBands } from "./bands.js";
import { scoreDeadline } from "./deadline.js";
import { scoreEvent } from "./event.js";
import { scoreManual } from "./manual.js";
import { scoreShortfall } from "./shortfall.js";
import { deductionsDecided, ruleIndicators, scoreDeductions } from "./deductions.js";
import { scoreTiers, tierOf } from "./tiers.js";
import { scoreDiscretionary } from "./discretionary.js";
import type { EvidenceRecord } from "../indicators/types.js";

export const UNIT_FACTS = ["unit.id", "unit.category"] as const;

export const conditionName = {
  when: (item: Item) => `item:${item.id}:when`,
  applicable: (item: Item) => `item:${item.id}:applicable`,
};

/** The indicators an item's scoring reads (not counting its false-reporting check). */
export function itemIndicators(item: Item): string[] {
  const s = item.scoring;
  switch (s.type) {
    case "perOccurrence":
    case "rateSteps":
    case "bands":
    case "manual":
    case "shortfall":
    case "discretionary":
      return [s.indicator];
    case "threshold":
    case "event":
      return factsOf(s.when).filter((f) => !(UNIT_FACTS as readonly string[]).includes(f));
    case "tiers":
      return unique(s.tiers.flatMap((t) => factsOf(t.when))).filter((f) => !(UNIT_FACTS as readonly string[]).includes(f));
    case "deductions":
      return unique(s.rules.flatMap(ruleIndicators)).filter((f) => !(UNIT_FACTS as readonly string[]).includes(f));
    case "deadline":
      return [`milestone.${s.task}`];
  }
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** The incompleteness sentences of the indicators given, once each, joined. */
function gapOf(keys: readonly string[], incomplete: Record<string, string>): string {
  return [...new Set(keys.map((k) => incomplete[k]).filter((x): x is string => !!x))].join("；");
}

export interface ItemUnit {
  id: string;
  category: string;
}

export function scoreItem(
  rubric: Rubric,
  areaId: string,
  bonus: boolean,
  item: Item,
  unit: ItemUnit,
  env: ScoringEnv,
  errors: Record<string, string>,
  incomplete: Record<string, string> = {},
): ItemResult {
  const reads = itemIndicators(item);
  const base: ItemResult = {
    id: item.id,
    area: areaId,
    title: item.title,
    max: item.max,
    points: null,
    state: "scored",
    reason: "",
    source: item.source,
    indicators: reads,
    ...(item.remediation ? { remediation: item.remediation } : {}),
    ...(bonus ? { bonus: true } : {}),
  };
  const notApplicable = (reason: string): ItemResult => {
    const rule = item.ifNotApplicable ?? rubric.notApplicable;
    if (bonus || rule === "rescale") return { ...base, state: "notApplicable", points: null, reason };
    return { ...base, state: "notApplicable", points: item.max, reason: `${reason.replace(/。$/, "")}，按满分计。` };
  };

  if (item.categories && !item.categories.includes(unit.category)) {
    return notApplicable(`本项适用于${item.categories.join("、")}，不适用于${unit.category}。`);
  }
  if (item.applicableWhen) {
    const facts = factsOf(item.applicableWhen);
    const err = facts.map((f) => errors[f]).find((e) => e);
    if (err) return { ...base, state: "error", reason: `判断本项是否适用所需的数据无法使用（${err}），本项无法评分。` };
    if (!env.condition(conditionName.applicable(item))) {
      const gap = gapOf(facts, incomplete);
      if (gap) return { ...base, state: "error", reason: `${gap}，判断本项是否适用所需的数据不完整，本项暂无法评分。` };
      return notApplicable(`本单位不满足本项的适用条件（${env.describe(item.applicableWhen)}），本项不适用。`);
    }
  }
  const err = reads.map((f) => errors[f]).find((e) => e);
  if (err) return { ...base, state: "error", reason: `所需数据无法使用（${err}），本项无法评分。` };

  const s = item.scoring;
  const nullable = s.type === "deadline" || s.type === "manual" || s.type === "discretionary";
  // a condition decided by the facts that are known (one alternative of an `any` present) is
  // not held up by an unknown one; only an undecided item falls to ifNoData
  const decided =
    s.type === "threshold" || s.type === "event"
      ? env.decide(s.when) !== null
      : s.type === "tiers"
        ? tierOf(s, env) !== null
        : s.type === "deductions"
          ? deductionsDecided(s, env)
          : false;
  const missing = nullable || decided ? [] : reads.filter((f) => env.value(f) === null);
  // on known facts the rules engine's result; with a fact missing, the condition as the known facts decide it
  const holds = (c: Condition) => (reads.every((f) => env.value(f) !== null) ? env.condition(conditionName.when(item)) : env.decide(c) === true);
  // rows of the data behind the item were rejected or not read: never not applicable, never full for want of data
  const gap = gapOf([...reads, ...(item.applicableWhen ? factsOf(item.applicableWhen) : [])], incomplete);
  let verdict: Verdict;
  if (missing.length > 0) {
    const what = missing.map((f) => env.meta(f).label).join("、");
    if (gap) return { ...base, state: "error", reason: `${gap}；现有数据中${what}无适用数据，不能据此判为不适用或计分，本项暂无法评分。` };
    if (item.ifNoData === "notApplicable") return notApplicable(`${what}无适用数据，本项不适用。`);
    verdict =
      item.ifNoData === "full"
        ? { points: item.max, reason: `${what}无适用数据，按细则得满分。` }
        : { points: 0, reason: `${what}无数据，按细则不得分。` };
  } else {
    switch (s.type) {
      case "rateSteps":
        verdict = scoreRateSteps(s, item.max, env);
        break;
      case "perOccurrence":
        verdict = scorePerOccurrence(s, item.max, env, bonus);
        break;
      case "threshold":
        verdict = scoreThreshold(s, item.max, env, holds(s.when));
        break;
      case "bands":
        verdict = scoreBands(s, item.max, env);
        break;
      case "deadline": {
        const task = rubric.tasks.find((t) => t.id === s.task)!;
        verdict = scoreDeadline(s, item.max, env, task, rubric.period);
        break;
      }
      case "event":
        verdict = scoreEvent(s, item.max, env, holds(s.when));
        break;
      case "manual":
        verdict = scoreManual(s, item.max, env);
        break;
      case "shortfall":
        verdict = scoreShortfall(s, item.max, env);
        break;
      case "deductions":
        verdict = scoreDeductions(s, item.max, env);
        break;
      case "tiers":
        verdict = scoreTiers(s, env);
        break;
      case "discretionary":
        verdict = scoreDiscretionary(s, item.max, env);
        break;
    }
  }
  if (verdict.state === "notApplicable") {
    if (gap) return { ...base, state: "error", reason: `${gap}；${verdict.reason.replace(/。$/, "")}，但数据不完整，不能据此判为不适用，本项暂无法评分。` };
    return notApplicable(verdict.reason);
  }
  if (verdict.state === "manual" || verdict.state === "error") return { ...base, state: verdict.state, points: null, reason: verdict.reason };

  let points = verdict.points === null ? null : round(Math.max(0, Math.min(item.max, verdict.points)), rubric.precision);
  let reason = verdict.reason;
  if (item.falseReporting && points !== null) {
    const fr = item.falseReporting;
    const r = env.value(fr.reported);
    const v = env.value(fr.verified);
    const off = typeof r === "number" && typeof v === "number" ? r - v : 0;
    const untrue =
      fr.direction === "overstated" ? off > fr.tolerance + 1e-9 : fr.direction === "understated" ? -off > fr.tolerance + 1e-9 : Math.abs(off) > fr.tolerance + 1e-9;
    if (untrue) {
      const d = fr.points === "all" ? points : Math.min(points, fr.points);
      points = round(points - d, rubric.precision);
      const claim = `自报${env.meta(fr.reported).label} ${env.text(fr.reported)}，经核查为 ${env.text(fr.verified)}，所报情况不实`;
      reason += d > 0 ? `${claim}，从重扣 ${fmtNum(d)} 分。` : `${claim}（本项已无分可扣）。`;
    }
  }
  if (gap) reason += `${gap}，本项得分暂计。`;
  const result: ItemResult = { ...base, points, reason, ...(verdict.totalDeduction ? { totalDeduction: verdict.totalDeduction } : {}), ...(gap ? { provisional: true as const } : {}) };
  const short = bonus ? false : points !== null && points < item.max;
  if (short) {
    const records: EvidenceRecord[] = [];
    for (const key of reads) records.push(...(env.detail(key)?.records ?? []));
    if (records.length > 0) result.records = records;
  }
  return result;
}
