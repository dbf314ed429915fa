import { describe, expect, it } from "vitest";
import { readdirSync, readlinkSync } from "node:fs";
import { HashRuns } from "../../src/util/hash-runs.js";

/** A deterministic generator (xorshift), so that a failure can be run again. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** `count` runs of distinct 53-bit hashes, sorted, of lengths up to `max`. */
function distinctRuns(rand: () => number, count: number, max: number): Float64Array[] {
  const seen = new Set<number>();
  const runs: Float64Array[] = [];
  for (let r = 0; r < count; r++) {
    const n = Math.floor(rand() * max);
    const run = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let h: number;
      do h = Math.floor(rand() * 2 ** 21) * 2 ** 32 + Math.floor(rand() * 2 ** 32);
      while (seen.has(h));
      seen.add(h);
      run[i] = h;
    }
    runs.push(run.sort());
  }
  return runs;
}

/** Open spill files of this process (their names, removed from the folder, stay in /proc/self/fd). */
function openSpills(): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).includes(`.fazhi-spill-${process.pid}-`);
    } catch {
      return false;
    }
  }).length;
}

describe("HashRuns: a split file's parts' hashes, spilled and merged", () => {
  it("finds a hash in two runs or twice in one, wherever it falls in the windows read back", () => {
    const rand = random(2024);
    for (let trial = 0; trial < 60; trial++) {
      const runs = distinctRuns(rand, 1 + Math.floor(rand() * 6), 40);
      const total = runs.reduce((n, r) => n + r.length, 0);
      const window = 1 + Math.floor(rand() * 7);
      const build = (rs: Float64Array[]) => {
        const h = new HashRuns({ spillFrom: trial % 3 === 0 ? 1_000_000 : 1, window });
        for (const r of rs) h.add(Float64Array.from(r));
        return h;
      };
      expect(build(runs).allDifferent()).toBe(true);
      if (total < 2) continue;
      // one hash copied into another run (or the same one), kept sorted
      const from = runs.filter((r) => r.length > 0)[Math.floor(rand() * runs.filter((r) => r.length > 0).length)]!;
      const dup = from[Math.floor(rand() * from.length)]!;
      const into = Math.floor(rand() * runs.length);
      const withDup = runs.map((r, i) => (i === into ? Float64Array.from([...r, dup]).sort() : r));
      expect(build(withDup).allDifferent()).toBe(false);
    }
  });

  it("keeps a spilled run in its file, not the array it was given (which may be let go or reused)", () => {
    const h = new HashRuns({ spillFrom: 1, window: 3 });
    const a = Float64Array.from([1, 5, 9, 13, 17]);
    const b = Float64Array.from([2, 6, 10]);
    h.add(a);
    h.add(b);
    // the arrays overwritten after they were added: had they been kept, every hash would now be 7
    a.fill(7);
    b.fill(7);
    expect(h.allDifferent()).toBe(true);
    const c = Float64Array.from([3, 9]);
    h.add(c);
    c.fill(0);
    expect(h.allDifferent()).toBe(false);
  });

  it("keeps short runs, and every run when no spill file can be made, in memory — with the same answers", () => {
    for (const opts of [{ spillFrom: 100 }, { spillFrom: 1, dir: "/nonexistent/fazhi" }]) {
      const h = new HashRuns(opts);
      h.add(Float64Array.from([1, 4]));
      h.add(Float64Array.from([2, 3]));
      expect(h.allDifferent()).toBe(true);
      h.add(Float64Array.from([4]));
      expect(h.allDifferent()).toBe(false);
    }
  });

  it("makes one spill file for its runs and closes it when let go", () => {
    const before = openSpills();
    const h = new HashRuns({ spillFrom: 1 });
    h.add(Float64Array.from([1, 2]));
    h.add(Float64Array.from([3]));
    expect(openSpills()).toBe(before + 1);
    expect(h.allDifferent()).toBe(true);
    h.close();
    expect(openSpills()).toBe(before);
  });
});
