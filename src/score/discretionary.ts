/**
 * Discretionary deduction within a range ("酌情扣分", "扣0.2—1分", "扣减相应分数"): a reviewer
 * enters the deduction (数值) and its reason (佐证材料) in the indicators dataset. Pending until
 * entered; a deduction outside the range, or without a reason, is an error (never clamped).
 */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { fmtNum } from "../util/format.js";

export const discretionaryPattern: PatternDef<ScoringOf<"discretionary">> = {
  reads: (s) => [s.indicator],
  checkReads: true,
  // not entered yet: pending, not ifNoData
  scoresMissing: true,
  bonus: false,
  score(s, { max, env }) {
    const hi = s.max ?? max;
    const range = s.min > 0 ? `${fmtNum(s.min)} 至 ${fmtNum(hi)} 分内` : `${fmtNum(hi)} 分以内`;
    const what = s.guidance ? `（${s.guidance}）` : "";
    const v = env.value(s.indicator);
    if (v === null) return { points: null, state: "manual", reason: `本项由评审人员在 ${range}酌情扣分${what}，尚未录入，暂不计分。` };
    if (typeof v !== "number") return { points: null, state: "error", reason: `评审录入的扣分“${String(v)}”不是数值，本项无法计分。` };
    const note = env.detail(s.indicator)?.note?.trim();
    if (v === 0) return { points: max, reason: `评审认定不扣分${note ? `：${note}` : ""}。` };
    if (v < s.min - 1e-9 || v > hi + 1e-9)
      return { points: null, state: "error", reason: `评审录入扣 ${fmtNum(v)} 分，不在细则规定的 ${range}（不扣分请录入 0），本项无法计分。` };
    if (!note) return { points: null, state: "error", reason: `评审录入扣 ${fmtNum(v)} 分，但未在「佐证材料」中写明扣分理由，本项无法计分。` };
    return { points: max - v, reason: `评审酌情扣 ${fmtNum(v)} 分（细则规定 ${range}）：${note}。` };
  },
  check(s, { rubric, item, who, error }) {
    const reported = s.indicator.startsWith("indicator.") ? rubric.reported.find((r) => `indicator.${r.id}` === s.indicator) : undefined;
    if (!s.indicator.startsWith("indicator.")) error(`${who}为酌情扣分项，其指标须为 indicator.<编号>（评审在自报指标数据集中录入的扣分）`, "indicator");
    else if (reported && reported.type !== "number") error(`${who}为酌情扣分项，自报指标“${reported.id}”须为数值（number）`, "indicator");
    if (s.max !== undefined && s.max > item.max) error(`${who}酌情扣分上限 ${s.max} 分超过本项满分 ${item.max} 分`, "max");
    if (s.min > (s.max ?? item.max)) error(`${who}酌情扣分下限 ${s.min} 分高于上限 ${s.max ?? item.max} 分`, "min");
  },
};
