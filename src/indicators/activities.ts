/**
 * activity.<type>: the unit's activities of that type (a row of the activities dataset:
 * meetings, 学法 sessions, 专题研究, trainings it organised) dated inside the assessment period.
 * Every unit gets a count for every type the rubric defines (0 when it recorded none: the
 * dataset is the unit's own record of what it did).
 */
import type { IndicatorContext } from "./context.js";
import type { IndicatorSink } from "./aggregate.js";

export function computeActivities(ctx: IndicatorContext, sink: IndicatorSink): void {
  const counts = new Map<string, number>(); // `${unit}\u0000${type}` → activities in the period
  for (const r of ctx.rows("activities")) {
    const d = r.values.date as number;
    if (d < ctx.start || d > ctx.end) continue;
    const key = `${r.values.unit_id as string}\u0000${r.values.type as string}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const t of ctx.rubric.activityTypes)
    for (const unitId of ctx.unitIds) sink.set(unitId, `activity.${t.id}`, counts.get(`${unitId}\u0000${t.id}`) ?? 0);
}
