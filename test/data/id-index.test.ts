import { describe, expect, it } from "vitest";
import { IdIndex, officerUnits } from "../../src/data/id-index.js";

describe("IdIndex: ids found by their place in the list", () => {
  it("finds each of 100,000 ids at its place, and no id that is not there", () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `P${String(i).padStart(6, "0")}`);
    const index = new IdIndex(ids);
    expect(index.size).toBe(100_000);
    for (let i = 0; i < ids.length; i += 7) expect(index.indexOf(ids[i]!)).toBe(i);
    expect(index.indexOf(ids[99_999]!)).toBe(99_999);
    for (const absent of ["P100000", "P00000", "p000001", "P000001 ", "", "P0000010"]) expect(index.has(absent)).toBe(false);
  });

  it("Chinese, empty and look-alike ids; the first of two equal ones", () => {
    const ids = ["执法-001", "", "执法-001", "A", "a", "Ａ"];
    const index = new IdIndex(ids);
    expect(index.indexOf("执法-001")).toBe(0);
    expect(index.indexOf("")).toBe(1);
    expect(["A", "a", "Ａ"].map((id) => index.indexOf(id))).toEqual([3, 4, 5]);
    expect(new IdIndex([]).has("A")).toBe(false);
  });

  it("officerUnits: an accepted officer's unit, else a rejected row's", () => {
    const ids = new IdIndex(["P1", "P2"]);
    const units = ["U1", "U2"];
    const of = officerUnits(ids, (i) => units[i]!, [
      ["P2", "U9"],
      ["P3", "U3"],
    ]);
    expect([of.get("P1"), of.get("P2"), of.get("P3"), of.get("P4")]).toEqual(["U1", "U2", "U3", undefined]);
  });
});
