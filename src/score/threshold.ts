/** All or nothing on a condition: "全部合格的，记4分". */
import type { Scoring } from "../rubric/schema.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { factsOf } from "../rubric/conditions.js";
import { fmtNum } from "../util/format.js";

type Threshold = Extract<Scoring, { type: "threshold" }>;

/** `ok`: whether the condition holds (decided on the known facts: one present alternative of an `any` decides). */
export function scoreThreshold(s: Threshold, max: number, env: ScoringEnv, ok: boolean): Verdict {
  const actual = factsOf(s.when)
    .map((f) => env.fact(f))
    .join("，");
  const want = s.text ?? env.describe(s.when);
  const points = ok ? (s.pass ?? max) : (s.fail ?? 0);
  return { points, reason: `${actual}，${ok ? "符合" : "不符合"}“${want}”的要求，得 ${fmtNum(points)} 分。` };
}
