/** Shortfall below a count target, capped: "每年专题学法不少于6次…每少一次扣0.3分，累计扣分不超过1.2分". */
import type { PatternDef, ScoringOf } from "./pattern.js";
import type { ScoringEnv } from "./types.js";
import { fmtNum, round } from "../util/format.js";

type ShortfallRule = Omit<ScoringOf<"shortfall">, "type">;

/** The deduction and its clause ("专题学法 4 次，少于 6 次，少 2 次，扣 0.6 分"), without the full stop;
 * also one part of a `deductions` item. The limit is named when it bites: 累计扣分不超过 x 分, or
 * 扣完为止 when it is the item's max. */
export function shortfallPart(s: ShortfallRule, max: number, env: ScoringEnv): { amount: number; text: string } {
  const n = env.value(s.indicator) as number;
  const unit = s.unit ?? env.meta(s.indicator).unit ?? "次";
  const head = env.fact(s.indicator);
  const target = `${fmtNum(s.target)} ${unit}`;
  if (n >= s.target) return { amount: 0, text: `${head}，不少于 ${target}，不扣分` };
  const short = round(s.target - n, 4);
  const cap = Math.min(s.cap ?? max, max);
  const raw = round(short * s.points, env.precision);
  const amount = Math.min(raw, cap);
  const bites = raw > cap + 1e-9;
  const limit = !bites ? "" : cap >= max ? "，扣完为止" : `，每少 1 ${unit}扣 ${fmtNum(s.points)} 分，累计扣分不超过 ${fmtNum(cap)} 分`;
  return { amount, text: `${head}，少于 ${target}，少 ${fmtNum(short)} ${unit}${limit}，扣 ${fmtNum(amount)} 分` };
}

export const shortfallPattern: PatternDef<ScoringOf<"shortfall">> = {
  reads: (s) => [s.indicator],
  checkReads: true,
  scoresMissing: false,
  bonus: false,
  score(s, { max, env }) {
    const { amount, text } = shortfallPart(s, max, env);
    return { points: max - amount, reason: `${text}。` };
  },
  check(s, at) {
    if (at.indicator(s.indicator)?.format === "rate") at.warn(`${at.who}按少于目标次数扣分，但指标“${s.indicator}”是比率`);
  },
};
