/** Repeated reports set aside once a dataset is read: one milestone per unit and task, one
 * self-reported value per unit and indicator. */
import { formatDay } from "./dates.js";
import { accepted, rejectCell, type DatasetReading, type ParsedRow } from "./reading.js";

/** Milestones: one report per unit and task; the earliest 完成日期 is kept (ties: the earlier line). */
export function dedupeMilestones(w: DatasetReading, recurring?: ReadonlySet<string>): void {
  const kept = new Map<string, ParsedRow>();
  const rows = recurring?.size ? accepted(w).filter((r) => !recurring.has(r.values.task_id as string)) : accepted(w);
  for (const row of rows) {
    const k = `${row.values.unit_id}\u0000${row.values.task_id}`;
    const best = kept.get(k);
    if (!best || (row.values.done as number) < (best.values.done as number)) kept.set(k, row);
  }
  const col = w.byKey.get("task_id")!;
  for (const row of rows) {
    const best = kept.get(`${row.values.unit_id}\u0000${row.values.task_id}`)!;
    if (best === row) continue;
    rejectCell(w, row, "task_id", {
      code: "duplicate_report",
      unit: row.values.unit_id as string,
      column: col.source,
      value: row.values.task_id as string,
      keptLine: best.line,
      keptDone: formatDay(best.values.done as number),
    });
  }
}

/** Self-reported values: one per unit and indicator; the first line is kept, later ones rejected. */
export function dedupeIndicators(w: DatasetReading): void {
  const first = new Map<string, ParsedRow>();
  const col = w.byKey.get("indicator")!;
  for (const row of accepted(w)) {
    const k = `${row.values.unit_id}\u0000${row.values.indicator}`;
    const kept = first.get(k);
    if (!kept) first.set(k, row);
    else
      rejectCell(w, row, "indicator", {
        code: "duplicate_report",
        unit: row.values.unit_id as string,
        column: col.source,
        value: row.values.indicator as string,
        keptLine: kept.line,
      });
  }
}
