/**
 * The small tidy data set re-saved the ways staff make files in Excel and WPS
 * (test/fixtures/shapes/, written by scripts/make-shapes.mjs). Each shape gives the tidy run's
 * totals and grades, or exits 1 with every changed total provisional and a message naming the
 * file and line — never a confident other score.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import type { Results } from "../../src/results/types.js";

const RUBRIC = "rubrics/qingxin-2024.json";
const SHAPES = "test/fixtures/shapes";

async function run(shape: string): Promise<{ code: number; out: string; err: string; res: Results }> {
  const out: string[] = [];
  const err: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), `fazhi-shape-${shape}-`));
  const code = await runCli(["evaluate", "--rubric", RUBRIC, "--data", join(SHAPES, shape), "--out", dir], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  });
  const res = JSON.parse(await readFile(join(dir, "results.json"), "utf8")) as Results;
  return { code, out: out.join("\n"), err: err.join("\n"), res };
}

const scores = (r: Results) => Object.fromEntries(r.units.map((u) => [u.id, { total: u.total, grade: u.grade, complete: u.complete }]));

let tidy: Awaited<ReturnType<typeof run>>;
beforeAll(async () => {
  tidy = await run("tidy");
}, 60_000);

describe("shapes that must give the tidy run's totals and grades", () => {
  it("the tidy run itself exits 0", () => {
    expect(tidy.code).toBe(0);
    expect(tidy.res.units.map((u) => u.total)).toEqual([85.51, 56.2]);
  });

  it.each([
    ["bom", []],
    ["gbk", []],
    ["excel-datetimes", []],
    ["placeholders", []],
    ["hint-headers", []],
    ["xlsx-dates", []],
    ["title-rows", ["表头上方的标题行", "填报信息行", "合计行", "说明行"]],
    ["xlsx-merged", ["说明行「填表说明", "合计行", "合并表头"]],
    ["long-preamble", ["表头上方的标题行「填表说明：」", "填报信息行「填报单位：清远市清新区司法局 填报日期：2025年1月5日」"]],
  ] as const)("%s", async (shape, skippedSay) => {
    const r = await run(shape);
    expect(r.code).toBe(0);
    expect(scores(r.res)).toEqual(scores(tidy.res));
    // rows are not lost or gained: every dataset accepted as many rows as the tidy run
    for (const i of tidy.res.inputs)
      expect(r.res.inputs.find((x) => x.dataset === i.dataset)!.accepted, `${shape} ${i.dataset}`).toBe(i.accepted);
    // what was skipped is reported, never silently
    for (const say of skippedSay) expect(r.out).toContain(say);
    expect(r.res.units.every((u) => !u.incompleteData)).toBe(true);
  });

  it("a placeholder 无 in 执法证号 is no certificate, and merged header cells read as their columns", async () => {
    const r = await run("placeholders");
    expect(r.res.units.find((u) => u.id === "QX-SCJG")!.metrics["certification.rate"]).toBe(
      tidy.res.units.find((u) => u.id === "QX-SCJG")!.metrics["certification.rate"],
    );
    const m = await run("xlsx-merged");
    const officers = m.res.inputs.find((i) => i.dataset === "officers")!;
    expect(officers.skipped?.map((s) => s.line)).toEqual([1, 2]);
  });

  it("a preamble of 15 lines above the header (beyond the first 12), in xlsx and CSV: the header found below it, every line listed", async () => {
    const r = await run("long-preamble");
    const officers = r.res.inputs.find((i) => i.dataset === "officers")!;
    expect(officers.skipped?.map((s) => s.line)).toEqual(Array.from({ length: 15 }, (_, k) => k + 1));
    const training = r.res.inputs.find((i) => i.dataset === "training")!;
    // (line 3 is blank: not listed)
    expect(training.skipped?.map((s) => s.line)).toEqual([1, 2, ...Array.from({ length: 13 }, (_, k) => k + 4)]);
  });

  it("no header at all below a merged title: the title named once, not once per merged cell", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-shape-noheader-"));
    await cp(join(SHAPES, "tidy"), dir, { recursive: true });
    await rm(join(dir, "officers.csv"));
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet("Sheet1");
    s.addRow(["清新区行政执法人员名册"]);
    s.mergeCells(1, 1, 1, 7);
    s.addRow(["P001", "张三", "QX-SCJG", "是", "44180001", "2026-06-30", "有效"]);
    await wb.xlsx.writeFile(join(dir, "officers.xlsx"));
    const out: string[] = [];
    const code = await runCli(["evaluate", "--rubric", RUBRIC, "--data", dir, "--out", await mkdtemp(join(tmpdir(), "fazhi-shape-out-"))], {
      out: (x) => out.push(x),
      err: (x) => out.push(x),
    });
    expect(code).toBe(1);
    expect(out.join("\n")).toContain("未找到表头行（前 2 个非空行中没有一行含有本表的列名；第 1 行为「清新区行政执法人员名册」）");
  });

  it("title rows above the header are listed with their lines", async () => {
    const r = await run("title-rows");
    const units = r.res.inputs.find((i) => i.dataset === "units")!;
    expect(units.skipped?.map((s) => s.line)).toEqual([1, 2]);
    const training = r.res.inputs.find((i) => i.dataset === "training")!;
    expect(training.skipped?.map((s) => s.line)).toEqual([1, 2, 12]);
  });
});

describe("shapes that must exit 1 with the changed totals provisional and the file and line named", () => {
  it.each([
    ["stray-quote", "cases.csv:3", "行政执法案件自第 3 行起有内容未能读取"],
    ["stray-quotes-swallow", "cases.csv:2", "第 2–4 行被读成了一个单元格"],
    ["gbk-line", "training.csv:4", "培训登记有 1 行无法读取（第 4 行）"],
    ["near-header", "执法证编码", "「执法证号」(certificate_no)相近"],
  ] as const)("%s", async (shape, where, says) => {
    const r = await run(shape);
    expect(r.code).toBe(1);
    expect(`${r.out}\n${r.err}\n${JSON.stringify(r.res)}`).toContain(where);
    expect(`${r.out}\n${JSON.stringify(r.res)}`).toContain(says);
    const before = scores(tidy.res);
    for (const u of r.res.units) {
      const b = before[u.id]!;
      if (u.total !== b.total || u.grade !== b.grade) expect(u.complete, `${shape} ${u.id}`).toBe(false);
      // what was not read never raises an item or the total (test/hardening/never-raises.test.ts row by row)
      expect(u.total ?? 0, `${shape} ${u.id}`).toBeLessThanOrEqual(b.total ?? 0);
      const t = tidy.res.units.find((x) => x.id === u.id)!;
      for (const item of u.items)
        expect(item.points ?? 0, `${shape} ${u.id} ${item.id}`).toBeLessThanOrEqual(t.items.find((i) => i.id === item.id)!.points ?? 0);
    }
  });

  it("a stray quote: no unit keeps a confident score from the rows that were not read", async () => {
    const r = await run("stray-quote");
    for (const u of r.res.units) {
      expect(u.complete).toBe(false);
      expect(u.incompleteData?.[0]).toMatchObject({ dataset: "cases", file: "cases.csv", unreadFrom: 3 });
      // no item reading the cases went not applicable (which would rescale the total upward)
      for (const it of u.items.filter((i) => i.indicators.some((k) => k.startsWith("cases.")))) expect(it.state).not.toBe("notApplicable");
    }
  });
});

describe("a units row whose category has no grade scale", () => {
  it("is a row error in evaluate as in validate: reported, not graded '—', and the run exits 1", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-shape-category-"));
    await cp(join(SHAPES, "tidy"), dir, { recursive: true });
    const units = await readFile(join(dir, "units.csv"), "utf8");
    await writeFile(
      join(dir, "units.csv"),
      units.replace("QX-THZ,清远市清新区太和镇人民政府,镇人民政府", "QX-THZ,清远市清新区太和街道办事处,街道办事处"),
    );
    const out: string[] = [];
    const err: string[] = [];
    const outDir = await mkdtemp(join(tmpdir(), "fazhi-shape-category-out-"));
    const code = await runCli(["evaluate", "--rubric", RUBRIC, "--data", dir, "--out", outDir], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    expect(code).toBe(1);
    expect(out.join("\n")).toContain("units.csv:3：单位类别「街道办事处」在细则中没有对应的等次标准");
    expect(err.join("\n")).toContain("执法单位表（units.csv）有 1 行被拒绝");
    const res = JSON.parse(await readFile(join(outDir, "results.json"), "utf8")) as Results;
    expect(res.units.map((u) => u.id)).toEqual(["QX-SCJG"]);
    expect(res.units.every((u) => u.grade !== null)).toBe(true);
  });
});
