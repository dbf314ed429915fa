// Child: an all-CSV copy of a bench data folder — every CSV linked as it is, each .xlsx file's
// first sheet written as a UTF-8 CSV of the same name (exceljs' in-memory reader; dates as
// YYYY-MM-DD, every field quoted only when it must be).
import { linkSync, readdirSync, writeFileSync, writeSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
const [from, to] = process.argv.slice(2);
mkdirSync(to, { recursive: true });
const quote = (s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const text = (v) => {
  if (v == null) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  if (typeof v === "object" && "result" in v) return text(v.result);
  return String(v);
};
for (const f of readdirSync(from)) {
  if (f.endsWith(".csv")) {
    if (!existsSync(join(to, f))) linkSync(join(from, f), join(to, f));
  } else if (f.endsWith(".xlsx")) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(from, f));
    const ws = wb.worksheets[0];
    const lines = [];
    const width = ws.getRow(1).cellCount;
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells = [];
      for (let c = 1; c <= width; c++) cells.push(quote(text(row.getCell(c).value)));
      lines.push(cells.join(","));
    });
    writeFileSync(join(to, f.replace(/\.xlsx$/, ".csv")), `${lines.join("\r\n")}\r\n`);
  }
}
writeSync(3, "{}");
