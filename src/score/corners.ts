/**
 * The values incomplete indicators could take (indicators/ranges.ts), every combination: where an
 * item's lowest score, or whether a veto could fire, is found when rows were not read. Each range
 * is tried at its ends and, inside it, at and beside every number the item or veto compares that
 * indicator with: a score that is worst in the middle of a range ("不足 3 件或 10 件以上得满分")
 * is lowest inside it, and both ends of a range across that middle score well.
 */
import type { IndicatorRange, IndicatorValue } from "../indicators/types.js";
import type { IndicatorFormat } from "../indicators/catalog.js";

/** At most this many combinations are tried (ten indicators at both ends). */
const MAX_COMBINATIONS = 1024;

/** Beside a number compared with a value that is not whole: far enough past the comparisons' 1e-9 tolerance. */
const BESIDE = 1e-6;

/** Formats whose values are whole numbers (a count, days, a day number): tried one either side of a number. */
const WHOLE: ReadonlySet<IndicatorFormat> = new Set(["count", "days", "date"]);

export type Constants = ReadonlyMap<string, readonly number[]>;

const constantsCache = new WeakMap<object, Constants>();

/**
 * The numbers a definition (an item's scoring and applicability, a veto's condition) holds for
 * each indicator it names: every number inside an object whose `fact` or `indicator` is that
 * indicator (a condition's value, a band's bounds, a target). Numbers no indicator owns (points,
 * the maximum) are left out. Computed once per definition.
 */
export function constantsOf(def: object): Constants {
  const cached = constantsCache.get(def);
  if (cached) return cached;
  const out = new Map<string, number[]>();
  const walk = (node: unknown, owner: string | undefined): void => {
    if (typeof node === "number") {
      if (owner !== undefined && Number.isFinite(node)) {
        const list = out.get(owner) ?? [];
        if (!list.includes(node)) list.push(node);
        out.set(owner, list);
      }
    } else if (Array.isArray(node)) {
      for (const x of node) walk(x, owner);
    } else if (typeof node === "object" && node !== null) {
      const o = node as Record<string, unknown>;
      const own = typeof o.fact === "string" ? o.fact : typeof o.indicator === "string" ? o.indicator : owner;
      for (const v of Object.values(o)) walk(v, own);
    }
  };
  walk(def, undefined);
  constantsCache.set(def, out);
  return out;
}

/** The values tried for one range: its ends, then each number inside it and the values beside it. */
function candidates(r: IndicatorRange, constants: readonly number[] | undefined, whole: boolean): IndicatorValue[] {
  if ("either" in r) return [false, true];
  const out: number[] = [r.lo, r.hi];
  for (const c of constants ?? []) {
    const near = whole ? [Math.floor(c) - 1, Math.floor(c), Math.ceil(c), Math.ceil(c) + 1] : [c - BESIDE, c, c + BESIDE];
    for (const x of near) if (x > r.lo && x < r.hi && !out.includes(x)) out.push(x);
  }
  return out;
}

/**
 * Calls `visit` with each combination of the keys' values (their ranges' ends and the values
 * beside the numbers in `constants`), set into one map of values to overlay on the unit's
 * (ScoringEnv.overlay: make the overlay once, on that map); keys without a range are left out,
 * and so is the combination that is the values read (`read`). False when there are more than
 * MAX_COMBINATIONS combinations (nothing visited).
 */
export function eachCorner(
  keys: Iterable<string>,
  ranges: Readonly<Record<string, IndicatorRange>>,
  read: (key: string) => IndicatorValue,
  near: { constants: Constants; format: (key: string) => IndicatorFormat },
  into: Map<string, IndicatorValue>,
  visit: () => void,
): boolean {
  const open = [...new Set(keys)].filter((k) => ranges[k] !== undefined);
  const values = open.map((k) => candidates(ranges[k]!, near.constants.get(k), WHOLE.has(near.format(k))));
  let combinations = open.length === 0 ? 0 : 1;
  for (const v of values) {
    combinations *= v.length;
    if (combinations > MAX_COMBINATIONS) return false;
  }
  const at = new Array<number>(open.length).fill(0);
  for (let n = 0; n < combinations; n++) {
    // the n-th combination: one digit per key, in its own base
    let rest = n;
    for (let i = 0; i < open.length; i++) {
      at[i] = rest % values[i]!.length;
      rest = Math.floor(rest / values[i]!.length);
    }
    let asRead = true;
    into.clear();
    for (let i = 0; i < open.length; i++) {
      const v = values[i]![at[i]!]!;
      if (v !== read(open[i]!)) asRead = false;
      into.set(open[i]!, v);
    }
    if (!asRead) visit();
  }
  return true;
}
