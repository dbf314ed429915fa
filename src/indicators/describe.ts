/** Labels and formats for any indicator key a rubric can use, and which ones a rubric has. */
import type { Rubric } from "../rubric/schema.js";
import { STANDARD_INDICATORS, STANDARD_BY_KEY, type IndicatorMeta } from "./catalog.js";

/** Every indicator available under this rubric, in results order: the standard ones its
 * datasets allow, then milestones, self-reported values, activities and the rubric's own. */
export function availableIndicators(rubric: Rubric): IndicatorMeta[] {
  const ds = new Set(rubric.datasets);
  const out: IndicatorMeta[] = STANDARD_INDICATORS.filter((m) => m.needs.every((d) => ds.has(d)));
  for (const t of rubric.tasks)
    out.push({ key: `milestone.${t.id}`, label: `“${t.title}”逾期天数`, format: "days", needs: ["milestones"] });
  for (const r of rubric.reported)
    out.push({
      key: `indicator.${r.id}`,
      label: r.label,
      format: r.format ?? (r.type === "boolean" ? "boolean" : r.type === "date" ? "date" : "number"),
      needs: ["indicators"],
      ...(r.unit ? { unit: r.unit } : {}),
      ...(r.yes ? { yes: r.yes } : {}),
      ...(r.no ? { no: r.no } : {}),
    });
  for (const a of rubric.activityTypes)
    out.push({ key: `activity.${a.id}`, label: a.label, format: "count", unit: a.unit ?? "次", needs: ["activities"] });
  for (const c of rubric.indicators) {
    const needs = c.dataset === "training" ? (["officers", "training"] as const) : ([c.dataset] as const);
    out.push({ key: c.id, label: c.label, format: c.format, needs: [...needs], ...(c.unit ? { unit: c.unit } : {}) });
  }
  return out;
}

/** Meta for one key, or undefined when the rubric cannot produce it. */
export function indicatorMeta(rubric: Rubric, key: string): IndicatorMeta | undefined {
  return STANDARD_BY_KEY.get(key) ?? availableIndicators(rubric).find((m) => m.key === key);
}
