/** Worker thread entry: reads and aggregates large dataset files, or parts of them, one job at a time (see streamed.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { runPart, sharedFromWorkerData, type PartJob } from "./streamed.js";

const shared = sharedFromWorkerData(workerData);
parentPort!.on("message", (m: { id: number; job: PartJob }) => {
  const progress = (bytes: number, rows: number) => parentPort!.postMessage({ id: m.id, type: "progress", bytes, rows });
  runPart(shared, m.job, progress).then(
    (result) => parentPort!.postMessage({ id: m.id, type: "done", result }),
    (err: Error) => parentPort!.postMessage({ id: m.id, type: "error", message: err?.message ?? String(err), stack: err?.stack }),
  );
});
