/**
 * training.officers / averageHours / compliantRate. Hours are accumulated as integers of
 * 1/10000 minute so that sums do not depend on row order, and a boundary such as 60.0 学时
 * made of 45-minute rows is exact.
 */
import type { IndicatorContext } from "./context.js";
import { perUnit, rate } from "./context.js";
import type { IndicatorSink } from "./compute.js";

const TICKS_PER_MINUTE = 10_000;

export function computeTraining(ctx: IndicatorContext, sink: IndicatorSink): void {
  const p = ctx.rubric.parameters;
  const ticksPerHour = Math.round(p.minutesPerHour * TICKS_PER_MINUTE);
  const kinds = new Set(p.trainingKinds);
  const ticks = new Map<string, number>();
  for (const r of ctx.rows("training")) {
    const v = r.values;
    const day = v.date as number;
    if (day < ctx.start || day > ctx.end || !kinds.has(v.kind as string)) continue;
    const hours = v.hours as number | null;
    const minutes = v.minutes as number | null;
    const t = hours !== null && hours !== undefined ? Math.round(hours * ticksPerHour) : Math.round((minutes ?? 0) * TICKS_PER_MINUTE);
    const id = v.officer_id as string;
    ticks.set(id, (ticks.get(id) ?? 0) + t);
  }
  const minTicks = Math.round(p.trainingMinHours * ticksPerHour);
  const acc = perUnit(ctx.unitIds, () => ({ n: 0, ticks: 0, ok: 0, short: [] as { id: string; name: string; ticks: number }[] }));
  for (const o of [...ctx.officers.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const a = acc.get(o.unitId);
    if (!a || !o.inPost) continue;
    const t = ticks.get(o.id) ?? 0;
    a.n++;
    a.ticks += t;
    if (t >= minTicks) a.ok++;
    else a.short.push({ id: o.id, name: o.name, ticks: t });
  }
  const hoursText = (t: number) => `${Math.round((t / ticksPerHour) * 100) / 100}`;
  for (const [unitId, a] of acc) {
    sink.set(unitId, "training.officers", a.n);
    sink.set(unitId, "training.averageHours", a.n === 0 ? null : a.ticks / ticksPerHour / a.n);
    sink.set(unitId, "training.compliantRate", rate(a.ok, a.n), {
      num: a.ok,
      den: a.n,
      records: a.short.map((s) => ({
        id: s.id,
        name: s.name,
        detail: `已计 ${hoursText(s.ticks)} 学时，还差 ${hoursText(minTicks - s.ticks)} 学时`,
      })),
    });
  }
}
