/**
 * The ends of incomplete indicators' ranges (indicators/ranges.ts), every combination: where an
 * item's lowest score, or whether a veto could fire, is found when rows were not read.
 */
import type { IndicatorRange, IndicatorValue } from "../indicators/types.js";

/** At most this many incomplete indicators are tried at both ends together (2^n combinations). */
const MAX_CORNERS = 10;

/**
 * Calls `visit` with each combination of the keys' ends, set into one map of values to overlay
 * on the unit's (ScoringEnv.overlay: make the overlay once, on that map); keys without a range
 * are left out, and so is the combination that is the values read (`read`). False when there
 * are more than MAX_CORNERS such keys (nothing visited).
 */
export function eachCorner(
  keys: Iterable<string>,
  ranges: Readonly<Record<string, IndicatorRange>>,
  read: (key: string) => IndicatorValue,
  into: Map<string, IndicatorValue>,
  visit: () => void,
): boolean {
  const open = [...new Set(keys)].filter((k) => ranges[k] !== undefined);
  if (open.length > MAX_CORNERS) return false;
  const ends = open.map((k): IndicatorValue[] => {
    const r = ranges[k]!;
    return "either" in r ? [false, true] : [r.lo, r.hi];
  });
  for (let corner = 0; corner < (open.length === 0 ? 0 : 1 << open.length); corner++) {
    let asRead = true;
    into.clear();
    for (let i = 0; i < open.length; i++) {
      const v = ends[i]![(corner >> i) & 1]!;
      if (v !== read(open[i]!)) asRead = false;
      into.set(open[i]!, v);
    }
    if (!asRead) visit();
  }
  return true;
}
