/**
 * Conditions in json-rules-engine's syntax. Unit conditions (item thresholds, events,
 * applicability, vetoes) are all registered in one json-rules-engine Engine, run once per unit
 * over that unit's indicators. Row filters of custom indicators use the same syntax but are
 * compiled here to a plain predicate, because running the engine per row would be far too slow.
 */
import { Engine } from "json-rules-engine";
import type { Condition, FactCondition } from "./schema.js";
import { parseIsoDay } from "../data/dates.js";
import type { CellValue } from "../data/types.js";

export function isFact(c: Condition): c is FactCondition {
  return (c as FactCondition).fact !== undefined;
}

/** Every fact a condition reads, in order of appearance, without repeats. */
export function factsOf(c: Condition, out: string[] = []): string[] {
  if (isFact(c)) {
    if (!out.includes(c.fact)) out.push(c.fact);
  } else if ("all" in c) c.all.forEach((x) => factsOf(x, out));
  else if ("any" in c) c.any.forEach((x) => factsOf(x, out));
  else factsOf(c.not, out);
  return out;
}

type Op = (a: unknown, b: unknown) => boolean;
const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
/** The same semantics as json-rules-engine's default operators. */
const OPS: Record<FactCondition["operator"], Op> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => Array.isArray(b) && b.includes(a),
  notIn: (a, b) => Array.isArray(b) && !b.includes(a),
  contains: (a, b) => (Array.isArray(a) || typeof a === "string") && (a as unknown[] | string).includes(b as never),
  doesNotContain: (a, b) => (Array.isArray(a) || typeof a === "string") && !(a as unknown[] | string).includes(b as never),
  lessThan: (a, b) => num(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => num(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => num(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => num(a) && (a as number) >= (b as number),
};

/**
 * A unit condition decided on the facts that are known (null = not known: not reported, no
 * data), in three-valued logic: `any` holds when one known alternative holds, whatever the
 * unknown ones; `all` fails when one known part fails; otherwise an unknown fact leaves the
 * condition undecided (null), never passed. On known facts it agrees with json-rules-engine.
 */
export function decide(c: Condition, value: (fact: string) => unknown): boolean | null {
  if (isFact(c)) {
    const v = value(c.fact);
    if (v === null || v === undefined) return null;
    return OPS[c.operator](v, c.value);
  }
  if ("all" in c) {
    let unknown = false;
    for (const x of c.all) {
      const r = decide(x, value);
      if (r === false) return false;
      if (r === null) unknown = true;
    }
    return unknown ? null : true;
  }
  if ("any" in c) {
    let unknown = false;
    for (const x of c.any) {
      const r = decide(x, value);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    return unknown ? null : false;
  }
  const r = decide(c.not, value);
  return r === null ? null : !r;
}

/** Compiles a row filter over column keys. Values compared with a date column may be written
 * as "2024-06-30" and are turned into day numbers once, here. */
export function compileRowPredicate(c: Condition, kinds: ReadonlyMap<string, string>): (row: Record<string, CellValue>) => boolean {
  if (isFact(c)) {
    const op = OPS[c.operator];
    const toDay = (x: unknown) => (typeof x === "string" && /^\d{4}-\d{2}-\d{2}$/.test(x) ? parseIsoDay(x) : x);
    const value = kinds.get(c.fact) === "date" ? (Array.isArray(c.value) ? c.value.map(toDay) : toDay(c.value)) : c.value;
    const key = c.fact;
    return (row) => op(row[key] ?? null, value);
  }
  if ("all" in c) {
    const parts = c.all.map((x) => compileRowPredicate(x, kinds));
    return (row) => parts.every((p) => p(row));
  }
  if ("any" in c) {
    const parts = c.any.map((x) => compileRowPredicate(x, kinds));
    return (row) => parts.some((p) => p(row));
  }
  const inner = compileRowPredicate(c.not, kinds);
  return (row) => !inner(row);
}

/**
 * One json-rules-engine Engine holding every named unit condition of a rubric. `evaluate`
 * runs it once for a unit's facts and says which conditions hold.
 */
export class ConditionSet {
  private readonly engine = new Engine([], { allowUndefinedFacts: true, allowUndefinedConditions: false });
  private readonly names: string[] = [];

  add(name: string, condition: Condition): void {
    this.names.push(name);
    // json-rules-engine wants a top-level all/any/not
    const top = isFact(condition) ? { all: [condition] } : condition;
    this.engine.addRule({ name, conditions: top as never, event: { type: name } });
  }

  get size(): number {
    return this.names.length;
  }

  async evaluate(facts: Record<string, unknown>): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>(this.names.map((n) => [n, false]));
    if (this.names.length === 0) return out;
    const { results } = await this.engine.run(facts);
    for (const r of results) out.set(r.name as string, true);
    return out;
  }
}

const OP_TEXT: Record<FactCondition["operator"], string> = {
  equal: "为",
  notEqual: "不为",
  lessThan: "低于",
  lessThanInclusive: "不高于",
  greaterThan: "高于",
  greaterThanInclusive: "不低于",
  in: "属于",
  notIn: "不属于",
  contains: "包含",
  doesNotContain: "不包含",
};

/** How a condition's parts are worded. */
export interface ConditionWords {
  /** a fact's name: "案卷评查平均分" */
  label(fact: string): string;
  /** a constant compared with the fact, as the fact shows it: "90 分" */
  value(fact: string, v: unknown): string;
  /** a comparison's own wording, when it has one (a boolean's "未成立领导小组") */
  phrase?(c: FactCondition): string | undefined;
}

/** A condition in Chinese, e.g. "案卷评查平均分不低于 90 分且不合格案卷为 0 份". */
export function describeCondition(c: Condition, words: ConditionWords): string {
  if (isFact(c)) {
    const own = words.phrase?.(c);
    if (own !== undefined) return own;
    const v = Array.isArray(c.value) ? c.value.map((x) => words.value(c.fact, x)).join("、") : words.value(c.fact, c.value);
    return `${words.label(c.fact)}${OP_TEXT[c.operator]} ${v}`;
  }
  if ("all" in c) return c.all.map((x) => wrap(x, words)).join("且");
  if ("any" in c) return c.any.map((x) => wrap(x, words)).join("或");
  return `并非（${describeCondition(c.not, words)}）`;
}

function wrap(c: Condition, words: ConditionWords): string {
  const s = describeCondition(c, words);
  return isFact(c) || "not" in c ? s : `（${s}）`;
}
