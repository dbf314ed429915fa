/**
 * Discretionary deduction within a range ("酌情扣分", "扣0.2—1分", "扣减相应分数"): a reviewer
 * enters the deduction (数值) and its reason (佐证材料) in the indicators dataset. Pending until
 * entered; a deduction outside the range, or without a reason, is an error (never clamped).
 */
import type { Scoring } from "../rubric/schema.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { fmtNum } from "../util/format.js";

type Discretionary = Extract<Scoring, { type: "discretionary" }>;

export function scoreDiscretionary(s: Discretionary, max: number, env: ScoringEnv): Verdict {
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
}
