/** Tiered credit by kind: "有专门机构的得3分，有兼管机构的得2分，否则不得分". */
import type { PatternDef, ScoringOf } from "./pattern.js";
import type { ScoringEnv } from "./types.js";
import { factsOf } from "../rubric/conditions.js";
import { indicatorFacts } from "./unit-facts.js";
import { fmtNum } from "../util/format.js";

type Tiers = ScoringOf<"tiers">;

/** The tier that applies (its index), -1 for `otherwise`, or null when an unknown fact leaves it
 * open: a better tier that cannot be ruled out is never passed over for a lower one. */
function tierOf(s: Tiers, env: ScoringEnv): number | null {
  for (const [i, t] of s.tiers.entries()) {
    const d = env.decide(t.when);
    if (d === null) return null;
    if (d) return i;
  }
  return -1;
}

export const tiersPattern: PatternDef<Tiers> = {
  reads: (s) => indicatorFacts(s.tiers.flatMap((t) => factsOf(t.when))),
  checkReads: true,
  scoresMissing: false,
  decided: (s, env) => tierOf(s, env) !== null,
  bonus: false,
  score(s, { env }) {
    const i = tierOf(s, env)!;
    const facts: string[] = [];
    for (const t of s.tiers) for (const f of factsOf(t.when)) if (!facts.includes(f)) facts.push(f);
    const actual = facts.map((f) => env.fact(f)).join("，");
    if (i < 0)
      return {
        points: s.otherwise,
        reason: `${actual}，${s.otherwiseText ? `属“${s.otherwiseText}”` : "不属于任何得分情形"}，得 ${fmtNum(s.otherwise)} 分。`,
      };
    const t = s.tiers[i]!;
    return { points: t.points, reason: `${actual}，属“${t.text}”，得 ${fmtNum(t.points)} 分。` };
  },
};
