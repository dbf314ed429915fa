/**
 * The collector the CLI passes to evaluate (src/util/collect.ts): V8's full collection, had
 * without a global `gc` left behind, run only once enough has piled up since the last one.
 */
import { describe, expect, it } from "vitest";
import { fullGc, growthCollector, heldBytes } from "../../src/util/collect.js";

const MB = 1024 * 1024;

describe("fullGc", () => {
  it("collects what nothing holds any more, and leaves no global gc behind", async () => {
    const before = typeof (globalThis as { gc?: unknown }).gc;
    const gc = fullGc();
    expect(gc).toBeTypeOf("function");
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(before);
    const ref = (() => new WeakRef({ rows: Array.from({ length: 10_000 }, (_, i) => ({ i })) }))();
    // (a WeakRef's target lives at least to the end of the job that made it, or last read it)
    await new Promise((r) => setImmediate(r));
    gc!();
    expect(ref.deref()).toBeUndefined();
  });

  it("can be had more than once", () => {
    expect(fullGc()).toBeTypeOf("function");
    expect(fullGc()).toBeTypeOf("function");
  });
});

describe("growthCollector", () => {
  it("collects only when the memory held has grown by the step since the last collection", () => {
    let held = 10 * MB;
    let runs = 0;
    const collect = growthCollector(
      () => {
        runs++;
        held = 20 * MB; // what is live after the collection
      },
      32,
      () => held,
    );
    held = 41 * MB;
    collect();
    expect(runs).toBe(0); // 31 MB since it was made
    held = 42 * MB;
    collect();
    expect(runs).toBe(1);
    held = 51 * MB;
    collect();
    expect(runs).toBe(1); // measured from the 20 MB left by the last collection, not from 42
    held = 52 * MB;
    collect();
    expect(runs).toBe(2);
  });

  it("measures the heap and the array buffers", () => {
    const before = heldBytes();
    const buffers = Array.from({ length: 8 }, () => new ArrayBuffer(4 * MB));
    expect(heldBytes() - before).toBeGreaterThanOrEqual(32 * MB);
    expect(buffers.length).toBe(8);
  });
});
