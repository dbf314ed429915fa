/**
 * The last pass of loading: the large datasets (training, cases, case_reviews). With
 * `stream` set, each is aggregated into its indicators while it is read (rows never kept),
 * on worker threads (at most one per core) when the files are large, else on this thread.
 *
 * On worker threads a large CSV file is read in parts (byte ranges that start at a line
 * start), so that both cores parse it: each part is checked and aggregated on its own, and the
 * parts' aggregator states are merged here in file order. A file is read whole instead when a
 * part boundary cannot be placed safely (a quote near it — a quoted field may hold a line
 * break —, a file that starts with a blank or quoted line), and a split read is thrown away and
 * the file read whole when a part finds what only a whole read can report right: a CSV syntax
 * error, bytes not in the encoding the file's head shows, or a unique id seen in two parts.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { open, stat } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import type { DatasetId } from "./contract.js";
import type { ColumnMapping, DataSource, DatasetLoad, LoadedData, LoadOptions, RejectedRow, Row, SkippedLine, SourceLoad, StreamOptions } from "./types.js";
import { mergeGaps } from "./gaps.js";
import type { Officer } from "../indicators/context.js";
import { readDataset } from "./read-dataset.js";
import { datasetLoad } from "./dataset-load.js";
import { MAX_REJECTED_LISTED, type KnownIds, type ReadMode } from "./reading.js";
import type { CsvRange } from "./byte-range.js";
import { binaryReason, utf8Boundary, type TextEncoding } from "./encoding.js";
import { MAX_RECORD_BYTES } from "./csv.js";
import { cleanText } from "./normalize.js";
import type { UniqueValues } from "./unique.js";
import { buildContext, type IndicatorContext } from "../indicators/context.js";
import { datasetAggregators } from "../indicators/compute.js";
import { recordingSink, type SinkEntry } from "../indicators/aggregate.js";

/** Below this many bytes in all, the large datasets are read on this thread (a worker costs ~50 ms to start). */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;
/** A CSV file at least this large is read in parts on the workers … */
export const SPLIT_MIN_BYTES = 8 * 1024 * 1024;
/** … of about this size (at least 2, at most 8 parts). */
const PART_BYTES = 24 * 1024 * 1024;
/** No quote may be this close before a part boundary (a quoted field is at most MAX_RECORD_BYTES long). */
const QUOTE_WINDOW = 2 * MAX_RECORD_BYTES;
/** xlsx is costlier per byte than CSV (unzip, XML): weight for scheduling the largest job first. */
const XLSX_COST = 12;
/** A worker's old generation is capped (V8 would let it grow to several times what is live,
 * and two workers' garbage is most of the peak memory). A job that runs out of it is run again
 * on this thread, uncapped, and the worker replaced. */
export const WORKER_HEAP_MB = 160;
/** … and its young generation kept smaller than V8's default (a little more scavenging, less memory). */
export const WORKER_YOUNG_MB = 24;

export interface StreamedResult {
  load: DatasetLoad;
  entries: SinkEntry[] | null;
}

/** What every job of one load shares (sent once to each worker). */
export interface SharedJob {
  dir: string;
  mapping: ColumnMapping;
  options: LoadOptions;
  known: KnownIds;
  before: LoadedData;
}

/** The officers as a worker needs them (for training's officer check and the indicators): one
 * column per field, codes and dates in typed arrays — not 100,000 records copied to each worker. */
interface OfficerTable {
  ids: string[];
  names: string[];
  unitNames: string[];
  /** index into unitNames */
  unit: Int32Array;
  /** bit 0: in an enforcement post, bit 1: has a certificate number */
  flags: Uint8Array;
  /** certificate expiry day, NaN when blank */
  expires: Float64Array;
  statusNames: string[];
  /** index into statusNames, -1 when blank */
  status: Int32Array;
}

/** What a worker is given once: the shared job with the officers as a table, and only the
 * records the streamed datasets' indicators read (units, documents). */
interface WorkerData extends Omit<SharedJob, "known"> {
  known: { units?: KnownIds["units"]; officers?: { where: string; unitOf: boolean } };
  officers: OfficerTable | null;
}

function toWorkerData(shared: SharedJob): WorkerData {
  const { stream, ...options } = shared.options;
  const datasets: LoadedData["datasets"] = {};
  let officers: OfficerTable | null = null;
  for (const [id, load] of Object.entries(shared.before.datasets) as [DatasetId, DatasetLoad][]) {
    const keep = id === "units" || id === "documents";
    datasets[id] = { ...load, rejected: [], records: keep ? load.records : [] };
    if (id !== "officers" || load.error) continue;
    const n = load.records.length;
    const t: OfficerTable = { ids: [], names: [], unitNames: [], unit: new Int32Array(n), flags: new Uint8Array(n), expires: new Float64Array(n), statusNames: [], status: new Int32Array(n) };
    const unitIndex = new Map<string, number>();
    const statusIndex = new Map<string, number>();
    load.records.forEach((r, i) => {
      const v = r.values;
      t.ids.push(v.officer_id as string);
      t.names.push(v.name as string);
      const u = v.unit_id as string;
      let ui = unitIndex.get(u);
      if (ui === undefined) unitIndex.set(u, (ui = t.unitNames.push(u) - 1));
      t.unit[i] = ui;
      t.flags[i] = (v.in_enforcement_post === true ? 1 : 0) | (v.certificate_no ? 2 : 0);
      const e = v.certificate_expires as number | null | undefined;
      t.expires[i] = e === null || e === undefined ? NaN : e;
      const st = (v.certificate_status as string | null | undefined) ?? null;
      if (st === null) t.status[i] = -1;
      else {
        let si = statusIndex.get(st);
        if (si === undefined) statusIndex.set(st, (si = t.statusNames.push(st) - 1));
        t.status[i] = si;
      }
    });
    officers = t;
  }
  const known: WorkerData["known"] = {};
  if (shared.known.units) known.units = shared.known.units;
  if (shared.known.officers) known.officers = { where: shared.known.officers.where, unitOf: shared.known.officers.unitOf !== undefined };
  return { dir: shared.dir, mapping: shared.mapping, options: { ...options, stream: { rubric: stream!.rubric } } as LoadOptions, known, before: { ...shared.before, datasets }, officers };
}

/** The shared job in a worker, from what it was given. */
export function sharedFromWorkerData(data: unknown): SharedJob {
  const d = data as WorkerData;
  const t = d.officers;
  const known: KnownIds = {};
  if (d.known.units) known.units = d.known.units;
  if (d.known.officers && t) {
    const unitOf = new Map<string, string>(d.before.datasets.officers?.rejectedUnitOf ?? []);
    t.ids.forEach((id, i) => unitOf.set(id, t.unitNames[t.unit[i]!]!));
    known.officers = { ids: new Set(t.ids), where: d.known.officers.where, unitOf };
  }
  const shared: SharedJob = { dir: d.dir, mapping: d.mapping, options: d.options, known, before: d.before };
  if (t) {
    const officers = new Map<string, Officer>();
    t.ids.forEach((id, i) => {
      const e = t.expires[i]!;
      const st = t.status[i]!;
      officers.set(id, {
        id,
        name: t.names[i]!,
        unitId: t.unitNames[t.unit[i]!]!,
        inPost: (t.flags[i]! & 1) !== 0,
        // only whether there is a number is read (certificateProblem)
        certificateNo: (t.flags[i]! & 2) !== 0 ? "1" : null,
        expires: Number.isNaN(e) ? null : e,
        status: st < 0 ? null : t.statusNames[st]!,
      });
    });
    const ctx = buildContext(d.options.stream!.rubric, d.before);
    ctx.officers = officers;
    contexts.set(d.before, ctx);
  }
  return shared;
}

/** One file, or one part of one (then its aggregator states are returned, not its indicators). */
export interface PartJob {
  dataset: DatasetId;
  sources: DataSource[];
  /** a part of a CSV file (only when the dataset is that one file) */
  range?: CsvRange;
}

export interface PartResult {
  load: DatasetLoad;
  /** indicators of a whole file */
  entries: SinkEntry[] | null;
  /** aggregator states of a part, in datasetAggregators' order */
  states: unknown[] | null;
  /** why this part's result cannot be used (the file is then read whole) */
  problem: string | null;
  /** sorted 53-bit hashes of the part's unique ids (to find an id seen in two parts) */
  hashes: Float64Array | null;
}

const contexts = new WeakMap<LoadedData, IndicatorContext>();
function contextOf(shared: SharedJob): IndicatorContext {
  let ctx = contexts.get(shared.before);
  if (!ctx) contexts.set(shared.before, (ctx = buildContext(shared.options.stream!.rubric, shared.before)));
  return ctx;
}

/** Read one large dataset file, or a part of one, and aggregate it (a worker's job, also run in-thread). */
export async function runPart(shared: SharedJob, job: PartJob, progress?: ReadMode["progress"]): Promise<PartResult> {
  const rubric = shared.options.stream!.rubric;
  const ctx = contextOf(shared);
  const { stream: _stream, ...plain } = shared.options;
  let aggregators: ReturnType<typeof datasetAggregators>;
  let w: Awaited<ReturnType<typeof readDataset>>;
  let exceljs = false;
  for (;;) {
    const aggs = (aggregators = datasetAggregators(rubric, ctx, job.dataset, job.dataset));
    const sink = (row: Row) => {
      for (const a of aggs) a.add(row);
    };
    w = await readDataset({ dir: shared.dir, dataset: job.dataset, sources: job.sources, mapping: shared.mapping, options: plain }, {
      keep: false,
      sink,
      known: shared.known,
      ...(progress ? { progress } : {}),
      ...(job.range ? { range: job.range } : {}),
      ...(exceljs ? { exceljs } : {}),
    });
    // the streaming xlsx reader refused the file part-way: read it again, with exceljs, into fresh aggregators
    if (!w.retryExceljs || exceljs) break;
    exceljs = true;
  }
  const load = datasetLoad(w);
  if (job.range) {
    return { load, entries: null, states: load.error || w.partProblem ? null : aggregators.map((a) => a.state()), problem: w.partProblem, hashes: idHashes(w.seen) };
  }
  if (load.error) return { load, entries: null, states: null, problem: null, hashes: null };
  const rec = recordingSink();
  for (const a of aggregators) a.finish(rec);
  return { load, entries: rec.entries, states: null, problem: null, hashes: null };
}

function idHashes(seen: Map<string, UniqueValues>): Float64Array {
  let n = 0;
  for (const m of seen.values()) n += m.size;
  const out = new Float64Array(n);
  let i = 0;
  for (const m of seen.values()) {
    out.set(m.allHashes(), i);
    i += m.size;
  }
  return out.sort();
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

// ---------------------------------------------------------------- splitting a CSV file

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

async function readAt(fh: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** A CR that is not part of CRLF (a line end csv-parse may not take as the file's). */
function loneCr(buf: Buffer): boolean {
  for (let i = buf.indexOf(CR); i !== -1; i = buf.indexOf(CR, i + 1)) if (buf[i + 1] !== LF) return true;
  return false;
}

/** Byte ranges to read a CSV file in, starting at line starts, or null when it is read whole. */
export async function planParts(path: string, size: number, parts: number): Promise<CsvRange[] | null> {
  const fh = await open(path, "r");
  try {
    const head = await readAt(fh, 0, Math.min(size, 65536));
    if (binaryReason(head)) return null;
    let encoding: TextEncoding;
    let skip = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      encoding = "utf-8-bom";
      skip = 3;
    } else encoding = isUtf8(head.subarray(0, utf8Boundary(head))) ? "utf-8" : "gb18030";
    // the header is the first line: unquoted, not blank, LF- or CRLF-ended
    const lf = head.indexOf(LF, skip);
    if (lf < 0) return null;
    const headerBytes = head.subarray(skip, lf + 1);
    if (headerBytes.includes(QUOTE) || loneCr(headerBytes)) return null;
    let headerText: string;
    try {
      headerText = new TextDecoder(encoding === "gb18030" ? "gb18030" : "utf-8", { fatal: true }).decode(headerBytes);
    } catch {
      return null;
    }
    if (cleanText(headerText) === "") return null;
    const header = Buffer.from(headerText, "utf8");

    const cuts = [0];
    for (let k = 1; k < parts; k++) {
      const target = Math.floor((size * k) / parts);
      if (target <= cuts[cuts.length - 1]! + QUOTE_WINDOW) continue;
      const from = target - QUOTE_WINDOW;
      const window = await readAt(fh, from, QUOTE_WINDOW + 65536);
      const at = window.indexOf(LF, QUOTE_WINDOW);
      if (at < 0) return null;
      const before = window.subarray(0, at + 1);
      if (before.includes(QUOTE) || loneCr(before)) return null;
      if (from + at + 1 < size) cuts.push(from + at + 1);
    }
    if (cuts.length < 2) return null;
    cuts.push(size);
    const ranges: CsvRange[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) ranges.push({ start: cuts[i]!, end: cuts[i + 1]!, encoding, header: i === 0 ? null : header });
    return ranges;
  } finally {
    await fh.close();
  }
}

/** The parts' results as one file's: rows and rejections added up (first MAX_REJECTED_LISTED listed), states merged in order. */
function mergeParts(shared: SharedJob, dataset: DatasetId, parts: PartResult[]): StreamedResult | null {
  if (parts.some((p) => p.problem !== null || p.load.error !== null || p.states === null) || sharedIds(parts)) return null;
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
    ...(first.sources ? { sources: [mergedSource(first.sources[0]!, { rows, accepted, rejected, total, rejectedRows, outside, unread, skipped, skippedTotal })] } : {}),
  };
  const aggregators = datasetAggregators(shared.options.stream!.rubric, contextOf(shared), dataset, dataset);
  for (const p of parts) p.states!.forEach((s, i) => aggregators[i]!.absorb(s));
  const rec = recordingSink();
  for (const a of aggregators) a.finish(rec);
  return { load, entries: rec.entries };
}

/** The one file's manifest line, from its parts' figures added up. */
function mergedSource(
  src: SourceLoad,
  m: { rows: number; accepted: number; rejected: RejectedRow[]; total: number; rejectedRows: number; outside: number; unread: SourceLoad["unread"]; skipped: SkippedLine[]; skippedTotal: number },
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

// ---------------------------------------------------------------- workers

function workerUrl(): URL {
  // under a TypeScript runner (tests) this file is src/data/streamed.ts: use the built worker
  return import.meta.url.endsWith(".ts") ? new URL("../../dist/data/worker.js", import.meta.url) : new URL("./worker.js", import.meta.url);
}

type FromWorker = { id: number } & ({ type: "progress"; bytes: number; rows: number } | { type: "done"; result: PartResult } | { type: "error"; message: string; stack?: string });

/** One worker thread, given the shared job once, then jobs one at a time. */
export class Lane {
  private worker: Worker;
  private pending = new Map<number, { resolve: (r: PartResult) => void; reject: (e: Error) => void; progress?: ReadMode["progress"] }>();
  private next = 0;
  private failed: Error | null = null;
  /** `data` null: started early, given its data later (init), before any job */
  constructor(data: WorkerData | null) {
    this.worker = new Worker(workerUrl(), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    this.worker.on("message", (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === "progress") p.progress?.(m.bytes, m.rows);
      else if (m.type === "done") {
        this.pending.delete(m.id);
        p.resolve(m.result);
      } else {
        this.pending.delete(m.id);
        const err = new Error(m.message);
        if (m.stack) err.stack = m.stack;
        p.reject(err);
      }
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`读取数据文件的工作线程意外退出（代码 ${code}）`)));
  }
  init(data: WorkerData): void {
    if (!this.failed && !this.closed) this.worker.postMessage({ type: "shared", data });
  }
  run(job: PartJob, progress?: ReadMode["progress"]): Promise<PartResult> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
      this.worker.postMessage({ id, job });
    });
  }
  closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

export interface StreamedContext {
  dir: string;
  mapping: ColumnMapping;
  options: LoadOptions;
  known: KnownIds;
  before: LoadedData;
  stream: StreamOptions | null;
  readHere: (id: DatasetId, sources: readonly DataSource[], mode: Omit<ReadMode, "known" | "progress">) => ReturnType<typeof readDataset>;
  /** workers started before the earlier datasets were read (startLanes), not yet given their data */
  lanes?: Lane[];
}

async function fileSizes(dir: string, files: { sources: readonly DataSource[] }[]): Promise<number[]> {
  return Promise.all(
    files.map(async (f) => {
      let n = 0;
      for (const s of f.sources) n += (await stat(join(dir, s.file)).catch(() => ({ size: 0 }))).size;
      return n;
    }),
  );
}

/** A dataset read from one CSV file (the only kind read in parts). */
const oneCsv = (f: { sources: readonly DataSource[] }) => f.sources.length === 1 && f.sources[0]!.file.toLowerCase().endsWith(".csv");
const labelOf = (f: { sources: readonly DataSource[] }) => (f.sources.length === 1 ? f.sources[0]!.file : `${f.sources[0]!.file} 等 ${f.sources.length} 个文件`);

/** Whether the large files go to worker threads, and at most how many. */
function poolSize(files: { sources: readonly DataSource[] }[], sizes: number[], stream: StreamOptions): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  const maxWorkers = stream.workers ?? availableParallelism();
  const threaded = maxWorkers > 0 && (stream.workers !== undefined ? stream.workers > 0 : total >= WORKER_MIN_BYTES);
  if (!threaded) return 0;
  // jobs at most: every CSV file large enough to split in its most parts
  let jobs = 0;
  files.forEach((f, i) => (jobs += oneCsv(f) && maxWorkers > 1 && sizes[i]! >= SPLIT_MIN_BYTES ? Math.max(2, Math.min(8, Math.ceil(sizes[i]! / PART_BYTES))) : 1));
  return Math.min(maxWorkers, jobs);
}

/** Start the worker threads readStreamed will use before the earlier datasets are read (a
 * worker takes a while to load its modules); they get their data when it is known. */
export async function startLanes(dir: string, files: { sources: readonly DataSource[] }[], stream: StreamOptions | null): Promise<Lane[]> {
  if (!stream || files.length === 0) return [];
  const n = poolSize(files, await fileSizes(dir, files), stream);
  return Array.from({ length: n }, () => new Lane(null));
}

/** Read the large datasets: in order, kept, without `stream`; aggregated, in parallel when large, with it. */
export async function readStreamed(files: { id: DatasetId; sources: DataSource[] }[], c: StreamedContext): Promise<StreamedResult[]> {
  if (!c.stream) {
    const out: StreamedResult[] = [];
    for (const f of files) out.push({ load: datasetLoad(await c.readHere(f.id, f.sources, { keep: true })), entries: null });
    return out;
  }
  const shared: SharedJob = { dir: c.dir, mapping: c.mapping, options: c.options, known: c.known, before: c.before };
  const sizes = await fileSizes(c.dir, files);
  const maxWorkers = c.stream.workers ?? availableParallelism();
  const threaded = poolSize(files, sizes, c.stream) > 0;
  const early = c.lanes ?? [];
  if (!threaded) await Promise.all(early.map((l) => l.close()));
  const bars = files.map((f, i) => c.stream!.progress?.file(labelOf(f), sizes[i]!) ?? null);
  const results: StreamedResult[] = new Array(files.length);

  if (!threaded) {
    for (let i = 0; i < files.length; i++) {
      const r = await runPart(shared, { dataset: files[i]!.id, sources: files[i]!.sources }, bars[i]?.update);
      bars[i]?.done();
      results[i] = { load: r.load, entries: r.entries };
    }
    return results;
  }

  // the jobs: whole files, or parts of the large CSV files (when a safe split is found)
  const jobs: { file: number; part: number; job: PartJob; cost: number }[] = [];
  const partsOf: (number | null)[] = files.map(() => null);
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const csv = oneCsv(f);
    const n = Math.max(2, Math.min(8, Math.ceil(sizes[i]! / PART_BYTES)));
    const ranges = csv && maxWorkers > 1 && sizes[i]! >= SPLIT_MIN_BYTES ? await planParts(join(c.dir, f.sources[0]!.file), sizes[i]!, n) : null;
    if (ranges) {
      partsOf[i] = ranges.length;
      ranges.forEach((range, k) => jobs.push({ file: i, part: k, job: { dataset: f.id, sources: f.sources, range }, cost: range.end - range.start }));
    } else jobs.push({ file: i, part: 0, job: { dataset: f.id, sources: f.sources }, cost: sizes[i]! * (csv ? 1 : XLSX_COST) });
  }
  jobs.sort((a, b) => b.cost - a.cost || a.file - b.file || a.part - b.part);

  const partResults: PartResult[][] = files.map((_, i) => new Array(partsOf[i] ?? 1));
  const doneBytes = files.map(() => [] as number[]);
  const left = files.map((_, i) => partsOf[i] ?? 1);
  const data = toWorkerData(shared);
  const wanted = Math.min(maxWorkers, jobs.length);
  await Promise.all(early.slice(wanted).map((l) => l.close()));
  const lanes = Array.from({ length: wanted }, (_, k) => {
    const l = early[k];
    if (!l) return new Lane(data);
    l.init(data);
    return l;
  });
  try {
    let next = 0;
    const run = async (k: number, job: PartJob, progress?: ReadMode["progress"]): Promise<PartResult> => {
      if (lanes[k]!.closed) lanes[k] = new Lane(data);
      try {
        return await lanes[k]!.run(job, progress);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ERR_WORKER_OUT_OF_MEMORY") throw err;
        // too large for a capped worker: run here, uncapped; a fresh worker for the next jobs
        await lanes[k]!.close();
        lanes[k] = new Lane(data);
        return runPart(shared, job, progress);
      }
    };
    const lane = async (k: number) => {
      while (next < jobs.length) {
        const j = jobs[next++]!;
        const bar = bars[j.file];
        const progress = bar ? (bytes: number, rows: number) => {
          doneBytes[j.file]![j.part] = bytes;
          bar.update(doneBytes[j.file]!.reduce((a, b) => a + (b ?? 0), 0), rows);
        } : undefined;
        partResults[j.file]![j.part] = await run(k, j.job, progress);
        // nothing left for this worker: let its memory go before the last merge
        if (next >= jobs.length) await lanes[k]!.close();
        if (--left[j.file]! === 0) {
          const i = j.file;
          if (partsOf[i] === null) {
            const r = partResults[i]![0]!;
            results[i] = { load: r.load, entries: r.entries };
          } else {
            // merged, or read whole when a part found what only a whole read reports right
            const merged = mergeParts(shared, files[i]!.id, partResults[i]!);
            results[i] = merged ?? (await run(k, { dataset: files[i]!.id, sources: files[i]!.sources }).then((r) => ({ load: r.load, entries: r.entries })));
          }
          partResults[i] = [];
          bar?.done();
        }
      }
    };
    await Promise.all(lanes.map((_, k) => lane(k)));
  } finally {
    await Promise.all(lanes.map((l) => l.close()));
  }
  return results;
}
