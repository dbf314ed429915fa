/**
 * `fazhi template`: the workbooks a 司法局 sends out. Filled with the demo's rows (dates typed
 * as dates, numbers as numbers, the way Excel stores what staff type), they read back with the
 * demo's totals and grades and the same rejected rows, nothing else listed than the 填表说明 and
 * 选项 sheets; a unit's templates carry its id, and a row of another unit is rejected.
 */
import { mkdtemp, rm, copyFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { writeTemplates, templateFileName, TEMPLATE_ROWS } from "../../src/template/template.js";
import { CONTRACT, type DatasetId } from "../../src/data/contract.js";
import { loadData } from "../../src/data/folder.js";
import { runCli } from "../../src/cli/main.js";
import { DEMO, demoTable, RUBRIC, totals, type Table } from "../shapes.js";
import { isValidDay } from "./valid.js";

const tmp: string[] = [];
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});
async function scratch(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "fazhi-template-"));
  tmp.push(d);
  return d;
}

/** Write a table's rows into a template, typed as Excel would store what was typed. */
async function fill(file: string, dataset: DatasetId, t: Table): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(CONTRACT[dataset].title)!;
  const header = (ws.getRow(1).values as string[]).slice(1);
  const kinds = header.map((h) => CONTRACT[dataset].columns.find((c) => c.name === h)?.kind ?? "text");
  const from = t.header.map((h) => header.indexOf(h));
  expect(
    from.every((i) => i >= 0),
    `${dataset}: ${t.header}`,
  ).toBe(true);
  t.rows.forEach((r, n) => {
    const row = ws.getRow(n + 2);
    r.forEach((v, k) => {
      const col = from[k]! + 1;
      const kind = kinds[from[k]!];
      let value: string | number | Date | null = v === "" ? null : v;
      if (value !== null && kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(v) && isValidDay(v)) value = new Date(`${v}T00:00:00Z`);
      else if (value !== null && kind === "number" && /^\d+(\.\d+)?$/.test(v)) value = Number(v);
      row.getCell(col).value = value;
    });
  });
  await wb.xlsx.writeFile(file);
}

let tidy: Awaited<ReturnType<typeof totals>>;
beforeAll(async () => {
  tidy = await totals(DEMO);
}, 120_000);

describe("fazhi template", () => {
  it("writes one workbook per dataset the rubric reads: headers, dropdowns, date columns, 填表说明", async () => {
    const out = await scratch();
    const { files } = await writeTemplates({ rubric: RUBRIC, out, unitIds: ["QX-SCJG", "QX-SFJ"] });
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      "执法单位.xlsx",
      "行政执法人员.xlsx",
      "培训登记.xlsx",
      "行政执法案件.xlsx",
      "案卷评查.xlsx",
      "任务完成情况.xlsx",
      "规范性文件目录.xlsx",
      "自报指标.xlsx",
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "培训登记.xlsx"));
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ["培训登记", "visible"],
      ["选项", "hidden"],
      ["填表说明", "visible"],
    ]);
    const ws = wb.getWorksheet("培训登记")!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(CONTRACT.training.columns.map((c) => c.name));
    expect(ws.getCell("B2").numFmt).toBe("yyyy-mm-dd");
    expect(ws.getCell("D2").dataValidation).toMatchObject({ type: "list", formulae: ["选项!$A$2:$A$6"] });
    expect((wb.getWorksheet("选项")!.getColumn(1).values as string[]).slice(1)).toEqual([
      "培训类别",
      "公共法律知识",
      "业务知识",
      "执法技能",
      "政治理论",
      "党性教育",
    ]);
    const help = wb.getWorksheet("填表说明")!;
    expect(String(help.getCell("A1").value)).toBe("培训登记：填表说明（本表不作为数据读取）");

    const cases = new ExcelJS.Workbook();
    await cases.xlsx.readFile(join(out, "行政执法案件.xlsx"));
    const lists = cases.getWorksheet("选项")!;
    const listed = [1, 2, 3].map((c) => (lists.getColumn(c).values as string[]).slice(1));
    expect(listed).toEqual([
      ["单位编码", "QX-SCJG", "QX-SFJ"],
      ["是否线上办理", "是", "否"],
      ["是否重大案件", "是", "否"],
    ]);
    const ms = new ExcelJS.Workbook();
    await ms.xlsx.readFile(join(out, "任务完成情况.xlsx"));
    expect((ms.getWorksheet("选项")!.getColumn(2).values as string[]).slice(1)).toContain("QX-TAIZHANG");

    // never over a file that is there
    await expect(writeTemplates({ rubric: RUBRIC, out })).rejects.toThrow(/^模板文件已存在，不覆盖：/);
  });

  it("filled with the demo's rows, reads back with the demo's totals, grades and rejected rows", async () => {
    const out = await scratch();
    const { files } = await writeTemplates({ rubric: RUBRIC, out });
    for (const ds of ["units", "officers", "training", "cases", "milestones", "documents", "indicators"] as DatasetId[]) {
      await fill(join(out, templateFileName(ds)), ds, demoTable(ds));
    }
    // case reviews: the demo's own workbook's rows
    const reviews = new ExcelJS.Workbook();
    await reviews.xlsx.readFile(join(DEMO, "case_reviews.xlsx"));
    const rs = reviews.worksheets[0]!;
    const rows: string[][] = [];
    rs.eachRow((row, n) => {
      if (n > 1)
        rows.push(
          (row.values as unknown[])
            .slice(1)
            .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? "" : String(v))),
        );
    });
    await fill(join(out, templateFileName("case_reviews")), "case_reviews", { header: (rs.getRow(1).values as string[]).slice(1), rows });
    expect(files).toHaveLength(8);
    const run = await totals(out);
    expect(run.byUnit).toEqual(tidy.byUnit);
    const reasons = (r: typeof run) =>
      r.results.inputs
        .flatMap((i) =>
          i.rejected.map(
            // (the file named: the demo's CSV file or the template's workbook and sheet)
            (x) =>
              `${i.dataset} ${x.line} ${x.reason.replace(/（[^）]*\.(csv|xlsx)）/g, "").replace(/^与 .+ (第 \d+ 行是同一条记录)/, "与 $1")}`,
          ),
        )
        .sort();
    expect(reasons(run)).toEqual(reasons(tidy));
    expect(run.results.notRead.map((n) => n.sheet)).toEqual(
      Array(16)
        .fill(0)
        .map((_, i) => (i % 2 === 0 ? "填表说明" : "选项")),
    );
  }, 180_000);

  it("a unit's templates: its id prefilled and the only choice; unused prefilled rows are no records; another unit's row is rejected", async () => {
    const out = await scratch();
    await writeTemplates({ rubric: RUBRIC, out, unit: "QX-SFJ" });
    expect((await readdir(out)).sort()).not.toContain("执法单位.xlsx");
    const file = join(out, "任务完成情况-QX-SFJ.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("任务完成情况")!;
    expect(ws.getCell("A2").value).toBe("QX-SFJ");
    expect(ws.getCell(`A${TEMPLATE_ROWS + 1}`).value).toBe("QX-SFJ");
    const t = demoTable("milestones");
    const mine = t.rows.filter((r) => r[0] === "QX-SFJ");
    const other = t.rows.find((r) => r[0] === "QX-SCJG")!;
    await fill(file, "milestones", { header: t.header, rows: [...mine, other] });
    await copyFile(join(DEMO, "units.csv"), join(out, "units.csv"));
    const data = await loadData(out);
    const m = data.datasets.milestones!;
    expect(m.sources![0]).toMatchObject({ file: "任务完成情况-QX-SFJ.xlsx", unit: "QX-SFJ", rows: mine.length + 1, accepted: mine.length });
    expect(m.rejected.map((r) => r.reason)).toEqual(["单位编码 QX-SCJG 不是文件名所示单位「QX-SFJ」的单位（QX-SFJ），该行不计入"]);
  }, 120_000);

  it("the CLI writes them, and never into the rubric's folder", async () => {
    const out = await scratch();
    const io = {
      lines: [] as string[],
      out(t: string) {
        this.lines.push(t);
      },
      err(t: string) {
        this.lines.push(t);
      },
    };
    expect(await runCli(["template", "--rubric", RUBRIC, "--out", out, "--unit", "QX-SFJ", "--data", DEMO], io)).toBe(0);
    expect(io.lines[0]).toBe("已生成 7 个模板：");
    const bad = {
      lines: [] as string[],
      out(t: string) {
        this.lines.push(t);
      },
      err(t: string) {
        this.lines.push(t);
      },
    };
    expect(await runCli(["template", "--rubric", RUBRIC, "--out", join(RUBRIC, "..", "t")], bad)).toBe(1);
    expect(bad.lines.join("\n")).toContain("在细则所在的文件夹内，不写入");
    const unknown = {
      lines: [] as string[],
      out(t: string) {
        this.lines.push(t);
      },
      err(t: string) {
        this.lines.push(t);
      },
    };
    expect(await runCli(["template", "--rubric", RUBRIC, "--out", await scratch(), "--unit", "QX-NOPE", "--data", DEMO], unknown)).toBe(1);
    expect(unknown.lines.join("\n")).toContain("单位编码 QX-NOPE 不在执法单位名单");
  }, 120_000);
});
