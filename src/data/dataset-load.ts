/** What reading a dataset gave, as the caller sees it (DatasetLoad): its records (when kept),
 * rejections in line order, and a line per file and sheet read. */
import type { DatasetLoad, KindCount, RejectedRow, Row, SourceLoad } from "./types.js";
import { sourceLabel } from "./sheets.js";
import { accepted, type DatasetReading, type Pending } from "./reading.js";

/** The result of reading one dataset (records only when kept), with a line per file and sheet read. */
export function datasetLoad(w: DatasetReading): DatasetLoad {
  const failed = w.error !== null;
  const kept = failed ? [] : accepted(w);
  const several = w.tallies.length > 1;
  const records: Row[] = kept.map((r) => (several ? { line: r.line, values: r.values, src: r.src } : { line: r.line, values: r.values }));
  const order = (list: Pending[]) =>
    list
      .map((p, i) => ({ p, i }))
      .sort((a, b) => a.p.src - b.p.src || a.p.line - b.p.line || a.p.order - b.p.order || a.i - b.i)
      .map(({ p }): RejectedRow => ({ line: p.line, column: p.column, value: p.value, reason: p.reason, code: p.code }));
  const rejected: RejectedRow[] = failed ? [] : order(w.rejects);
  const keptBySrc = new Map<number, number>();
  for (const r of kept) keptBySrc.set(r.src, (keptBySrc.get(r.src) ?? 0) + 1);
  const sources: SourceLoad[] = w.tallies.map((e, i) => {
    const bad = e.error !== null;
    const acc = bad ? 0 : (keptBySrc.get(i) ?? 0) + e.sentToSink;
    const listed = bad ? [] : order(w.rejects.filter((p) => p.src === i));
    return {
      file: e.source.file,
      sheet: e.sheet,
      unit: e.source.unit,
      ...(e.source.late ? { late: true as const } : {}),
      format: e.format,
      encoding: e.encoding,
      rows: bad ? 0 : acc + e.rejectedRows,
      accepted: acc,
      rejected: listed,
      ...(!bad && e.rejectTotal > listed.length ? { rejectedTotal: e.rejectTotal } : {}),
      ...(!bad && e.rejectedRows > 0 ? { rejectedRows: e.rejectedRows } : {}),
      ...(!bad && e.outside > 0 ? { outsidePeriod: e.outside } : {}),
      ...(!bad && e.uncounted ? { uncountedKinds: kindCounts(e.uncounted) } : {}),
      ...(!bad && e.unread ? { unread: e.unread } : {}),
      ...(!bad && e.skippedTotal > 0 ? { skipped: e.skipped } : {}),
      ...(!bad && e.skippedTotal > e.skipped.length ? { skippedTotal: e.skippedTotal } : {}),
      ...(e.warnings.length > 0 ? { warnings: e.warnings } : {}),
      error: e.error,
      ...(e.error !== null && e.errorCode ? { errorCode: e.errorCode } : {}),
    };
  });
  return {
    dataset: w.dataset,
    file: w.file,
    format: w.format,
    encoding: w.encoding,
    rows: failed ? 0 : records.length + w.sentToSink + w.rejectedRows,
    accepted: records.length + (failed ? 0 : w.sentToSink),
    rejected,
    ...(!failed && w.rejectTotal > rejected.length ? { rejectedTotal: w.rejectTotal } : {}),
    ...(!failed && w.rejectedRows > 0 ? { rejectedRows: w.rejectedRows } : {}),
    ...(!failed && w.gaps.size > 0
      ? { gaps: w.gaps.list(w.tallies.length > 1 ? (i) => sourceLabel(w.tallies[i]!.source.file, w.tallies[i]!.sheet) : undefined) }
      : {}),
    ...(!failed && w.rejectedIds.size > 0 ? { rejectedUnitOf: [...w.rejectedIds] } : {}),
    ...(!failed && w.unread ? { unread: w.unread } : {}),
    ...(!failed && w.unusable.length > 0 ? { unusable: w.unusable } : {}),
    ...(!failed && w.skippedTotal > 0 ? { skipped: w.skipped } : {}),
    ...(!failed && w.skippedTotal > w.skipped.length ? { skippedTotal: w.skippedTotal } : {}),
    ...(w.warnings.length > 0 ? { warnings: w.warnings } : {}),
    error: w.error,
    ...(w.error !== null && w.errorCode ? { errorCode: w.errorCode } : {}),
    headers: w.headers,
    records,
    ...(sources.length > 0 ? { sources } : {}),
    ...(w.notRead.length > 0 ? { notRead: w.notRead } : {}),
  };
}

/** Several files' (or parts') rows by 培训类别, added up. */
export function sumKindCounts(lists: readonly (readonly KindCount[] | undefined)[]): KindCount[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const k of list ?? []) counts.set(k.kind, (counts.get(k.kind) ?? 0) + k.rows);
  return kindCounts(counts);
}

/** Rows by 培训类别, most first (then by kind: the same inputs give the same list). */
export function kindCounts(counts: ReadonlyMap<string, number>): KindCount[] {
  return [...counts]
    .map(([kind, rows]) => ({ kind, rows }))
    .sort((a, b) => b.rows - a.rows || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
