/** The self-check's data problems: the unit's rejected rows grouped by code, and the ledger's 数据问题 sheet. */
import { describe, expect, it } from "vitest";
import { appendFile, cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCheck } from "../../src/check/check.js";
import { dataProblemGroups } from "../../src/check/data-problems.js";
import { writeLedger } from "../../src/check/ledger.js";
import type { LoadedData, SourceLoad } from "../../src/data/types.js";
import { PROBLEM_TITLES, UNCODED_TITLE } from "../../src/data/problem-messages.js";

const RUBRIC = "rubrics/qingxin-2024.json";

const source = (file: string, unit: string | null, rejected: SourceLoad["rejected"]): SourceLoad => ({
  file,
  sheet: null,
  unit,
  format: "csv",
  encoding: "utf-8",
  rows: 10,
  accepted: 10 - rejected.length,
  rejected,
  error: null,
});

describe("data problems by code", () => {
  const data = {
    dir: "x",
    ignoredFiles: [],
    datasets: {
      training: {
        ...source("QX-SCJG/training.csv", "QX-SCJG", []),
        dataset: "training",
        headers: [],
        records: [],
        sources: [
          source("QX-SCJG/training.csv", "QX-SCJG", [
            {
              line: 3,
              column: "培训日期",
              value: "2024-02-30",
              reason: "「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）",
              code: "no_such_date",
            },
            {
              line: 4,
              column: "学时",
              value: "abc",
              reason: "「学时」为「abc」：不是数字，应为如 60、60.5、1,200 或 95% 的数值",
              code: "bad_number",
            },
            {
              line: 6,
              column: "培训日期",
              value: "2024-13-01",
              reason: "「培训日期」为「2024-13-01」：日期不存在（没有 13 月）",
              code: "no_such_date",
            },
          ]),
          source("QX-GTJ/training.csv", "QX-GTJ", [
            { line: 2, column: "学时", value: "x", reason: "「学时」为「x」：不是数字", code: "bad_number" },
          ]),
          source("training.csv", null, [{ line: 9, column: null, value: null, reason: "第 9 行有 3 列，表头有 7 列" }]),
        ],
      },
    },
  } as unknown as LoadedData;

  it("groups the unit's own files' rows by code, most rows first; another unit's folder is left out", () => {
    expect(dataProblemGroups(data, "QX-SCJG", false)).toEqual([
      {
        code: "no_such_date",
        title: "日期不存在",
        count: 2,
        examples: [
          "QX-SCJG/training.csv 第 3 行：「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）",
          "QX-SCJG/training.csv 第 6 行：「培训日期」为「2024-13-01」：日期不存在（没有 13 月）",
        ],
      },
      {
        code: "bad_number",
        title: "数值格式不对",
        count: 1,
        examples: ["QX-SCJG/training.csv 第 4 行：「学时」为「abc」：不是数字，应为如 60、60.5、1,200 或 95% 的数值"],
      },
    ]);
  });

  it("a folder of the unit's data only: files outside unit folders are its own; a row without a code is grouped apart, last", () => {
    const groups = dataProblemGroups(data, "QX-SCJG", true);
    expect(groups.map((g) => [g.code, g.count])).toEqual([
      ["no_such_date", 2],
      ["bad_number", 1],
      [null, 1],
    ]);
    expect(groups[2]!.title).toBe("其他数据问题");
  });
});

describe("the self-check of a folder with a bad row", () => {
  it("reports the row in dataProblems and the ledger's 数据问题 sheet", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-problems-"));
    const data = join(dir, "scjg");
    await cp("test/fixtures/check/scjg", data, { recursive: true });
    await appendFile(join(data, "training.csv"), "P001,2024-02-30,执法文书规范,执法技能,2,\n");
    const report = await runCheck({ rubric: RUBRIC, data, unit: "QX-SCJG", asOf: "2024-06-15", workers: 0 });
    expect(report.dataProblems).toHaveLength(1);
    const [g] = report.dataProblems;
    expect(g!.count).toBe(1);
    expect(g!.examples[0]).toMatch(/^training\.csv 第 \d+ 行：「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）$/);

    const file = join(dir, "台账.xlsx");
    await writeLedger(file, report);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet("数据问题")!;
    expect(sheet.getRow(1).values).toEqual([undefined, "序号", "问题类别", "行数", "示例"]);
    expect(sheet.getRow(2).getCell(3).value).toBe(1);
    expect(String(sheet.getRow(2).getCell(4).value)).toContain("日期不存在（2024年2月只有 29 天）");
  });

  it("groups several kinds of bad rows by their code (not all under 其他数据问题)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-problems-"));
    const data = join(dir, "scjg");
    await cp("test/fixtures/check/scjg", data, { recursive: true });
    await appendFile(
      join(data, "training.csv"),
      [
        "P001,2024-02-30,执法文书规范,执法技能,2,",
        "P001,2024-13-01,执法文书规范,执法技能,2,",
        "P002,2024-05-01,执法文书规范,执法技能,abc,",
        "P999,2024-05-02,执法文书规范,执法技能,2,",
        "P001,2024-05-03,执法文书规范",
        "P002,2024-05-04,执法文书规范,执法技能,,",
        "",
      ].join("\n"),
    );
    const report = await runCheck({ rubric: RUBRIC, data, unit: "QX-SCJG", asOf: "2024-06-15", workers: 0 });
    expect(report.dataProblems.map((g) => [g.code, g.title, g.count])).toEqual([
      ["no_such_date", "日期不存在", 2],
      ["bad_number", "数值格式不对", 1],
      ["field_count", PROBLEM_TITLES.field_count, 1],
      ["unknown_officer", PROBLEM_TITLES.unknown_officer, 1],
      ["missing_hours", PROBLEM_TITLES.missing_hours, 1],
    ]);
    expect(report.dataProblems.some((g) => g.code === null || g.title === UNCODED_TITLE)).toBe(false);

    const file = join(dir, "台账.xlsx");
    await writeLedger(file, report);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet("数据问题")!;
    const titles = [2, 3, 4, 5, 6].map((n) => sheet.getRow(n).getCell(2).value);
    expect(titles).toEqual(report.dataProblems.map((g) => g.title));
  });

  it("a clean folder: no data problems, no 数据问题 sheet", async () => {
    const report = await runCheck({ rubric: RUBRIC, data: "test/fixtures/check/scjg", unit: "QX-SCJG", asOf: "2024-06-15", workers: 0 });
    expect(report.dataProblems).toEqual([]);
    const dir = await mkdtemp(join(tmpdir(), "fazhi-problems-"));
    await writeLedger(join(dir, "l.xlsx"), report);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "l.xlsx"));
    expect(wb.getWorksheet("数据问题")).toBeUndefined();
  });
});
