/**
 * indicator.<id>: the value a unit reported in the indicators dataset. When the unit reported
 * nothing, what the rubric declares for it (`ifNotReported`): 0, false (未开展) or missing (null).
 * The reported row's 佐证材料 is kept with the value (a reviewer's reason for a discretionary
 * deduction is read from there).
 */
import type { IndicatorContext } from "./context.js";
import type { IndicatorSink } from "./aggregate.js";

export function computeReported(ctx: IndicatorContext, sink: IndicatorSink): void {
  const values = new Map<string, { value: number | boolean; evidence: string | null }>();
  for (const r of ctx.rows("indicators")) {
    const key = `${r.values.unit_id as string}\u0000${r.values.indicator as string}`;
    if (!values.has(key))
      values.set(key, { value: r.values.value as number | boolean, evidence: (r.values.evidence as string | null | undefined) ?? null });
  }
  for (const rep of ctx.rubric.reported) {
    for (const unitId of ctx.unitIds) {
      const v = values.get(`${unitId}\u0000${rep.id}`);
      if (v === undefined) {
        const dflt = rep.ifNotReported === "missing" ? null : rep.ifNotReported;
        sink.set(unitId, `indicator.${rep.id}`, dflt, dflt === null ? undefined : { notReported: true });
      } else sink.set(unitId, `indicator.${rep.id}`, v.value, v.evidence ? { note: v.evidence } : undefined);
    }
  }
}
