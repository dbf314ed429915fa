/** A reviewer's entry: pending (state manual) until the points are entered in the indicators dataset. */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { fmtNum } from "../util/format.js";

export const manualPattern: PatternDef<ScoringOf<"manual">> = {
  reads: (s) => [s.indicator],
  checkReads: true,
  // not entered yet: pending, not ifNoData
  scoresMissing: true,
  bonus: true,
  score(s, { max, env }) {
    const v = env.value(s.indicator);
    const what = s.guidance ? `（${s.guidance}）` : "";
    if (v === null) return { points: null, state: "manual", reason: `本项需评审人员录入得分${what}，尚未录入，暂不计分。` };
    if (typeof v !== "number" || v < 0 || v > max) {
      return { points: null, state: "error", reason: `评审录入的得分 ${String(v)} 不在 0 至 ${fmtNum(max)} 分之间，本项无法计分。` };
    }
    return { points: v, reason: `评审录入得分 ${fmtNum(v)} 分${what}。` };
  },
  check(s, at) {
    if (!s.indicator.startsWith("indicator."))
      at.error(`${at.who}为评审录入项，其指标须为 indicator.<编号>（自报指标数据集中的评审得分）`, "indicator");
  },
};
