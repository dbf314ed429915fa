/**
 * (Part B of issue 11; the Part A shapes corpus is test/data/shapes.test.ts.)
 * The demo data in the shapes a 司法局 receives it — one sheet per unit, last year's sheet
 * first, one subfolder per unit with Chinese file names, a late 补报 folder, .xls and WPS .et
 * files made by LibreOffice — gives the tidy run's totals and grades; what is not read is listed
 * with why, and a row in another unit's folder is rejected.
 */
import { copyFile, mkdtemp, rm, symlink, mkdir, writeFile, readFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadData } from "../../src/data/folder.js";
import { byUnit, DEMO, demoTable, officerUnits, ROOT, RUBRIC, totals, writeCsv, writeWorkbook } from "../shapes.js";
import { inputsReport } from "../../src/cli/print.js";
import { streamingXlsx } from "../../src/data/xlsx-stream.js";
import { evaluate } from "../../src/evaluate.js";
import { runCli } from "../../src/cli/main.js";

const tmp: string[] = [];
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});
async function scratch(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "fazhi-shapes-"));
  tmp.push(d);
  return d;
}
const DATASETS = ["units", "officers", "training", "cases", "milestones", "documents", "indicators"];
async function copyDemo(to: string, except: string[] = []): Promise<void> {
  for (const d of DATASETS) if (!except.includes(d)) await copyFile(join(DEMO, `${d}.csv`), join(to, `${d}.csv`));
  if (!except.includes("case_reviews")) await copyFile(join(DEMO, "case_reviews.xlsx"), join(to, "case_reviews.xlsx"));
}

let tidy: Record<string, string>;
beforeAll(async () => {
  tidy = (await totals(DEMO)).byUnit;
}, 120_000);

describe("workbooks", () => {
  it("every sheet and every file finds its own header below title and 填报单位 lines; 合计 rows skipped: the tidy totals", async () => {
    const d = await scratch();
    await copyDemo(d, ["training"]);
    const t = demoTable("training");
    const units = officerUnits();
    const groups = [...byUnit(t, (r) => units.get(r[0]!) ?? null)];
    const sheets = groups.slice(1).map(([u, rows]) => ({
      name: u ?? "其他",
      header: [`${u ?? "其他"}培训登记表`],
      rows: [[`填报单位：${u ?? ""}`, "", "填报日期：2025-01-05"], t.header, ...rows, ["合计", "", "", "", "", ""]],
    }));
    await writeWorkbook(join(d, "training.xlsx"), sheets);
    // the first group as a CSV file of its own, with a title line too
    const [u0, rows0] = groups[0]!;
    await writeCsv(join(d, `培训登记-${u0 ?? "其他"}.csv`), { header: [`${u0 ?? "其他"}培训登记表`], rows: [t.header, ...rows0] });
    const run = await totals(d);
    expect(run.byUnit).toEqual(tidy);
    const inputs = run.results.inputs.filter((i) => i.dataset === "training");
    expect(inputs).toHaveLength(groups.length);
    for (const i of inputs) {
      expect(i.error).toBeNull();
      expect(i.skipped!.map((k) => k.line)).toEqual(i.format === "csv" ? [1] : [1, 2, i.rows + 4]);
    }
  }, 120_000);

  it("one sheet per unit, last year's sheet first, instructions and a hidden sheet: the tidy totals", async () => {
    const d = await scratch();
    await copyDemo(d, ["training"]);
    const t = demoTable("training");
    const units = officerUnits();
    const groups = byUnit(t, (r) => units.get(r[0]!) ?? null);
    const lastYear = t.rows.slice(0, 40).map((r) => [r[0]!, r[1]!.replace(/^2024/, "2023"), ...r.slice(2)]);
    const sheets = [
      { name: "2023年", header: t.header, rows: lastYear },
      ...[...groups].map(([u, rows]) => ({ name: u ?? "其他", header: t.header, rows })),
      { name: "填表说明", header: ["填表说明：每个单位一张表，学时按实际填写"], rows: [] },
      { name: "草稿", header: t.header, rows: t.rows.slice(0, 5), state: "hidden" as const },
    ];
    await writeWorkbook(join(d, "training.xlsx"), sheets);
    const run = await totals(d);
    expect(run.byUnit).toEqual(tidy);
    const inputs = run.results.inputs.filter((i) => i.dataset === "training");
    expect(inputs.map((i) => i.sheet)).toEqual(sheets.slice(0, -2).map((s) => s.name));
    expect(inputs[0]).toMatchObject({ sheet: "2023年", rows: 40, accepted: 40, outsidePeriod: 40 });
    expect(inputs.reduce((n, i) => n + i.rows, 0)).toBe(t.rows.length + 40);
    expect(run.results.notRead).toEqual([
      { file: "training.xlsx", sheet: "填表说明", reason: "填表说明，不是数据" },
      { file: "training.xlsx", sheet: "草稿", reason: "隐藏的工作表，未读取（如需读取，请在 Excel 中取消隐藏）" },
    ]);
    // the sheet is named in every rejection line
    const bad = inputs.find((i) => i.rejected.length > 0)!;
    const report = inputsReport(run.results.inputs, run.results.notRead);
    expect(report).toContain(`✖ training.xlsx [${bad.sheet}] 第 ${bad.rejected[0]!.line} 行：${bad.rejected[0]!.reason}`);
    expect(report).toContain("✔ training.xlsx [2023年]：40 行，接受 40 行，其中 40 行不在考核期内（不计入）");
    expect(report).toContain("    - training.xlsx [填表说明]：填表说明，不是数据");
    // the streaming reader and exceljs read every sheet the same
    streamingXlsx(false);
    const ex = await loadData(d).finally(() => streamingXlsx(true));
    const st = await loadData(d);
    expect(st.datasets.training!.sources).toEqual(ex.datasets.training!.sources);
    expect(st.datasets.training!.records).toEqual(ex.datasets.training!.records);
    // less the 3 broken rows and 5 repeats: 4 rows the demo has twice (lines 2471, 2971, 3507,
    // 5791) and its first row, of 2023 already, copied unchanged into the 2023年 sheet
    expect(st.datasets.training!.records.length).toBe(t.rows.length + 40 - 3 - 5);
  }, 120_000);

  it("a sheet with another header is listed, not read; a sheet with part of the header is an error", async () => {
    const d = await scratch();
    await copyDemo(d, ["milestones"]);
    const t = demoTable("milestones");
    await writeWorkbook(join(d, "任务完成情况.xlsx"), [
      { name: "汇总", header: ["序号", "备注"], rows: [["1", "见各单位表"]] },
      { name: "全部", header: t.header, rows: t.rows },
    ]);
    const run = await totals(d);
    expect(run.byUnit).toEqual(tidy);
    expect(run.results.notRead).toEqual([
      { file: "任务完成情况.xlsx", sheet: "汇总", reason: "表头与数据集「任务完成情况」不符（表头为：序号、备注），未读取" },
    ]);

    await writeWorkbook(join(d, "任务完成情况.xlsx"), [
      { name: "全部", header: t.header, rows: t.rows },
      { name: "补充", header: ["单位编码", "任务编号", "备注"], rows: [["QX-SFJ", "QX-TAIZHANG", "x"]] },
    ]);
    // an id in two sheets: the second is rejected, naming the first sheet
    const o = demoTable("officers");
    await writeWorkbook(join(d, "行政执法人员.xlsx"), [
      { name: "区直部门", header: o.header, rows: o.rows.slice(0, 300) },
      { name: "镇", header: o.header, rows: o.rows.slice(299) },
    ]);
    await rm(join(d, "officers.csv"));
    const twice = (await loadData(d)).datasets.officers!;
    expect(twice.sources!.map((x) => [x.sheet, x.rows, x.rejectedRows])).toEqual([
      ["区直部门", 300, 1],
      ["镇", o.rows.length - 299, 2],
    ]);
    expect(twice.sources![1]!.rejected[0]!.reason).toBe(`人员编号 ${o.rows[299]![0]} 与 行政执法人员.xlsx [区直部门] 第 301 行重复`);

    const broken = await loadData(d);
    expect(broken.datasets.milestones!.error).toMatch(/^任务完成情况\.xlsx \[补充\]：缺少必填列「完成日期」\(done\)/);
  }, 120_000);

  it("reads .xls and WPS .et files made by LibreOffice: the tidy totals", async () => {
    const d = await scratch();
    await copyDemo(d, ["units", "officers", "milestones", "indicators", "documents", "case_reviews"]);
    const xls = join(ROOT, "test", "fixtures", "xls", "demo");
    for (const f of ["units.xls", "milestones.xls", "indicators.xls", "documents.xls", "case_reviews.xls", "officers.et"])
      await copyFile(join(xls, f), join(d, f));
    const run = await totals(d);
    expect(run.byUnit).toEqual(tidy);
    expect(run.results.inputs.find((i) => i.dataset === "officers")).toMatchObject({
      file: "officers.et",
      format: "xls",
      sheet: "officers",
      rows: 514,
      accepted: 512,
    });
  }, 120_000);

  it("an .xls workbook: every sheet of a unit read, 填表说明 and a hidden sheet listed; dates, numbers, booleans, long text", async () => {
    const d = await scratch();
    await copyFile(join(DEMO, "units.csv"), join(d, "units.csv"));
    await copyFile(join(ROOT, "test", "fixtures", "xls", "sheets.et"), join(d, "milestones.et"));
    const data = await loadData(d);
    const m = data.datasets.milestones!;
    expect(m.error).toBeNull();
    expect(m.sources!.map((s) => [s.sheet, s.rows, s.accepted])).toEqual([
      ["城关镇", 2, 2],
      ["山塘镇", 2, 2],
    ]);
    expect(m.records.map((r) => [r.values.unit_id, r.values.done, r.values.evidence])).toEqual([
      ["QX-SFJ", 19812, "台账 & <备案>"],
      ["QX-SFJ", 19902, `${"x".repeat(300)}长文本`],
      ["QX-STZ", 19818, "2"],
      ["QX-STZ", 19904, "TRUE"],
    ]);
    expect(data.notRead).toEqual([
      { file: "milestones.et", sheet: "2023年", reason: "隐藏的工作表，未读取（如需读取，请在 Excel 中取消隐藏）" },
      { file: "milestones.et", sheet: "填表说明", reason: "填表说明，不是数据" },
    ]);
  });
});

describe("folders as a 司法局 collects them", () => {
  /** units at the top as 执法单位.csv; every other dataset in one folder per unit (by id, or by name for towns), Chinese file names. */
  async function unitFolders(d: string): Promise<void> {
    await copyFile(join(DEMO, "units.csv"), join(d, "执法单位.csv"));
    await copyFile(join(DEMO, "documents.csv"), join(d, "规范性文件目录.csv"));
    const unitNames = new Map(demoTable("units").rows.map((r) => [r[0]!, r[1]!]));
    const folderOf = (u: string) => (unitNames.get(u)!.endsWith("人民政府") ? unitNames.get(u)! : u);
    const officers = officerUnits();
    const names: Record<string, string> = {
      officers: "行政执法人员",
      training: "培训登记",
      cases: "案件",
      milestones: "任务完成情况",
      indicators: "自报指标",
    };
    for (const [ds, zh] of Object.entries(names)) {
      const t = demoTable(ds);
      const unitCol = ds === "training" ? 0 : t.header.indexOf("单位编码");
      const groups = byUnit(t, (r) => {
        const u = ds === "training" ? (officers.get(r[0]!) ?? null) : r[unitCol]!;
        return u !== null && unitNames.has(u) ? u : null;
      });
      for (const [u, rows] of groups) {
        // rows of no listed unit stay at the top, where they are rejected as before
        await writeCsv(u === null ? join(d, `${ds}.csv`) : join(d, folderOf(u), `${zh}.csv`), { header: t.header, rows });
      }
    }
    await copyFile(join(DEMO, "case_reviews.xlsx"), join(d, "案卷评查.xlsx"));
  }

  it("one subfolder per unit (by id or name), Chinese file names: the tidy totals, and a manifest", async () => {
    const d = await scratch();
    await unitFolders(d);
    await writeFile(join(d, "说明.txt"), "各单位报送材料");
    await mkdir(join(d, "佐证材料"));
    await writeFile(join(d, "佐证材料", "培训签到表.pdf"), "%PDF");
    const run = await totals(d);
    expect(run.byUnit).toEqual(tidy);
    const training = run.results.inputs.filter((i) => i.dataset === "training");
    expect(training.length).toBeGreaterThan(20);
    const town = training.find((i) => i.file.startsWith("清远市清新区山塘镇人民政府/"))!;
    expect(town).toMatchObject({ file: "清远市清新区山塘镇人民政府/培训登记.csv", unit: "QX-STZ" });
    // on worker threads (the sources and the officers' units cross to them) the same
    const { results: threaded } = await evaluate({ rubric: RUBRIC, data: d, workers: 2 });
    expect(Object.fromEntries(threaded.units.map((u) => [u.id, `${u.total}${u.complete ? "" : "*"} ${u.grade}`]))).toEqual(tidy);
    expect(threaded.inputs).toEqual(run.results.inputs);
    // the CLI prints the manifest and what was not read
    const out = await scratch();
    const io = {
      text: "",
      out(t: string) {
        this.text += `${t}\n`;
      },
      err(t: string) {
        this.text += `${t}\n`;
      },
    };
    await runCli(["evaluate", "--rubric", RUBRIC, "--data", d, "--out", out], io);
    expect(io.text).toContain("数据清单（文件与工作表 → 数据集、单位）：");
    expect(io.text).toContain("    清远市清新区山塘镇人民政府/培训登记.csv（单位 QX-STZ）  ");
    expect(io.text).toContain("    - 说明.txt：文件名不是数据集名称");
    expect(run.results.notRead).toEqual([
      { file: "佐证材料/培训签到表.pdf", reason: "所在文件夹「佐证材料」的名称不是单位编码或单位名称，也不是补报文件夹，未读取" },
      { file: "说明.txt", reason: "文件名不是数据集名称（如 training.csv、培训登记.xlsx），未读取" },
    ]);
  }, 120_000);

  it("a row of another unit in a unit's folder is rejected; a 补报 folder is read and marked", async () => {
    const d = await scratch();
    await unitFolders(d);
    const cases = demoTable("cases");
    const foreign = cases.rows.find((r) => r[1] === "QX-SCJG")!;
    const file = join(d, "QX-SFJ", "案件.csv");
    const text = await readFile(file, "utf8");
    await writeFile(file, text + [`${foreign[0]}-X`, ...foreign.slice(1)].join(",") + "\n");
    const t = demoTable("training");
    const p = t.rows.find((r) => officerUnits().get(r[0]!) === "QX-SFJ")!;
    await writeCsv(join(d, "补报", "QX-SFJ", "培训登记.csv"), {
      header: t.header,
      rows: [[p[0]!, "2024-12-20", "补报的培训", "业务知识", "60", ""]],
    });
    const data = await loadData(d);
    const source = data.datasets.cases!.sources!.find((s) => s.file === "QX-SFJ/案件.csv")!;
    expect(source.rejected.at(-1)!.reason).toBe("单位编码 QX-SCJG 不是所在文件夹「QX-SFJ」的单位（QX-SFJ），该行不计入");
    const late = data.datasets.training!.sources!.find((s) => s.late)!;
    expect(late).toMatchObject({ file: "补报/QX-SFJ/培训登记.csv", unit: "QX-SFJ", late: true, accepted: 1 });

    // a 补报 that repeats rows already handed in: counted once, said so
    await writeCsv(join(d, "补报", "QX-SFJ", "培训登记.csv"), { header: t.header, rows: [p] });
    const again = await loadData(d);
    const repeated = again.datasets.training!.sources!.find((s) => s.late)!;
    expect(repeated).toMatchObject({ accepted: 0, rejectedRows: 1 });
    expect(repeated.rejected[0]!.reason).toMatch(/^与 QX-SFJ\/培训登记\.csv 第 \d+ 行是同一条记录（各列相同），不重复计入$/);
  }, 120_000);

  it("gaps in unit folders: a row of another unit is a gap of both units, a repeated 补报 record none", async () => {
    const d = await scratch();
    await unitFolders(d);
    const cases = demoTable("cases");
    const foreign = cases.rows.find((r) => r[1] === "QX-SCJG")!;
    const file = join(d, "QX-SFJ", "案件.csv");
    const text = await readFile(file, "utf8");
    const line = text.trimEnd().split("\n").length + 1;
    await writeFile(file, text + [`${foreign[0]}-X`, ...foreign.slice(1)].join(",") + "\n");
    const trainingGap = (r: Awaited<ReturnType<typeof totals>>["results"]) =>
      r.units.find((x) => x.id === "QX-SFJ")!.incompleteData!.find((g) => g.dataset === "training");
    const before = (await totals(d)).results;
    const t = demoTable("training");
    const p = t.rows.find((r) => officerUnits().get(r[0]!) === "QX-SFJ")!;
    await writeCsv(join(d, "补报", "QX-SFJ", "培训登记.csv"), { header: t.header, rows: [p] });
    const { results } = await totals(d);
    const casesGap = (u: string) => results.units.find((x) => x.id === u)!.incompleteData?.find((g) => g.dataset === "cases");
    expect(casesGap("QX-SFJ")).toMatchObject({ rows: 1, lines: [line] });
    // (QX-SCJG's own file has the demo's repeated case id on line 67)
    expect(casesGap("QX-SCJG")).toMatchObject({
      rows: 2,
      lines: [67, line],
      at: ["QX-SCJG/案件.csv 第 67 行", `QX-SFJ/案件.csv 第 ${line} 行`],
    });
    expect(casesGap("QX-SCJG")!.reason).toBe(`行政执法案件有 2 行无法读取（QX-SCJG/案件.csv 第 67 行、QX-SFJ/案件.csv 第 ${line} 行）`);
    expect(casesGap("QX-JYJ")).toBeUndefined();
    // the repeated training record is rejected (counted once) but no row of QX-SFJ's went unread
    const late = results.inputs.find((i) => i.dataset === "training" && i.late)!;
    expect(late.rejected).toHaveLength(1);
    expect(trainingGap(results)).toEqual(trainingGap(before));
    expect(results.units).toEqual(before.units);
  }, 120_000);

  it("an unreadable file in one unit's folder: only that unit's data incomplete, the others' totals as tidy; exit 1", async () => {
    const d = await scratch();
    await unitFolders(d);
    await rm(join(d, "QX-SFJ", "培训登记.csv"));
    await writeFile(join(d, "QX-SFJ", "培训登记.xlsx"), "not a workbook at all");
    const run = await totals(d);
    const training = run.results.inputs.filter((i) => i.dataset === "training");
    const bad = training.find((i) => i.file === "QX-SFJ/培训登记.xlsx")!;
    expect(bad.error).toMatch(/^QX-SFJ\/培训登记\.xlsx：/);
    expect(training.filter((i) => i.error !== null)).toEqual([bad]);
    const sfj = run.results.units.find((u) => u.id === "QX-SFJ")!;
    expect(sfj.complete).toBe(false);
    const gap = sfj.incompleteData!.find((g) => g.dataset === "training")!;
    expect(gap.unreadFiles).toEqual(["QX-SFJ/培训登记.xlsx"]);
    expect(gap.reason).toMatch(/^培训登记的文件 QX-SFJ\/培训登记\.xlsx 无法读取/);
    const a1 = sfj.items.find((i) => i.id === "A1")!;
    expect(a1.reason).toContain("培训登记的文件 QX-SFJ/培训登记.xlsx 无法读取");
    expect(a1.state === "error" || a1.provisional === true).toBe(true);
    // no other unit's total or grade moves, and none is taken for complete
    const others = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).filter(([u]) => u !== "QX-SFJ"));
    expect(others(run.byUnit)).toEqual(others(tidy));
    expect(run.byUnit["QX-SFJ"]).toMatch(/\*/);
    expect(Number.parseFloat(run.byUnit["QX-SFJ"]!)).toBeLessThanOrEqual(Number.parseFloat(tidy["QX-SFJ"]!));
    // on worker threads the same
    const { results: threaded } = await evaluate({ rubric: RUBRIC, data: d, workers: 2 });
    expect(threaded.units).toEqual(run.results.units);
    const out = await scratch();
    const io = {
      text: "",
      out(t: string) {
        this.text += `${t}\n`;
      },
      err(t: string) {
        this.text += `${t}\n`;
      },
    };
    expect(await runCli(["evaluate", "--rubric", RUBRIC, "--data", d, "--out", out], io)).toBe(1);
  }, 120_000);

  it("an unreadable file outside unit folders still makes the whole dataset unusable", async () => {
    const d = await scratch();
    await unitFolders(d);
    await writeFile(join(d, "培训登记-第二批.xlsx"), "not a workbook at all");
    const data = await loadData(d);
    expect(data.datasets.training!.error).toMatch(/培训登记-第二批\.xlsx：/);
  }, 120_000);

  it("links, FIFOs and a folder named like a data file are listed, never read, never waited on", async () => {
    const d = await scratch();
    await copyDemo(d, ["training", "cases"]);
    const outside = await scratch();
    await copyFile(join(DEMO, "training.csv"), join(outside, "training.csv"));
    await symlink(join(outside, "training.csv"), join(d, "training.csv"));
    execFileSync("mkfifo", [join(d, "cases.csv")]);
    await mkdir(join(d, "培训登记.xlsx"));
    const data = await loadData(d, { required: ["units", "training", "cases"] });
    expect(data.datasets.training!.error).toMatch(
      /^未找到可读取的数据文件（数据集「培训登记」training）：training\.csv 是符号链接（指向 .*），未读取：数据文件夹中的链接不会被跟随/,
    );
    expect(data.datasets.cases!.error).toBe(
      "未找到可读取的数据文件（数据集「行政执法案件」cases）：cases.csv 不是普通文件（命名管道（FIFO））",
    );
    expect(data.notRead!.map((n) => n.file)).toEqual(["cases.csv", "training.csv", "培训登记.xlsx"]);
    expect(data.notRead![2]!.reason).toBe("是文件夹，不是数据文件，未读取");
  });
});
