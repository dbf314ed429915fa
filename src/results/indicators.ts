/**
 * results.json's `indicators`: how each metric key of the file reads — its Chinese label, its
 * format and unit — so that the report, compare and any other reader of results.json take the
 * names from the file itself rather than keeping their own copies.
 */
import type { IndicatorMeta } from "../indicators/catalog.js";
import { STANDARD_BY_KEY } from "../indicators/catalog.js";
import type { IndicatorDescription, Results, UnitResult } from "./types.js";

/** The table for the metric keys the units have, in `available`'s order (the results order). */
export function indicatorTable(
  available: readonly IndicatorMeta[],
  units: readonly Pick<UnitResult, "metrics">[],
): Record<string, IndicatorDescription> {
  const used = new Set(units.flatMap((u) => Object.keys(u.metrics)));
  const table: Record<string, IndicatorDescription> = {};
  for (const m of available) if (used.has(m.key)) table[m.key] = describe(m);
  for (const key of used) table[key] ??= fallback(key);
  return table;
}

function describe(m: IndicatorMeta): IndicatorDescription {
  return {
    label: m.label,
    format: m.format,
    ...(m.unit ? { unit: m.unit } : {}),
    ...(m.yes ? { yes: m.yes } : {}),
    ...(m.no ? { no: m.no } : {}),
  };
}

/**
 * How `key` reads in `results`: its entry in the file's table; for a results.json written
 * before the table existed, the standard catalogue's entry, else a label made from the key.
 */
export function indicatorOf(results: Pick<Results, "indicators">, key: string): IndicatorDescription {
  return results.indicators?.[key] ?? fallback(key);
}

function fallback(key: string): IndicatorDescription {
  const m = STANDARD_BY_KEY.get(key);
  if (m) return describe(m);
  if (key.startsWith("milestone.")) return { label: `任务${key.slice(10)}逾期天数`, format: "days" };
  return { label: key.replace(/^(indicator|custom)\./, ""), format: "number" };
}
