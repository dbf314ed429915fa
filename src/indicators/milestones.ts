/**
 * milestone.<task_id>: days late (≤ 0 on time, > 0 late), null when the unit reported no completion.
 *
 * A task with a fixed `deadline` is measured by the unit's earliest reported completion.
 *
 * A `recurring` task (每年5月底和11月底前 → ["05-31", "11-30"]) falls due on each of its
 * dates inside the assessment period that is on or before the as-of day (its "occurrences").
 * The unit reports one milestones row per occurrence. Rows are matched to occurrences in date
 * order: an occurrence takes the earliest unused report dated after the previous
 * occurrence's due date (a report before that belongs to the previous occurrence). The
 * indicator is the worst lateness over the occurrences; it is null when any occurrence that
 * has fallen due has no report at all (an unreported round is not a late one: the item's
 * `missing` points apply), and null too when no occurrence has fallen due yet (the item is
 * then not applicable). An `ongoing` task (长期推进) without a deadline has no indicator: it is
 * scored as a reviewer's (manual) item or by a threshold on a reported value.
 */
import type { Rubric, Task } from "../rubric/schema.js";
import type { IndicatorContext } from "./context.js";
import type { IndicatorSink } from "./types.js";
import { dayFromCivil, formatDayZh, isLeapYear, parseIsoDay } from "../data/dates.js";

/** The due days of a recurring task inside the period, in order (all of them, due or not). */
export function taskOccurrences(task: Task, period: Rubric["period"]): number[] {
  if (!task.recurring) return task.deadline ? [parseIsoDay(task.deadline)] : [];
  const start = parseIsoDay(period.start);
  const end = parseIsoDay(period.end);
  const y0 = Number(period.start.slice(0, 4));
  const y1 = Number(period.end.slice(0, 4));
  const out: number[] = [];
  for (let y = y0; y <= y1; y++)
    for (const md of task.recurring) {
      const [m, d] = md.split("-").map(Number) as [number, number];
      // 02-29 in a common year falls due on 02-28
      const day = m === 2 && d === 29 && !isLeapYear(y) ? dayFromCivil(y, 2, 28) : dayFromCivil(y, m, d);
      if (day >= start && day <= end) out.push(day);
    }
  return out.sort((a, b) => a - b);
}

/** Matches reported completion days to the due occurrences (see above): lateness per occurrence, null = not reported. */
export function matchOccurrences(due: readonly number[], reported: readonly number[]): (number | null)[] {
  const days = [...reported].sort((a, b) => a - b);
  const used = new Array<boolean>(days.length).fill(false);
  return due.map((d, i) => {
    const after = i === 0 ? -Infinity : due[i - 1]!;
    const k = days.findIndex((x, j) => !used[j] && x > after);
    if (k < 0) return null;
    used[k] = true;
    return days[k]! - d;
  });
}

export function computeMilestones(ctx: IndicatorContext, sink: IndicatorSink): void {
  const done = new Map<string, number[]>(); // `${unit}\u0000${task}` → reported done days
  for (const r of ctx.rows("milestones")) {
    const key = `${r.values.unit_id as string}\u0000${r.values.task_id as string}`;
    const list = done.get(key);
    if (list) list.push(r.values.done as number);
    else done.set(key, [r.values.done as number]);
  }
  for (const task of ctx.rubric.tasks) {
    const key = `milestone.${task.id}` as const;
    if (task.recurring) {
      const due = taskOccurrences(task, ctx.rubric.period).filter((d) => d <= ctx.asOf);
      for (const unitId of ctx.unitIds) {
        if (due.length === 0) {
          sink.set(unitId, key, null, { records: [] });
          continue;
        }
        const lateness = matchOccurrences(due, done.get(`${unitId}\u0000${task.id}`) ?? []);
        const records = due.flatMap((d, i) => {
          const l = lateness[i]!;
          if (l === null)
            return [{ id: `${task.id}@${formatDayZh(d)}`, detail: `“${task.title}”${formatDayZh(d)}前应完成的一次未报送完成情况` }];
          if (l > 0)
            return [
              {
                id: `${task.id}@${formatDayZh(d)}`,
                detail: `“${task.title}”${formatDayZh(d)}前应完成的一次于${formatDayZh(d + l)}完成，逾期 ${l} 天`,
              },
            ];
          return [];
        });
        const value = lateness.includes(null) ? null : Math.max(...(lateness as number[]));
        sink.set(unitId, key, value, { records });
      }
      continue;
    }
    // tasks with no deadline (长期推进) are not measured in days late
    if (task.deadline === undefined) continue;
    const deadline = parseIsoDay(task.deadline);
    for (const unitId of ctx.unitIds) {
      const days = done.get(`${unitId}\u0000${task.id}`);
      if (days === undefined) {
        sink.set(unitId, key, null, {
          records: [{ id: task.id, detail: `“${task.title}”要求${formatDayZh(deadline)}前完成，未报送完成情况` }],
        });
        continue;
      }
      const day = Math.min(...days);
      const late = day - deadline;
      sink.set(unitId, key, late, {
        records:
          late > 0
            ? [{ id: task.id, detail: `“${task.title}”要求${formatDayZh(deadline)}前完成，${formatDayZh(day)}完成，逾期 ${late} 天` }]
            : [],
      });
    }
  }
}
