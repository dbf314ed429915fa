/**
 * Reading one dataset: its files in turn (read-source.ts), every row checked as it comes
 * (read-row.ts, row-checks.ts), repeated reports set aside (dedupe.ts), and the dataset's error
 * and header settled across its files. Accepted rows are kept, or handed to `mode.sink` as they
 * come. The folder's passes (folder.ts) and the stream stage (src/stream/) call it.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { DataSource } from "./types.js";
import { formatOf, sourceLabel } from "./sheets.js";
import { REPEATABLE } from "./belongs.js";
import { startReading, type DatasetReading, type DatasetRequest, type ReadMode } from "./reading.js";
import { readSource } from "./read-source.js";
import { RecordTable } from "./record-table.js";
import { dedupeIndicators, dedupeMilestones } from "./dedupe.js";
import { problemMessage } from "./problem-messages.js";

/**
 * Read a dataset's files (every matching sheet of a workbook), checking every row as it comes
 * (against `mode.known` for ids of earlier datasets). Several files are one dataset: ids are
 * unique across them, and each file and sheet is counted on its own (`datasetLoad` → sources).
 */
export async function readDataset(request: DatasetRequest, mode: ReadMode): Promise<DatasetReading> {
  const { dataset, sources, options } = request;
  const list: readonly DataSource[] = typeof sources === "string" ? [{ file: sources, unit: null }] : sources;
  const first = list[0]!;
  const w = startReading(dataset, first.file, formatOf(first.file));
  w.known = mode.known;
  if (REPEATABLE.includes(dataset)) {
    const bytes = await bytesOf(request.dir, list, mode);
    w.records = mode.records?.reuse(dataset, bytes) ? mode.records : new RecordTable(dataset, bytes);
  }
  for (const source of list) {
    await readSource(w, source, request, mode);
    if (w.retryExceljs) return w;
    if (w.restart) return readDataset({ ...request, sources: list }, { ...mode, exceljs: true });
  }
  if (w.tallies.length > 0) w.encoding = w.tallies[0]!.encoding;
  w.settling = true;
  if (dataset === "milestones") dedupeMilestones(w, options.recurringTaskIds);
  if (dataset === "indicators") dedupeIndicators(w);
  w.settling = false;
  copiedSheets(w);
  settle(w);
  return w;
}

/** A sheet name as Excel, WPS and people name a copy: 培训登记 (2), 培训登记（2）, 培训登记 副本 → 培训登记. */
export function copiedFrom(name: string): string | null {
  const m = /^(.+?)\s*(?:[(（]\s*\d+\s*[)）]|[-_ ]?(?:副本|复制|拷贝)\s*\d*)$/.exec(name.trim());
  return m ? m[1]!.trim() : null;
}

/**
 * A sheet named as a copy of another sheet of the same workbook that repeats rows of it and has
 * rows of its own: the clerk copied the sheet and changed it, and both are read. Its rows that
 * repeat are not counted again, but a changed row would be counted beside the row it replaced
 * (hours twice), and which sheet is right cannot be told: the sheet cannot be used (so neither
 * can its dataset, as for any file that fails). An exact copy (every row repeated) is harmless.
 */
function copiedSheets(w: DatasetReading): void {
  const own = new Map<number, number>();
  for (const r of w.parsed) if (!r.bad) own.set(r.src, (own.get(r.src) ?? 0) + 1);
  w.tallies.forEach((e, j) => {
    if (e.error !== null || e.sheet === null) return;
    const base = copiedFrom(e.sheet);
    if (base === null) return;
    const i = w.tallies.findIndex((o, k) => k !== j && o.source === e.source && o.sheet === base && o.error === null);
    if (i < 0) return;
    // (the copy may come before the sheet it copies: the later one's rows repeat the earlier's)
    const [first, later] = i < j ? [i, j] : [j, i];
    const same = w.tallies[later]!.repeatsOf?.get(first) ?? 0;
    const other = (own.get(later) ?? 0) + w.tallies[later]!.sentToSink;
    if (same === 0 || other === 0) return;
    e.error = `${sourceLabel(e.source.file, e.sheet)}：${problemMessage({ code: "copied_sheet", sheet: e.sheet, original: base, same, other })}`;
    e.errorCode = "copied_sheet";
  });
}

/** The bytes to be read: the part's, or the files'. */
async function bytesOf(dir: string, list: readonly DataSource[], mode: ReadMode): Promise<number> {
  return mode.range ? mode.range.end - mode.range.start : sourcesSize(dir, list);
}

/** The files' size together (a file that cannot be read counts 0). */
export async function sourcesSize(dir: string, sources: readonly DataSource[]): Promise<number> {
  let n = 0;
  for (const s of sources)
    n += await stat(join(dir, s.file)).then(
      (i) => i.size,
      () => 0,
    );
  return n;
}

/** The dataset's error (every file's that failed) and its header (a column only when every file has it). */
function settle(w: DatasetReading): void {
  const failed = w.tallies.filter((e) => e.error !== null);
  // A file of a unit's folder that cannot be read (and gave no row to a sink) is a gap in that
  // unit's data only: the other units' files of the dataset stay usable. Anything else that
  // fails makes the whole dataset unusable.
  const ownOnly =
    failed.length > 0 && failed.length < w.tallies.length && failed.every((e) => e.source.unit !== null && e.sentToSink === 0);
  if (ownOnly) {
    const bad = new Set(failed.map((e) => w.tallies.indexOf(e)));
    for (const r of w.parsed) if (bad.has(r.src)) r.bad = true;
    w.rejects = w.rejects.filter((p) => !bad.has(p.src));
    w.unusable = failed
      .map((e) => ({ unit: e.source.unit!, file: sourceLabel(e.source.file, e.sheet), reason: e.error! }))
      .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  } else if (failed.length > 0) {
    w.error = failed.map((e) => e.error).join("；");
    if (failed[0]!.errorCode) w.errorCode = failed[0]!.errorCode;
    if (w.tallies.length > failed.length) {
      for (const e of w.tallies)
        if (e.error === null) {
          e.error = `未使用：同一数据集的 ${failed.map((f) => sourceLabel(f.source.file, f.sheet)).join("、")} 无法读取`;
          e.errorCode = "unused_file";
        }
    }
  }
  const read = w.tallies.filter((e) => e.error === null);
  const base = read[0] ?? failed[0];
  if (!base) return;
  const everywhere = (key: string | null) => key !== null && read.every((e) => e.headers.some((h) => h.key === key));
  w.headers = read.length > 1 ? base.headers.map((h) => ({ source: h.source, key: everywhere(h.key) ? h.key : null })) : base.headers;
}
