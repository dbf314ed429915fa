/**
 * Several deductions inside one item, summed and floored at zero: "未成立领导小组的扣0.5分；
 * 未明确分管领导的扣0.5分；专题研究每少一次扣0.5分"（3分）. One sentence names every part.
 * A `discretionary` rule is a reviewer's deduction among them ("…不得分或酌情扣分；规范性文件
 * 未按要求报送备案的，每件扣1分"), read and checked as the `discretionary` pattern reads its
 * entry (reviewer-entry.ts): not entered → the item is pending; a bad entry → an error.
 */
import type { PatternDef, ScoringOf } from "./pattern.js";
import type { ScoringEnv } from "./types.js";
import { factsOf } from "../rubric/conditions.js";
import { indicatorFacts } from "./unit-facts.js";
import { fmtNum, round } from "../util/format.js";
import { shortfallPart } from "./shortfall.js";
import { checkEntry, rangeText, readEntry } from "./reviewer-entry.js";

type Deductions = ScoringOf<"deductions">;
type Rule = Deductions["rules"][number];
type Discretionary = Extract<Rule, { kind: "discretionary" }>;

/** The indicators a deduction rule reads. */
function ruleIndicators(r: Rule): string[] {
  if (r.kind === "event") return factsOf(r.when);
  if (r.kind === "discretionary") return [...(r.when ? factsOf(r.when) : []), r.indicator];
  return [r.indicator];
}

/** Whether a discretionary rule applies: true without a `when`; null while an unknown fact leaves it open. */
function applies(r: Discretionary, env: ScoringEnv): boolean | null {
  return r.when ? env.decide(r.when) : true;
}

/** A reviewer's entry the rule needs and has not got: the rule applies, or may. */
function pending(r: Rule, max: number, env: ScoringEnv): boolean {
  return r.kind === "discretionary" && applies(r, env) !== false && readEntry(r, max, env).state === "pending";
}

/** Why a reviewer's entry cannot be used, or null: not a number, outside the range, no reason, or a
 * deduction entered for a case the facts rule out. */
function entryError(r: Discretionary, max: number, env: ScoringEnv): string | null {
  const e = readEntry(r, max, env);
  if (e.state === "error") return `“${r.text}”${e.reason}`;
  if (e.state === "entered" && e.amount > 0 && applies(r, env) === false)
    return `评审就“${r.text}”录入扣 ${fmtNum(e.amount)} 分，但${factsOf(r.when!)
      .map((f) => env.fact(f))
      .join("，")}，不属此情形`;
  return null;
}

/** Whether the known facts decide a rule (a discretionary rule's entry aside). */
function ruleDecided(r: Rule, env: ScoringEnv): boolean {
  if (r.kind === "event") return env.decide(r.when) !== null;
  if (r.kind === "discretionary") return applies(r, env) !== null;
  return env.value(r.indicator) !== null;
}

/** The facts of a condition the sentence has not named yet, registered as named (deducting or not). */
function fresh(facts: string[], holds: boolean, named: Map<string, boolean>): { fresh: string[]; covered: boolean } {
  const out = facts.filter((f) => !named.has(f));
  const covered = facts.some((f) => named.get(f) === true);
  for (const f of facts) named.set(f, (named.get(f) ?? false) || holds);
  return { fresh: out, covered };
}

/** The reviewer's part ("评审认定属“…”，酌情扣 2 分（细则规定 6 分以内）：…"); `entry` null: not entered yet. */
function discretionaryPart(r: Discretionary, max: number, env: ScoringEnv, named: Map<string, boolean>): { amount: number; text: string } {
  const holds = applies(r, env);
  const own = r.when ? factsOf(r.when) : [];
  const f = fresh(own, false, named);
  const facts = f.fresh.map((k) => env.fact(k)).join("，");
  if (holds === false) return { amount: 0, text: f.covered ? "" : facts };
  const pre = facts ? `${facts}，` : "";
  const range = rangeText(r, max);
  const e = readEntry(r, max, env);
  if (e.state !== "entered") return { amount: 0, text: `${pre}“${r.text}”由评审人员在 ${range}酌情扣分，尚未录入` };
  const note = e.note?.replace(/[。；;.\s]+$/, "");
  if (e.amount === 0)
    return {
      amount: 0,
      text: r.when ? `${pre}评审认定无需就“${r.text}”扣分${note ? `：${note}` : ""}` : `评审认定不属“${r.text}”${note ? `：${note}` : ""}`,
    };
  for (const k of own) named.set(k, true);
  return { amount: e.amount, text: `${pre}评审认定属“${r.text}”，酌情扣 ${fmtNum(e.amount)} 分（细则规定 ${range}）：${note}` };
}

/** `named`: the facts an earlier part of the sentence already stated, and whether that part deducted.
 * A rule reading the same fact again ("没有年终总结的扣2分；（有总结而）未按时上报的扣1分") does not
 * repeat it, and says nothing when it does not apply because the earlier deduction already covers it. */
function part(r: Rule, max: number, env: ScoringEnv, named: Map<string, boolean>): { amount: number; text: string } {
  switch (r.kind) {
    case "event": {
      const own = factsOf(r.when);
      const holds = env.decide(r.when) === true;
      const f = fresh(own, holds, named);
      const facts = f.fresh.map((k) => env.fact(k)).join("，");
      if (!holds) return { amount: 0, text: f.covered ? "" : facts };
      // facts in their own words say the case; facts an earlier part stated (或者: one of two) need the clause's words
      const worded = facts !== "" && own.every((k) => env.meta(k).yes !== undefined);
      return {
        amount: r.points,
        text: worded ? `${facts}，扣 ${fmtNum(r.points)} 分` : `${facts ? `${facts}，` : ""}属“${r.text}”，扣 ${fmtNum(r.points)} 分`,
      };
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
    case "discretionary":
      return discretionaryPart(r, max, env, named);
  }
}

export const deductionsPattern: PatternDef<Deductions> = {
  reads: (s) => indicatorFacts(s.rules.flatMap(ruleIndicators)),
  checkReads: true,
  scoresMissing: false,
  // every rule decided on the known facts: an event rule may be decided by one known alternative; a
  // count must be known. A reviewer's entry that is awaited or unusable decides the item by itself
  // (pending or error), never the item's ifNoData.
  decided: (s, env, max) =>
    s.rules.some((r) => r.kind === "discretionary" && (pending(r, max, env) || entryError(r, max, env) !== null)) ||
    s.rules.every((r) => ruleDecided(r, env)),
  bonus: false,
  score(s, { max, env }) {
    const errors = s.rules
      .flatMap((r) => (r.kind === "discretionary" ? [entryError(r, max, env)] : []))
      .filter((e): e is string => e !== null);
    if (errors.length > 0) return { points: null, state: "error", reason: `${errors.join("；")}，本项无法计分。` };
    const named = new Map<string, boolean>();
    if (s.rules.some((r) => pending(r, max, env))) {
      // what is known, when every other rule is decided; the awaited entry in its place
      const known = s.rules.every((r) => pending(r, max, env) || ruleDecided(r, env));
      const parts = s.rules.filter((r) => known || pending(r, max, env)).map((r) => part(r, max, env, named).text);
      return { points: null, state: "manual", reason: `${parts.filter((t) => t !== "").join("；")}；本项暂不计分。` };
    }
    const parts = s.rules.map((r) => part(r, max, env, named));
    const sum = round(
      parts.reduce((a, p) => a + p.amount, 0),
      env.precision,
    );
    const body = parts
      .map((p) => p.text)
      .filter((t) => t !== "")
      .join("；");
    if (sum === 0) return { points: max, reason: `${body}；不扣分。` };
    const deducting = parts.filter((p) => p.amount > 0).length;
    if (sum > max + 1e-9) return { points: 0, reason: `${body}；合计扣 ${fmtNum(sum)} 分，超过本项 ${fmtNum(max)} 分，扣完为止。` };
    return { points: max - sum, reason: deducting > 1 ? `${body}；合计扣 ${fmtNum(sum)} 分。` : `${body}。` };
  },
  check(s, at) {
    s.rules.forEach((r, i) => {
      if (r.kind === "discretionary") checkEntry(r, at, i);
    });
  },
};
