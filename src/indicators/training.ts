/**
 * training.officers / averageHours / compliantRate. Hours are accumulated as integers of
 * 1/10000 minute so that sums do not depend on row order, and a boundary such as 60.0 学时
 * made of 45-minute rows is exact.
 */
import type { IndicatorContext } from "./context.js";
import { perUnit, rate } from "./context.js";
import type { Aggregator } from "./aggregate.js";
import { TRAINING_KINDS } from "../data/contract.js";

const TICKS_PER_MINUTE = 10_000;

/** One pass over training rows. Per-officer state is compact: officer index → hours in ticks (a typed array). */
export function trainingAggregator(ctx: IndicatorContext): Aggregator {
  const p = ctx.rubric.parameters;
  const ticksPerHour = Math.round(p.minutesPerHour * TICKS_PER_MINUTE);
  const kinds = new Set(p.trainingKinds);
  // (in id order: a part's state is a list of hours in that order)
  const officers = ctx.officers;
  // ticks per officer; integers well inside 2^53, so the sum does not depend on row order; after
  // them (at size + i), the ticks of kinds that neither count nor are the contract's (业务培训 for
  // 业务知识: said beside an officer short of the minimum)
  const n = officers.size;
  const ticks = new Float64Array(2 * n);
  return {
    state: () => ticks,
    absorb(state) {
      const t = state as Float64Array;
      for (let i = 0; i < ticks.length; i++) ticks[i]! += t[i]!;
    },
    add(r) {
      const v = r.values;
      const day = v.date as number;
      if (day < ctx.start || day > ctx.end) return;
      const counted = kinds.has(v.kind as string);
      if (!counted && TRAINING_KINDS.has(v.kind as string)) return;
      const i = officers.indexOf(v.officer_id as string);
      if (i < 0) return;
      const hours = v.hours as number | null;
      const minutes = v.minutes as number | null;
      const t = hours !== null && hours !== undefined ? Math.round(hours * ticksPerHour) : Math.round((minutes ?? 0) * TICKS_PER_MINUTE);
      ticks[counted ? i : n + i]! += t;
    },
    finish(sink) {
      const minTicks = Math.round(p.trainingMinHours * ticksPerHour);
      const acc = perUnit(ctx.unitIds, () => ({
        n: 0,
        ticks: 0,
        ok: 0,
        short: [] as { id: string; name: string; ticks: number; other: number }[],
      }));
      for (let i = 0; i < n; i++) {
        const a = acc.get(officers.unitAt(i));
        if (!a || !officers.inPostAt(i)) continue;
        const t = ticks[i]!;
        a.n++;
        a.ticks += t;
        if (t >= minTicks) a.ok++;
        else a.short.push({ id: officers.idAt(i), name: officers.nameAt(i), ticks: t, other: ticks[n + i]! });
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
            detail: `已计 ${hoursText(s.ticks)} 学时，还差 ${hoursText(minTicks - s.ticks)} 学时${
              s.other > 0 ? `（另有 ${hoursText(s.other)} 学时的培训类别不在细则计入范围，未计入）` : ""
            }`,
          })),
        });
      }
    },
  };
}
