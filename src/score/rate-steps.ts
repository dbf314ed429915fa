/** Rate → points by shortfall steps: "每低 1 个百分点扣 0.5 分". */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { fmtNum, fmtPercent, fmtStep, round } from "../util/format.js";

const EPS = 1e-9;

export const rateStepsPattern: PatternDef<ScoringOf<"rateSteps">> = {
  reads: (s) => [s.indicator],
  checkReads: true,
  scoresMissing: false,
  bonus: false,
  score(s, { max, env }) {
    const v = env.value(s.indicator) as number;
    const head = `${env.meta(s.indicator).label} ${env.text(s.indicator)}`;
    if (s.floorRate !== undefined && v <= s.floorRate + EPS) {
      return { points: 0, reason: `${head}，不高于 ${fmtPercent(s.floorRate)}，不得分。` };
    }
    if (v >= s.target - EPS) return { points: max, reason: `${head}，达到 ${fmtPercent(s.target)}，不扣分。` };
    const exact = (s.target - v) / s.step;
    const steps = s.rounding === "ceil" ? Math.ceil(exact - EPS) : s.rounding === "floor" ? Math.floor(exact + EPS) : exact;
    const raw = round(steps * s.points, env.precision);
    const deduction = Math.min(raw, max);
    const rule = `每低 ${fmtStep(s.step)}扣 ${fmtNum(s.points)} 分${s.rounding === "ceil" ? "（不足 1 档按 1 档计）" : s.rounding === "floor" ? "（不足 1 档不扣）" : ""}`;
    const tail = raw > max ? `扣 ${fmtNum(deduction)} 分（扣完为止）` : `扣 ${fmtNum(deduction)} 分`;
    return { points: max - deduction, reason: `${head}，低于 ${fmtPercent(s.target)}，${rule}，${tail}。` };
  },
  check(s, at) {
    const meta = at.indicator(s.indicator);
    if (meta && meta.format !== "rate") at.warn(`${at.who}按比率扣分，但指标“${s.indicator}”不是比率`);
  },
};
