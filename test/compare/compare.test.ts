/** fazhi compare: two results.json from two rubric versions (an item removed, one added) and changed data. */
import { describe, expect, it, beforeAll } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import { compareResults, indicatorChange, totalDelta, type Comparison } from "../../src/compare/compare.js";
import type { Results } from "../../src/results/types.js";

// v1: the 2024 rubric resolved (fazhi rubric show), without B5 and with a B6 the final version dropped
const V1 = "test/fixtures/check/compare/rubric-v1.json";
const V2 = "rubrics/qingxin-2024.json";
const SMALL = "test/fixtures/eval/small";
// the same units a year on: P003's certificate renewed and 30 more hours, SC-002 handled online
const LATER = "test/fixtures/check/later";

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("compare two years' results", () => {
  let dir: string;
  let earlier: Results;
  let later: Results;
  let c: Comparison;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fazhi-compare-"));
    expect((await cli("evaluate", "--rubric", V1, "--data", SMALL, "--out", join(dir, "v1"))).code).toBe(0);
    expect((await cli("evaluate", "--rubric", V2, "--data", LATER, "--out", join(dir, "v2"))).code).toBe(0);
    earlier = JSON.parse(await readFile(join(dir, "v1", "results.json"), "utf8"));
    later = JSON.parse(await readFile(join(dir, "v2", "results.json"), "utf8"));
    c = compareResults(earlier, later);
  });

  it("matches units by id, with totals, grades and ranks then and now", () => {
    expect(c.units.map((u) => u.id).sort()).toEqual(["QX-SCJG", "QX-THZ"]);
    const u = c.units.find((x) => x.id === "QX-SCJG")!;
    const b = earlier.units.find((x) => x.id === "QX-SCJG")!;
    const a = later.units.find((x) => x.id === "QX-SCJG")!;
    expect(u.before).toEqual({ total: b.total, complete: b.complete, grade: b.grade, rank: b.rank, of: 2 });
    expect(u.after).toEqual({ total: a.total, complete: a.complete, grade: a.grade, rank: a.rank, of: 2 });
    expect(u.totalDelta).toBeCloseTo(a.total! - b.total!, 6);
    expect(totalDelta(c, "QX-SCJG")).toBe(u.totalDelta);
    expect(totalDelta(c, "QX-NONE")).toBeNull();
  });

  it("lists items present in only one version as such, never as zero", () => {
    for (const u of c.units) {
      expect(u.onlyBefore.map((i) => i.id)).toEqual(["B6"]);
      expect(u.onlyAfter.map((i) => i.id)).toEqual(["B5"]);
      expect([...u.gained, ...u.lost].map((i) => i.id)).not.toContain("B5");
      expect([...u.gained, ...u.lost].map((i) => i.id)).not.toContain("B6");
    }
    const u = c.units.find((x) => x.id === "QX-SCJG")!;
    expect(u.gained.map((i) => [i.id, i.before, i.after])).toEqual([
      ["A3", 0, 10],
      ["E1", 0, 8],
      ["A1", 3.33, 10],
      ["A4", 4, 5],
    ]);
    expect(u.lost).toEqual([]);
  });

  it("says how each indicator changed, rates in 个百分点", () => {
    const u = c.units.find((x) => x.id === "QX-SCJG")!;
    const text = (k: string) => u.indicators.find((i) => i.key === k)!.text;
    expect(text("certification.rate")).toBe("执法人员持证率 66.7% → 100.0%，+33.3 个百分点");
    expect(text("cases.onlineRate")).toBe("行政处罚案件线上办理率 50.0% → 100.0%，+50.0 个百分点");
    expect(text("training.averageHours")).toBe("执法人员人均培训学时 50 学时 → 60 学时，+10 学时");
    expect(text("cases.uncertifiedHandling")).toBe("承办人无有效执法证或持证承办人不足的案件 2 件 → 1 件，-1 件");
    expect(text("cases.total")).toBe("办结案件数 3 件 → 3 件，持平");
    expect(indicatorChange("x", { label: "持证率", format: "rate" }, 0.921, 0.98).text).toBe("持证率 92.1% → 98.0%，+5.9 个百分点");
    expect(indicatorChange("x", { label: "持证率", format: "rate" }, 0.9996, 0.98).text).toBe("持证率 99.96% → 98.0%，-2.0 个百分点");
    // the earlier false report shows; the later one holds up
    expect(u.discrepancies.before.map((d) => d.text)).toEqual([
      "自报执法人员持证率 100%，经核查为 66.7%（2/3），自报高于核查 33.3 个百分点。",
    ]);
    expect(u.discrepancies.after).toEqual([]);
  });

  it("takes labels, formats and units from the files' indicators table, else the catalogue and --rubric", () => {
    expect(later.indicators?.["custom.majorCases"]).toEqual({ label: "重大执法决定数", format: "count", unit: "件" });
    const text = (c: Comparison, k: string) => c.units.find((x) => x.id === "QX-SCJG")!.indicators.find((i) => i.key === k)!.text;
    // the table is what is read: a label changed in the file shows
    const renamed: Results = JSON.parse(JSON.stringify(later));
    renamed.indicators!["certification.rate"] = { label: "持证上岗率", format: "rate" };
    renamed.indicators!["cases.total"] = { label: "办结案件", format: "count", unit: "宗" };
    expect(text(compareResults(earlier, renamed), "certification.rate")).toBe("持证上岗率 66.7% → 100.0%，+33.3 个百分点");
    expect(text(compareResults(earlier, renamed), "cases.total")).toBe("办结案件 3 宗 → 3 宗，持平");
    // the table names a custom indicator without a rubric
    expect(text(c, "custom.inspectionCases")).toMatch(/^行政检查案件数 \d+ 件 → \d+ 件/);
    // results.json written before the table: the standard catalogue, the key for the rest, a rubric when given
    const old = (r: Results): Results => {
      const { indicators: _i, ...rest } = r;
      return rest;
    };
    expect(text(compareResults(old(earlier), old(later)), "certification.rate")).toBe("执法人员持证率 66.7% → 100.0%，+33.3 个百分点");
    expect(text(compareResults(old(earlier), old(later)), "custom.inspectionCases")).toMatch(/^inspectionCases \d+ → \d+/);
    const meta = (k: string) => (k === "custom.inspectionCases" ? { label: "检查案件", format: "count" as const, unit: "件" } : undefined);
    expect(text(compareResults(old(earlier), old(later), meta), "custom.inspectionCases")).toMatch(/^检查案件 \d+ 件 → \d+ 件/);
  });

  it("lists units found in one file only", () => {
    const fewer = { ...later, units: later.units.filter((u) => u.id !== "QX-THZ") };
    const d = compareResults(earlier, fewer);
    expect(d.onlyBefore).toEqual([{ id: "QX-THZ", name: "清远市清新区太和镇人民政府", category: "镇人民政府" }]);
    expect(d.onlyAfter).toEqual([]);
    expect(d.units.map((u) => u.id)).toEqual(["QX-SCJG"]);
  });

  it("prints it from the command line", async () => {
    const r = await cli("compare", join(dir, "v1", "results.json"), join(dir, "v2", "results.json"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("QX-SCJG   清远市清新区市场监督管理局    58.33*    83.51*  +25.18  不合格 → 良好  2/2 → 2/2  1 → 1");
    expect(r.out).toContain("  仅上期细则有的项目：B6 行政处罚决定按时公示");
    expect(r.out).toContain("  仅本期细则有的项目：B5 不得引用已宣布失效的规范性文件作出执法决定");
    expect(r.out).toContain("    · 执法人员持证率 66.7% → 100.0%，+33.3 个百分点");
    expect(r.out).toContain("  ! 上期自报不实：自报执法人员持证率 100%，经核查为 66.7%（2/3），自报高于核查 33.3 个百分点。");
    const one = await cli("compare", join(dir, "v1", "results.json"), join(dir, "v2", "results.json"), "--unit", "QX-THZ");
    expect(one.out).not.toContain("QX-SCJG");
  });

  it("reports usage and file errors in Chinese", async () => {
    expect((await cli("compare", join(dir, "v1", "results.json"))).code).toBe(2);
    const bad = join(dir, "bad.json");
    await writeFile(bad, "{}");
    const r = await cli("compare", bad, join(dir, "v2", "results.json"));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${bad} 不是 fazhi evaluate 生成的 results.json`);
    const u = await cli("compare", join(dir, "v1", "results.json"), join(dir, "v2", "results.json"), "--unit", "QX-X");
    expect(u.err).toBe("单位“QX-X”两期结果中都没有，无法比较");
  });
});
