/** A value's bounds, each end explicitly inclusive (gte/lte) or exclusive (gt/lt): bands and grades. */
import type { Bound } from "../rubric/schema.js";

const EPS = 1e-9;

export function inBound(v: number, b: Bound): boolean {
  if (b.gte !== undefined && !(v >= b.gte - EPS)) return false;
  if (b.gt !== undefined && !(v > b.gt + EPS)) return false;
  if (b.lte !== undefined && !(v <= b.lte + EPS)) return false;
  if (b.lt !== undefined && !(v < b.lt - EPS)) return false;
  return true;
}

/** "不低于 95%", "不低于 90%且低于 95%". */
export function describeBound(b: Bound, show: (x: number) => string): string {
  const parts: string[] = [];
  if (b.gte !== undefined) parts.push(`不低于 ${show(b.gte)}`);
  if (b.gt !== undefined) parts.push(`高于 ${show(b.gt)}`);
  if (b.lte !== undefined) parts.push(`不高于 ${show(b.lte)}`);
  if (b.lt !== undefined) parts.push(`低于 ${show(b.lt)}`);
  return parts.length ? parts.join("且") : "任意值";
}
