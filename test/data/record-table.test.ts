import { describe, expect, it } from "vitest";
import { RecordTable } from "../../src/data/record-table.js";
import type { CellValue } from "../../src/data/types.js";

type Values = Record<string, CellValue>;
/** The line the record was first seen on (file 0), or undefined: it is then recorded as seen on `line`. */
function first(t: RecordTable, values: Values, line: number): number | undefined {
  const k = t.find(values, 0, line);
  return k < 0 ? undefined : t.lineOf(k);
}
const training = (officer: string, date: number, course: string, hours: number | null, minutes: number | null = null): Values => ({
  officer_id: officer,
  date,
  course,
  kind: "执法技能",
  hours,
  minutes,
});

describe("RecordTable: records equal in every column, found once", () => {
  it("gives where an equal record was first seen; a record different in any one column is another", () => {
    const t = new RecordTable("training");
    const a = training("P00001", 19800, "行政执法文书制作规范培训", 6);
    expect(first(t, a, 2)).toBeUndefined();
    expect(first(t, { ...a }, 9)).toBe(2);
    for (const other of [
      { ...a, officer_id: "P00002" },
      { ...a, date: 19801 },
      { ...a, course: "行政执法文书制作规范培训 " },
      { ...a, kind: "业务知识" },
      { ...a, hours: 6.5 },
      { ...a, hours: null },
      { ...a, minutes: 0 },
      // a text and a number that read alike are not equal; nor is a value moved to another column
      { ...a, hours: "6" },
      { ...a, officer_id: "P0000", date: 119800 },
    ])
      expect(first(t, other as Values, 3)).toBeUndefined();
    expect(t.size).toBe(10);
    // an extra column is not compared (only the contract's columns are)
    expect(first(t, { ...a, 备注: "补录" }, 10)).toBe(2);
  });

  it("numbers: -0 is 0; fractions, negatives and large numbers exact", () => {
    const t = new RecordTable("training");
    expect(first(t, training("P1", 1, "课程", 0), 2)).toBeUndefined();
    expect(first(t, training("P1", 1, "课程", -0), 3)).toBe(2);
    for (const [i, h] of [0.1, 0.30000000000000004, -3, 2 ** 31, 2 ** 53, 1e-300].entries()) {
      expect(first(t, training("P1", 1, "课程", h), 10 + i)).toBeUndefined();
      expect(first(t, training("P1", 1, "课程", h), 20 + i)).toBe(10 + i);
    }
    expect(first(t, training("P1", 1, "课程", 0.3), 30)).toBeUndefined();
  });

  it("texts beyond ASCII exact, many of them, lone surrogates too", () => {
    const t = new RecordTable("training");
    const course = (i: number) => `第${i}期依法行政专题培训`;
    for (let i = 0; i < 6000; i++) expect(first(t, training("P1", 1, course(i), 2), i + 2)).toBeUndefined();
    for (const i of [0, 1, 4095, 4096, 4097, 5999]) expect(first(t, training("P1", 1, course(i), 2), 99999)).toBe(i + 2);
    expect(first(t, training("P1", 1, `${course(5999)}。`, 2), 99999)).toBeUndefined();
    expect(first(t, training("P1", 1, "\ud800a", 2), 7)).toBeUndefined();
    expect(first(t, training("P1", 1, "\ud800b", 2), 8)).toBeUndefined();
    expect(first(t, training("P1", 1, "\ud800a", 2), 9)).toBe(7);
    // an officer id beyond ASCII, long texts
    const long = "问题：".repeat(2000);
    expect(first(t, training("张三", 1, long, 2), 10)).toBeUndefined();
    expect(first(t, training("张三", 1, long, 2), 11)).toBe(10);
    expect(first(t, training("张三", 1, `${long}x`, 2), 12)).toBeUndefined();
  });

  it("a list (case_reviews' columns are texts; a list is kept as its JSON) and blanks", () => {
    const t = new RecordTable("case_reviews");
    const r = {
      case_id: "QX-2024-1",
      unit_id: "QX-SFJ",
      date: 19900,
      review_kind: "集中评查",
      score: 85,
      reviewer: null,
      veto: null,
      problems: null,
    };
    expect(first(t, r, 2)).toBeUndefined();
    expect(first(t, { ...r, reviewer: ["张三", "李四"] }, 3)).toBeUndefined();
    expect(first(t, { ...r, reviewer: ["张三", "李四"] }, 4)).toBe(3);
    expect(first(t, { ...r, reviewer: ["张三李四"] }, 5)).toBeUndefined();
    expect(first(t, { ...r, problems: undefined } as unknown as Values, 6)).toBe(2);
  });

  it("never takes two records with the same first fingerprint for a repeat", () => {
    const t = new RecordTable("training", 0, { hashed: () => 42 });
    for (let i = 0; i < 3000; i++) expect(first(t, training(`P${i}`, 1, "课程名称", 2), i + 2)).toBeUndefined();
    expect(first(t, training("P0", 1, "课程名称", 2), 1)).toBe(2);
    expect(first(t, training("P2999", 1, "课程名称", 2), 1)).toBe(3001);
    expect(t.size).toBe(3000);
  });

  it("tells records apart by a second fingerprint when the first is shared (thousands of pairs, a character or a digit apart)", () => {
    // 65,536 first fingerprints for 40,000 records: ≈ 12,000 pairs share one
    const t = new RecordTable("training", 0, { hashed: (h) => (h % 65536) + 1 });
    const rows: Values[] = [];
    for (let i = 0; i < 10000; i++) {
      rows.push(training(`P${i}`, 19800, "行政执法文书制作规范培训", 6));
      rows.push(training(`P${i}`, 19800, "行政执法文书制作规范培讯", 6));
      rows.push(training(`P${i}`, 19800 + 1, "行政执法文书制作规范培训", 6));
      rows.push(training(`P${i}`, 19800, "行政执法文书制作规范培训", 6.5));
    }
    rows.forEach((r, i) => expect(first(t, r, i + 2)).toBeUndefined());
    expect(t.size).toBe(40000);
    rows.forEach((r, i) => expect(first(t, { ...r }, 0)).toBe(i + 2));
  });

  it("a value's characters do not run into the next column's, two to a word or one", () => {
    const t = new RecordTable("case_reviews");
    const r = (problems: string | null, reviewer: string | null): Values => ({
      case_id: "C1",
      unit_id: "U1",
      date: 1,
      review_kind: "集中评查",
      score: 90,
      reviewer,
      veto: null,
      problems,
    });
    const pairs: [string | null, string | null][] = [
      ["ab", ""],
      ["a", "b"],
      ["", "ab"],
      ["ab", null],
      [null, "ab"],
      ["a\u0000", "b"],
      ["a", "\u0000b"],
      ["\u0001", ""],
      ["\u0001\u0000", ""],
      ["\u0000\u0001", ""],
    ];
    pairs.forEach(([p, w], i) => expect(first(t, r(p, w), i + 2)).toBeUndefined());
    pairs.forEach(([p, w], i) => expect(first(t, r(p, w), 0)).toBe(i + 2));
  });

  it("takes more bits of a slot for the record's number as records come (fewer for the first fingerprint's tag)", () => {
    const t = new RecordTable("training", 0, { bits: 4 });
    const rows = Array.from({ length: 5000 }, (_, i) => training(`P${i % 97}`, 19700 + (i % 301), "课程", 2));
    rows.forEach((r, i) => expect(first(t, r, i + 2)).toBeUndefined());
    expect(t.size).toBe(5000);
    rows.forEach((r, i) => expect(first(t, r, 0)).toBe(i + 2));
  });

  it("says where the first one was: file or sheet, and line", () => {
    const t = new RecordTable("training");
    const a = training("P1", 1, "课程", 2);
    expect(t.find(a, 3, 4_000_000)).toBe(-1);
    const k = t.find(a, 5, 7);
    expect([t.srcOf(k), t.lineOf(k)]).toEqual([3, 4_000_000]);
  });

  it("the same record has the same hash in every table (the parts of a split file), whatever each has seen before", () => {
    const rows = Array.from({ length: 20000 }, (_, i) => training(`P${i % 700}`, 19700 + (i % 300), `课程${i % 5000}号`, (i % 6) + 1));
    const one = new RecordTable("training");
    const other = new RecordTable("training", 4_000_000);
    rows.forEach((r, i) => first(one, r, i + 2));
    [...rows].reverse().forEach((r, i) => first(other, r, i + 2));
    expect(one.size).toBe(other.size);
    expect([...one.allHashes()].sort()).toEqual([...other.allHashes()].sort());
    // and the first lines found after growth
    for (let i = 0; i < rows.length; i += 997) expect(first(one, rows[i]!, 0)).toBeLessThanOrEqual(i + 2);
  });
});
