/** Bands: "≥95% 得满分；90%–95% 得2分；<90% 不得分". The first band that holds wins. */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { describeBound, inBound } from "./bound.js";
import { fmtNum, fmtConstant } from "../util/format.js";

export const bandsPattern: PatternDef<ScoringOf<"bands">> = {
  reads: (s) => [s.indicator],
  checkReads: true,
  scoresMissing: false,
  bonus: false,
  score(s, { max, env }) {
    const v = env.value(s.indicator) as number;
    const meta = env.meta(s.indicator);
    const show = (x: number) => fmtConstant(meta, x);
    const head = `${meta.label} ${env.text(s.indicator)}`;
    const band = s.bands.find((b) => inBound(v, b.value));
    if (!band)
      return { points: Math.min(s.otherwise, max), reason: `${head}，不在任何得分档内，得 ${fmtNum(Math.min(s.otherwise, max))} 分。` };
    const points = Math.min(band.points, max);
    return { points, reason: `${head}，属“${describeBound(band.value, show)}”一档，得 ${fmtNum(points)} 分。` };
  },
};
