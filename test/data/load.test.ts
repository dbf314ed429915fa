import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parseIsoDay } from "../../src/data/dates.js";
import { DataError } from "../../src/data/data-error.js";
import { readColumnMapping } from "../../src/data/mapping-file.js";
import { loadData } from "../../src/data/folder.js";
import type { DatasetLoad, LoadOptions } from "../../src/data/types.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "data");
const dir = (name: string) => join(FIXTURES, name);
const D = parseIsoDay;

/** The invariants every dataset load keeps. */
function checkInvariants(load: DatasetLoad): void {
  expect(load.accepted).toBe(load.records.length);
  expect(load.rows).toBe(load.accepted + new Set(load.rejected.map((r) => r.line)).size);
  const recordLines = load.records.map((r) => r.line);
  expect(recordLines).toEqual([...recordLines].sort((a, b) => a - b));
  for (const r of load.rejected) expect(recordLines).not.toContain(r.line);
  const order = load.rejected.map((r) => r.line);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  if (load.error) expect(load.records).toEqual([]);
}

async function load(name: string, options?: LoadOptions) {
  const data = await loadData(dir(name), options);
  for (const ds of Object.values(data.datasets)) checkInvariants(ds!);
  return data;
}

const tmpDirs: string[] = [];
afterAll(async () => {
  for (const d of tmpDirs) await rm(d, { recursive: true, force: true });
});

describe("encodings and formats", () => {
  it("reads UTF-8, UTF-8 with BOM, GBK and XLSX to identical records", async () => {
    const variants = [
      ["enc/utf8", "csv", "utf-8"],
      ["enc/bom", "csv", "utf-8-bom"],
      ["enc/gbk", "csv", "gb18030"],
      ["enc/xlsx", "xlsx", null],
    ] as const;
    const loads = [];
    for (const [name, format, encoding] of variants) {
      const data = await load(name, { required: ["units", "officers"] });
      const officers = data.datasets.officers!;
      expect(officers).toMatchObject({ format, encoding, error: null, rows: 5, accepted: 5, rejected: [] });
      expect(data.datasets.units).toMatchObject({ format, encoding, error: null, accepted: 3 });
      loads.push(data);
    }
    for (const data of loads.slice(1)) {
      expect(data.datasets.officers!.records).toEqual(loads[0]!.datasets.officers!.records);
      expect(data.datasets.units!.records).toEqual(loads[0]!.datasets.units!.records);
    }
    expect(loads[0]!.datasets.officers!.records.map((r) => r.values)).toEqual([
      {
        officer_id: "P001",
        name: "张三",
        unit_id: "QX-SCJG",
        in_enforcement_post: true,
        certificate_no: "44180012345",
        certificate_expires: D("2026-12-31"),
        certificate_status: "有效",
      },
      {
        officer_id: "P002",
        name: "李四",
        unit_id: "QX-SCJG",
        in_enforcement_post: false,
        certificate_no: null,
        certificate_expires: null,
        certificate_status: null,
      },
      {
        officer_id: "P003",
        name: "王五",
        unit_id: "QX-SFJ",
        in_enforcement_post: true,
        certificate_no: "44180054321",
        certificate_expires: D("2024-06-30"),
        certificate_status: "暂扣",
      },
      {
        officer_id: "P004",
        name: "欧阳,娜娜",
        unit_id: "QX-TPZ",
        in_enforcement_post: true,
        certificate_no: "44180099999",
        certificate_expires: D("2025-01-05"),
        certificate_status: "有效",
      },
      {
        officer_id: "P005",
        name: "钟〔测试〕√×",
        unit_id: "QX-TPZ",
        in_enforcement_post: false,
        certificate_no: null,
        certificate_expires: null,
        certificate_status: "注销",
      },
    ]);
  });

  it("reads xlsx cells: date cells, serial numbers, formulas, rich text, hyperlinks, error values; sheet row numbers", async () => {
    const data = await load("xlsx");
    const reviews = data.datasets.case_reviews!;
    expect(reviews.error).toBeNull();
    expect(reviews.records).toEqual([
      {
        line: 4,
        values: {
          case_id: "C001",
          unit_id: "QX-SCJG",
          date: D("2024-06-30"),
          review_kind: "抽查",
          score: 85,
          reviewer: null,
          veto: null,
          problems: "见评查表",
        },
      },
      {
        line: 5,
        values: {
          case_id: "C002",
          unit_id: "QX-SCJG",
          date: D("2024-06-30"),
          review_kind: "自查",
          score: 92.5,
          reviewer: null,
          veto: null,
          problems: "文书不规范",
        },
      },
    ]);
    expect(reviews.rows).toBe(6);
    expect(reviews.rejected).toMatchInlineSnapshot(`
      [
        {
          "code": "cell_error",
          "column": "得分",
          "line": 6,
          "reason": "「得分」为「#DIV/0!」：单元格是错误值 #DIV/0!，请在 Excel 中改正公式或填入数值",
          "value": "#DIV/0!",
        },
        {
          "code": "out_of_range",
          "column": "得分",
          "line": 8,
          "reason": "「得分」为「120」：应在 0 到 100 之间",
          "value": "120",
        },
        {
          "code": "formula_no_result",
          "column": "得分",
          "line": 9,
          "reason": "「得分」为「=A1」：公式没有计算结果，请在 Excel 中打开、重新计算并保存",
          "value": "=A1",
        },
        {
          "code": "cell_without_header",
          "column": null,
          "line": 10,
          "reason": "第 10 行的 H 列有内容，但该列没有表头",
          "value": "表头以外",
        },
      ]
    `);
  });

  it("reads the first worksheet only", async () => {
    const units = (await load("xlsx")).datasets.units!;
    expect(units.records.map((r) => r.values.unit_id)).toEqual(["QX-SCJG", "QX-SFJ", "QX-TPZ"]);
  });

  it("reads serial dates of a 1904 workbook", async () => {
    const data = await load("xlsx1904");
    expect(data.datasets.milestones!.records.map((r) => r.values.done)).toEqual([D("2024-06-30"), D("2024-06-30")]);
  });
});

describe("headers", () => {
  it("matches English aliases and full-width headers, keeps extra columns", async () => {
    const data = await load("headers");
    expect(data.datasets.units!.records[0]!.values).toEqual({
      unit_id: "QX-SCJG",
      unit_name: "清新区市场监督管理局",
      category: "区直部门",
      parent_id: null,
    });
    const officers = data.datasets.officers!;
    expect(officers.error).toBeNull();
    expect(officers.headers).toEqual([
      { source: "人员编号", key: "officer_id" },
      { source: "姓　名", key: "name" },
      { source: "单位编码", key: "unit_id" },
      { source: "是否执法岗位", key: "in_enforcement_post" },
      { source: "", key: null },
      { source: "备注（内部）", key: null },
      { source: "Extra Note", key: null },
    ]);
    expect(officers.records[0]!.values).toEqual({
      officer_id: "P001",
      name: "张三",
      unit_id: "QX-SCJG",
      in_enforcement_post: true,
      第5列: "x",
      "备注(内部)": "借调",
      "Extra Note": null,
      // columns the file lacks are present as blank
      certificate_no: null,
      certificate_expires: null,
      certificate_status: null,
    });
    expect(data.datasets.training!.records[0]!.values).toMatchObject({ date: D("2024-03-01"), minutes: 90, hours: null });
  });

  it("extra columns are text unless the rubric declares them", async () => {
    const plain = await load("headers");
    expect(plain.datasets.cases!.records.map((r) => r.values["加分"])).toEqual(["-3", "abc"]);
    expect(plain.datasets.cases!.records[0]!.values.legal_basis).toEqual([]);

    const typed = await load("headers", { extraColumns: { cases: [{ key: "bonus", name: "加分", kind: "number", required: false }] } });
    const cases = typed.datasets.cases!;
    expect(cases.records.map((r) => r.values.bonus)).toEqual([-3]);
    expect(cases.rejected).toEqual([
      {
        line: 3,
        column: "加分",
        value: "abc",
        reason: "「加分」为「abc」：不是数字，应为如 60、60.5、1,200 或 95% 的数值",
        code: "bad_number",
      },
    ]);
  });

  it("a missing required column is a file error listing every missing one", async () => {
    const data = await load("missing-column");
    expect(data.datasets.cases).toMatchObject({ rows: 0, accepted: 0, records: [], rejected: [] });
    expect(data.datasets.cases!.error).toMatchInlineSnapshot(
      `"cases.csv：缺少必填列「承办人」(handlers)、「决定日期」(decided)（文件表头为：案件编号、单位编码、案件类型、是否线上办理、立案日期）"`,
    );
    expect(data.datasets.training!.error).toMatchInlineSnapshot(
      `"training.csv：缺少必填列「学时」(hours) 或 「时长（分钟）」(minutes)（文件表头为：人员编号、培训日期、培训名称、培训类别）"`,
    );
    expect(data.datasets.officers!.error).toMatchInlineSnapshot(
      `"officers.csv：「人员编号」（第 1 列）和「officer_id」（第 5 列）都对应「人员编号」(officer_id)，请删除或改名其中一列"`,
    );
    expect(data.datasets.units!.error).toBeNull();
  });
});

describe("values", () => {
  it("reads every value form of the contract", async () => {
    const data = await load("values");
    for (const ds of Object.values(data.datasets)) expect([ds!.dataset, ds!.rejected]).toEqual([ds!.dataset, []]);

    expect(data.datasets.officers!.records.map((r) => r.values.in_enforcement_post)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      true,
    ]);

    const training = data.datasets.training!.records.map((r) => [r.values.date, r.values.hours, r.values.minutes]);
    const d = D("2024-06-30");
    expect(training).toEqual([
      [d, 60, null],
      [d, 60.5, null],
      [d, 60, null],
      [d, 1200, null],
      [d, 95, null],
      [D("2024-06-03"), 9.5, null],
      [d, null, 90],
      [d, 1200.5, 45],
    ]);

    const cases = data.datasets.cases!.records.map((r) => r.values);
    for (const c of cases) expect(c.handlers).toEqual(["P001", "P002"]);
    expect(cases.map((c) => c.online)).toEqual([true, false, true, true, true, true, true]);
    expect(cases.map((c) => c.major)).toEqual([null, true, false, null, null, null, null]);
    expect(cases.map((c) => c.legal_basis)).toEqual([
      ["清新府办〔2015〕18号"],
      ["清新府办〔2015〕18号", "粤府令〔2019〕5号"],
      ["清新府办〔2015〕18号"],
      [],
      [],
      [],
      [],
    ]);
    expect(cases[1]).toMatchObject({ legal_review_date: D("2024-04-30"), published: D("2024-05-06"), opened: null });

    expect(data.datasets.documents!.records.map((r) => [r.values.doc_no, r.values.status, r.values.invalid_from])).toEqual([
      ["清新府办〔2015〕18号", "失效", D("2023-12-31")],
      ["清新府〔2016〕3号", "有效", null],
      ["粤府令〔2019〕5号", "有效", null],
      ["清新府办〔2017〕2号", "废止", D("2024-01-01")],
    ]);
    expect(data.datasets.case_reviews!.records.map((r) => [r.values.score, r.values.veto])).toEqual([
      [95, null],
      [95.5, null],
      [0, "主体不合法"],
    ]);
  });
});

describe("bad rows", () => {
  it("reports every bad cell with line, column, value and reason; keeps rows before an unclosed quote", async () => {
    const data = await load("bad");
    const officers = data.datasets.officers!;
    expect(officers.error).toBeNull();
    // line 6 is a record whose name spans lines 6–7; line 5 and 12 are blank
    expect(officers.records.map((r) => [r.line, r.values.officer_id])).toEqual([
      [2, "P001"],
      [6, "P004"],
      [13, "P007"],
    ]);
    expect(officers.records[1]!.values.name).toBe("赵六\n（借调）");
    expect(officers.rows).toBe(10);
    expect(officers.accepted).toBe(3);
    expect(officers.rejected).toMatchInlineSnapshot(`
      [
        {
          "code": "no_such_date",
          "column": "证件有效期至",
          "line": 3,
          "reason": "「证件有效期至」为「2024-02-30」：日期不存在（2024年2月只有 29 天）",
          "value": "2024-02-30",
        },
        {
          "code": "unknown_unit",
          "column": "单位编码",
          "line": 4,
          "reason": "单位编码 QX-NOPE 不在执法单位表（units.csv）中",
          "value": "QX-NOPE",
        },
        {
          "code": "duplicate_id",
          "column": "人员编号",
          "line": 8,
          "reason": "人员编号 P001 与第 2 行重复",
          "value": "P001",
        },
        {
          "code": "field_count",
          "column": null,
          "line": 9,
          "reason": "第 9 行有 3 列，表头有 7 列",
          "value": "P005,钱七,QX-SCJG",
        },
        {
          "code": "bad_boolean",
          "column": "是否执法岗位",
          "line": 10,
          "reason": "「是否执法岗位」为「可能」：不是是/否值，应为 是/否、Y/N、yes/no、true/false、1/0、√/× 或 有/无",
          "value": "可能",
        },
        {
          "code": "not_in_list",
          "column": "证件状态",
          "line": 10,
          "reason": "「证件状态」为「过期」：应为 有效、暂扣、收回、注销 之一",
          "value": "过期",
        },
        {
          "code": "missing_required",
          "column": "人员编号",
          "line": 11,
          "reason": "「人员编号」为必填项，不能为空",
          "value": null,
        },
        {
          "code": "unclosed_quote",
          "column": null,
          "line": 14,
          "reason": "从第 14 行开始引号没有闭合（直到文件末尾也没有找到配对的引号），第 14 行及之后的内容都无法读取",
          "value": "P008,"郑十一,QX-SCJG,是,,,
      P009,冯十二,QX-SCJG,是,,,",
        },
      ]
    `);
  });

  it("checks training against the officers that were accepted", async () => {
    const data = await load("bad");
    const training = data.datasets.training!;
    expect(training.records.map((r) => [r.line, r.values.minutes])).toEqual([[7, 90]]);
    expect(training.rows).toBe(8);
    expect(training.rejected.map((r) => [r.line, r.column, r.value, r.reason])).toEqual([
      [2, "学时", "abc", "「学时」为「abc」：不是数字，应为如 60、60.5 或 1,200 的数值"],
      [3, "人员编号", "P999", "人员编号 P999 不在行政执法人员表（officers.csv）中"],
      [4, "学时", null, "学时与时长（分钟）至少填写一项"],
      // P003's row in officers names an unknown unit (so it is no officer of any unit), P002's a date
      // that does not exist: P002 is in the file, its row rejected, and the message says so
      [5, "人员编号", "P003", "人员编号 P003 不在行政执法人员表（officers.csv）中"],
      [6, "人员编号", "P002", "人员编号 P002 在行政执法人员表（officers.csv）中的行未被接受（见该表的错误），本行待该行改正后才能计入"],
      [8, "培训日期", "2024-13-01", "「培训日期」为「2024-13-01」：日期不存在（没有 13 月）"],
      [8, "学时", "-1", "「学时」为「-1」：不能小于 0"],
      [
        9,
        "培训日期",
        "30/6/2024",
        "「培训日期」为「30/6/2024」：不是日期，应为 2024-06-30、2024/6/30、2024.6.30、2024年6月30日 或 20240630 的形式",
      ],
      [9, "培训类别", null, "「培训类别」为必填项，不能为空"],
    ]);
    // rejected rows by unit: an officer of an accepted row tells the unit, and so does one whose
    // own row was rejected for a bad date (P002: its unit is known); P999, and P003 (whose row
    // names an unknown unit), do not (a gap in every unit's data)
    const unitOf = new Map(data.datasets.officers!.records.map((r) => [r.values.officer_id, r.values.unit_id]));
    for (const [id, unit] of data.datasets.officers!.rejectedUnitOf ?? []) unitOf.set(id, unit);
    expect(data.datasets.officers!.rejectedUnitOf).toContainEqual(["P002", "QX-SCJG"]);
    const gaps = training.gaps!;
    expect(gaps.reduce((n, g) => n + g.rows, 0)).toBe(training.rejectedRows);
    expect(gaps.find((g) => g.unit === null)!.lines).toEqual([3, 5]);
    for (const g of gaps.filter((g) => g.unit !== null)) expect([...unitOf.values()]).toContain(g.unit);
  });
});

describe("cross-file checks", () => {
  const options: LoadOptions = {
    required: ["units"],
    taskIds: new Set(["T1", "T2"]),
    reported: new Map([
      ["complaints", "number"],
      ["rate", "number"],
      ["model", "boolean"],
      ["since", "date"],
    ]),
  };

  it("milestones: rubric task ids, known units, one report per unit and task (earliest kept)", async () => {
    const m = (await load("cross", options)).datasets.milestones!;
    expect(m.records.map((r) => [r.line, r.values.task_id, r.values.evidence])).toEqual([
      [3, "T1", "更早的一次"],
      [5, "T2", null],
    ]);
    expect(m.rejected.map((r) => [r.line, r.column, r.value, r.reason])).toEqual([
      [2, "任务编号", "T1", "单位 QX-SCJG 的任务编号 T1 重复填报，已采用第 3 行（完成日期 2024-05-01）"],
      [4, "任务编号", "T1", "单位 QX-SCJG 的任务编号 T1 重复填报，已采用第 3 行（完成日期 2024-05-01）"],
      [6, "任务编号", "T9", "任务编号 T9 不是评分细则中定义的任务"],
      [7, "单位编码", "QX-NOPE", "单位编码 QX-NOPE 不在执法单位表（units.csv）中"],
    ]);
  });

  it("without task ids, any task id is accepted", async () => {
    const m = (await load("cross", { required: ["units"] })).datasets.milestones!;
    expect(m.records.map((r) => r.line)).toEqual([3, 5, 6]);
  });

  it("indicators: values parsed by the kind the rubric declares", async () => {
    const ind = (await load("cross", options)).datasets.indicators!;
    expect(ind.records.map((r) => [r.values.indicator, r.values.value])).toEqual([
      ["complaints", 12],
      ["rate", 0.95],
      ["model", true],
      ["since", D("2024-03-01")],
    ]);
    expect(ind.rejected).toMatchInlineSnapshot(`
      [
        {
          "code": "bad_reported_value",
          "column": "数值",
          "line": 6,
          "reason": "「数值」为「很多」：不是数字，应为如 60、60.5、1,200 或 95% 的数值（指标 complaints 的数值应为数字）",
          "value": "很多",
        },
        {
          "code": "unknown_indicator",
          "column": "指标编码",
          "line": 7,
          "reason": "指标编码 unknown 不是评分细则中定义的自报指标",
          "value": "unknown",
        },
        {
          "code": "unknown_unit",
          "column": "单位编码",
          "line": 8,
          "reason": "单位编码 QX-NOPE 不在执法单位表（units.csv）中",
          "value": "QX-NOPE",
        },
      ]
    `);
    const raw = (await load("cross", { required: ["units"] })).datasets.indicators!;
    expect(raw.records.map((r) => r.values.value)).toEqual(["12", "95%", "是", "2024年3月1日", "很多", "1"]);
  });

  it("documents: unique 文号 after folding; 失效/废止 need a 失效日期", async () => {
    const docs = (await load("cross", options)).datasets.documents!;
    expect(docs.records.map((r) => r.values.doc_no)).toEqual(["清新府〔2016〕3号"]);
    expect(docs.rejected.map((r) => [r.line, r.column, r.value, r.reason])).toEqual([
      [2, "失效日期", null, "状态为失效的文件须填写失效日期"],
      [3, "文号", "清新府办[2015]18 号", "文号 清新府办[2015]18 号 与第 2 行重复"],
      [5, "失效日期", null, "状态为废止的文件须填写失效日期"],
      [6, "状态", "作废", "「状态」为「作废」：应为 有效、失效、废止 之一"],
    ]);
    const noDateColumn = (await load("cross-nodate")).datasets.documents!;
    expect(noDateColumn.rejected).toEqual([
      { line: 2, column: "状态", value: "废止", reason: "状态为废止的文件须填写失效日期", code: "missing_invalid_from" },
    ]);
  });

  it("case reviews: score range and known units", async () => {
    const r = (await load("cross", options)).datasets.case_reviews!;
    expect(r.accepted).toBe(0);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      "「得分」为「120」：应在 0 到 100 之间",
      "单位编码 QX-NOPE 不在执法单位表（units.csv）中",
    ]);
  });

  it("references to units are not checked when units has a file error", async () => {
    const data = await load("cross-badunits");
    expect(data.datasets.units!.error).toContain("缺少必填列「单位编码」(unit_id)、「单位类别」(category)");
    expect(data.datasets.officers!.accepted).toBe(1);
  });
});

describe("the folder", () => {
  it("applies column-mapping.json, and options.mapping over it", async () => {
    const data = await load("mapping");
    expect(data.ignoredFiles).toEqual([]);
    expect(data.datasets.units!.records[0]!.values.unit_id).toBe("QX-SCJG");
    const cases = data.datasets.cases!;
    expect(cases.error).toBeNull();
    expect(cases.headers.map((h) => h.key)).toEqual(["case_id", "unit_id", "case_type", "online", "handlers", "decided"]);
    expect(cases.records[0]!.values).toMatchObject({ handlers: ["P001", "P002"], decided: D("2024-05-01") });

    const over = await load("mapping", { mapping: { cases: { " 处罚决定日期 ": "opened" } } });
    expect(over.datasets.cases!.error).toContain("缺少必填列「决定日期」(decided)");
    expect(over.datasets.units!.error).toBeNull();
  });

  it("reads a mapping file, with clear errors for a bad one", async () => {
    expect(await readColumnMapping(join(dir("mapping"), "column-mapping.json"))).toEqual({
      units: { 单位代码: "unit_id" },
      cases: { 处罚决定日期: "decided", 办案人员: "承办人" },
    });
    const bad = join(dir("bad-mapping"), "column-mapping.json");
    await expect(readColumnMapping(bad)).rejects.toThrow(DataError);
    await expect(readColumnMapping(bad)).rejects.toThrow(/不是有效的 JSON（第 1 行第 33 个字符附近）/);
    await expect(loadData(dir("bad-mapping"))).rejects.toMatchObject({ name: "DataError", file: bad, code: "mapping_bad_json" });
    await expect(readColumnMapping(join(FIXTURES, "nope.json"))).rejects.toThrow(/无法读取列映射文件 .*nope\.json（文件不存在）/);
    await expect(readColumnMapping(join(FIXTURES, "nope.json"))).rejects.toMatchObject({ code: "mapping_unreadable" });

    const tmp = await mkdtemp(join(tmpdir(), "fazhi-mapping-"));
    tmpDirs.push(tmp);
    const file = join(tmp, "m.json");
    await writeFile(file, JSON.stringify({ staff: {}, cases: { a: 1 }, units: [] }));
    await expect(readColumnMapping(file)).rejects.toThrow(
      `列映射文件 ${file} 格式不对：没有数据集「staff」（可用：units、officers、training、cases、case_reviews、milestones、documents、indicators、activities、review_findings）；「cases」中「a」的目标列应为非空文字；「units」的值应为 {"表头": "列名"} 对象。应为 {"数据集": {"文件中的表头": "列名或英文别名"}}，例如 {"cases": {"处罚决定日期": "decided"}}`,
    );
  });

  it("two files for one dataset is an error for that dataset", async () => {
    const data = await load("duplicate");
    expect(data.datasets.officers).toMatchObject({ file: "officers.csv", rows: 0, accepted: 0 });
    expect(data.datasets.officers!.error).toMatchInlineSnapshot(
      `"数据集「行政执法人员」officers 有多个文件：officers.csv、officers.xlsx；请只保留一个"`,
    );
    expect(data.datasets.units!.error).toBeNull();
  });

  it("a required dataset without a file is an error; others are simply absent", async () => {
    const data = await load("xlsx1904", { required: ["units", "milestones"] });
    expect(Object.keys(data.datasets)).toEqual(["units", "milestones"]);
    expect(data.datasets.units).toEqual({
      dataset: "units",
      file: null,
      format: null,
      encoding: null,
      rows: 0,
      accepted: 0,
      rejected: [],
      error: "未找到数据文件 units.csv 或 units.xlsx（数据集「执法单位」units）",
      errorCode: "dataset_missing",
      headers: [],
      records: [],
    });
    // milestones names units that cannot be checked without units
    expect(data.datasets.milestones!.accepted).toBe(2);
  });

  it("junk files are file errors, never a throw", async () => {
    const data = await load("junk", { required: ["units"] });
    expect(data.ignoredFiles).toEqual(["notes.txt", "~$officers.xlsx"]);
    const errors = Object.fromEntries(Object.values(data.datasets).map((d) => [d!.dataset, d!.error]));
    expect(errors).toMatchInlineSnapshot(`
      {
        "case_reviews": null,
        "cases": "cases.csv：文件是空的，没有表头行",
        "documents": "documents.xlsx：不是有效的 xlsx 文件，无法打开（Corrupted zip: can't find end of central directory）",
        "indicators": "indicators.xlsx：是旧版 .xls 文件或已加密的 Excel 文件，无法读取；请在 Excel 中另存为不加密的 .xlsx",
        "milestones": "milestones.csv：是 UTF-16 编码（Excel「Unicode 文本」），不支持；请另存为「CSV UTF-8（逗号分隔）」或「CSV（逗号分隔）」",
        "officers": "officers.xlsx：不是有效的 xlsx 文件（文件不是 zip 格式）；请在 Excel 中另存为 .xlsx",
        "units": "units.csv：不是文本文件（含有 NUL 字节，可能是二进制文件）",
      }
    `);
    // header only (and blank rows): no rows, no error
    expect(data.datasets.case_reviews).toMatchObject({ rows: 0, accepted: 0, rejected: [], error: null });
    expect(data.datasets.case_reviews!.headers).toHaveLength(7);
  });

  it("a missing folder or a file instead of a folder throws DataError", async () => {
    await expect(loadData(join(FIXTURES, "no-such-folder"))).rejects.toThrow(DataError);
    await expect(loadData(join(FIXTURES, "no-such-folder"))).rejects.toThrow(/^数据文件夹不存在：/);
    await expect(loadData(join(dir("junk"), "notes.txt"))).rejects.toThrow(/^不是文件夹：/);
    await expect(loadData(join(FIXTURES, "no-such-folder"))).rejects.toMatchObject({ code: "folder_missing" });
    await expect(loadData(join(dir("junk"), "notes.txt"))).rejects.toMatchObject({ code: "not_a_folder" });
  });

  it("matches dataset file names case-insensitively", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "fazhi-case-"));
    tmpDirs.push(tmp);
    await writeFile(join(tmp, "Units.CSV"), "unit_id,unit_name,category,__proto__\nA,甲,区直部门,x\n");
    await writeFile(join(tmp, "README.md"), "说明");
    const data = await loadData(tmp);
    expect(data.datasets.units).toMatchObject({ file: "Units.CSV", format: "csv", accepted: 1 });
    const values = data.datasets.units!.records[0]!.values;
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.keys(values)).toContain("__proto__");
    expect(values["__proto__"]).toBe("x");
    expect(data.ignoredFiles).toEqual(["README.md"]);
  });
});

describe("gaps: rejected rows by unit", () => {
  it("a milestone reported twice is set aside without a gap; a bad date is a gap of its unit; an unknown unit is everyone's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-gaps-"));
    try {
      await writeFile(join(dir, "units.csv"), "单位编码,单位名称,单位类别\nU1,一,区直部门\nU2,二,区直部门\n");
      await writeFile(
        join(dir, "milestones.csv"),
        "单位编码,任务编号,完成日期\nU1,T1,2024-03-01\nU1,T1,2024-04-01\nU2,T1,2024-02-30\nU9,T1,2024-03-01\n",
      );
      const data = await loadData(dir, { required: ["units"], taskIds: new Set(["T1"]) });
      const m = data.datasets.milestones!;
      expect(m.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
      expect(m.gaps).toEqual([
        { unit: null, rows: 1, lines: [5] },
        { unit: "U2", rows: 1, lines: [4] },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
