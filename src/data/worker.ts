/** Worker thread entry: reads and aggregates large dataset files, or parts of them, one job at a time (see streamed.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { runPart, sharedFromWorkerData, type PartJob, type SharedJob } from "./streamed.js";

// a worker started early (before the earlier datasets were read) is given its data first, by message
let shared: SharedJob | null = workerData ? sharedFromWorkerData(workerData) : null;
parentPort!.on("message", (m: { type: "shared"; data: unknown } | { id: number; job: PartJob }) => {
  if (!("job" in m)) {
    shared = sharedFromWorkerData(m.data);
    return;
  }
  const progress = (bytes: number, rows: number) => parentPort!.postMessage({ id: m.id, type: "progress", bytes, rows });
  runPart(shared!, m.job, progress).then(
    (result) => parentPort!.postMessage({ id: m.id, type: "done", result }),
    (err: Error) => parentPort!.postMessage({ id: m.id, type: "error", message: err?.message ?? String(err), stack: err?.stack }),
  );
});
