import { describe, expect, it } from "vitest";
import { slotsFor, UniqueValues } from "../../src/data/unique.js";

describe("UniqueValues", () => {
  it("gives the first line of a value seen before, across growth", () => {
    const u = new UniqueValues(1);
    for (let i = 0; i < 5000; i++) expect(u.firstLine(`QX-SCJG-2024-${i}`, i + 2)).toBeUndefined();
    expect(u.size).toBe(5000);
    for (let i = 0; i < 5000; i += 7) expect(u.firstLine(`QX-SCJG-2024-${i}`, 99999)).toBe(i + 2);
    expect(u.firstLine("案件〔2024〕1号", 3)).toBeUndefined();
    expect(u.firstLine("案件〔2024〕1号", 4)).toBe(3);
    expect(u.size).toBe(5001);
    expect(u.allHashes().length).toBe(5001);
  });
  it("never takes two values with the same hash for a duplicate", () => {
    const u = new UniqueValues(1, () => 42);
    expect(u.firstLine("a", 2)).toBeUndefined();
    expect(u.firstLine("b", 3)).toBeUndefined();
    expect(u.firstLine("ab", 4)).toBeUndefined();
    for (let i = 0; i < 1000; i++) u.firstLine(`x${i}`, 10 + i);
    expect(u.firstLine("a", 5)).toBe(2);
    expect(u.firstLine("b", 6)).toBe(3);
    expect(u.firstLine("x999", 7)).toBe(1009);
    expect(u.size).toBe(1003);
  });
  it("sized from the file's bytes, gives what a table grown from 1,024 gives", () => {
    expect(slotsFor(0)).toBe(1024);
    expect(slotsFor(18_700_000)).toBe(524288);
    expect(slotsFor(16_777_216)).toBe(262144);
    expect(slotsFor(16_777_217)).toBe(524288);
    expect(slotsFor(1e12)).toBe(1 << 20);
    const grown = new UniqueValues(3);
    const sized = new UniqueValues(3, undefined, slotsFor(2_000_000));
    for (let i = 0; i < 40000; i++) {
      const id = `P${i % 30000}`;
      expect(sized.firstLine(id, i + 2)).toBe(grown.firstLine(id, i + 2));
    }
    expect(sized.size).toBe(30000);
    expect([...sized.allHashes()].sort()).toEqual([...grown.allHashes()].sort());
  });
});

describe("UniqueValues: values compared as UTF-8 bytes", () => {
  it("tells apart values that share a hash whatever their characters: ASCII, Chinese, astral, lone surrogates", () => {
    const values = ["A1", "A2", "a1", "案1", "案2", "案", "𠀀1", "𠀀2", "\ud800x", "é", "e\u0301", "", "A1 ", "１"];
    const u = new UniqueValues(5, () => 7);
    values.forEach((v, i) => expect(u.firstLine(v, i + 2), v).toBeUndefined());
    values.forEach((v, i) => expect(u.firstLine(v, 100), v).toBe(i + 2));
    expect(u.size).toBe(values.length);
  });
  it("agrees with a Map on random mixed text across growth", () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    const alphabet = ["Q", "X", "-", "2", "0", "案", "号", "〔", "〕", "𠀀", " "];
    const u = new UniqueValues(9);
    const seen = new Map<string, number>();
    for (let line = 2; line < 20000; line++) {
      let v = "";
      const n = 1 + Math.floor(rand() * 4);
      for (let j = 0; j < n; j++) v += alphabet[Math.floor(rand() * alphabet.length)];
      expect(u.firstLine(v, line)).toBe(seen.get(v));
      if (!seen.has(v)) seen.set(v, line);
    }
    expect(u.size).toBe(seen.size);
  });
});
