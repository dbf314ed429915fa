/**
 * The ends of incomplete indicators' ranges (indicators/ranges.ts), every combination: where an
 * item's lowest score, or whether a veto could fire, is found when rows were not read.
 */
import type { IndicatorRange, IndicatorValue } from "../indicators/types.js";

/** At most this many incomplete indicators are tried at both ends together (2^n combinations). */
export const MAX_CORNERS = 10;

/**
 * Each combination of the keys' ends, as values to overlay on the unit's (ScoringEnv.overlay);
 * keys without a range are left out. Null when there are more than MAX_CORNERS such keys.
 */
export function cornersOf(keys: Iterable<string>, ranges: Readonly<Record<string, IndicatorRange>>): Map<string, IndicatorValue>[] | null {
  const open = [...new Set(keys)].filter((k) => ranges[k] !== undefined);
  if (open.length > MAX_CORNERS) return null;
  const ends = open.map((k): IndicatorValue[] => {
    const r = ranges[k]!;
    return "either" in r ? [false, true] : [r.lo, r.hi];
  });
  const out: Map<string, IndicatorValue>[] = [];
  if (open.length === 0) return out;
  for (let corner = 0; corner < 1 << open.length; corner++) out.push(new Map(open.map((k, i) => [k, ends[i]![(corner >> i) & 1]!])));
  return out;
}
