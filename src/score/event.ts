/** A fixed deduction on an event: "应报送而不报的，扣4分". */
import type { Scoring } from "../rubric/schema.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { factsOf } from "../rubric/conditions.js";
import { fmtNum } from "../util/format.js";

type EventScoring = Extract<Scoring, { type: "event" }>;

export function scoreEvent(s: EventScoring, max: number, env: ScoringEnv, name: string): Verdict {
  const what = s.text ?? env.describe(s.when);
  const actual = factsOf(s.when)
    .map((f) => `${env.meta(f).label} ${env.text(f)}`)
    .join("，");
  if (!env.condition(name)) return { points: max, reason: `${actual}，未出现“${what}”的情形，不扣分。` };
  const d = Math.min(s.points, max);
  return { points: max - d, reason: `${actual}，出现“${what}”的情形，扣 ${fmtNum(d)} 分。` };
}
