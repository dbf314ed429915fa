/** All or nothing on a condition: "全部合格的，记4分". */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { factsOf } from "../rubric/conditions.js";
import { indicatorFacts } from "./unit-facts.js";
import { fmtNum } from "../util/format.js";

export const thresholdPattern: PatternDef<ScoringOf<"threshold">> = {
  reads: (s) => indicatorFacts(factsOf(s.when)),
  checkReads: true,
  when: (s) => s.when,
  scoresMissing: false,
  // one present alternative of an `any` decides
  decided: (s, env) => env.decide(s.when) !== null,
  bonus: true,
  score(s, { max, env, holds }) {
    const actual = factsOf(s.when)
      .map((f) => env.fact(f))
      .join("，");
    const want = s.text ?? env.describe(s.when);
    const points = holds ? (s.pass ?? max) : (s.fail ?? 0);
    return { points, reason: `${actual}，${holds ? "符合" : "不符合"}“${want}”的要求，得 ${fmtNum(points)} 分。` };
  },
};
