/** A worker thread of the stream stage, and the messages to and from it (worker.ts is its other end). */
import { Worker } from "node:worker_threads";
import type { ReadMode } from "../data/reading.js";
import type { PartJob, PartResult } from "./part.js";
import type { WorkerData } from "./worker-data.js";

/** A worker's old generation is capped (V8 would let it grow to several times what is live,
 * and two workers' garbage is most of the peak memory). A job that runs out of it is run again
 * on this thread, uncapped, and the worker replaced. */
export const WORKER_HEAP_MB = 160;
/** … and its young generation kept smaller than V8's default (a little more scavenging, less memory). */
export const WORKER_YOUNG_MB = 24;

function workerUrl(): URL {
  // under a TypeScript runner (tests) this file is src/stream/thread.ts: use the built worker
  return import.meta.url.endsWith(".ts")
    ? new URL("../../dist/stream/worker.js", import.meta.url)
    : new URL("./worker.js", import.meta.url);
}

type FromWorker = { id: number } & (
  | { type: "progress"; bytes: number; rows: number }
  | { type: "done"; result: PartResult }
  | { type: "lines"; lines: number[] }
  | { type: "error"; message: string; stack?: string }
);

/** One worker thread, given the shared job once, then jobs one at a time. */
export class ReaderThread {
  private worker: Worker;
  private pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void; progress?: ReadMode["progress"] }>();
  private next = 0;
  private failed: Error | null = null;
  /** `data` null: started early, given its data later (init), before any job; it imports
   * `preload` (the folds' module) while it waits */
  constructor(data: WorkerData | null, preload?: string) {
    this.worker = new Worker(workerUrl(), {
      workerData: data ?? (preload ? { preload } : null),
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    this.worker.on("message", (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === "progress") p.progress?.(m.bytes, m.rows);
      else if (m.type === "done" || m.type === "lines") {
        this.pending.delete(m.id);
        p.resolve((m.type === "done" ? m.result : m.lines) as never);
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
  /** The lines (1-based) that `offsets` (ascending) of the file at `path` are on (linesAtOffsets),
   * counted on this thread: a thread started early does it while it waits for its data. */
  linesAt(path: string, offsets: readonly number[]): Promise<number[]> {
    if (this.failed || this.closed) return Promise.reject(this.failed ?? new Error("thread closed"));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "lines", id, path, offsets });
    });
  }
  closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.worker.removeAllListeners("exit");
    // (what is still asked of it — a count no longer wanted, a job after another failed — ends refused)
    for (const p of this.pending.values()) p.reject(new Error("thread closed"));
    this.pending.clear();
    await this.worker.terminate();
  }
}
