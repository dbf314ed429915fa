#!/usr/bin/env node
/**
 * Writes the data-loading test fixtures under test/fixtures/data/ (real files, binary
 * included: GBK CSV, XLSX with date cells, junk). The tests read these files; run this
 * script again only to change them:  node scripts/make-fixtures.mjs
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "data");
const utc = (y, m, d, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

async function put(rel, content) {
  const file = join(ROOT, rel);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** CSV text from rows (fields quoted when needed); lines joined by `eol`, trailing eol. */
function csv(rows, eol = "\r\n") {
  const field = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(",")).join(eol) + eol;
}

/** An xlsx file from rows; a cell may be a plain value or { value, numFmt }. */
async function xlsx(rows, { date1904 = false, startRow = 1, sheetName = "Sheet1", moreSheets = [] } = {}) {
  const wb = new ExcelJS.Workbook();
  wb.created = utc(2024, 1, 1);
  wb.modified = utc(2024, 1, 1);
  wb.properties.date1904 = date1904;
  const ws = wb.addWorksheet(sheetName);
  rows.forEach((row, i) => {
    if (!row) return;
    const r = ws.getRow(startRow + i);
    row.forEach((cell, c) => {
      const target = r.getCell(c + 1);
      if (cell && typeof cell === "object" && "numFmt" in cell) {
        target.value = cell.value;
        target.numFmt = cell.numFmt;
      } else if (cell !== null && cell !== undefined) {
        target.value = cell;
      }
    });
    r.commit();
  });
  for (const more of moreSheets) wb.addWorksheet(more.name).addRows(more.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const dateCell = (d) => ({ value: d, numFmt: "yyyy-mm-dd" });

// ------------------------------------------------------------ shared data

const UNITS = [
  ["单位编码", "单位名称", "单位类别", "上级单位编码"],
  ["QX-SCJG", "清新区市场监督管理局", "区直部门", ""],
  ["QX-SFJ", "清新区司法局", "区直部门", ""],
  ["QX-TPZ", "太平镇人民政府", "镇人民政府", "QX"],
];

const OFFICER_HEADER = ["人员编号", "姓名", "单位编码", "是否执法岗位", "执法证号", "证件有效期至", "证件状态"];
const OFFICERS = [
  OFFICER_HEADER,
  ["P001", "张三", "QX-SCJG", "是", "44180012345", "2026-12-31", "有效"],
  ["P002", "李四", "QX-SCJG", "否", "", "", ""],
  ["P003", "王五", "QX-SFJ", "是", "44180054321", "2024-06-30", "暂扣"],
  ["P004", "欧阳,娜娜", "QX-TPZ", "是", "44180099999", "2025-01-05", "有效"],
  ["P005", "钟〔测试〕√×", "QX-TPZ", "否", "", "", "注销"],
];

// ------------------------------------------------------------ encodings: the same officers four ways

async function encodings() {
  const units = csv(UNITS);
  const officers = csv(OFFICERS);
  await put("enc/utf8/units.csv", units);
  await put("enc/utf8/officers.csv", officers);
  await put("enc/bom/units.csv", "\ufeff" + units);
  await put("enc/bom/officers.csv", "\ufeff" + officers);
  await put("enc/gbk/units.csv", iconv.encode(units, "gbk"));
  await put("enc/gbk/officers.csv", iconv.encode(officers, "gbk"));
  await put("enc/xlsx/units.xlsx", await xlsx(UNITS.map((r) => r.map((v) => (v === "" ? null : v)))));
  // the same values as real spreadsheet cells: booleans, date cells, a serial number, rich text, a formula
  await put(
    "enc/xlsx/officers.xlsx",
    await xlsx([
      OFFICER_HEADER,
      ["P001", "张三", "QX-SCJG", true, { formula: '"4418"&"0012345"', result: "44180012345" }, dateCell(utc(2026, 12, 31)), "有效"],
      ["P002", { richText: [{ text: "李" }, { font: { bold: true }, text: "四" }] }, "QX-SCJG", false, null, null, null],
      ["P003", "王五", "QX-SFJ", "是", 44180054321, 45473, "暂扣"],
      ["P004", "欧阳,娜娜", "QX-TPZ", "是", "44180099999", dateCell(utc(2025, 1, 5, 15, 30)), "有效"],
      ["P005", "钟〔测试〕√×", "QX-TPZ", "否", null, null, "注销"],
    ]),
  );
}

// ------------------------------------------------------------ xlsx cell forms

async function xlsxCells() {
  // only the first sheet is read
  await put(
    "xlsx/units.xlsx",
    await xlsx(UNITS, {
      moreSheets: [
        {
          name: "说明",
          rows: [
            ["单位编码", "单位名称", "单位类别"],
            ["X", "不应读取", "区直部门"],
          ],
        },
      ],
    }),
  );
  // header on sheet row 3 (rows 1–2 empty), a blank row 7
  await put(
    "xlsx/case_reviews.xlsx",
    await xlsx(
      [
        ["案件编号", "单位编码", "评查日期", "评查方式", "得分", "否决项", "问题描述"],
        [
          "C001",
          "QX-SCJG",
          dateCell(utc(2024, 6, 30)),
          "抽查",
          { formula: "80+5", result: 85 },
          null,
          { text: "见评查表", hyperlink: "http://example.org/1" },
        ],
        ["C002", "QX-SCJG", 45473, "自查", 92.5, null, { richText: [{ text: "文书" }, { text: "不规范" }] }],
        [
          "C003",
          "QX-SFJ",
          { formula: "DATE(2024,6,30)", result: utc(2024, 6, 30) },
          "互查",
          { formula: "1/0", result: { error: "#DIV/0!" } },
          null,
          null,
        ],
        null,
        ["C004", "QX-SFJ", "2024年6月30日", null, 120, null, null],
        ["C005", "QX-TPZ", dateCell(utc(2024, 6, 30, 23, 59)), null, { formula: "A1", result: undefined }, "主体不合法", null],
        ["C006", "QX-TPZ", "2024-06-30", null, 70, null, null, "表头以外"],
      ],
      { startRow: 3 },
    ),
  );
  // 1904 date system: serial 44011 is 2024-06-30
  await put(
    "xlsx1904/milestones.xlsx",
    await xlsx(
      [
        ["单位编码", "任务编号", "完成日期", "佐证材料"],
        ["QX-SCJG", "T1", 44011, "通知"],
        ["QX-SCJG", "T2", dateCell(utc(2024, 6, 30)), null],
      ],
      { date1904: true },
    ),
  );
}

// ------------------------------------------------------------ headers: English, full-width, extra, blank

async function headers() {
  await put(
    "headers/units.csv",
    csv([
      ["UNIT_ID", "Unit_Name", " category ", "parent_id"],
      ["QX-SCJG", "清新区市场监督管理局", "区直部门", ""],
    ]),
  );
  await put(
    "headers/officers.csv",
    csv([
      ["\u3000人员编号\u3000", "姓　名", "单位编码", "是否执法岗位", "", "备注（内部）", "Extra Note", ""],
      ["P001", "张三", "QX-SCJG", "是", "x", " 借调 ", "", ""],
    ]),
  );
  await put(
    "headers/training.csv",
    csv([
      ["officer_id", "ＤＡＴＥ", "course", "培训类别", "时长（分钟）"],
      ["P001", "2024-03-01", "执法实务", "业务知识", "90"],
    ]),
  );
  await put(
    "headers/cases.csv",
    csv([
      ["案件编号", "单位编码", "案件类型", "是否线上办理", "承办人", "决定日期", "加分"],
      ["C001", "QX-SCJG", "行政处罚", "是", "P001", "2024-05-01", "-3"],
      ["C002", "QX-SCJG", "行政处罚", "是", "P001", "2024-05-02", "abc"],
    ]),
  );
}

// ------------------------------------------------------------ every value form of the contract's table

async function values() {
  await put("values/units.csv", csv(UNITS));
  await put(
    "values/officers.csv",
    csv([
      OFFICER_HEADER,
      ...["是", "否", "Y", "N", "yes", "no", "TRUE", "false", "1", "0", "√", "×", "有", "无", "Ｙ", " Yes "].map((b, i) => [
        `P${String(i + 1).padStart(3, "0")}`,
        `人员${i + 1}`,
        "QX-SCJG",
        b,
        "",
        "",
        "",
      ]),
    ]),
  );
  await put(
    "values/training.csv",
    csv([
      ["人员编号", "培训日期", "培训名称", "培训类别", "学时", "时长（分钟）"],
      ["P001", "2024-06-30", "A", "业务知识", "60", ""],
      ["P001", "2024/6/30", "B", "业务知识", "60.5", ""],
      ["P001", "2024.6.30", "C", "业务知识", "６０", ""],
      ["P001", "2024年6月30日", "D", "业务知识", "1,200", ""],
      ["P001", "２０２４－０６－３０", "E", "业务知识", "95%", ""],
      ["P001", " 2024-6-3 ", "F", "业务知识", "９５％", ""],
      ["P001", "２０２４年６月３０日", "G", "业务知识", "", "90"],
      ["P001", "2024 年 6 月 30 日", "H", "业务知识", " 1,200.5 ", "45"],
    ]),
  );
  await put(
    "values/cases.csv",
    csv([
      [
        "案件编号",
        "单位编码",
        "案件类型",
        "是否线上办理",
        "承办人",
        "立案日期",
        "决定日期",
        "是否重大案件",
        "法制审核日期",
        "公示日期",
        "执法依据",
      ],
      ["C001", "QX-SCJG", "行政处罚", "√", "P001;P002", "", "2024-05-01", "", "", "", "清新府办〔2015〕18 号"],
      [
        "C002",
        "QX-SCJG",
        "行政处罚",
        "×",
        "P001；P002",
        "",
        "2024-05-01",
        "是",
        "2024-04-30",
        "2024-05-06",
        "清新府办[2015]18号；粤府令（2019）5号",
      ],
      ["C003", "QX-SCJG", "行政检查", "是", "P001、P002", "", "2024-05-01", "否", "", "", "清新府办［2015］18号"],
      ["C004", "QX-SCJG", "行政检查", "是", "P001,P002", "", "2024-05-01", "", "", "", ""],
      ["C005", "QX-SCJG", "行政检查", "是", "P001，P002", "", "2024-05-01", "", "", "", ""],
      ["C006", "QX-SCJG", "行政检查", "是", "P001/P002", "", "2024-05-01", "", "", "", ""],
      ["C007", "QX-SCJG", "行政检查", "是", " P001 ; ;P002 ", "", "2024-05-01", "", "", "", ""],
    ]),
  );
  await put(
    "values/documents.csv",
    csv([
      ["文号", "标题", "状态", "失效日期"],
      ["清新府办〔2015〕18 号", "关于甲的通知", "失效", "2023-12-31"],
      ["清新府〔2016〕3号", "关于乙的规定", "有效", ""],
      ["粤府令（2019）5号", "关于丙的办法", "有效", ""],
      ["清新府办［2017］２号", "关于丁的意见", "废止", "2024/1/1"],
    ]),
  );
  await put(
    "values/case_reviews.csv",
    csv([
      ["案件编号", "单位编码", "评查日期", "评查方式", "得分", "否决项", "问题描述"],
      ["C001", "QX-SCJG", "2024-06-01", "抽查", "95", "", ""],
      ["C002", "QX-SCJG", "2024-06-01", "抽查", "９５.５", "", "文书不规范"],
      ["C003", "QX-SCJG", "2024-06-01", "抽查", "0", "主体不合法", ""],
    ]),
  );
}

// ------------------------------------------------------------ bad rows, line numbers

async function bad() {
  await put("bad/units.csv", csv(UNITS));
  // written by hand: blank line, a field spanning two lines, a wrong field count, an unclosed quote at the end
  const officers = [
    OFFICER_HEADER.join(","),
    "P001,张三,QX-SCJG,是,44180012345,2026-12-31,有效",
    "P002,李四,QX-SCJG,是,44180012346,2024-02-30,有效",
    "P003,王五,QX-NOPE,是,,,",
    "",
    'P004,"赵六',
    '（借调）",QX-SCJG,否,,,',
    "P001,张三二,QX-SCJG,是,,,",
    "P005,钱七,QX-SCJG",
    "P006,孙八,QX-SCJG,可能,,,过期",
    ",周九,QX-SCJG,是,,,",
    " , , ,,,,",
    "P007,吴十,QX-SCJG,是,,,",
    'P008,"郑十一,QX-SCJG,是,,,',
    "P009,冯十二,QX-SCJG,是,,,",
  ].join("\n");
  await put("bad/officers.csv", officers + "\n");
  await put(
    "bad/training.csv",
    csv([
      ["人员编号", "培训日期", "培训名称", "培训类别", "学时", "时长（分钟）"],
      ["P001", "2024-03-01", "执法实务", "业务知识", "abc", ""],
      ["P999", "2024-03-01", "执法实务", "业务知识", "2", ""],
      ["P001", "2024-03-01", "执法实务", "业务知识", "", ""],
      ["P003", "2024-03-01", "执法实务", "业务知识", "2", ""],
      ["P002", "2024-03-01", "执法实务", "业务知识", "2", ""],
      ["P001", "2024-3-1", "执法实务", "业务知识", "", "90"],
      ["P001", "2024-13-01", "执法实务", "业务知识", "-1", ""],
      ["P004", "30/6/2024", "执法实务", "", "2", ""],
    ]),
  );
}

// ------------------------------------------------------------ cross-file checks

async function cross() {
  await put("cross/units.csv", csv(UNITS));
  await put(
    "cross/milestones.csv",
    csv([
      ["单位编码", "任务编号", "完成日期", "佐证材料"],
      ["QX-SCJG", "T1", "2024-05-10", "第一次"],
      ["QX-SCJG", "T1", "2024-05-01", "更早的一次"],
      ["QX-SCJG", "T1", "2024-05-01", "同日"],
      ["QX-SCJG", "T2", "2024-06-01", ""],
      ["QX-SFJ", "T9", "2024-06-01", ""],
      ["QX-NOPE", "T1", "2024-06-01", ""],
    ]),
  );
  await put(
    "cross/indicators.csv",
    csv([
      ["单位编码", "指标编码", "数值", "佐证材料"],
      ["QX-SCJG", "complaints", "12", ""],
      ["QX-SCJG", "rate", "95%", ""],
      ["QX-SCJG", "model", "是", ""],
      ["QX-SCJG", "since", "2024年3月1日", ""],
      ["QX-SFJ", "complaints", "很多", ""],
      ["QX-SFJ", "unknown", "1", ""],
      ["QX-NOPE", "model", "否", ""],
    ]),
  );
  await put(
    "cross/documents.csv",
    csv([
      ["文号", "标题", "状态", "失效日期"],
      ["清新府办〔2015〕18号", "甲", "失效", ""],
      ["清新府办[2015]18 号", "甲（重复）", "有效", ""],
      ["清新府〔2016〕3号", "乙", "废止", "2024-01-01"],
      ["清新府〔2016〕4号", "丙", "废止", ""],
      ["清新府〔2016〕5号", "丁", "作废", ""],
    ]),
  );
  await put(
    "cross/case_reviews.csv",
    csv([
      ["案件编号", "单位编码", "评查日期", "评查方式", "得分", "否决项", "问题描述"],
      ["C001", "QX-SCJG", "2024-06-01", "抽查", "120", "", ""],
      ["C002", "QX-NOPE", "2024-06-01", "抽查", "80", "", ""],
    ]),
  );
  // a documents file without 失效日期 column at all
  await put(
    "cross-nodate/documents.csv",
    csv([
      ["文号", "标题", "状态"],
      ["清新府〔2016〕4号", "丙", "废止"],
      ["清新府〔2016〕5号", "丁", "有效"],
    ]),
  );
  // units with a file error: references are then not checked
  await put("cross-badunits/units.csv", csv([["单位名称"], ["甲"]]));
  await put("cross-badunits/officers.csv", csv([OFFICER_HEADER, ["P001", "张三", "QX-ANY", "是", "", "", ""]]));
}

// ------------------------------------------------------------ header problems, mapping, duplicates, junk

async function folders() {
  await put("missing-column/units.csv", csv(UNITS));
  await put(
    "missing-column/cases.csv",
    csv([
      ["案件编号", "单位编码", "案件类型", "是否线上办理", "立案日期"],
      ["C001", "QX-SCJG", "行政处罚", "是", "2024-05-01"],
    ]),
  );
  await put(
    "missing-column/training.csv",
    csv([
      ["人员编号", "培训日期", "培训名称", "培训类别"],
      ["P001", "2024-03-01", "A", "业务知识"],
    ]),
  );
  await put(
    "missing-column/officers.csv",
    csv([
      ["人员编号", "姓名", "单位编码", "是否执法岗位", "officer_id"],
      ["P001", "张三", "QX-SCJG", "是", "P001"],
    ]),
  );

  await put(
    "mapping/units.csv",
    csv([
      ["单位代码", "单位名称", "单位类别"],
      ["QX-SCJG", "清新区市场监督管理局", "区直部门"],
    ]),
  );
  await put(
    "mapping/cases.csv",
    csv([
      ["案件编号", "单位编码", "案件类型", "是否线上办理", "办案人员", "处罚决定日期"],
      ["C001", "QX-SCJG", "行政处罚", "是", "P001、P002", "2024-05-01"],
    ]),
  );
  await put(
    "mapping/column-mapping.json",
    JSON.stringify({ units: { 单位代码: "unit_id" }, cases: { 处罚决定日期: "decided", 办案人员: "承办人" } }, null, 2) + "\n",
  );
  await put("bad-mapping/units.csv", csv(UNITS));
  await put("bad-mapping/column-mapping.json", '{ "units": { "单位代码": "unit_id", } }\n');

  await put("duplicate/units.csv", csv(UNITS));
  await put("duplicate/officers.csv", csv(OFFICERS));
  await put("duplicate/officers.xlsx", await xlsx(OFFICERS));

  // junk: binary bytes as CSV, text as XLSX, an old .xls, UTF-16, an empty file, a header-only file, other files
  const junk = Buffer.alloc(512);
  let seed = 12345;
  for (let i = 0; i < junk.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    junk[i] = (seed >> 16) & 0xff;
  }
  await put("junk/units.csv", junk);
  await put("junk/officers.xlsx", "人员编号,姓名\nP001,张三\n");
  await put("junk/indicators.xlsx", Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
  await put("junk/milestones.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("单位编码,任务编号,完成日期\r\n", "utf16le")]));
  await put("junk/cases.csv", "");
  await put("junk/case_reviews.csv", "案件编号,单位编码,评查日期,评查方式,得分,否决项,问题描述\r\n\r\n,,,,,,\r\n");
  await put("junk/documents.xlsx", Buffer.from("PK\u0003\u0004 not really a zip file at all", "latin1"));
  await put("junk/notes.txt", "说明\n");
  await put("junk/~$officers.xlsx", "lock");
}

await rm(ROOT, { recursive: true, force: true });
await encodings();
await xlsxCells();
await headers();
await values();
await bad();
await cross();
await folders();
console.log(`fixtures written to ${ROOT}`);
