/**
 * XLSX → rows of cells of every worksheet, each row with its sheet row number.
 * exceljs is loaded only when an xlsx file is read.
 */
import type { Row } from "exceljs";
import type { SourceCell } from "./normalize.js";
import type { ProblemOf } from "./problems.js";
import { FORMULA_NO_RESULT, problemMessage } from "./problem-messages.js";
import { patchExceljsCells } from "./exceljs-cells.js";
import { numberShown, percentText } from "./xlsx-parts.js";

export interface SheetRow {
  /** the sheet's row number (1-based) */
  line: number;
  /** cells by column, 0-based (column A = 0) */
  cells: SourceCell[];
}

/** One worksheet's rows, with whether the workbook hides it. */
export interface SheetData {
  name: string;
  hidden: boolean;
  rows: SheetRow[];
}

/** A workbook read whole: every worksheet (`rows` and `sheet` are the first one's). */
export type SheetRead =
  | { ok: true; rows: SheetRow[]; date1904: boolean; sheet: string; sheets: SheetData[] }
  | {
      ok: false;
      reason: string;
      problem: ProblemOf<"xlsx_too_large" | "xlsx_bomb" | "xlsx_old_or_encrypted" | "xlsx_not_zip" | "xlsx_corrupt" | "xlsx_no_sheet">;
    };

const refuse = (
  problem: ProblemOf<"xlsx_too_large" | "xlsx_bomb" | "xlsx_old_or_encrypted" | "xlsx_not_zip" | "xlsx_corrupt" | "xlsx_no_sheet">,
) => ({ ok: false as const, reason: problemMessage(problem), problem });

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** An exceljs cell value → a plain cell (rich text joined, formula → its result, hyperlink → its text). */
export function plainCell(value: unknown): SourceCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("");
    if ("formula" in v || "sharedFormula" in v) {
      // no cached result (e.g. written by a program): the value is unknown until Excel recalculates
      if (v.result === undefined || v.result === null) {
        return { error: `=${String(v.formula ?? v.sharedFormula)}`, reason: FORMULA_NO_RESULT };
      }
      // a formula showing "" (=IFERROR(VLOOKUP(…),""), saved <v></v>): a blank cell, as in an .xls
      if (v.result === "") return null;
      return plainCell(v.result);
    }
    if ("error" in v) return v.code === "bad_date_cell" ? { error: String(v.error), code: "bad_date_cell" } : { error: String(v.error) };
    if ("text" in v) return plainCell(v.text);
    if ("hyperlink" in v) return String(v.hyperlink);
  }
  return String(value);
}

/**
 * A formula cell's value with the result exceljs read: its value leaves out a result that is
 * falsy (0, FALSE, "" — exceljs copies only truthy fields), which would make `=A1*0` a formula
 * without result; the cell's model keeps it.
 */
function withResult(value: unknown, row: Row, col: number): unknown {
  if (value === null || typeof value !== "object" || !("formula" in value || "sharedFormula" in value)) return value;
  const model = row.getCell(col).master.model as { result?: unknown };
  return { ...value, result: model.result };
}

/** Read every worksheet of an xlsx file. A file that is no xlsx is an error result, never a throw. */
export async function readXlsx(bytes: Uint8Array): Promise<SheetRead> {
  if (OLE.every((b, i) => bytes[i] === b)) {
    return refuse({ code: "xlsx_old_or_encrypted" });
  }
  if (!ZIP.every((b, i) => bytes[i] === b)) {
    return refuse({ code: "xlsx_not_zip" });
  }
  const { default: ExcelJS } = await import("exceljs");
  patchExceljsCells();
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' typings want its own Buffer type
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    return refuse({ code: "xlsx_corrupt", detail: (err as Error).message });
  }
  const sheets: SheetData[] = [];
  for (const sheet of workbook.worksheets) {
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as unknown[];
      const cells: SourceCell[] = [];
      for (let c = 1; c < values.length; c++) {
        const cell = plainCell(withResult(values[c], row, c));
        // a number shown as a percentage is the percentage the clerk sees (0.96 → "96%"), as in a CSV
        cells.push(typeof cell === "number" && numberShown(row.getCell(c).numFmt) === "percent" ? percentText(cell) : cell);
      }
      // a formula showing "" is blank: a row of nothing else is no row (as the streaming reader and an .xls give it)
      while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
      if (cells.length > 0) rows.push({ line: rowNumber, cells });
    });
    sheets.push({ name: sheet.name, hidden: sheet.state === "hidden" || sheet.state === "veryHidden", rows });
  }
  const first = sheets[0];
  if (!first) return refuse({ code: "xlsx_no_sheet" });
  return { ok: true, rows: first.rows, date1904: Boolean(workbook.properties?.date1904), sheet: first.name, sheets };
}

/** An xlsx file whose parts unpack to more than this is refused (a zip bomb, or far beyond any real export). */
export const MAX_XLSX_UNCOMPRESSED = 1024 * 1024 * 1024;
/** … or whose parts claim a compression ratio beyond this (real sheets compress ~10:1, a bomb 1000:1). */
const MAX_RATIO = 200;

/**
 * Sizes declared in a zip's central directory: total unpacked bytes and the worst ratio.
 * Null when the directory cannot be found (the zip reader then reports the file as broken).
 */
export function zipDeclaredSizes(bytes: Uint8Array): { uncompressed: number; ratio: number; entries: number } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // end of central directory: signature 0x06054b50 within the last 64 KB + 22 bytes
  const min = Math.max(0, buf.length - 65557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let uncompressed = 0;
  let ratio = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    uncompressed += usize;
    if (usize > 1024 * 1024) ratio = Math.max(ratio, usize / Math.max(csize, 1));
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return { uncompressed, ratio, entries };
}

/** Read an xlsx file from disk, refusing zip bombs before anything is unpacked. */
export async function readXlsxFile(path: string, size: number): Promise<SheetRead> {
  if (size > MAX_XLSX_UNCOMPRESSED / 4) return refuse({ code: "xlsx_too_large", mb: Math.round(size / 1048576) });
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(path);
  if (ZIP.every((b, i) => bytes[i] === b)) {
    const sizes = zipDeclaredSizes(bytes);
    if (sizes && (sizes.uncompressed > MAX_XLSX_UNCOMPRESSED || sizes.ratio > MAX_RATIO)) {
      return refuse({
        code: "xlsx_bomb",
        detail: `声明 ${Math.round(sizes.uncompressed / 1048576)} MB，压缩比 ${Math.round(sizes.ratio)}:1`,
      });
    }
  }
  return readXlsx(bytes);
}
