/** A reviewer's entry: pending (state manual) until the points are entered in the indicators dataset. */
import type { Scoring } from "../rubric/schema.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { fmtNum } from "../util/format.js";

type Manual = Extract<Scoring, { type: "manual" }>;

export function scoreManual(s: Manual, max: number, env: ScoringEnv): Verdict {
  const v = env.value(s.indicator);
  const what = s.guidance ? `（${s.guidance}）` : "";
  if (v === null) return { points: null, state: "manual", reason: `本项需评审人员录入得分${what}，尚未录入，暂不计分。` };
  if (typeof v !== "number" || v < 0 || v > max) {
    return { points: null, state: "error", reason: `评审录入的得分 ${String(v)} 不在 0 至 ${fmtNum(max)} 分之间，本项无法计分。` };
  }
  return { points: v, reason: `评审录入得分 ${fmtNum(v)} 分${what}。` };
}
