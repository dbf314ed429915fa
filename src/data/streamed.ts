/**
 * The last pass of loading: the large datasets (training, cases, case_reviews). With
 * `stream` set, each is aggregated into its indicators while it is read (rows never kept),
 * on worker threads (at most one per core) when the files are large, else on this thread.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { DatasetId } from "./contract.js";
import type { ColumnMapping, DatasetLoad, LoadedData, LoadOptions, Row, StreamOptions } from "./types.js";
import { finish, readDataset, type KnownIds, type ReadMode } from "./load.js";
import { buildContext } from "../indicators/context.js";
import { datasetAggregators } from "../indicators/compute.js";
import { recordingSink, type SinkEntry } from "../indicators/aggregate.js";
import { stat } from "node:fs/promises";

/** Below this many bytes in all, the large datasets are read on this thread (a worker costs ~50 ms to start). */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

export interface StreamedResult {
  load: DatasetLoad;
  entries: SinkEntry[] | null;
}

export interface StreamJob {
  dir: string;
  dataset: DatasetId;
  file: string;
  mapping: ColumnMapping;
  options: LoadOptions;
  known: KnownIds;
  before: LoadedData;
}

/** Read one large dataset and aggregate it (the worker's job, also run in-thread). */
export async function runStreamJob(job: StreamJob, progress?: ReadMode["progress"]): Promise<StreamedResult> {
  const rubric = job.options.stream!.rubric;
  const ctx = buildContext(rubric, job.before);
  const aggregators = datasetAggregators(rubric, ctx, job.dataset, job.dataset);
  const sink = (row: Row) => {
    for (const a of aggregators) a.add(row);
  };
  const { stream: _stream, ...plain } = job.options;
  const w = await readDataset(job.dir, job.dataset, job.file, job.mapping, plain, {
    keep: false,
    sink,
    known: job.known,
    ...(progress ? { progress } : {}),
  });
  const load = finish(w);
  if (load.error) return { load, entries: null };
  const rec = recordingSink();
  for (const a of aggregators) a.finish(rec);
  return { load, entries: rec.entries };
}

function workerUrl(): URL {
  // under a TypeScript runner (tests) this file is src/data/streamed.ts: use the built worker
  return import.meta.url.endsWith(".ts") ? new URL("../../dist/data/worker.js", import.meta.url) : new URL("./worker.js", import.meta.url);
}

function inWorker(job: StreamJob, progress?: ReadMode["progress"]): Promise<StreamedResult> {
  return new Promise((resolve, reject) => {
    const { stream, ...options } = job.options;
    const worker = new Worker(workerUrl(), {
      workerData: { ...job, options: { ...options, stream: { rubric: stream!.rubric } } },
    });
    let settled = false;
    worker.on("message", (m: { type: "progress"; bytes: number; rows: number } | { type: "done"; result: StreamedResult } | { type: "error"; message: string; stack?: string }) => {
      if (m.type === "progress") progress?.(m.bytes, m.rows);
      else if (m.type === "done") {
        settled = true;
        resolve(m.result);
      } else {
        settled = true;
        const err = new Error(m.message);
        if (m.stack) err.stack = m.stack;
        reject(err);
      }
    });
    worker.on("error", (err) => {
      settled = true;
      reject(err);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`读取 ${job.file} 的工作线程意外退出（代码 ${code}）`));
    });
  });
}

export interface StreamedContext {
  dir: string;
  mapping: ColumnMapping;
  options: LoadOptions;
  known: KnownIds;
  before: LoadedData;
  stream: StreamOptions | null;
  readHere: (id: DatasetId, file: string, mode: Omit<ReadMode, "known" | "progress">) => ReturnType<typeof readDataset>;
}

/** Read the large datasets: in order, kept, without `stream`; aggregated, in parallel when large, with it. */
export async function readStreamed(files: { id: DatasetId; file: string }[], c: StreamedContext): Promise<StreamedResult[]> {
  if (!c.stream) {
    const out: StreamedResult[] = [];
    for (const f of files) out.push({ load: finish(await c.readHere(f.id, f.file, { keep: true })), entries: null });
    return out;
  }
  const sizes = await Promise.all(files.map(async (f) => (await stat(join(c.dir, f.file)).catch(() => ({ size: 0 }))).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const maxWorkers = c.stream.workers ?? Math.max(1, Math.min(availableParallelism(), files.length));
  const threaded = maxWorkers > 0 && (c.stream.workers !== undefined ? c.stream.workers > 0 : total >= WORKER_MIN_BYTES);
  const job = (f: { id: DatasetId; file: string }): StreamJob => ({ dir: c.dir, dataset: f.id, file: f.file, mapping: c.mapping, options: c.options, known: c.known, before: c.before });
  const run = (i: number) => {
    const f = files[i]!;
    const bar = c.stream!.progress?.file(f.file, sizes[i]!);
    const progress = bar ? bar.update : undefined;
    const p = threaded ? inWorker(job(f), progress) : runStreamJob(job(f), progress);
    return p.then((r) => {
      bar?.done();
      return r;
    });
  };
  const results: StreamedResult[] = new Array(files.length);
  if (!threaded) {
    for (let i = 0; i < files.length; i++) results[i] = await run(i);
    return results;
  }
  // largest first, at most maxWorkers at a time
  const order = files.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  let next = 0;
  const lanes = Array.from({ length: Math.min(maxWorkers, files.length) }, async () => {
    while (next < order.length) {
      const i = order[next++]!;
      results[i] = await run(i);
    }
  });
  await Promise.all(lanes);
  return results;
}
