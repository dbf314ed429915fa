/** A fixed deduction on an event: "应报送而不报的，扣4分"; "扣100分" (fromTotal) reaches past the item into the total. */
import type { PatternDef, ScoringOf } from "./pattern.js";
import { factsOf } from "../rubric/conditions.js";
import { indicatorFacts } from "./unit-facts.js";
import { fmtNum } from "../util/format.js";

export const eventPattern: PatternDef<ScoringOf<"event">> = {
  reads: (s) => indicatorFacts(factsOf(s.when)),
  checkReads: true,
  when: (s) => s.when,
  scoresMissing: false,
  decided: (s, env) => env.decide(s.when) !== null,
  bonus: false,
  /** `holds`: the event happened */
  score(s, { max, env, holds }) {
    const what = s.text ?? env.describe(s.when);
    const actual = factsOf(s.when)
      .map((f) => env.fact(f))
      .join("，");
    // facts with their own wording ("未按要求聘用法律顾问") say the case themselves
    const worded = factsOf(s.when).every((f) => env.meta(f).yes !== undefined);
    if (!holds) return { points: max, reason: worded ? `${actual}，不扣分。` : `${actual}，未出现“${what}”的情形，不扣分。` };
    const head = worded ? actual : `${actual}，出现“${what}”的情形`;
    const deduction = Math.min(s.points, max);
    if (s.fromTotal && s.points > max)
      return {
        points: 0,
        totalDeduction: s.points - max,
        reason: `${head}，扣 ${fmtNum(s.points)} 分（本项 ${fmtNum(max)} 分扣完，其余 ${fmtNum(s.points - max)} 分从总分中扣除，总分最低为 0）。`,
      };
    const tail = s.points > max ? "（扣完为止）" : "";
    return { points: max - deduction, reason: `${head}，扣 ${fmtNum(deduction)} 分${tail}。` };
  },
  check(s, at) {
    if (s.fromTotal && s.points <= at.item.max)
      at.warn(`${at.who}的扣分 ${s.points} 分不超过本项满分 ${at.item.max} 分，fromTotal 不起作用`, "fromTotal");
  },
};
