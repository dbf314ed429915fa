/**
 * The stream stage: the large datasets (training, cases, case_reviews) read in the data
 * folder's last pass, each accepted row handed to a fold as it is read (rows never kept): in
 * parallel when the files are large (one reader per core: this thread and worker threads), else
 * on this thread alone.
 *
 * In parallel a large CSV file is read in parts (split.ts), so that both cores parse it: this
 * thread reads parts too, beside the workers (one worker fewer: a third V8 heap on two cores cost
 * more in memory and in contended garbage collection than it gave). Each part is checked and
 * folded on its own, and the parts' fold states are merged here in
 * file order (merge.ts); a part that finds what only a whole read can report right makes the
 * file be read whole. A part's first line is counted once per file, by a worker while it waits
 * for its data (planEarly). The data layer reads and checks (data/read-dataset.ts); what the rows are
 * folded into is the caller's (FoldSpec: the indicators' aggregators, for evaluate).
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { stat } from "node:fs/promises";
import type { DatasetId } from "../data/contract.js";
import type { DataSource, DatasetLoad, LargeDataset, LargeDatasetReader, LastPass } from "../data/types.js";
import type { CsvRange } from "../data/byte-range.js";
import type { ReadMode } from "../data/reading.js";
import type { Progress } from "../util/progress.js";
import type { FoldSpec } from "./fold.js";
import { foldsOf, runPart, type PartJob, type PartResult, type SharedJob, type StreamedResult } from "./part.js";
import { planParts } from "./split.js";
import { FileMerge } from "./merge.js";
import { ReaderThread } from "./thread.js";
import { toWorkerData } from "./worker-data.js";

/** Below this many bytes in all, the large datasets are read on this thread (a worker costs ~50 ms to start). */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;
/** A CSV file at least this large is read in parts on the workers … */
export const SPLIT_MIN_BYTES = 8 * 1024 * 1024;
/** … of about this size (at least 2, at most 8 parts). */
const PART_BYTES = 24 * 1024 * 1024;
/** xlsx is costlier per byte than CSV (unzip, XML): weight for scheduling the largest job first. */
const XLSX_COST = 12;

export interface StreamOptions<I, R> {
  /** what the rows are folded into */
  folds: FoldSpec<I, R>;
  /** threads reading the large datasets in parallel, this one counted (so n − 1 worker threads):
   * 0 or 1 = this thread alone; default: one per core when the files are large */
  workers?: number;
  /** progress display */
  progress?: Progress | null;
}

/** The stage, for one load: the reader to hand loadData, and afterwards each large dataset's fold result. */
export interface StreamStage<R> {
  reader: LargeDatasetReader;
  /** the fold result of each large dataset read (absent: not read, or its file could not be used) */
  results(): Partial<Record<DatasetId, R>>;
}

export function streamStage<I, R>(opts: StreamOptions<I, R>): StreamStage<R> {
  let early: ReaderThread[] = [];
  let planned: Planned = new Map();
  const results: Partial<Record<DatasetId, R>> = {};
  return {
    reader: {
      async prepare(dir, files) {
        const sizes = await fileSizes(dir, files);
        early = startThreads(files, sizes, opts);
        planned = planEarly(dir, files, sizes, early);
      },
      async read(files, pass) {
        const out = await readLarge(files, { pass, opts: opts as StreamOptions<unknown, unknown>, early, planned });
        for (const r of out) if (r.result !== null) results[r.load.dataset] = r.result as R;
        return out.map((r): DatasetLoad => r.load);
      },
      async close() {
        // (readLarge ends the threads it took; these only when it was not reached)
        await Promise.all(early.map((t) => t.close()));
      },
    },
    results: () => results,
  };
}

async function fileSizes(dir: string, files: readonly { sources: readonly DataSource[] }[]): Promise<number[]> {
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
const labelOf = (f: { sources: readonly DataSource[] }) =>
  f.sources.length === 1 ? f.sources[0]!.file : `${f.sources[0]!.file} 等 ${f.sources.length} 个文件`;
/** How many parts a CSV file of `size` bytes is cut into. */
const partCount = (size: number) => Math.max(2, Math.min(8, Math.ceil(size / PART_BYTES)));

/** Whether the large files are read in parallel, and by at most how many threads (this one counted). */
function poolSize(files: readonly { sources: readonly DataSource[] }[], sizes: number[], opts: { workers?: number }): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  const maxWorkers = opts.workers ?? availableParallelism();
  const threaded = maxWorkers > 1 && (opts.workers !== undefined || total >= WORKER_MIN_BYTES);
  if (!threaded) return 0;
  // jobs at most: every CSV file large enough to split in its most parts
  let jobs = 0;
  files.forEach((f, i) => (jobs += oneCsv(f) && sizes[i]! >= SPLIT_MIN_BYTES ? partCount(sizes[i]!) : 1));
  // one job: read on this thread
  return jobs > 1 ? Math.min(maxWorkers, jobs) : 0;
}

/** Start the worker threads readLarge will use before the earlier datasets are read (a worker
 * takes a while to load its modules); they get their data when it is known. */
function startThreads(
  files: readonly LargeDataset[],
  sizes: number[],
  opts: { workers?: number; folds: { module: string } },
): ReaderThread[] {
  if (files.length === 0) return [];
  const n = poolSize(files, sizes, opts);
  // (each loads the folds' module meanwhile; this thread is the n-th reader)
  return Array.from({ length: Math.max(0, n - 1) }, () => new ReaderThread(null, opts.folds.module));
}

/** The parts planned for a large CSV file before the earlier datasets are read, by dataset, file and size. */
type Planned = Map<string, Promise<CsvRange[] | null>>;
const planKey = (id: DatasetId, file: string, size: number) => `${id}\0${file}\0${size}`;

/**
 * Each large CSV file's parts, planned while the earlier datasets are read, with the line each
 * part starts on counted by a thread started early (in one pass over the file, while the thread
 * waits for its data), so that a part's reader need not count from the file's start itself.
 * A count that fails leaves the parts to count their lines; a plan that fails is planned again.
 */
export function planEarly(dir: string, files: readonly LargeDataset[], sizes: number[], threads: ReaderThread[]): Planned {
  const planned: Planned = new Map();
  if (threads.length === 0) return planned;
  let t = 0;
  files.forEach((f, i) => {
    const size = sizes[i]!;
    if (!oneCsv(f) || size < SPLIT_MIN_BYTES) return;
    const thread = threads[t++ % threads.length]!;
    const path = join(dir, f.sources[0]!.file);
    const plan = planParts(path, size, partCount(size)).then(async (ranges) => {
      if (!ranges) return null;
      const starts = ranges.map((r) => r.start);
      const lines = await thread.linesAt(path, starts).catch(() => null);
      return lines ? ranges.map((r, k) => ({ ...r, line: lines[k]! })) : ranges;
    });
    // (a plan that fails is made again when the file is read: its error is that one's)
    plan.catch(() => {});
    planned.set(planKey(f.id, f.sources[0]!.file, size), plan);
  });
  return planned;
}

/** A reader of jobs: a worker thread, or this thread. */
type Reader = Pick<ReaderThread, "closed" | "run" | "close">;

/** Read the large datasets, each into its fold: in parallel when large. */
async function readLarge(
  files: readonly LargeDataset[],
  c: { pass: LastPass; opts: StreamOptions<unknown, unknown>; early: ReaderThread[]; planned: Planned },
): Promise<StreamedResult[]> {
  const { pass, opts, early, planned } = c;
  // what cannot cross to a thread (this reader, the progress display) stays here
  const { largeReader: _reader, progress: _progress, ...options } = pass.options;
  const { module, input, reads, foldsFor } = opts.folds;
  const shared: SharedJob = {
    dir: pass.dir,
    mapping: pass.mapping,
    options,
    known: pass.known,
    before: pass.before,
    folds: { module, input, reads, foldsFor },
  };
  const sizes = await fileSizes(pass.dir, files);
  const maxWorkers = opts.workers ?? availableParallelism();
  const threaded = poolSize(files, sizes, opts) > 0;
  if (!threaded) await Promise.all(early.map((t) => t.close()));
  const bars = files.map((f, i) => opts.progress?.file(labelOf(f), sizes[i]!) ?? null);
  const results: StreamedResult[] = new Array(files.length);

  if (!threaded) {
    for (let i = 0; i < files.length; i++) {
      const r = await runPart(shared, { dataset: files[i]!.id, sources: files[i]!.sources }, bars[i]?.update);
      bars[i]?.done();
      results[i] = { load: r.load, result: r.result };
    }
    return results;
  }

  // the threads started early get their data now: they set it up while the parts are planned
  const data = toWorkerData(shared);
  for (const t of early) t.init(data);

  // the jobs: whole files, or parts of the large CSV files (when a safe split is found)
  const jobs: { file: number; part: number; job: PartJob; cost: number }[] = [];
  const partsOf: (number | null)[] = files.map(() => null);
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const csv = oneCsv(f);
    let ranges: CsvRange[] | null = null;
    if (csv && sizes[i]! >= SPLIT_MIN_BYTES) {
      // as planned early, else (not planned, or the plan failed) now
      const plan = () => planParts(join(pass.dir, f.sources[0]!.file), sizes[i]!, partCount(sizes[i]!));
      const ahead = planned.get(planKey(f.id, f.sources[0]!.file, sizes[i]!));
      ranges = await (ahead ? ahead.catch(plan) : plan());
    }
    if (ranges) {
      partsOf[i] = ranges.length;
      ranges.forEach((range, k) =>
        jobs.push({ file: i, part: k, job: { dataset: f.id, sources: f.sources, range }, cost: range.end - range.start }),
      );
    } else jobs.push({ file: i, part: 0, job: { dataset: f.id, sources: f.sources }, cost: sizes[i]! * (csv ? 1 : XLSX_COST) });
  }
  jobs.sort((a, b) => b.cost - a.cost || a.file - b.file || a.part - b.part);

  const doneBytes = files.map(() => [] as number[]);
  const left = files.map((_, i) => partsOf[i] ?? 1);
  // the readers: wanted − 1 workers and this thread (the last)
  const wanted = Math.min(maxWorkers, jobs.length);
  await Promise.all(early.slice(wanted - 1).map((t) => t.close()));
  const here: Reader = { closed: false, run: (job, progress) => runPart(shared, job, progress), close: async () => {} };
  const threads: Reader[] = Array.from({ length: wanted }, (_, k) => (k === wanted - 1 ? here : (early[k] ?? new ReaderThread(data))));
  try {
    // a split file's parts are merged as they come back (this thread waits on the workers
    // meanwhile; its folds are built while they are given their data)
    const folds = await foldsOf(shared);
    const merges = files.map((f, i) => (partsOf[i] === null ? null : new FileMerge(folds, f.id, partsOf[i]!)));
    let next = 0;
    const run = async (k: number, job: PartJob, progress?: ReadMode["progress"]): Promise<PartResult> => {
      if (threads[k]!.closed) threads[k] = new ReaderThread(data);
      try {
        return await threads[k]!.run(job, progress);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ERR_WORKER_OUT_OF_MEMORY") throw err;
        // too large for a capped worker: run here, uncapped; a fresh worker for the next jobs
        await threads[k]!.close();
        threads[k] = new ReaderThread(data);
        return runPart(shared, job, progress);
      }
    };
    /** Hands thread k the next job, if any. */
    const start = (k: number) => {
      if (next >= jobs.length) return null;
      const j = jobs[next++]!;
      const bar = bars[j.file];
      const progress = bar
        ? (bytes: number, rows: number) => {
            doneBytes[j.file]![j.part] = bytes;
            bar.update(
              doneBytes[j.file]!.reduce((a, b) => a + (b ?? 0), 0),
              rows,
            );
          }
        : undefined;
      const result = run(k, j.job, progress);
      // (awaited below; a failure while this thread merges the job before is not unhandled)
      result.catch(() => {});
      return { j, result };
    };
    /** Thread k takes the next job while there is one; the last part of a file merges the file. */
    const takeJobs = async (k: number) => {
      for (let cur = start(k); cur !== null; ) {
        const { j } = cur;
        const r = await cur.result;
        // the thread's next job before this one's merging, so that the thread does not wait on it
        cur = start(k);
        // nothing left for this thread: let its memory go before the last merge
        if (cur === null) await threads[k]!.close();
        merges[j.file]?.add(j.part, r);
        if (--left[j.file]! === 0) {
          const i = j.file;
          const merge = merges[i];
          if (!merge) results[i] = { load: r.load, result: r.result };
          else {
            // merged, or read whole when a part found what only a whole read reports right
            results[i] =
              merge.finish() ??
              (await run(k, { dataset: files[i]!.id, sources: files[i]!.sources }).then((w) => ({ load: w.load, result: w.result })));
            // its parts' loads let go
            merges[i] = null;
          }
          bars[i]?.done();
        }
      }
    };
    await Promise.all(threads.map((_, k) => takeJobs(k)));
  } finally {
    await Promise.all(threads.map((t) => t.close()));
  }
  return results;
}
