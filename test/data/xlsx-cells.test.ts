/**
 * Cells of xlsx files as other programs write them, read by both xlsx readers (the streaming
 * reader and the exceljs fallback) the same way and right:
 *
 * - ISO date cells (`<c t="d"><v>2024-03-01</v></c>`: openpyxl with iso_dates, SheetJS with
 *   cellDates, Excel's Strict Open XML) are the dates they hold — not parseFloat's 2024, the
 *   serial of 1905-07-16, which put every row outside the assessment period with exit 0; a value
 *   that is no such date is a rejected cell with its line and column;
 * - a formula whose cached result is "" (=IFERROR(VLOOKUP(…),""), =IF(B2="","",ROW()-1), saved by
 *   LibreOffice or Excel as <v></v>) is a blank cell, as in the .xls of the same sheet; a
 *   formula without <v> is still a formula without result.
 *
 * The fixtures in test/fixtures/xlsx-cells/ were written by openpyxl and LibreOffice (make.mjs).
 */
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadData } from "../../src/data/folder.js";
import { formatDay } from "../../src/data/dates.js";
import { parseDate, parseNumber } from "../../src/data/normalize.js";
import type { LoadedData } from "../../src/data/types.js";
import { readXlsFile } from "../../src/data/xls.js";
import { readXlsxFile, type SheetRow } from "../../src/data/xlsx.js";
import { openWorkbookStream, streamingXlsx } from "../../src/data/xlsx-stream.js";
import { percentText } from "../../src/data/xlsx-parts.js";
import { DEMO, demoTable, ROOT, totals } from "../shapes.js";
import { zip } from "../zip.js";

const TIDY = join(ROOT, "test", "fixtures", "shapes", "tidy");
const CELLS = join(ROOT, "test", "fixtures", "xlsx-cells");

const tmp: string[] = [];
afterEach(() => {
  streamingXlsx(true);
});
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});

/** The tidy set in a temporary folder, `drop` removed and `files` copied in ({ name in folder: fixture path or bytes }). */
async function tidyWith(drop: string, files: Record<string, string | Buffer>, from = TIDY): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "fazhi-xlsx-cells-"));
  tmp.push(d);
  await cp(from, d, { recursive: true });
  await rm(join(d, drop));
  for (const [name, f] of Object.entries(files)) {
    if (typeof f === "string") await cp(f, join(d, name));
    else await writeFile(join(d, name), f);
  }
  return d;
}

/** Every sheet's rows of an xlsx file, read by exceljs and by the streaming reader (which must stream it, not refuse). */
async function bothReaders(path: string): Promise<{ exceljs: SheetRow[][]; stream: SheetRow[][] }> {
  const size = (await stat(path)).size;
  const ex = await readXlsxFile(path, size);
  if (!ex.ok) throw new Error(ex.reason);
  const book = await openWorkbookStream(path, size);
  if (book.kind !== "stream") throw new Error(`not streamed: ${book.kind}`);
  const stream: SheetRow[][] = [];
  for (const s of book.sheets) {
    const rows: SheetRow[] = [];
    for await (const b of s.rows(() => undefined)) rows.push(...b);
    stream.push(rows);
  }
  return { exceljs: ex.sheets.map((s) => s.rows), stream };
}

/** loadData with the exceljs fallback, then with the streaming reader. */
async function loadBoth(d: string): Promise<{ exceljs: LoadedData; stream: LoadedData }> {
  streamingXlsx(false);
  const exceljs = await loadData(d);
  streamingXlsx(true);
  const stream = await loadData(d);
  return { exceljs, stream };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const COLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** A cell: a date cell (t="d") for { d: text }, else an inline string. */
const cellXml = (ref: string, v: string | { d: string }) =>
  typeof v === "string"
    ? v === ""
      ? ""
      : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`
    : `<c r="${ref}" t="d"><v>${esc(v.d)}</v></c>`;

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
/** A one-sheet workbook written part by part, as a program writing ISO date cells makes it. */
function workbook(sheet: string, rows: (string | { d: string })[][]): Buffer {
  const data = rows.map((r, i) => `<row r="${i + 1}">${r.map((v, c) => cellXml(`${COLS[c]}${i + 1}`, v)).join("")}</row>`).join("");
  return zip({
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="${sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet ${NS}><sheetData>${data}</sheetData></worksheet>`,
  });
}

/** A CSV's rows with its date column as ISO date cells where the text is a date (the rest as typed). */
function isoDates(header: string[], rows: string[][], dateCol: number): (string | { d: string })[][] {
  return [
    header,
    ...rows.map((r) =>
      r.map((v, c) => {
        if (c !== dateCol) return v;
        const p = parseDate(v);
        return p.ok && p.value !== null ? { d: `${formatDay(p.value)}T00:00:00Z` } : v;
      }),
    ),
  ];
}

describe('ISO date cells (t="d")', () => {
  it("read as the dates they hold: the same rows as ordinary date cells, by both readers", async () => {
    const iso = await bothReaders(join(CELLS, "training-iso.xlsx"));
    const serial = await bothReaders(join(CELLS, "training-serial.xlsx"));
    expect(iso.stream).toEqual(serial.stream);
    expect(iso.exceljs).toEqual(serial.exceljs);
    expect(iso.stream).toEqual(iso.exceljs);
    const rows = iso.stream[0]!;
    expect(rows[1]!.cells[1]).toEqual(new Date(Date.UTC(2024, 2, 1)));
    // a time of day is kept in the Date as for a date-formatted number (and dropped where a day is read)
    expect(rows[2]!.cells[1]).toEqual(new Date(Date.UTC(2024, 8, 1, 14, 30)));
  });

  it("the tidy set with its training dates as ISO date cells gives the tidy totals, by both readers", async () => {
    const tidy = await totals(TIDY);
    const d = await tidyWith("training.csv", { "training.xlsx": join(CELLS, "training-iso.xlsx") });
    streamingXlsx(false);
    const ex = await totals(d);
    streamingXlsx(true);
    const st = await totals(d);
    expect(st.byUnit).toEqual(tidy.byUnit);
    expect(ex.byUnit).toEqual(tidy.byUnit);
    const training = st.results.inputs.find((i) => i.dataset === "training")!;
    expect(training).toMatchObject({ rows: 7, accepted: 7 });
    expect(training.outsidePeriod ?? 0).toBe(0);
  });

  it("the demo with its 6,933 training dates as ISO date cells gives the demo's totals, by both readers", async () => {
    const t = demoTable("training");
    const d = await tidyWith("training.csv", { "training.xlsx": workbook("培训登记", isoDates(t.header, t.rows, 1)) }, DEMO);
    const demo = await totals(DEMO);
    streamingXlsx(false);
    const ex = await totals(d);
    streamingXlsx(true);
    const st = await totals(d);
    expect(st.byUnit).toEqual(demo.byUnit);
    expect(ex.byUnit).toEqual(demo.byUnit);
    const csv = demo.results.inputs.find((i) => i.dataset === "training")!;
    const xlsx = st.results.inputs.find((i) => i.dataset === "training")!;
    expect([xlsx.rows, xlsx.accepted, xlsx.outsidePeriod]).toEqual([csv.rows, csv.accepted, csv.outsidePeriod]);
  }, 60_000);

  it("a value that is no ISO date (or carries a time zone) is a rejected cell, with its line and column", async () => {
    const rows = isoDates(
      ["人员编号", "培训日期", "培训名称", "培训类别", "学时", "时长（分钟）"],
      [
        ["P001", "2024-03-01", "行政处罚法专题", "公共法律知识", "40", ""],
        ["P001", "2024-09-01", "执法文书规范", "执法技能", "20", ""],
        ["P003", "2024-05-10", "市场监管业务", "业务知识", "30", ""],
      ],
      1,
    );
    rows[2]![1] = { d: "2024-13-05" };
    rows[3]![1] = { d: "2024-05-10T07:00:00+08:00" };
    const d = await tidyWith("training.csv", { "training.xlsx": workbook("培训登记", rows) });
    const { exceljs, stream } = await loadBoth(d);
    for (const data of [exceljs, stream]) {
      const training = data.datasets.training!;
      expect(training.rows).toBe(3);
      expect(training.accepted).toBe(1);
      expect(training.rejected).toEqual([
        {
          line: 3,
          column: "培训日期",
          value: "2024-13-05",
          code: "bad_date_cell",
          reason:
            "「培训日期」为「2024-13-05」：是 Excel 日期单元格，但其中的值不是有效日期（应为 2024-06-30 或 2024-06-30T08:30:00 的形式，不带时区），请在 Excel 中重新输入该日期",
        },
        expect.objectContaining({ line: 4, column: "培训日期", value: "2024-05-10T07:00:00+08:00", code: "bad_date_cell" }),
      ]);
      expect(training.sources?.[0]?.sheet).toBe("培训登记");
    }
  });
});

describe("formulas whose cached result is empty", () => {
  it('=IFERROR(VLOOKUP(…),"") showing "" is a blank cell: every row accepted, as from the .xls of the same sheet (without <v>: still no result)', async () => {
    const cells = await bothReaders(join(CELLS, "officers-formulas.xlsx"));
    expect(cells.stream).toEqual(cells.exceljs);
    // rows 8–15 hold only formulas showing "": no rows
    expect(cells.stream[0]!.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const xlsx = await loadBoth(await tidyWith("officers.csv", { "officers.xlsx": join(CELLS, "officers-formulas.xlsx") }));
    const xls = await loadData(await tidyWith("officers.csv", { "officers.xls": join(CELLS, "officers-formulas.xls") }));
    for (const data of [xlsx.exceljs, xlsx.stream]) {
      const officers = data.datasets.officers!;
      expect(officers).toMatchObject({ rows: 6, accepted: 6, rejected: [], error: null });
      expect(officers.records).toEqual(xls.datasets.officers!.records);
    }
    // 赵六 has no certificate: his looked-up 执法证号 and 证件状态 are blank, not 公式没有计算结果
    expect(xlsx.stream.datasets.officers!.records.find((r) => r.values.officer_id === "P004")!.values).toMatchObject({
      certificate_no: null,
      certificate_status: null,
    });
    // and the scores are the tidy set's (a blank 证件状态 with a certificate is 有效)
    const tidy = await totals(TIDY);
    streamingXlsx(false);
    expect((await totals(await tidyWith("officers.csv", { "officers.xlsx": join(CELLS, "officers-formulas.xlsx") }))).byUnit).toEqual(
      tidy.byUnit,
    );

    // a formula saved without <v> (by a program, never recalculated) is still a formula without result
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("行政执法人员");
    ws.addRow(["人员编号", "姓名", "单位编码", "是否执法岗位", "执法证号", "证件有效期至", "证件状态"]);
    ws.addRow(["P001", "张三", "QX-SCJG", "是", { formula: 'IFERROR(VLOOKUP(A2,证件库!A:D,2,FALSE),"")' }, "2026-06-30", "有效"]);
    ws.addRow(["P004", "赵六", "QX-SCJG", "否", null, null, null]);
    const path = join(await mkdtemp(join(tmpdir(), "fazhi-xlsx-cells-")), "officers.xlsx");
    tmp.push(join(path, ".."));
    await wb.xlsx.writeFile(path);
    const d = await tidyWith("officers.csv", { "officers.xlsx": path });
    const { exceljs, stream } = await loadBoth(d);
    for (const data of [exceljs, stream]) {
      expect(data.datasets.officers!.rejected).toEqual([
        expect.objectContaining({
          line: 2,
          column: "执法证号",
          code: "formula_no_result",
          value: '=IFERROR(VLOOKUP(A2,证件库!A:D,2,FALSE),"")',
        }),
      ]);
    }
  });
});

/** The tidy set's totals with a dataset's CSV replaced by the fixture `<stem>.xlsx` (read by exceljs, then streamed) and by `<stem>.xls`. */
async function byEveryReader(dataset: string, stem: string): Promise<Awaited<ReturnType<typeof totals>>[]> {
  const runs: Awaited<ReturnType<typeof totals>>[] = [];
  for (const [ext, streaming] of [
    ["xlsx", false],
    ["xlsx", true],
    ["xls", true],
  ] as const) {
    streamingXlsx(streaming);
    runs.push(await totals(await tidyWith(`${dataset}.csv`, { [`${dataset}.${ext}`]: join(CELLS, `${stem}.${ext}`) })));
  }
  return runs;
}

describe("percentages typed into cells", () => {
  it("a number shown as a percentage is written with every digit it holds, and reads back as the same number", () => {
    const cases: [number, string][] = [
      [0.92, "92%"],
      [0.885, "88.5%"],
      [0.07, "7%"],
      [1, "100%"],
      [0, "0%"],
      [0.005, "0.5%"],
      [0.0005, "0.05%"],
      [1e-7, "0.00001%"],
      [12.5, "1250%"],
      [-0.5, "-50%"],
      [0.1 + 0.2, "30.000000000000004%"],
    ];
    for (const [n, text] of cases) expect(percentText(n)).toBe(text);
    for (let k = 0; k < 2000; k++) {
      const n = k < 1000 ? Math.random() : Math.round(Math.random() * 1e6) / 10 ** (k % 9);
      const back = parseNumber(percentText(n));
      expect(back.ok && back.value).toBe(n);
    }
  });

  // a clerk who types 92% into a cell gets 0.92 shown in the format 0%: the 得分 column takes a
  // score 0–100, so 92% is a rejected cell (as in the CSV of the same sheet), never 0.92 points —
  // a file "failed" at 0.92 would have cost the unit points with exit 0
  it("a 得分 typed as 92% or 88.5% reads as the percentage shown, by every reader: a rejected cell, as from the CSV", async () => {
    const cells = await bothReaders(join(CELLS, "reviews-percent.xlsx"));
    expect(cells.stream).toEqual(cells.exceljs);
    const xls = await readXlsFile(join(CELLS, "reviews-percent.xls"), (await stat(join(CELLS, "reviews-percent.xls"))).size);
    if (!xls.ok) throw new Error(xls.reason);
    expect(xls.sheets[0]!.rows).toEqual(cells.stream[0]);
    expect(cells.stream[0]!.map((r) => r.cells[4])).toEqual(["得分", "92%", 58, "88.5%"]);

    // the same sheet saved as CSV by Excel: 92% and 88.5% as text
    const csv = await mkdtemp(join(tmpdir(), "fazhi-xlsx-cells-"));
    tmp.push(csv);
    await cp(TIDY, csv, { recursive: true });
    const reviews = (await readFile(join(TIDY, "case_reviews.csv"), "utf8"))
      .replace("抽查,92,", "抽查,92%,")
      .replace("互查,88,", "互查,88.5%,");
    await writeFile(join(csv, "case_reviews.csv"), reviews);
    const fromCsv = await totals(csv);
    const rejected = fromCsv.results.inputs.find((i) => i.dataset === "case_reviews")!.rejected;
    expect(rejected.map((r) => [r.line, r.column, r.value, r.code])).toEqual([
      [2, "得分", "92%", "percent_not_allowed"],
      [4, "得分", "88.5%", "percent_not_allowed"],
    ]);
    expect(rejected[0]!.reason).toBe("「得分」为「92%」：本列不是比率，不能填百分数");
    // both units with a rejected file provisional, neither above the tidy set
    const tidy = await totals(TIDY);
    for (const u of fromCsv.results.units) {
      expect(u.complete).toBe(false);
      expect(u.total).toBeLessThanOrEqual(tidy.results.units.find((t) => t.id === u.id)!.total);
    }

    // the units' results but for the file's name (and its sheet's)
    const unitsOf = (r: typeof fromCsv) =>
      JSON.stringify(r.results.units).replace(/case_reviews\.xlsx?( \[案卷评查\])?/g, "case_reviews.csv");
    const rejectedOf = (r: typeof fromCsv) =>
      r.results.inputs.find((i) => i.dataset === "case_reviews")!.rejected.map((x) => [x.line, x.column, x.value, x.code, x.reason]);
    for (const book of await byEveryReader("case_reviews", "reviews-percent")) {
      expect(rejectedOf(book)).toEqual(rejectedOf(fromCsv));
      expect(unitsOf(book)).toEqual(unitsOf(fromCsv));
    }
  }, 60_000);

  it("a rate typed as 100% (in 0% and in 0.0%) is the rate, as from the CSV: the tidy totals", async () => {
    const tidy = await totals(TIDY);
    for (const book of await byEveryReader("indicators", "indicators-percent")) {
      expect(book.byUnit).toEqual(tidy.byUnit);
      expect(book.results.units.map((u) => u.metrics)).toEqual(tidy.results.units.map((u) => u.metrics));
      expect(book.results.inputs.find((i) => i.dataset === "indicators")!.rejected).toEqual([]);
    }
  }, 60_000);
});
