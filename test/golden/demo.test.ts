/**
 * The whole pipeline on the demo data, checked against a golden results.json
 * (Lighthouse's sample_v2 approach). After an intended change: `npm run rebaseline`, then
 * read the diff of test/golden/demo-results.json before committing it.
 */
import { describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { evaluate } from "../../src/evaluate.js";
import { serializeResults } from "../../src/results/build.js";

const GOLDEN = "test/golden/demo-results.json";

describe("demo end to end", () => {
  it("matches the golden results.json, byte for byte", async () => {
    const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "inputs/demo" });
    const text = serializeResults(results);
    if (process.env.UPDATE_GOLDEN) await writeFile(GOLDEN, text);
    const golden = await readFile(GOLDEN, "utf8");
    // compare parsed first for a readable diff, then the bytes
    expect(JSON.parse(text)).toEqual(JSON.parse(golden));
    expect(text).toBe(golden);
  });

  it("gives byte-identical results for the same inputs", async () => {
    const a = serializeResults((await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "inputs/demo" })).results);
    const b = serializeResults((await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "inputs/demo" })).results);
    expect(a).toBe(b);
  });

  it("holds what the data contract's Results section requires", async () => {
    const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "inputs/demo" });
    expect(results.units).toHaveLength(24);
    for (const u of results.units) {
      expect(Object.keys(u)).toEqual(expect.arrayContaining(["id", "name", "category", "metrics", "items", "total", "grade", "rank"]));
      expect(Object.keys(u.metrics)).toEqual(expect.arrayContaining(["training.compliantRate", "certification.rate", "cases.onlineRate", "reviews.averageScore", "milestone.QX-TAIZHANG", "indicator.legal_advisers"]));
      for (const it of u.items) {
        expect(it.reason).toMatch(/。$/);
        if (it.state === "scored") expect(it.points).toBeGreaterThanOrEqual(0);
        if (it.state === "scored") expect(it.points).toBeLessThanOrEqual(it.max);
        if (it.state === "manual" || it.state === "error") expect(it.points).toBeNull();
      }
    }
    // the towns and the departments are ranked separately as well as together
    const towns = results.units.filter((u) => u.category === "镇人民政府");
    expect(towns.map((u) => u.rank.category).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const i of results.inputs) expect(i.rows).toBe(i.accepted + new Set(i.rejected.map((r) => r.line)).size);
  });
});

describe("the demo's edge cases come out as the plans say", async () => {
  const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "inputs/demo" });
  const records = (itemId: string) => results.units.flatMap((u) => u.items.filter((i) => i.id === itemId).flatMap((i) => i.records ?? []));

  it("a certificate expiring on the period's last day is valid (P00003)", () => {
    expect(records("A3").map((r) => r.id)).not.toContain("P00003");
  });
  it("exactly 60.0 学时 from 45/90/135-minute rows reaches 60 (P00051); 2023 hours do not count (P00081)", () => {
    const short = records("A1");
    expect(short.map((r) => r.id)).not.toContain("P00051");
    expect(short.find((r) => r.id === "P00081")!.detail).toBe("已计 56 学时，还差 4 学时");
  });
  it("citing one of the 27 documents counts only for decisions from 2024-01-29 on", () => {
    const ids = records("B5").map((r) => r.id).sort();
    expect(ids).toEqual([
      "QX-HYZ-2024-00029",
      "QX-HYZ-2024-00040",
      "QX-LYJ-2024-00098",
      "QX-RSJ-2024-00040",
      "QX-SLJ-2024-00060",
      "QX-ZRZY-2024-00002",
    ]);
  });
  it("a handler missing from officers.csv leaves the case short of certified handlers", () => {
    expect(records("A4").find((r) => r.detail.includes("P00532 不在执法人员名单中"))).toBeDefined();
  });
  it("the two units that reported 100% 持证率 against their records are flagged as false reporting", () => {
    const flagged = results.units.filter((u) => u.items.find((i) => i.id === "A3")!.reason.includes("所报情况不实")).map((u) => u.id);
    expect(flagged.sort()).toEqual(["QX-LYJ", "QX-SKZ"]);
  });
});
