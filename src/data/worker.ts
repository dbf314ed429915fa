/** Worker thread entry: reads and aggregates one large dataset (see streamed.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { runStreamJob, type StreamJob } from "./streamed.js";

const job = workerData as StreamJob;
runStreamJob(job, (bytes, rows) => parentPort!.postMessage({ type: "progress", bytes, rows })).then(
  (result) => parentPort!.postMessage({ type: "done", result }),
  (err: Error) => parentPort!.postMessage({ type: "error", message: err?.message ?? String(err), stack: err?.stack }),
);
