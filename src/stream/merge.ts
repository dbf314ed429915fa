/**
 * A large CSV file read in parts on worker threads, made one file's result again: the parts'
 * counts added up, their rejections listed in file order, their fold states merged in order.
 * A part that found what only a whole read can report right (a CSV syntax error, bytes not in
 * the encoding of the file's head, a unique id seen in two parts) makes the merge refuse: the
 * file is then read whole.
 */
import type { DatasetId } from "../data/contract.js";
import type { DatasetLoad, RejectedRow, SkippedLine, SourceLoad } from "../data/types.js";
import { mergeGaps } from "../data/gaps.js";
import { MAX_REJECTED_LISTED } from "../data/reading.js";
import { foldsOf, type PartResult, type SharedJob, type StreamedResult } from "./part.js";

/** The parts' results as one file's: rows and rejections added up (first MAX_REJECTED_LISTED listed), states merged in order. */
export async function mergeParts(shared: SharedJob, dataset: DatasetId, parts: PartResult[]): Promise<StreamedResult | null> {
  if (parts.some((p) => p.problem !== null || p.load.error !== null || p.state === null) || sharedIds(parts)) return null;
  const first = parts[0]!.load;
  let rows = 0;
  let accepted = 0;
  let total = 0;
  let rejectedRows = 0;
  let outside = 0;
  const rejected: RejectedRow[] = [];
  const unread = parts.find((p) => p.load.unread)?.load.unread;
  const skipped: SkippedLine[] = [];
  let skippedTotal = 0;
  for (const { load } of parts) {
    skippedTotal += load.skippedTotal ?? load.skipped?.length ?? 0;
    for (const k of load.skipped ?? []) if (skipped.length < 100) skipped.push(k);
    outside += load.sources?.[0]?.outsidePeriod ?? 0;
    rows += load.rows;
    accepted += load.accepted;
    total += load.rejectedTotal ?? load.rejected.length;
    rejectedRows += load.rejectedRows ?? 0;
    for (const r of load.rejected) if (rejected.length < MAX_REJECTED_LISTED) rejected.push(r);
  }
  const load: DatasetLoad = {
    dataset,
    file: first.file,
    format: first.format,
    encoding: first.encoding,
    rows,
    accepted,
    rejected,
    ...(total > rejected.length ? { rejectedTotal: total } : {}),
    ...(rejectedRows > 0 ? { rejectedRows } : {}),
    ...(parts.some((p) => p.load.gaps) ? { gaps: mergeGaps(parts.map((p) => p.load.gaps)) } : {}),
    ...(unread ? { unread } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(skippedTotal > skipped.length ? { skippedTotal } : {}),
    ...(first.warnings ? { warnings: first.warnings } : {}),
    error: null,
    headers: first.headers,
    records: [],
    ...(first.sources
      ? {
          sources: [
            mergedSource(first.sources[0]!, { rows, accepted, rejected, total, rejectedRows, outside, unread, skipped, skippedTotal }),
          ],
        }
      : {}),
  };
  const fold = (await foldsOf(shared))(dataset);
  for (const p of parts) fold.absorb(p.state);
  return { load, result: fold.result() };
}

/** The one file's manifest line, from its parts' figures added up. */
function mergedSource(
  src: SourceLoad,
  m: {
    rows: number;
    accepted: number;
    rejected: RejectedRow[];
    total: number;
    rejectedRows: number;
    outside: number;
    unread: SourceLoad["unread"];
    skipped: SkippedLine[];
    skippedTotal: number;
  },
): SourceLoad {
  return {
    file: src.file,
    sheet: src.sheet,
    unit: src.unit,
    ...(src.late ? { late: true } : {}),
    format: src.format,
    encoding: src.encoding,
    rows: m.rows,
    accepted: m.accepted,
    rejected: m.rejected,
    ...(m.total > m.rejected.length ? { rejectedTotal: m.total } : {}),
    ...(m.rejectedRows > 0 ? { rejectedRows: m.rejectedRows } : {}),
    ...(m.outside > 0 ? { outsidePeriod: m.outside } : {}),
    ...(m.unread ? { unread: m.unread } : {}),
    ...(m.skipped.length > 0 ? { skipped: m.skipped } : {}),
    ...(m.skippedTotal > m.skipped.length ? { skippedTotal: m.skippedTotal } : {}),
    ...(src.warnings ? { warnings: src.warnings } : {}),
    error: null,
  };
}

/** Do two parts hold the same unique id (or, rarely, two ids with the same hash)? */
function sharedIds(parts: PartResult[]): boolean {
  const all = new Float64Array(parts.reduce((n, p) => n + (p.hashes?.length ?? 0), 0));
  let o = 0;
  for (const p of parts) {
    if (p.hashes) all.set(p.hashes, o);
    o += p.hashes?.length ?? 0;
  }
  all.sort();
  for (let i = 1; i < all.length; i++) if (all[i] === all[i - 1]) return true;
  return false;
}
