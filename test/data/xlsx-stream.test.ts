/**
 * The streaming xlsx reader gives exactly the cells exceljs gives (or refuses, and the file is
 * then read with exceljs): every fixture folder with an xlsx file loads the same both ways, and
 * workbooks with the odd cells (rich text, formulas, shared formulas, inline strings, entities,
 * dates in custom formats, 1904, merged cells, a hyperlink on a formula without result) read the same;
 * cached formula results (0, FALSE, "", text or #N/A in a date-formatted cell) and ISO date cells
 * (t="d") are read as they are, by both.
 */
import { zip } from "../zip.js";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { loadData } from "../../src/data/folder.js";
import { readXlsxFile } from "../../src/data/xlsx.js";
import { openSheetStream, streamingXlsx, XlsxRefused } from "../../src/data/xlsx-stream.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "data");
const tmp: string[] = [];
afterAll(async () => {
  streamingXlsx(true);
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});

async function both(path: string) {
  const size = (await stat(path)).size;
  const ex = await readXlsxFile(path, size);
  const opened = await openSheetStream(path, size);
  if (opened.kind !== "stream") return { ex, stream: opened.kind, rows: null };
  const rows = [];
  try {
    for await (const b of opened.rows(() => undefined)) rows.push(...b);
  } catch (err) {
    if (err instanceof XlsxRefused) return { ex, stream: "refused", rows: null };
    throw err;
  }
  return { ex, stream: "stream", rows, date1904: opened.date1904 };
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
function handMade(sheetData: string, extra = "", sst = ""): Buffer {
  return zip({
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sst ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ""}</Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="表一" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${sst ? '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : ""}</Relationships>`,
    "xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="170" formatCode="[Red]&quot;d&quot;0"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="170"/><xf numFmtId="47"/></cellXfs></styleSheet>`,
    ...(sst ? { "xl/sharedStrings.xml": sst } : {}),
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet ${NS}><!-- a comment --><sheetData>${sheetData}</sheetData>${extra}</worksheet>`,
  });
}

describe("streaming xlsx reader", () => {
  it("loads every fixture folder with an xlsx file the same as exceljs", async () => {
    const folders: string[] = [];
    const walk = async (d: string) => {
      const names = await readdir(d, { withFileTypes: true });
      if (names.some((n) => n.isFile() && n.name.endsWith(".xlsx"))) folders.push(d);
      for (const n of names) if (n.isDirectory()) await walk(join(d, n.name));
    };
    await walk(FIXTURES);
    expect(folders.length).toBeGreaterThanOrEqual(5);
    for (const f of folders) {
      streamingXlsx(false);
      const a = await loadData(f).catch((e: Error) => e.message);
      streamingXlsx(true);
      const b = await loadData(f).catch((e: Error) => e.message);
      expect(b, f).toEqual(a);
    }
  });

  it("reads odd cells exactly as exceljs does", async () => {
    const d = await mkdtemp(join(tmpdir(), "fazhi-xlsx-"));
    tmp.push(d);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S1");
    ws.getCell("A1").value = "id";
    ws.getCell("A2").value = { richText: [{ text: "富", font: { bold: true } }, { text: "文本 & <x>" }] };
    ws.getCell("B2").value = { formula: "1+1", result: 2 };
    ws.getCell("C2").value = new Date(Date.UTC(2024, 5, 30));
    ws.getCell("C2").numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell("D2").value = true;
    ws.getCell("E2").value = { error: "#N/A" };
    ws.getCell("F2").value = { text: "link", hyperlink: "http://x.org" };
    ws.getCell("G2").value = { formula: "B2*2" } as ExcelJS.CellFormulaValue;
    ws.getCell("H2").value = { formula: '"a"&"b"', result: "ab&amp;" };
    ws.getCell("A3").value = "line1\nline2 _x000D_ 𠀀 😀";
    ws.getCell("C3").value = 45000;
    ws.getCell("C3").numFmt = "0.00";
    ws.getCell("D3").value = 45000.75;
    ws.getCell("D3").numFmt = "[$-804]yyyy/m/d h:mm";
    ws.getCell("E3").value = 12;
    ws.getCell("E3").numFmt = '"m"0';
    ws.getCell("B6").value = { formula: "NOW()", result: new Date(Date.UTC(2024, 0, 1, 12)) };
    ws.getCell("B6").numFmt = "yyyy-mm-dd";
    ws.getCell("G6").style = { font: { bold: true } };
    ws.getCell("A8").value = { formula: "A1", result: { error: "#DIV/0!" } };
    wb.addWorksheet("S2").getCell("A1").value = "second";
    await wb.xlsx.writeFile(join(d, "mix.xlsx"));
    const r = await both(join(d, "mix.xlsx"));
    expect(r.stream).toBe("stream");
    expect(r.ex.ok && r.rows).toEqual(r.ex.ok ? r.ex.rows : null);

    const files: Record<string, Buffer> = {
      inline: handMade(
        `<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &#x4E2D;&#25991; _x0041_</t></is></c><c r="B2" t="inlineStr"><is><r><rPr><b/></rPr><t>x</t></r><r><t>y_x0041_</t></r></is></c><c r="C2" s="1"><v>45473</v></c><c r="D2" s="2"><v>7</v></c><c r="E2" s="3"><v>0.5</v></c><c r="F2" t="s"><v>1</v></c><c r="G2" t="s"><v>0</v></c><c r="H2" t="str"><v>&amp;lt;q&amp;gt;</v></c></row>` +
          `<row r="5"><c r="A5"><f t="shared" ref="A5:A6" si="0">B5+1</f><v>3</v></c><c r="B5" t="b"><v>1</v></c><c r="C5" t="e"><v>#REF!</v></c><c r="D5" t="d"><v>2024-06-30</v></c><c r="E5" s="1"/><c r="F5"/></row><row r="6"><c r="A6"><f t="shared" si="0"/></c><c r="B6"><f>SUM(1)</f></c></row>`,
        "",
        `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="2" uniqueCount="2"><si><t>共享_x000D_</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><r><t>甲</t></r><r><rPr><i/></rPr><t>乙</t></r></si></sst>`,
      ),
      merged: handMade(
        `<row r="1"><c r="A1" t="inlineStr"><is><t>t</t></is></c></row>`,
        `<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`,
      ),
      hyperFormula: handMade(`<row r="1"><c r="A1"><f>X()</f></c></row>`, `<hyperlinks><hyperlink ref="A1" r:id="rId9"/></hyperlinks>`),
      unordered: handMade(`<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`),
    };
    const expected = { inline: "stream", merged: "refused", hyperFormula: "refused", unordered: "refused" };
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(d, `${name}.xlsx`);
      await writeFile(path, bytes);
      const got = await both(path);
      expect(got.stream, name).toBe(expected[name as keyof typeof expected]);
      if (got.rows) expect(got.rows, name).toEqual(got.ex.ok ? got.ex.rows : got.ex);
    }
  });

  it("reads cached formula results and ISO date cells right, both readers alike", async () => {
    const d = await mkdtemp(join(tmpdir(), "fazhi-xlsx-"));
    tmp.push(d);
    const path = join(d, "cached.xlsx");
    await writeFile(
      path,
      handMade(
        // style 1 is a date format (numFmt 14)
        `<row r="2"><c r="A2"><f>A1*0</f><v>0</v></c><c r="B2" t="b"><f>1=0</f><v>0</v></c><c r="C2" s="1" t="str"><f>IF(1,"未培训")</f><v>未培训</v></c>` +
          `<c r="D2" s="1" t="e"><f>NA()</f><v>#N/A</v></c><c r="E2" s="1" t="str"><f>IF(1,"")</f><v></v></c><c r="F2" t="str"><f>IF(1,"")</f><v/></c>` +
          `<c r="G2" s="1" t="d"><f>H2</f><v>2024-01-26T00:00:00Z</v></c><c r="H2" t="d"><v>2024-06-30T14:30:00</v></c><c r="I2" t="d"><v>2024-02-30</v></c>` +
          `<c r="J2" s="1"><f>X()</f></c><c r="K2" s="1"><f>H2+1</f><v>45474</v></c></row>` +
          `<row r="3"><c r="A3" t="str"><f>IF(B3="","",ROW()-1)</f><v></v></c><c r="B3" s="1" t="str"><f>IF(1,"")</f><v></v></c></row>`,
      ),
    );
    const got = await both(path);
    expect(got.stream).toBe("stream");
    const expected = [
      {
        line: 2,
        cells: [
          0,
          false,
          "未培训",
          { error: "#N/A" },
          null,
          null,
          new Date(Date.UTC(2024, 0, 26)),
          new Date(Date.UTC(2024, 5, 30, 14, 30)),
          { error: "2024-02-30", code: "bad_date_cell" },
          { error: "=X()", reason: "公式没有计算结果，请在 Excel 中打开、重新计算并保存" },
          new Date(Date.UTC(2024, 6, 1)),
        ],
      },
    ];
    expect(got.rows).toEqual(expected);
    expect(got.ex.ok && got.ex.rows).toEqual(expected);
  });

  it("a refused file is read with exceljs, the same as before", async () => {
    const d = await mkdtemp(join(tmpdir(), "fazhi-xlsx-"));
    tmp.push(d);
    const units = "执法单位编码,执法单位名称,单位类别\nU1,甲局,区直部门\n";
    await writeFile(join(d, "units.csv"), units);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S1");
    ws.addRow(["人员编号", "姓名", "执法单位编码", "执法证号", "执法证有效期至", "执法证状态"]);
    ws.addRow(["P1", "张三", "U1", "Z1", new Date(Date.UTC(2026, 0, 1)), "有效"]);
    ws.mergeCells("A3:F3");
    await wb.xlsx.writeFile(join(d, "officers.xlsx"));
    streamingXlsx(false);
    const a = await loadData(d);
    streamingXlsx(true);
    const b = await loadData(d);
    expect(b).toEqual(a);
  });
});
