/**
 * Garbage collection asked for where a run has just let much memory go: between the parts of a
 * large file (stream/stage.ts), each part's fold state is garbage once merged. Left to itself V8
 * lets that pile up — on the main thread the heap grew to ≈ 210 MB for ≈ 55 MB live, and the array
 * buffers awaiting collection to ≈ 110 MB — so that one and the same run at 2,000 units peaked
 * anywhere from ≈ 380 to ≈ 500 MB. A full collection when the memory held has grown by a set
 * amount since the last one keeps the peak where the live data put it (bench/README.md, twelfth round).
 *
 * Only a process that owns its heap asks for this (the CLI): the library takes the collector as
 * an option and never reaches for V8's flags itself.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Growth of the memory held (heap used + array buffers) since the last collection that is worth a full one. */
export const COLLECT_GROWTH_MB = 32;

/**
 * V8's full garbage collection, or null when this V8 will not give it. Made available as test
 * runners do it (Jest's leak detector): `--expose-gc` is set only while one fresh context is made,
 * whose `gc` is kept, so no other code in the process sees a global `gc`.
 */
export function fullGc(): (() => void) | null {
  if (typeof globalThis.gc === "function") return globalThis.gc as () => void;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("typeof gc === 'function' ? gc : null");
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

/** The memory held on this thread: the heap in use and the array buffers (bytes). */
export function heldBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * A collector to call where much may just have been let go: it runs `gc` when the memory held
 * has grown by at least `growthMb` since the last time it ran (or since it was made), and does
 * nothing otherwise — a full collection costs ≈ 50 ms at 2,000 units, so not at every call. (It
 * costs more than its pauses: after one, V8 sets its next limit from a smaller live heap and
 * collects again sooner; in all ≈ 5–10 % of a run's time, measured in bench/README.md.)
 */
export function growthCollector(gc: () => void, growthMb = COLLECT_GROWTH_MB, held: () => number = heldBytes): () => void {
  const step = growthMb * 1024 * 1024;
  let base = held();
  return () => {
    if (held() - base < step) return;
    gc();
    base = held();
  };
}
