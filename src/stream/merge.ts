/**
 * A large CSV file read in parts on worker threads, made one file's result again: the parts'
 * counts added up, their rejections listed in file order, their fold states merged in order.
 * A part that found what only a whole read can report right (a CSV syntax error, bytes not in
 * the encoding of the file's head, a unique id or a record with no id seen in two parts) makes
 * the merge refuse: the file is then read whole.
 */
import type { DatasetId } from "../data/contract.js";
import type { DatasetLoad, KindCount, RejectedRow, SkippedLine, SourceLoad } from "../data/types.js";
import { mergeGaps } from "../data/gaps.js";
import { sumKindCounts } from "../data/dataset-load.js";
import { MAX_REJECTED_LISTED } from "../data/reading.js";
import type { PartResult, StreamedResult } from "./part.js";
import type { RowFold } from "./fold.js";
import { HashRuns, type HashRunsOptions } from "../util/hash-runs.js";

/** The load's folds on this thread (part.ts foldsOf). */
export type Folds = (dataset: DatasetId) => RowFold<unknown>;

/**
 * One file read in parts, merged as its parts come back: a part's fold state is absorbed as soon
 * as every part before it is in (while the workers read the later parts, not all at the end),
 * then let go; the parts' hashes of unique ids and records are checked against each other once
 * all are in.
 * `finish` gives the file's result, or null when the parts cannot be merged (a part with a
 * problem, an error or no state; an id or a record in two parts): the file is then read whole.
 */
export class FileMerge {
  private readonly parts: (PartResult | undefined)[];
  private fold: RowFold<unknown> | null = null;
  /** parts before this one are absorbed */
  private next = 0;
  private refused = false;
  /** each part's hashes of unique ids and records, sorted (in a spill file until all are in,
   * then compared with each other) */
  private readonly ids: HashRuns;

  constructor(
    private readonly folds: Folds,
    private readonly dataset: DatasetId,
    count: number,
    runs: HashRunsOptions = {},
  ) {
    this.parts = new Array<PartResult | undefined>(count);
    this.ids = new HashRuns(runs);
  }

  /** Part k is in. */
  add(k: number, part: PartResult): void {
    this.parts[k] = part;
    if (this.refused) return;
    if (part.problem !== null || part.load.error !== null || part.state === null) {
      this.refused = true;
      this.ids.close();
      return;
    }
    if (part.hashes) this.ids.add(part.hashes);
    part.hashes = null;
    for (let p = this.parts[this.next]; p !== undefined && this.next < this.parts.length; p = this.parts[this.next]) {
      this.fold ??= this.folds(this.dataset);
      this.fold.absorb(p.state);
      // absorbed: its state is let go
      p.state = ABSORBED;
      this.next++;
    }
  }

  /** The file's result once every part is in, or null: read the file whole. */
  finish(): StreamedResult | null {
    if (this.refused || this.next < this.parts.length || this.fold === null) return null;
    const different = this.ids.allDifferent();
    this.ids.close();
    if (!different) return null;
    return { load: mergeLoads(this.dataset, this.parts as PartResult[]), result: this.fold.result() };
  }
}

/** What an absorbed part's state is replaced with (its memory let go). */
const ABSORBED = Symbol("absorbed");

/** The parts' loads as one file's: rows and rejections added up (first MAX_REJECTED_LISTED listed). */
function mergeLoads(dataset: DatasetId, parts: PartResult[]): DatasetLoad {
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
            mergedSource(first.sources[0]!, {
              rows,
              accepted,
              rejected,
              total,
              rejectedRows,
              outside,
              uncounted: sumKindCounts(parts.map((p) => p.load.sources?.[0]?.uncountedKinds)),
              unread,
              skipped,
              skippedTotal,
            }),
          ],
        }
      : {}),
  };
  return load;
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
    uncounted: KindCount[];
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
    ...(m.uncounted.length > 0 ? { uncountedKinds: m.uncounted } : {}),
    ...(m.unread ? { unread: m.unread } : {}),
    ...(m.skipped.length > 0 ? { skipped: m.skipped } : {}),
    ...(m.skippedTotal > m.skipped.length ? { skippedTotal: m.skippedTotal } : {}),
    ...(src.warnings ? { warnings: src.warnings } : {}),
    error: null,
  };
}
