/** milestone.<task_id>: days late (≤ 0 on time, > 0 late), null when the unit reported no completion. */
import type { IndicatorContext } from "./context.js";
import type { IndicatorSink } from "./compute.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";

export function computeMilestones(ctx: IndicatorContext, sink: IndicatorSink): void {
  const done = new Map<string, number>(); // `${unit}\u0000${task}` → earliest done day
  for (const r of ctx.rows("milestones")) {
    const key = `${r.values.unit_id as string}\u0000${r.values.task_id as string}`;
    const day = r.values.done as number;
    const prev = done.get(key);
    if (prev === undefined || day < prev) done.set(key, day);
  }
  for (const task of ctx.rubric.tasks) {
    // tasks with recurring dates or no deadline (长期推进) are not measured in days late
    if (task.deadline === undefined) continue;
    const deadline = parseIsoDay(task.deadline);
    for (const unitId of ctx.unitIds) {
      const day = done.get(`${unitId}\u0000${task.id}`);
      const key = `milestone.${task.id}`;
      if (day === undefined) {
        sink.set(unitId, key, null, { records: [{ id: task.id, detail: `“${task.title}”要求${formatDayZh(deadline)}前完成，未报送完成情况` }] });
        continue;
      }
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
