/**
 * Data problems: each code from a real fixture row (the code the producer gives, and the
 * loader's sentence equal to problemMessage of that problem), and one pinned sentence per
 * code so that a change of wording fails here before it reaches results.json.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadData } from "../../src/data/folder.js";
import { readCsvBatches, type CsvItem } from "../../src/data/csv.js";
import { detectFileEncoding, decodeText } from "../../src/data/encoding.js";
import { resolveHeaders } from "../../src/data/headers.js";
import { normalizeCell, type SourceCell } from "../../src/data/normalize.js";
import { CONTRACT, type DatasetId } from "../../src/data/contract.js";
import { readXls } from "../../src/data/xls.js";
import { PROBLEM_CODES, type DataProblem, type DataProblemCode } from "../../src/data/problems.js";
import { locatedMessage, namesItsFile, problemMessage } from "../../src/data/problem-messages.js";
import type { DatasetLoad, LoadOptions } from "../../src/data/types.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

async function csvItems(path: string): Promise<CsvItem[]> {
  const out: CsvItem[] = [];
  for await (const batch of readCsvBatches([await readFile(path)])) out.push(...batch);
  return out;
}

/** The fields of a fixture row, by line, and the header. */
async function csvRow(path: string, line: number): Promise<{ header: string[]; fields: string[] }> {
  const items = await csvItems(path);
  const header = items.find((i) => i.line === 1 && i.type === "record");
  const row = items.find((i) => i.line === line && i.type === "record");
  if (header?.type !== "record" || row?.type !== "record") throw new Error(`no line ${line} in ${path}`);
  return { header: header.fields, fields: row.fields };
}

/** The problem normalizeCell gives for a cell of a fixture row, by its header. */
async function cellProblem(path: string, dataset: DatasetId, line: number, header: string) {
  const { header: h, fields } = await csvRow(path, line);
  const spec = CONTRACT[dataset].columns.find((c) => c.name === header)!;
  const r = normalizeCell(spec, (fields[h.indexOf(header)] ?? null) as SourceCell, header);
  if (r.ok) throw new Error(`line ${line} ${header} is fine`);
  return r;
}

/** The loader's rejection at a line and column: its sentence must be problemMessage(problem). */
function expectRejected(load: DatasetLoad | undefined, line: number, column: string | null, problem: DataProblem): void {
  const found = load?.rejected.filter((r) => r.line === line && r.column === column) ?? [];
  expect(found.map((r) => r.reason)).toContain(problemMessage(problem));
}

describe("codes from real fixture rows", () => {
  const bad = fixture("data", "bad");

  it("cells (normalize.ts): each code and its sentence, as the loader rejects the row", async () => {
    const data = await loadData(bad, {});
    const cases: [file: string, dataset: DatasetId, line: number, header: string, code: DataProblemCode][] = [
      ["officers.csv", "officers", 3, "证件有效期至", "no_such_date"],
      ["officers.csv", "officers", 10, "是否执法岗位", "bad_boolean"],
      ["officers.csv", "officers", 10, "证件状态", "not_in_list"],
      ["officers.csv", "officers", 11, "人员编号", "missing_required"],
      ["training.csv", "training", 2, "学时", "bad_number"],
      ["training.csv", "training", 8, "培训日期", "no_such_date"],
      ["training.csv", "training", 8, "学时", "out_of_range"],
      ["training.csv", "training", 9, "培训日期", "bad_date"],
      ["training.csv", "training", 9, "培训类别", "missing_required"],
    ];
    for (const [file, dataset, line, header, code] of cases) {
      const r = await cellProblem(join(bad, file), dataset, line, header);
      expect(r.problem.code, `${file}:${line} ${header}`).toBe(code);
      expect(r.reason).toBe(problemMessage(r.problem));
      expectRejected(data.datasets[dataset], line, header, r.problem);
    }
  });

  it("an unclosed quote (csv.ts): unclosed_quote at the line it starts", async () => {
    const items = await csvItems(join(bad, "officers.csv"));
    const err = items.find((i) => i.type === "error");
    expect(err?.type === "error" && err.problem).toEqual({ code: "unclosed_quote", line: 14 });
    const data = await loadData(bad, {});
    expectRejected(data.datasets.officers, 14, null, { code: "unclosed_quote", line: 14 });
  });

  it("encodings (encoding.ts): not_text, utf16, from the junk folder's files", async () => {
    const nul = await detectFileEncoding(fixture("data", "junk", "units.csv"));
    expect(!nul.ok && nul.problem).toEqual({ code: "not_text", looks: "nul" });
    const utf16 = await detectFileEncoding(fixture("data", "junk", "milestones.csv"));
    expect(!utf16.ok && utf16.problem).toEqual({ code: "utf16" });
    const data = await loadData(fixture("data", "junk"), {});
    expect(data.datasets.units?.error).toBe(locatedMessage({ code: "not_text", looks: "nul", file: "units.csv" }));
    expect(data.datasets.milestones?.error).toBe(locatedMessage({ code: "utf16", file: "milestones.csv" }));
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, problem: { code: "bad_bom" } });
  });

  it("headers (headers.ts): missing_column, duplicate_column, near_column", async () => {
    const missing = await csvRow(fixture("data", "missing-column", "training.csv"), 1);
    const r = resolveHeaders("training", missing.header);
    expect(r.problems.map((p) => p.code)).toEqual(["missing_column"]);
    const twice = resolveHeaders("officers", (await csvRow(fixture("data", "missing-column", "officers.csv"), 1)).header);
    expect(twice.problems.map((p) => p.code)).toEqual(["duplicate_column"]);
    const data = await loadData(fixture("data", "missing-column"), {});
    expect(data.datasets.training?.error).toBe(locatedMessage({ ...r.problems[0]!, file: "training.csv" }));
    expect(data.datasets.officers?.error).toBe(locatedMessage({ ...twice.problems[0]!, file: "officers.csv" }));

    const near = resolveHeaders("officers", (await csvRow(fixture("shapes", "near-header", "officers.csv"), 1)).header);
    expect(near.warningProblems.map((p) => p.code)).toEqual(["near_column"]);
    const shapes = await loadData(fixture("shapes", "near-header"), {});
    expect(shapes.datasets.officers?.warnings).toEqual([locatedMessage({ ...near.warningProblems[0]!, file: "officers.csv" })]);
  });

  it("xlsx (xlsx.ts): the junk folder's workbooks that are none", async () => {
    const { readXlsx } = await import("../../src/data/xlsx.js");
    const junk = (name: string) => readFile(fixture("data", "junk", name));
    expect(await readXlsx(await junk("officers.xlsx"))).toMatchObject({ ok: false, problem: { code: "xlsx_not_zip" } });
    expect(await readXlsx(await junk("indicators.xlsx"))).toMatchObject({ ok: false, problem: { code: "xlsx_old_or_encrypted" } });
    const corrupt = await readXlsx(await junk("documents.xlsx"));
    if (corrupt.ok) throw new Error("documents.xlsx was read");
    expect(corrupt.problem.code).toBe("xlsx_corrupt");
    const data = await loadData(fixture("data", "junk"), {});
    expect(data.datasets.documents?.error).toBe(locatedMessage({ ...corrupt.problem, file: "documents.xlsx" }));
  });

  it("xls (xls.ts): a web page saved as .xls, an xlsx named .xls, no workbook", () => {
    expect(readXls(Buffer.from("<html><table></table></html>"))).toMatchObject({ ok: false, problem: { code: "xls_is_html" } });
    expect(readXls(Buffer.from("PK\u0003\u0004rest", "latin1"))).toMatchObject({ ok: false, problem: { code: "xls_is_xlsx" } });
    expect(readXls(Buffer.from("plain text, not a workbook"))).toMatchObject({ ok: false, problem: { code: "not_xls" } });
  });

  // The sentences the loader (load.ts, folder.ts, belongs.ts) writes today, built from codes:
  // the loader is converted to produce them from these problems (issue #15).
  it("rows and files the loader rejects: the same sentence from the code", async () => {
    const data = await loadData(bad, {});
    const officers = data.datasets.officers;
    expectRejected(officers, 4, "单位编码", {
      code: "unknown_unit",
      column: "单位编码",
      value: "QX-NOPE",
      list: "执法单位表（units.csv）",
    });
    expectRejected(officers, 8, "人员编号", { code: "duplicate_id", column: "人员编号", value: "P001", firstLine: 2 });
    expectRejected(officers, 9, null, { code: "field_count", line: 9, fields: 3, width: 7 });
    const training = data.datasets.training;
    expectRejected(training, 3, "人员编号", {
      code: "unknown_officer",
      column: "人员编号",
      value: "P999",
      list: "行政执法人员表（officers.csv）",
    });
    expectRejected(training, 4, "学时", { code: "missing_hours", hoursName: "学时", minutesName: "时长（分钟）" });

    const options: LoadOptions = {
      required: ["units"],
      taskIds: new Set(["T1", "T2"]),
      reported: new Map([["complaints", "number"]]),
      gradedCategories: new Set(["区直部门"]),
    };
    const cross = (await loadData(fixture("data", "cross"), options)).datasets;
    expectRejected(cross.units, 4, "单位类别", { code: "ungraded_category", category: "镇人民政府", categories: ["区直部门"] });
    expectRejected(cross.milestones, 2, "任务编号", {
      code: "duplicate_report",
      unit: "QX-SCJG",
      column: "任务编号",
      value: "T1",
      keptLine: 3,
      keptDone: "2024-05-01",
    });
    expectRejected(cross.milestones, 6, "任务编号", { code: "unknown_task", column: "任务编号", value: "T9" });
    expectRejected(cross.documents, 2, "失效日期", { code: "missing_invalid_from", status: "失效" });
    const cause = { code: "bad_number", got: "text", column: "数值", value: "很多" } as const;
    expectRejected(cross.indicators, 6, "数值", { code: "bad_reported_value", cause, indicator: "complaints", kind: "number" });
    expectRejected(cross.indicators, 7, "指标编码", { code: "unknown_indicator", column: "指标编码", value: "unknown" });

    const swallow = (await loadData(fixture("shapes", "stray-quotes-swallow"), {})).datasets.cases;
    expectRejected(swallow, 2, null, { code: "quote_swallowed_lines", line: 2, last: 4 });
    const gbk = (await loadData(fixture("shapes", "gbk-line"), {})).datasets.training;
    expectRejected(gbk, 4, null, { code: "line_not_utf8", line: 4 });

    const junk = (await loadData(fixture("data", "junk"), {})).datasets;
    expect(junk.cases?.error).toBe(locatedMessage({ code: "empty_file", file: "cases.csv" }));
    expect(junk.officers?.error).toBe(locatedMessage({ code: "xlsx_not_zip", file: "officers.xlsx" }));
    expect(junk.indicators?.error).toBe(locatedMessage({ code: "xlsx_old_or_encrypted", file: "indicators.xlsx" }));
    const dup = (await loadData(fixture("data", "duplicate"), {})).datasets.officers;
    const ambiguous = {
      code: "dataset_ambiguous",
      dataset: "officers",
      title: "行政执法人员",
      files: ["officers.csv", "officers.xlsx"],
      file: "officers.csv",
    } as const;
    expect(dup?.error).toBe(locatedMessage(ambiguous));
    expect(namesItsFile(ambiguous.code)).toBe(false);
    const headless = (await loadData(fixture("data", "cross-badunits"), {})).datasets.units;
    expect(headless?.error).toMatch(
      new RegExp(
        `^units\\.csv：${problemMessage({ code: "no_header_row", rows: 2, line: 1, first: "单位名称" }).replace(/[()（）]/g, ".")}；缺少必填列`,
      ),
    );
  });
});

/** One problem (or a few, for the variants of a sentence) of every code: the union is closed, so this table is complete or fails to compile. */
const EXAMPLES: { [C in DataProblemCode]: Extract<DataProblem, { code: C }>[] } = {
  missing_required: [{ code: "missing_required", column: "人员编号" }],
  bad_date: [
    { code: "bad_date", hint: "forms", column: "培训日期", value: "30/6/2024" },
    { code: "bad_date", hint: "invalid" },
    { code: "bad_date", hint: "plain" },
    { code: "bad_date", hint: "time", column: "证件有效期至", value: "2024-12-31 25:99" },
  ],
  implausible_date: [{ code: "implausible_date", date: "1905-07-16", earliest: 1950, column: "完成日期", value: "2024" }],
  no_such_date: [
    { code: "no_such_date", year: 2024, month: 2, column: "培训日期", value: "2024-02-30" },
    { code: "no_such_date", year: 2024, month: 13 },
  ],
  bad_excel_serial: [
    { code: "bad_excel_serial", serial: 3000000.5 },
    { code: "bad_excel_serial", serial: 60 },
  ],
  bad_number: [
    { code: "bad_number", got: "text", column: "学时", value: "abc" },
    { code: "bad_number", got: "nonfinite" },
    { code: "bad_number", got: "date" },
    { code: "bad_number", got: "boolean" },
  ],
  bad_boolean: [
    { code: "bad_boolean", got: "text" },
    { code: "bad_boolean", got: "date" },
  ],
  out_of_range: [
    { code: "out_of_range", min: 0, max: 100, label: "得分" },
    { code: "out_of_range", min: 0, label: "", column: "学时", value: "-1" },
    { code: "out_of_range", max: 100, label: "" },
  ],
  rate_out_of_range: [{ code: "rate_out_of_range", column: "数值", value: "87.2" }],
  not_integer: [{ code: "not_integer", column: "数值", value: "0.5" }],
  percent_not_allowed: [{ code: "percent_not_allowed", column: "学时", value: "50%" }],
  not_in_list: [{ code: "not_in_list", oneOf: ["有效", "暂扣"], label: "" }],
  cell_error: [{ code: "cell_error", error: "#DIV/0!" }],
  formula_no_result: [{ code: "formula_no_result", formula: "=A1+B1", column: "学时", value: "=A1+B1" }],
  bad_date_cell: [{ code: "bad_date_cell", column: "培训日期", value: "2024-13-05" }],
  unclosed_quote: [{ code: "unclosed_quote", line: 14 }],
  bad_quote: [
    { code: "bad_quote", line: 3, at: "closing" },
    { code: "bad_quote", line: 3, at: "opening" },
  ],
  record_too_long: [{ code: "record_too_long", line: 2, maxMb: 1 }],
  csv_syntax: [
    { code: "csv_syntax", line: 2, csvCode: "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" },
    { code: "csv_syntax", line: 2, csvCode: "CSV_OTHER" },
  ],
  quote_swallowed_lines: [{ code: "quote_swallowed_lines", line: 2, last: 4 }],
  line_not_utf8: [{ code: "line_not_utf8", line: 4 }],
  field_count: [{ code: "field_count", line: 9, fields: 3, width: 7 }],
  cell_without_header: [{ code: "cell_without_header", line: 5, letter: "H" }],
  duplicate_id: [
    { code: "duplicate_id", column: "人员编号", value: "P001", firstLine: 2 },
    { code: "duplicate_id", column: "案件编号", value: "C1", firstLine: 2, firstFile: "cases.xlsx [二月]" },
  ],
  unknown_unit: [{ code: "unknown_unit", column: "单位编码", value: "QX-NOPE", list: "执法单位表（units.csv）" }],
  unknown_officer: [
    { code: "unknown_officer", column: "人员编号", value: "P999", list: "行政执法人员表（officers.csv）" },
    { code: "unknown_officer", column: "人员编号", value: "P003", list: "行政执法人员表（officers.csv）", rejected: true },
  ],
  other_unit: [
    { code: "other_unit", value: "QX-GTJ", unit: "QX-SCJG", unitLabel: "市场监管局", inFolder: true },
    { code: "other_unit", value: "QX-GTJ", unit: "QX-SCJG", unitLabel: "QX-SCJG", inFolder: false },
  ],
  other_unit_officer: [
    { code: "other_unit_officer", value: "P003", officerUnit: "QX-GTJ", unit: "QX-SCJG", unitLabel: "市场监管局", inFolder: true },
  ],
  repeated_record: [{ code: "repeated_record", firstFile: "QX-SCJG/training.csv", firstLine: 3 }],
  unknown_task: [{ code: "unknown_task", column: "任务编号", value: "T9" }],
  unknown_activity_type: [{ code: "unknown_activity_type", column: "活动类型", value: "联欢" }],
  unknown_indicator: [{ code: "unknown_indicator", column: "指标编码", value: "unknown" }],
  bad_reported_value: [
    {
      code: "bad_reported_value",
      cause: { code: "bad_number", got: "text", column: "数值", value: "很多" },
      indicator: "complaints",
      kind: "number",
    },
    { code: "bad_reported_value", cause: { code: "missing_required", column: "数值" }, indicator: "model", kind: "boolean" },
  ],
  missing_invalid_from: [{ code: "missing_invalid_from", status: "废止" }],
  missing_score: [{ code: "missing_score", scoreName: "得分" }],
  ungraded_category: [{ code: "ungraded_category", category: "镇人民政府", categories: ["区直部门", "乡镇街道"] }],
  not_certificate_no: [{ code: "not_certificate_no", column: "执法证号", value: "未取得" }],
  date_order: [{ code: "date_order", later: "公示日期", laterDate: "2023-11-01", earlier: "决定日期", earlierDate: "2024-11-01" }],
  published_undecided: [{ code: "published_undecided", published: "公示日期", publishedDate: "2024-03-29", decided: "决定日期" }],
  missing_hours: [{ code: "missing_hours", hoursName: "学时", minutesName: "时长（分钟）" }],
  duplicate_report: [
    { code: "duplicate_report", unit: "QX-SCJG", column: "任务编号", value: "T1", keptLine: 3, keptDone: "2024-05-01" },
    { code: "duplicate_report", unit: "QX-SCJG", column: "指标编码", value: "rate", keptLine: 2 },
  ],
  missing_column: [
    { code: "missing_column", missing: ["「承办人」(handlers)", "「决定日期」(decided)"], found: ["案件编号", "单位编码"] },
    { code: "missing_column", missing: ["「单位编码」(unit_id)"], found: [] },
  ],
  mapping_unknown_column: [{ code: "mapping_unknown_column", source: "编号", target: "工号", datasetTitle: "行政执法人员" }],
  duplicate_column: [
    { code: "duplicate_column", first: "人员编号", firstIndex: 0, second: "officer_id", secondIndex: 4, what: "「人员编号」(officer_id)" },
  ],
  near_column: [{ code: "near_column", header: "执法证编码", index: 4, near: "「执法证号」(certificate_no)", nearName: "执法证号" }],
  no_header_row: [{ code: "no_header_row", rows: 2, line: 1, first: "单位名称" }],
  header_unreadable: [{ code: "header_unreadable", cause: "从第 1 行开始列数不一致，第 1 行及之后的内容都无法读取" }],
  empty_file: [{ code: "empty_file" }],
  unreadable_file: [{ code: "unreadable_file", cause: "EACCES" }],
  not_text: [
    { code: "not_text", looks: "zip" },
    { code: "not_text", looks: "ole" },
    { code: "not_text", looks: "nul" },
    { code: "not_text", looks: "control" },
  ],
  utf16: [{ code: "utf16" }],
  bad_bom: [{ code: "bad_bom" }],
  bad_encoding: [{ code: "bad_encoding" }],
  xls_too_large: [{ code: "xls_too_large", mb: 300 }],
  xls_is_xlsx: [{ code: "xls_is_xlsx" }],
  xls_is_html: [{ code: "xls_is_html" }],
  not_xls: [{ code: "not_xls" }],
  xls_encrypted: [{ code: "xls_encrypted" }],
  xls_biff5: [{ code: "xls_biff5" }],
  xls_no_workbook: [{ code: "xls_no_workbook" }],
  xls_corrupt: [{ code: "xls_corrupt", detail: "字符串表不完整" }],
  xlsx_too_large: [{ code: "xlsx_too_large", mb: 300 }],
  xlsx_bomb: [{ code: "xlsx_bomb", detail: "声明 900 MB，压缩比 400:1" }],
  xlsx_old_or_encrypted: [{ code: "xlsx_old_or_encrypted" }],
  xlsx_not_zip: [{ code: "xlsx_not_zip" }],
  xlsx_corrupt: [{ code: "xlsx_corrupt", detail: "Corrupted zip: can't find end of central directory" }],
  xlsx_no_sheet: [{ code: "xlsx_no_sheet" }],
  no_readable_sheet: [
    { code: "no_readable_sheet", sheets: ["说明", "隐藏"], allHidden: false },
    { code: "no_readable_sheet", sheets: ["隐藏"], allHidden: true },
  ],
  no_matching_sheet: [{ code: "no_matching_sheet", datasetTitle: "案件", skipped: ["Sheet2（表头中没有本表的列）"] }],
  copied_sheet: [{ code: "copied_sheet", sheet: "培训登记 (2)", original: "培训登记", same: 120, other: 3 }],
  unused_file: [{ code: "unused_file", failed: ["QX-SCJG/cases.csv", "cases.xlsx [二月]"] }],
  dataset_ambiguous: [{ code: "dataset_ambiguous", dataset: "officers", title: "行政执法人员", files: ["officers.csv", "officers.xlsx"] }],
  dataset_missing: [
    { code: "dataset_missing", dataset: "units", title: "执法单位" },
    { code: "dataset_missing", dataset: "units", title: "执法单位", why: "units.xlsx 是隐藏文件" },
  ],
  folder_missing: [{ code: "folder_missing", path: "inputs/2024" }],
  folder_unreadable: [{ code: "folder_unreadable", path: "inputs/2024", cause: "EACCES" }],
  not_a_folder: [{ code: "not_a_folder", path: "inputs/units.csv" }],
  mapping_unreadable: [{ code: "mapping_unreadable", path: "column-mapping.json", cause: "没有读取权限" }],
  mapping_not_text: [{ code: "mapping_not_text", path: "column-mapping.json", reason: "不是文本文件" }],
  mapping_bad_json: [
    { code: "mapping_bad_json", path: "column-mapping.json", where: "（第 2 行第 5 个字符附近）", detail: "Unexpected token" },
  ],
  mapping_bad_shape: [
    { code: "mapping_bad_shape", path: "column-mapping.json", problems: [] },
    { code: "mapping_bad_shape", path: "column-mapping.json", problems: ["没有数据集「casez」（可用：units、cases）"] },
  ],
};

describe("one sentence per code", () => {
  it("every code has examples, in the order of the union", () => {
    expect(Object.keys(EXAMPLES)).toEqual([...PROBLEM_CODES]);
  });

  it("the sentences (a change of wording changes results.json: fix the wording, not this snapshot)", () => {
    const sentences = Object.values(EXAMPLES).flatMap((list) => list.map((p: DataProblem) => `${p.code}: ${problemMessage(p)}`));
    expect(sentences).toMatchInlineSnapshot(`
      [
        "missing_required: 「人员编号」为必填项，不能为空",
        "bad_date: 「培训日期」为「30/6/2024」：不是日期，应为 2024-06-30、2024/6/30、2024.6.30、2024年6月30日 或 20240630 的形式",
        "bad_date: 不是有效日期",
        "bad_date: 不是日期",
        "bad_date: 「证件有效期至」为「2024-12-31 25:99」：日期后的时间不存在（时应为 0–23，分、秒应为 0–59），请核对",
        "implausible_date: 「完成日期」为「2024」：读作 1905-07-16，早于 1950 年，不是有效日期（在日期列中填数字会被当作 Excel 日期序号）；日期应为 2024-06-30、2024/6/30、2024.6.30、2024年6月30日 或 20240630 的形式",
        "no_such_date: 「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）",
        "no_such_date: 日期不存在（没有 13 月）",
        "bad_excel_serial: Excel 日期序号 3000000.5 超出范围",
        "bad_excel_serial: Excel 日期序号 60 对应不存在的 1900年2月29日",
        "bad_number: 「学时」为「abc」：不是数字，应为如 60、60.5、1,200 或 95% 的数值",
        "bad_number: 不是数字",
        "bad_number: 是日期，不是数字",
        "bad_number: 是是/否值，不是数字",
        "bad_boolean: 不是是/否值，应为 是/否、Y/N、yes/no、true/false、1/0、√/× 或 有/无",
        "bad_boolean: 是日期，不是是/否值",
        "out_of_range: 得分应在 0 到 100 之间",
        "out_of_range: 「学时」为「-1」：不能小于 0",
        "out_of_range: 不能大于 100",
        "rate_out_of_range: 「数值」为「87.2」：比率应在 0 到 1 之间（即 0% 到 100%）；百分数请带 %，如 95% 或 0.95",
        "not_integer: 「数值」为「0.5」：应为整数",
        "percent_not_allowed: 「学时」为「50%」：本列不是比率，不能填百分数",
        "not_in_list: 应为 有效、暂扣 之一",
        "cell_error: 单元格是错误值 #DIV/0!，请在 Excel 中改正公式或填入数值",
        "formula_no_result: 「学时」为「=A1+B1」：公式没有计算结果，请在 Excel 中打开、重新计算并保存",
        "bad_date_cell: 「培训日期」为「2024-13-05」：是 Excel 日期单元格，但其中的值不是有效日期（应为 2024-06-30 或 2024-06-30T08:30:00 的形式，不带时区），请在 Excel 中重新输入该日期",
        "unclosed_quote: 从第 14 行开始引号没有闭合（直到文件末尾也没有找到配对的引号），第 14 行及之后的内容都无法读取",
        "bad_quote: 从第 3 行开始引号使用有误（右引号后面紧跟其他字符），第 3 行及之后的内容都无法读取",
        "bad_quote: 从第 3 行开始引号使用有误（字段中间出现引号），第 3 行及之后的内容都无法读取",
        "record_too_long: 从第 2 行开始一行内容过长（超过 1 MB，可能是引号没有闭合），第 2 行及之后的内容都无法读取",
        "csv_syntax: 从第 2 行开始列数不一致，第 2 行及之后的内容都无法读取",
        "csv_syntax: 从第 2 行开始CSV 格式错误（CSV_OTHER），第 2 行及之后的内容都无法读取",
        "quote_swallowed_lines: 第 2 行的一个单元格以英文引号「"」开头，引号一直到第 4 行才配对，第 2–4 行被读成了一个单元格，都未能读取；多半是第 2 行多了一个引号，请删除它或把整个单元格用引号括起",
        "line_not_utf8: 第 4 行不是 UTF-8 编码（文件其余各行是 UTF-8，这一行像是从 GBK 编码的文件粘贴来的），该行无法读取；请重新输入这一行，或把整个文件另存为「CSV UTF-8（逗号分隔）」",
        "field_count: 第 9 行有 3 列，表头有 7 列",
        "cell_without_header: 第 5 行的 H 列有内容，但该列没有表头",
        "duplicate_id: 人员编号 P001 与第 2 行重复",
        "duplicate_id: 案件编号 C1 与 cases.xlsx [二月] 第 2 行重复",
        "unknown_unit: 单位编码 QX-NOPE 不在执法单位表（units.csv）中",
        "unknown_officer: 人员编号 P999 不在行政执法人员表（officers.csv）中",
        "unknown_officer: 人员编号 P003 在行政执法人员表（officers.csv）中的行未被接受（见该表的错误），本行待该行改正后才能计入",
        "other_unit: 单位编码 QX-GTJ 不是所在文件夹「市场监管局」的单位（QX-SCJG），该行不计入",
        "other_unit: 单位编码 QX-GTJ 不是文件名所示单位「QX-SCJG」的单位（QX-SCJG），该行不计入",
        "other_unit_officer: 人员编号 P003 是单位 QX-GTJ 的人员，不是所在文件夹「市场监管局」的单位（QX-SCJG）的人员，该行不计入",
        "repeated_record: 与 QX-SCJG/training.csv 第 3 行是同一条记录（各列相同），不重复计入",
        "unknown_task: 任务编号 T9 不是评分细则中定义的任务",
        "unknown_activity_type: 活动类型 联欢 不是评分细则中定义的活动类型",
        "unknown_indicator: 指标编码 unknown 不是评分细则中定义的自报指标",
        "bad_reported_value: 「数值」为「很多」：不是数字，应为如 60、60.5、1,200 或 95% 的数值（指标 complaints 的数值应为数字）",
        "bad_reported_value: 「数值」为必填项，不能为空（指标 model 的数值应为是/否值）",
        "missing_invalid_from: 状态为废止的文件须填写失效日期",
        "missing_score: 得分须填写（考评细则未指定评查标准，案卷得分无法计算）",
        "ungraded_category: 单位类别「镇人民政府」在细则中没有对应的等次标准（细则规定了：区直部门、乡镇街道），该单位无法评定等次；请改正单位类别或在细则中增加该类别的等次标准",
        "not_certificate_no: 「执法证号」为「未取得」：不是证件号码；没有执法证的请留空或填“无”",
        "date_order: 「公示日期」2023-11-01 早于「决定日期」2024-11-01，日期先后有误，请核对",
        "published_undecided: 填写了「公示日期」2024-03-29，但「决定日期」为空：尚未作出决定的案件不能公示，请补填决定日期或核对公示日期",
        "missing_hours: 学时与时长（分钟）至少填写一项",
        "duplicate_report: 单位 QX-SCJG 的任务编号 T1 重复填报，已采用第 3 行（完成日期 2024-05-01）",
        "duplicate_report: 单位 QX-SCJG 的指标编码 rate 重复填报，已采用第 2 行",
        "missing_column: 缺少必填列「承办人」(handlers)、「决定日期」(decided)（文件表头为：案件编号、单位编码）",
        "missing_column: 缺少必填列「单位编码」(unit_id)（文件表头为：空）",
        "mapping_unknown_column: 列映射把「编号」对应到「工号」，但数据集「行政执法人员」没有这一列",
        "duplicate_column: 「人员编号」（第 1 列）和「officer_id」（第 5 列）都对应「人员编号」(officer_id)，请删除或改名其中一列",
        "near_column: 表头「执法证编码」（第 5 列）与「执法证号」(certificate_no)相近，但没有对应到它，按额外列保留；如是同一列，请改名为「执法证号」或写入列映射",
        "no_header_row: 未找到表头行（前 2 个非空行中没有一行含有本表的列名；第 1 行为「单位名称」）",
        "header_unreadable: 表头行无法读取：从第 1 行开始列数不一致，第 1 行及之后的内容都无法读取",
        "empty_file: 文件是空的，没有表头行",
        "unreadable_file: 无法读取文件（EACCES）",
        "not_text: 不是文本文件（看起来是 xlsx 或 zip 文件；Excel 文件请以 .xlsx 为扩展名）",
        "not_text: 不是文本文件（看起来是旧版 .xls 文件；请在 Excel 中另存为 .xlsx 或 CSV）",
        "not_text: 不是文本文件（含有 NUL 字节，可能是二进制文件）",
        "not_text: 不是文本文件（含有大量控制字符，可能是二进制文件）",
        "utf16: 是 UTF-16 编码（Excel「Unicode 文本」），不支持；请另存为「CSV UTF-8（逗号分隔）」或「CSV（逗号分隔）」",
        "bad_bom: 以 UTF-8 BOM 开头，但内容不是有效的 UTF-8 文本",
        "bad_encoding: 编码无法识别：既不是 UTF-8 也不是 GBK/GB18030；请另存为「CSV UTF-8（逗号分隔）」",
        "xls_too_large: 文件过大（300 MB）；请另存为 CSV",
        "xls_is_xlsx: 实际是 .xlsx 格式的文件，请把扩展名改为 .xlsx",
        "xls_is_html: 不是真正的 .xls 文件（是网页/XML 格式，常见于系统导出）；请在 Excel 中打开后另存为 .xlsx",
        "not_xls: 不是有效的 .xls/.et 文件（文件不是 Excel 97–2003 格式）；请在 Excel 或 WPS 中另存为 .xlsx",
        "xls_encrypted: 是已加密的 Excel 文件，无法读取；请取消密码后另存为 .xlsx",
        "xls_biff5: 是 Excel 5.0/95 格式，无法读取；请另存为 .xlsx",
        "xls_no_workbook: 不是 Excel 工作簿（文件中没有工作簿数据，可能是其他 Office 文件）",
        "xls_corrupt: 不是有效的 .xls/.et 文件：字符串表不完整",
        "xlsx_too_large: xlsx 文件过大（300 MB）；请另存为 CSV",
        "xlsx_bomb: xlsx 文件解压后过大（声明 900 MB，压缩比 400:1），疑似压缩炸弹，拒绝读取；请另存为 CSV",
        "xlsx_old_or_encrypted: 是旧版 .xls 文件或已加密的 Excel 文件，无法读取；请在 Excel 中另存为不加密的 .xlsx",
        "xlsx_not_zip: 不是有效的 xlsx 文件（文件不是 zip 格式）；请在 Excel 中另存为 .xlsx",
        "xlsx_corrupt: 不是有效的 xlsx 文件，无法打开（Corrupted zip: can't find end of central directory）",
        "xlsx_no_sheet: 工作簿中没有工作表",
        "no_readable_sheet: 工作簿中没有可读取的工作表（说明、隐藏：均为隐藏的工作表或填表说明）",
        "no_readable_sheet: 工作簿中没有可读取的工作表（隐藏：均为隐藏的工作表）",
        "no_matching_sheet: 工作簿中没有表头与数据集「案件」相符的工作表：Sheet2（表头中没有本表的列）",
        "copied_sheet: 工作表「培训登记 (2)」像是「培训登记」复制后改过的工作表：有 120 行与「培训登记」的行完全相同，另有 3 行不同（改过的或新加的），无法确定以哪个工作表为准；请删除（或隐藏）不用的那个工作表后重新运行（两个工作表都要时，删去其中重复的行即可）",
        "unused_file: 未使用：同一数据集的 QX-SCJG/cases.csv、cases.xlsx [二月] 无法读取",
        "dataset_ambiguous: 数据集「行政执法人员」officers 有多个文件：officers.csv、officers.xlsx；请只保留一个",
        "dataset_missing: 未找到数据文件 units.csv 或 units.xlsx（数据集「执法单位」units）",
        "dataset_missing: 未找到可读取的数据文件（数据集「执法单位」units）：units.xlsx 是隐藏文件",
        "folder_missing: 数据文件夹不存在：inputs/2024",
        "folder_unreadable: 无法读取数据文件夹 inputs/2024（EACCES）",
        "not_a_folder: 不是文件夹：inputs/units.csv（应给出存放数据文件的文件夹）",
        "mapping_unreadable: 无法读取列映射文件 column-mapping.json（没有读取权限）",
        "mapping_not_text: 列映射文件 column-mapping.json 不是文本文件",
        "mapping_bad_json: 列映射文件 column-mapping.json 不是有效的 JSON（第 2 行第 5 个字符附近）：Unexpected token",
        "mapping_bad_shape: 列映射文件 column-mapping.json 格式不对：应为 {"数据集": {"文件中的表头": "列名或英文别名"}}，例如 {"cases": {"处罚决定日期": "decided"}}",
        "mapping_bad_shape: 列映射文件 column-mapping.json 格式不对：没有数据集「casez」（可用：units、cases）。应为 {"数据集": {"文件中的表头": "列名或英文别名"}}，例如 {"cases": {"处罚决定日期": "decided"}}",
      ]
    `);
  });

  it("a file problem's error text names its file and sheet, a dataset problem does not", () => {
    expect(locatedMessage({ code: "empty_file", file: "cases.xlsx", sheet: "二月" })).toBe("cases.xlsx [二月]：文件是空的，没有表头行");
    expect(locatedMessage({ code: "unused_file", failed: ["a.csv"], file: "b.csv" })).toBe("未使用：同一数据集的 a.csv 无法读取");
  });
});

describe("results.json", () => {
  it("lists a rejected row as the data contract says: line, column, value, code, reason", async () => {
    const { inputResults, serializeResults } = await import("../../src/results/build.js");
    const row = { line: 3, column: "学时", value: "abc", reason: "「学时」为「abc」：不是数字", code: "bad_number" as const };
    const data = {
      dir: "x",
      ignoredFiles: [],
      datasets: {
        training: {
          dataset: "training",
          file: "training.csv",
          format: "csv",
          encoding: "utf-8",
          rows: 1,
          accepted: 0,
          rejected: [row],
          error: null,
          headers: [],
          records: [],
        },
      },
    } as unknown as Parameters<typeof inputResults>[0];
    const [input] = inputResults(data);
    expect(input!.rejected).toEqual([{ line: 3, column: "学时", value: "abc", code: "bad_number", reason: "「学时」为「abc」：不是数字" }]);
    // the data contract's order: line, column, value, code, reason
    expect(serializeResults({ inputs: [input] } as never)).toMatch(/"value": "abc",\s*"code": "bad_number",\s*"reason"/);
  });
});
