/** Per occurrence, capped: "每件扣 1 分，累计扣分不超过 3 分"; in a bonus area, "每项加 2 分，加分不超过 5 分". */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { fmtNum, round } from "../util/format.js";

export const perOccurrencePattern: PatternDef<ScoringOf<"perOccurrence">> = {
  reads: (s) => [s.indicator],
  checkReads: true,
  scoresMissing: false,
  bonus: true,
  score(s, { max, env, bonus }) {
    const n = env.value(s.indicator) as number;
    const meta = env.meta(s.indicator);
    const unit = s.unit ?? meta.unit ?? "次";
    const cap = Math.min(s.cap ?? max, max);
    const raw = round(n * s.points, env.precision);
    const amount = Math.min(raw, cap);
    const head = `${meta.label} ${fmtNum(n)} ${unit}`;
    const capText = s.cap !== undefined && s.cap < max ? `，${bonus ? "加分" : "累计扣分"}不超过 ${fmtNum(cap)} 分` : "";
    if (bonus) {
      if (n === 0) return { points: 0, reason: `${head}，不加分。` };
      return { points: amount, reason: `${head}，每${unit}加 ${fmtNum(s.points)} 分${capText}，加 ${fmtNum(amount)} 分。` };
    }
    if (n === 0) return { points: max, reason: `${head}，不扣分。` };
    // a cap equal to (or above) the item's max is the item running out: 扣完为止
    const tail = raw > cap && cap >= max ? "（扣完为止）" : "";
    return { points: max - amount, reason: `${head}，每${unit}扣 ${fmtNum(s.points)} 分${capText}，扣 ${fmtNum(amount)} 分${tail}。` };
  },
  check(s, at) {
    if (at.indicator(s.indicator)?.format === "rate") at.warn(`${at.who}按次数计分，但指标“${s.indicator}”是比率`);
  },
};
