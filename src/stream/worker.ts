/** Worker thread entry: reads large dataset files, or parts of them, into folds, one job at a time (see stage.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { runPart, type PartJob, type SharedJob } from "./part.js";
import { sharedFromWorkerData } from "./worker-data.js";
import { linesAtOffsets } from "../data/byte-range.js";

// a worker started early (before the earlier datasets were read) is given its data first, by
// message; meanwhile it loads the folds' module (its jobs import it by the same URL)
const start = workerData as { preload: string } | Record<string, unknown> | null;
const early = start !== null && "preload" in start ? (start.preload as string) : null;
let shared: Promise<SharedJob> | null = start && early === null ? given(start) : null;
if (early !== null) import(early).catch(() => {});
type ToWorker =
  | { type: "shared"; data: unknown }
  | { type: "lines"; id: number; path: string; offsets: number[] }
  | { id: number; job: PartJob };
parentPort!.on("message", (m: ToWorker) => {
  if ("type" in m && m.type === "lines") {
    // a large file's parts' first lines, counted while this thread waits for its data
    linesAtOffsets(m.path, m.offsets).then(
      (lines) => parentPort!.postMessage({ id: m.id, type: "lines", lines }),
      (err: Error) => parentPort!.postMessage({ id: m.id, type: "error", message: err?.message ?? String(err) }),
    );
    return;
  }
  if (!("job" in m)) {
    shared = given(m.data);
    return;
  }
  const progress = (bytes: number, rows: number) => parentPort!.postMessage({ id: m.id, type: "progress", bytes, rows });
  shared!
    .then((s) => runPart(s, m.job, progress))
    .then(
      // (the part's hashes handed over, not copied: a copy left here is garbage outside the heap)
      (result) => parentPort!.postMessage({ id: m.id, type: "done", result }, result.hashes ? [result.hashes.buffer as ArrayBuffer] : []),
      (err: Error) => parentPort!.postMessage({ id: m.id, type: "error", message: err?.message ?? String(err), stack: err?.stack }),
    );
});

/** The shared job, made whole (a failure is reported with the first job, not as an unhandled rejection). */
function given(data: unknown): Promise<SharedJob> {
  const p = sharedFromWorkerData(data);
  p.catch(() => {});
  return p;
}
