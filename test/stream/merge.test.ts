import { describe, expect, it } from "vitest";
import { FileMerge } from "../../src/stream/merge.js";
import type { PartResult } from "../../src/stream/part.js";
import type { RowFold } from "../../src/stream/fold.js";
import type { DatasetLoad, Row } from "../../src/data/types.js";

/** A fold that remembers the order its states were absorbed in. */
function listFold(): RowFold<number[]> {
  const seen: number[] = [];
  return {
    add: (row: Row) => void seen.push(row.line),
    state: () => [...seen],
    absorb: (state) => void seen.push(...(state as number[])),
    result: () => seen,
  };
}
const folds = () => listFold() as RowFold<unknown>;

function part(lines: number[], hashes: number[], extra: Partial<PartResult> = {}): PartResult {
  const load: DatasetLoad = {
    dataset: "cases",
    file: "cases.csv",
    format: "csv",
    encoding: "utf-8",
    rows: lines.length,
    accepted: lines.length,
    rejected: [],
    error: null,
    headers: [],
    records: [],
  };
  return { load, result: null, state: lines, problem: null, hashes: Float64Array.from(hashes).sort(), ...extra };
}

describe("FileMerge: a file's parts merged as they come back", () => {
  it("absorbs the parts in file order whatever order they arrive in, and lets each state go", () => {
    const m = new FileMerge(folds, "cases", 4);
    const parts = [part([1, 2], [10, 11]), part([3], [5]), part([4, 5], [30]), part([6], [1])];
    m.add(2, parts[2]!);
    expect(parts[2]!.state).toEqual([4, 5]); // part 0 not in yet: kept
    m.add(0, parts[0]!);
    expect(parts[0]!.state).not.toEqual([1, 2]);
    m.add(3, parts[3]!);
    expect(m.finish()).toBeNull(); // part 1 missing
    m.add(1, parts[1]!);
    const r = m.finish()!;
    expect(r.result).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.load.rows).toBe(6);
    expect(parts.every((p) => !Array.isArray(p.state))).toBe(true);
  });
  it("refuses (read the file whole) when two parts hold the same id hash", () => {
    const m = new FileMerge(folds, "cases", 3);
    m.add(1, part([3], [7, 9]));
    m.add(0, part([1], [1, 2]));
    m.add(2, part([5], [8, 9]));
    expect(m.finish()).toBeNull();
  });
  it("refuses when one part holds the same hash twice (two ids, one hash)", () => {
    const m = new FileMerge(folds, "cases", 2);
    m.add(0, part([1], [4, 4]));
    m.add(1, part([2], [5]));
    expect(m.finish()).toBeNull();
  });
  it("refuses when a part found a problem, an error, or has no state", () => {
    for (const bad of [{ problem: "引号没有闭合" }, { state: null }]) {
      const m = new FileMerge(folds, "cases", 2);
      m.add(0, part([1], [1]));
      m.add(1, part([2], [2], bad));
      expect(m.finish()).toBeNull();
    }
    const m = new FileMerge(folds, "cases", 2);
    const failed = part([2], [2]);
    failed.load.error = "cases.csv：无法读取文件";
    m.add(1, failed);
    m.add(0, part([1], [1]));
    expect(m.finish()).toBeNull();
  });

  it("gives the same answers with the parts' hashes in a spill file, read back a hash at a time", () => {
    const spilled = { spillFrom: 1, window: 1 };
    const ok = new FileMerge(folds, "cases", 3, spilled);
    ok.add(2, part([5], [30, 31]));
    ok.add(0, part([1, 2], [10, 11, 40]));
    ok.add(1, part([3], [5, 12]));
    expect(ok.finish()!.result).toEqual([1, 2, 3, 5]);
    const repeat = new FileMerge(folds, "cases", 3, spilled);
    repeat.add(0, part([1], [10, 11]));
    repeat.add(2, part([3], [12, 20]));
    repeat.add(1, part([2], [1, 20]));
    expect(repeat.finish()).toBeNull();
    // a part refused: the merge stops keeping hashes, and still refuses
    const refused = new FileMerge(folds, "cases", 2, spilled);
    refused.add(0, part([1], [1]));
    refused.add(1, part([2], [2], { problem: "引号没有闭合" }));
    expect(refused.finish()).toBeNull();
  });
});
