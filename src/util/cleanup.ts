/**
 * What a run leaves behind when it is stopped: cleanups registered while a temporary folder or a
 * browser lives, run on SIGINT/SIGTERM/SIGHUP before the process ends (the signal is then raised
 * again, so the exit status says how the run ended); and a sweep of what a run killed outright
 * (kill -9) left: temporary files and folders named with the pid of a process that is gone.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;
let stopping = false;

/** Registers a cleanup for as long as its resource lives; call the returned function to drop it. */
export function onStop(fn: Cleanup): () => void {
  cleanups.add(fn);
  install();
  return () => {
    cleanups.delete(fn);
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const sig of SIGNALS) process.on(sig, () => void stop(sig));
}

async function stop(sig: (typeof SIGNALS)[number]): Promise<void> {
  if (stopping) return;
  stopping = true;
  const all = [...cleanups].reverse();
  cleanups.clear();
  // each cleanup gets a bounded time: a hung browser must not keep the run alive
  await Promise.race([Promise.allSettled(all.map(async (fn) => fn())), new Promise((r) => setTimeout(r, 5000).unref())]);
  for (const s of SIGNALS) process.removeAllListeners(s);
  process.kill(process.pid, sig);
}

/** Whether a process with this pid exists (EPERM: it exists, owned by someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes, in `dir`, the entries whose name matches `pattern` (its first group is the pid that
 * made them) when that process is gone. Returns what was removed. Missing `dir`: nothing.
 */
export function sweepStale(dir: string, pattern: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(join(dir, name));
    } catch {
      // not ours to remove after all (permissions): leave it
    }
  }
  return removed;
}

/** Our temporary files beside outputs: `.<name>.tmp-<pid>[-<n>]` (writeFileAtomic, assets). */
export const TEMP_FILE = /^\..+\.tmp-(\d+)(?:-\d+)?$/;
/** The PDF step's scratch HTML folder in --out. */
export const HTML_SCRATCH = /^\.fazhi-html-(\d+)$/;
