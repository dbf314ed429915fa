/** indicator.<id>: the value a unit reported in the indicators dataset (null when not reported). */
import type { IndicatorContext } from "./context.js";
import type { IndicatorSink } from "./aggregate.js";

export function computeReported(ctx: IndicatorContext, sink: IndicatorSink): void {
  const values = new Map<string, number | boolean>();
  for (const r of ctx.rows("indicators")) {
    const key = `${r.values.unit_id as string}\u0000${r.values.indicator as string}`;
    if (!values.has(key)) values.set(key, r.values.value as number | boolean);
  }
  for (const rep of ctx.rubric.reported) {
    for (const unitId of ctx.unitIds) {
      const v = values.get(`${unitId}\u0000${rep.id}`);
      sink.set(unitId, `indicator.${rep.id}`, v === undefined ? null : v);
    }
  }
}
