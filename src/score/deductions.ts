/**
 * Several deductions inside one item, summed and floored at zero: "未成立领导小组的扣0.5分；
 * 未明确分管领导的扣0.5分；专题研究每少一次扣0.5分"（3分）. One sentence names every part.
 */
import type { PatternDef, ScoringOf } from "./pattern.js";
import type { ScoringEnv } from "./types.js";
import { factsOf } from "../rubric/conditions.js";
import { indicatorFacts } from "./unit-facts.js";
import { fmtNum, round } from "../util/format.js";
import { shortfallPart } from "./shortfall.js";

type Rule = ScoringOf<"deductions">["rules"][number];

/** The indicators a deduction rule reads. */
function ruleIndicators(r: Rule): string[] {
  return r.kind === "event" ? factsOf(r.when) : [r.indicator];
}

/** `named`: the facts an earlier part of the sentence already stated, and whether that part deducted.
 * A rule reading the same fact again ("没有年终总结的扣2分；（有总结而）未按时上报的扣1分") does not
 * repeat it, and says nothing when it does not apply because the earlier deduction already covers it. */
function part(r: Rule, max: number, env: ScoringEnv, named: Map<string, boolean>): { amount: number; text: string } {
  switch (r.kind) {
    case "event": {
      const own = factsOf(r.when);
      const fresh = own.filter((f) => !named.has(f));
      const covered = own.some((f) => named.get(f) === true);
      const holds = env.decide(r.when) === true;
      for (const f of own) named.set(f, (named.get(f) ?? false) || holds);
      const facts = fresh.map((f) => env.fact(f)).join("，");
      if (!holds) return { amount: 0, text: covered ? "" : facts };
      const worded = own.every((f) => env.meta(f).yes !== undefined);
      return { amount: r.points, text: worded ? `${facts}，扣 ${fmtNum(r.points)} 分` : `${facts}，属“${r.text}”，扣 ${fmtNum(r.points)} 分` };
    }
    case "perOccurrence": {
      const n = env.value(r.indicator) as number;
      const unit = r.unit ?? env.meta(r.indicator).unit ?? "次";
      const head = env.fact(r.indicator);
      if (n === 0) return { amount: 0, text: head };
      const cap = Math.min(r.cap ?? max, max);
      const raw = round(n * r.points, env.precision);
      const amount = Math.min(raw, cap);
      const limit = raw > cap + 1e-9 ? (cap >= max ? "，扣完为止" : `，累计扣分不超过 ${fmtNum(cap)} 分`) : "";
      return { amount, text: `${head}，每${unit}扣 ${fmtNum(r.points)} 分${limit}，扣 ${fmtNum(amount)} 分` };
    }
    case "shortfall": {
      // the item's sentence says 不扣分 once, at its end
      const p = shortfallPart(r, max, env);
      return p.amount === 0 ? { amount: 0, text: p.text.replace(/，不扣分$/, "") } : p;
    }
  }
}

export const deductionsPattern: PatternDef<ScoringOf<"deductions">> = {
  reads: (s) => indicatorFacts(s.rules.flatMap(ruleIndicators)),
  checkReads: true,
  scoresMissing: false,
  // every rule decided on the known facts: an event rule may be decided by one known alternative; a count must be known
  decided: (s, env) => s.rules.every((r) => (r.kind === "event" ? env.decide(r.when) !== null : env.value(r.indicator) !== null)),
  bonus: false,
  score(s, { max, env }) {
    const named = new Map<string, boolean>();
    const parts = s.rules.map((r) => part(r, max, env, named));
    const sum = round(parts.reduce((a, p) => a + p.amount, 0), env.precision);
    const body = parts.map((p) => p.text).filter((t) => t !== "").join("；");
    if (sum === 0) return { points: max, reason: `${body}；不扣分。` };
    const deducting = parts.filter((p) => p.amount > 0).length;
    if (sum > max + 1e-9) return { points: 0, reason: `${body}；合计扣 ${fmtNum(sum)} 分，超过本项 ${fmtNum(max)} 分，扣完为止。` };
    return { points: max - sum, reason: deducting > 1 ? `${body}；合计扣 ${fmtNum(sum)} 分。` : `${body}。` };
  },
};
