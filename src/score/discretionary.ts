/**
 * Discretionary deduction within a range ("酌情扣分", "扣0.2—1分", "扣减相应分数"): a reviewer
 * enters the deduction (数值) and its reason (佐证材料) in the indicators dataset. Pending until
 * entered; a deduction outside the range, or without a reason, is an error (never clamped).
 * The entry is read and checked in reviewer-entry.ts, shared with a `deductions` item's
 * `discretionary` rule.
 */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { fmtNum } from "../util/format.js";
import { checkEntry, rangeText, readEntry } from "./reviewer-entry.js";

export const discretionaryPattern: PatternDef<ScoringOf<"discretionary">> = {
  reads: (s) => [s.indicator],
  checkReads: true,
  // not entered yet: pending, not ifNoData
  scoresMissing: true,
  bonus: false,
  score(s, { max, env }) {
    const range = rangeText(s, max);
    const what = s.guidance ? `（${s.guidance}）` : "";
    const e = readEntry(s, max, env);
    if (e.state === "pending")
      return { points: null, state: "manual", reason: `本项由评审人员在 ${range}酌情扣分${what}，尚未录入，暂不计分。` };
    if (e.state === "error") return { points: null, state: "error", reason: `${e.reason}，本项无法计分。` };
    if (e.amount === 0) return { points: max, reason: `评审认定不扣分${e.note ? `：${e.note}` : ""}。` };
    return { points: max - e.amount, reason: `评审酌情扣 ${fmtNum(e.amount)} 分（细则规定 ${range}）：${e.note}。` };
  },
  check(s, at) {
    checkEntry(s, at);
  },
};
