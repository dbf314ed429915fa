/**
 * Self-reported vs verified: where a unit reports a figure in `indicators` that its records
 * also yield (an item's `falseReporting` pair), and the two differ beyond the pair's tolerance
 * in either direction, the unit's result lists the discrepancy with both values. Whether it
 * costs points is the item's business (score/item.ts applies the rubric's direction); this
 * list shows every difference, so a 司法局 sees understated figures too.
 */
import type { Rubric } from "../rubric/schema.js";
import type { UnitIndicators } from "../indicators/types.js";
import { indicatorMeta } from "../indicators/describe.js";
import type { IndicatorMeta } from "../indicators/catalog.js";
import { fmtValue } from "../util/format.js";

export interface Discrepancy {
  /** the self-reported indicator, e.g. indicator.certification_rate_reported */
  reported: string;
  /** the indicator the records yield, e.g. certification.rate */
  verified: string;
  reportedValue: number;
  verifiedValue: number;
  /** the rubric items whose false-reporting check reads this pair */
  items: string[];
  /** "自报执法人员持证率 100%，经核查为 75.8%（25/33），相差 24.2 个百分点。" */
  text: string;
}

/** The unit's discrepancies, one per distinct (reported, verified) pair, in rubric order. */
export function unitDiscrepancies(rubric: Rubric, ind: UnitIndicators): Discrepancy[] {
  const pairs = new Map<string, { reported: string; verified: string; tolerance: number; items: string[] }>();
  for (const area of rubric.areas)
    for (const item of area.items) {
      const fr = item.falseReporting;
      if (!fr) continue;
      const key = `${fr.reported}\u0000${fr.verified}`;
      const p = pairs.get(key);
      if (p) {
        p.items.push(item.id);
        p.tolerance = Math.min(p.tolerance, fr.tolerance);
      } else pairs.set(key, { reported: fr.reported, verified: fr.verified, tolerance: fr.tolerance, items: [item.id] });
    }
  const out: Discrepancy[] = [];
  for (const p of pairs.values()) {
    const r = ind.values[p.reported];
    const v = ind.values[p.verified];
    if (typeof r !== "number" || typeof v !== "number" || ind.errors[p.reported] || ind.errors[p.verified]) continue;
    if (Math.abs(r - v) <= p.tolerance + 1e-9) continue;
    const vm: Pick<IndicatorMeta, "label" | "format" | "unit"> = indicatorMeta(rubric, p.verified) ?? {
      label: p.verified,
      format: "number",
    };
    const rm: Pick<IndicatorMeta, "label" | "format" | "unit"> = indicatorMeta(rubric, p.reported) ?? {
      label: p.reported,
      format: "number",
    };
    // the reported figure is read in the verified indicator's terms (a rate against a rate)
    const shown = { format: rm.format === "number" ? vm.format : rm.format, ...(vm.unit ? { unit: vm.unit } : {}) };
    const diff = vm.format === "rate" ? `${fmtPoints(Math.abs(r - v) * 100)} 个百分点` : fmtValue(shown, Math.abs(r - v));
    const side = r > v ? "高于" : "低于";
    out.push({
      reported: p.reported,
      verified: p.verified,
      reportedValue: r,
      verifiedValue: v,
      items: p.items,
      text: `自报${vm.label} ${fmtValue(shown, r)}，经核查为 ${fmtValue(vm, v, ind.details[p.verified])}，自报${side}核查 ${diff}。`,
    });
  }
  return out;
}

function fmtPoints(x: number): string {
  return String(Math.round(x * 10 + 1e-7) / 10);
}
