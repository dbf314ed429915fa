import { describe, expect, it } from "vitest";
import { recordCount, recordsOf, recordsOnRead, withRecords } from "../../src/indicators/lazy-records.js";
import { evaluate } from "../../src/evaluate.js";
import type { EvidenceRecord } from "../../src/indicators/types.js";

const two: EvidenceRecord[] = [
  { id: "C-001", detail: "行政处罚案件，2024年3月5日作出决定，未线上办理" },
  { id: "C-002", detail: "行政处罚案件，2024年3月6日作出决定，未线上办理" },
];

describe("withRecords: the records behind an indicator, written out when first read", () => {
  it("counts them without writing them out, writes them once, and reads as an ordinary property", () => {
    let made = 0;
    const d = withRecords({ num: 8, den: 10 }, 2, () => {
      made++;
      return two.map((r) => ({ ...r }));
    });
    expect(recordCount(d)).toBe(2);
    expect(made).toBe(0);
    expect(Object.keys(d)).toEqual(["num", "den", "records"]);
    const first = d.records;
    expect(first).toEqual(two);
    expect(d.records).toBe(first);
    expect(made).toBe(1);
    expect(recordCount(d)).toBe(2);
    expect(JSON.stringify(d)).toBe(JSON.stringify({ num: 8, den: 10, records: two }));
  });

  it("is written out by JSON, spreading and structured cloning (a worker's result crossing to the main thread)", () => {
    const lazy = () => withRecords({}, 2, () => two.map((r) => ({ ...r })));
    expect(JSON.parse(JSON.stringify(lazy()))).toEqual({ records: two });
    expect({ ...lazy() }).toEqual({ records: two });
    expect(structuredClone([["U1", "cases.uncertifiedHandling", 2, lazy()]])).toEqual([
      ["U1", "cases.uncertifiedHandling", 2, { records: two }],
    ]);
  });

  it("none: a plain empty list; a plain detail counts its list", () => {
    let made = 0;
    const d = withRecords({ num: 0, den: 0 }, 0, () => {
      made++;
      return [];
    });
    expect(d).toEqual({ num: 0, den: 0, records: [] });
    expect(recordCount(d)).toBe(0);
    expect(made).toBe(0);
    expect(recordCount({ records: two })).toBe(2);
    expect(recordCount({ num: 1, den: 2 })).toBe(0);
  });

  it("refuses records that do not match their count (never a list shorter than the number scored)", () => {
    const d = withRecords({}, 3, () => two);
    expect(() => d.records).toThrow(/2 written, 3 counted/);
  });

  it("recordsOf writes a lazy detail's records afresh without keeping them; a read detail's as they are", () => {
    let made = 0;
    const d = withRecords({}, 2, () => {
      made++;
      return two.map((r) => ({ ...r }));
    });
    const a = recordsOf(d);
    const b = recordsOf(d);
    expect(a).toEqual(two);
    expect(b).toEqual(two);
    expect(a).not.toBe(b);
    expect(made).toBe(2);
    // still lazy: read through the property, they are kept from then on
    const kept = d.records;
    expect(recordsOf(d)).toBe(kept);
    expect(recordsOf({ records: two })).toBe(two);
    expect(recordsOf({ num: 1 })).toEqual([]);
  });
});

describe("an item's records in the results: written out when read, not kept", () => {
  it("reads as a list (the same every time, a new array each time) and writes into JSON in place", () => {
    const target: Record<string, unknown> = { id: "A1" };
    let made = 0;
    recordsOnRead(target, () => {
      made++;
      return two.map((r) => ({ ...r }));
    });
    target.after = 1;
    expect(target.records).toEqual(two);
    expect(target.records).not.toBe(target.records);
    expect(JSON.stringify(target)).toBe(JSON.stringify({ id: "A1", records: two, after: 1 }));
    expect(made).toBe(4);
  });

  it("evaluate: an item short of its points lists its indicators' records on reading, the same as written to results.json", async () => {
    const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "inputs/demo", workers: 0 });
    const withRecords = results.units.flatMap((u) => u.items).filter((i) => Object.getOwnPropertyDescriptor(i, "records")?.get);
    expect(withRecords.length).toBeGreaterThan(10);
    for (const item of withRecords.slice(0, 20)) {
      const first = item.records!;
      expect(first.length).toBeGreaterThan(0);
      expect(item.records).toEqual(first);
      expect(JSON.parse(JSON.stringify(item)).records).toEqual(first);
    }
  }, 60_000);
});
