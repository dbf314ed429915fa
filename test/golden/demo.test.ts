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
