/** One worksheet's XML as rows of cells, read as it inflates, the cells exactly as the exceljs fallback (xlsx.ts, with exceljs-cells.ts) gives them. */
import type { SourceCell } from "./normalize.js";
import type { SheetRow } from "./xlsx.js";
import { XlsxRefused, XlsxTooLarge, type ZipEntry } from "./xlsx-zip.js";
import { attributes, decodeXml, entryText, unescapeX, xmlDecodeAgain, XmlScanner, type XmlHandler } from "./xml-scan.js";
import { isoDateCell, isPrefixed, percentText, type NumberShown } from "./xlsx-parts.js";
import { FORMULA_NO_RESULT } from "./problem-messages.js";

const BATCH = 4096;

const colIndex = (ref: string): { col: number; row: number } | null => {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else break;
  }
  if (i === 0 || i === ref.length || col > 16384) return null;
  let row = 0;
  for (let k = i; k < ref.length; k++) {
    const c = ref.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return null;
    row = row * 10 + c;
  }
  return { col: col - 1, row };
};

const excelToDate = (v: number, date1904: boolean): Date => new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

/** A worksheet part of a workbook, with what its cells are read with. */
export interface SheetPart {
  path: string;
  entry: ZipEntry;
  /** the workbook's shared strings */
  strings: string[];
  /** per cell style: how it shows a number (a date, a percentage) */
  styles: NumberShown[];
  date1904: boolean;
}

/** The sheet's rows (those with a value), in batches. Throws XlsxRefused when exceljs must read the file instead. */
export async function* sheetRows(sheet: SheetPart, onBytes: (n: number) => void): AsyncGenerator<SheetRow[]> {
  const { path, entry, strings, styles, date1904 } = sheet;
  let batch: SheetRow[] = [];
  const ready: SheetRow[][] = [];
  let inData = false;
  let dataDone = false;
  let lastRow = 0;
  let rowNo = 0;
  let cells: SourceCell[] | null = null;
  let hasValue = false;
  // the cell being read
  let inCell = false;
  let address = "";
  let col = 0;
  let type: string | undefined;
  let style = 0;
  let value: string | undefined;
  /** the cell has a <v> element (possibly empty) */
  let hasV = false;
  let formula: string | undefined;
  let isFormula = false;
  let shareType: string | undefined;
  let si: string | undefined;
  let ref: string | undefined;
  let runs: string[] | null = null;
  let run = "";
  /** 0 none, 1 v, 2 t, 3 f, 4 inside a rich text run, 5 the run's t */
  let where = 0;
  let runDepth = 0;
  const formulae = new Map<string, string>();
  /** addresses of formula cells without a cached result or with an empty one (a hyperlink on one changes exceljs' value) */
  const noResult = new Set<string>();
  let hyperlinks: string[] = [];

  const endCell = () => {
    let out: SourceCell = null;
    const shown = style !== 0 ? styles[style] : null;
    const dateStyle = shown === "date";
    // a number shown as a percentage is the percentage the clerk sees (0.96 → "96%"), as in a CSV
    const percentStyle = shown === "percent";
    if (isFormula) {
      let result: SourceCell | undefined;
      if (value !== undefined) {
        if (type === "str") result = xmlDecodeAgain(value);
        else if (type === "b") result = parseInt(value, 10) !== 0;
        else if (type === "e") result = { error: value };
        else if (type === "d") result = isoDateCell(value);
        else result = parseFloat(value);
      } else if (hasV) {
        // a cached result that is empty (=IFERROR(VLOOKUP(…),"") saved <v></v>): a blank cell, as in an .xls
        result = null;
      }
      if (result === null) noResult.add(address);
      // only a number is a date in a date-formatted cell (text, 是/否, #N/A stay what they are)
      if (typeof result === "number" && dateStyle) result = excelToDate(result, date1904);
      else if (typeof result === "number" && percentStyle) result = percentText(result);
      let f = formula;
      let shared: string | undefined;
      if (shareType === "shared") {
        if (ref !== undefined) formulae.set(String(si), address);
        else if (formula === undefined) shared = formulae.get(String(si));
      }
      if (result === undefined) {
        noResult.add(address);
        out = { error: `=${String(f ?? shared)}`, reason: FORMULA_NO_RESULT };
      } else out = result;
      f = undefined;
    } else if (runs !== null) {
      if (type !== "inlineStr" || value !== undefined) throw new XlsxRefused("rich text outside an inline string");
      out = runs.join("");
    } else if (value !== undefined) {
      switch (type) {
        case "s": {
          const s = strings[parseInt(value, 10)];
          if (s === undefined) throw new XlsxRefused("shared string out of range");
          out = s;
          break;
        }
        case "str":
          out = xmlDecodeAgain(value);
          break;
        case "inlineStr":
          out = value;
          break;
        case "b":
          out = parseInt(value, 10) !== 0;
          break;
        case "e":
          out = { error: value };
          break;
        case "d":
          out = isoDateCell(value);
          break;
        default: {
          const n = parseFloat(value);
          out = dateStyle ? excelToDate(n, date1904) : percentStyle ? percentText(n) : n;
        }
      }
    }
    if (out !== null) {
      while (cells!.length < col) cells!.push(null);
      cells![col] = out;
      hasValue = true;
    }
  };

  const handler: XmlHandler = {
    open(name, raw, empty) {
      if (!inData) {
        if (name === "sheetData") {
          if (dataDone) throw new XlsxRefused("two sheetData");
          inData = true;
        } else if (name === "mergeCell") throw new XlsxRefused("merged cells");
        else if (name === "hyperlink") hyperlinks.push(attributes(raw).ref ?? "");
        return;
      }
      if (isPrefixed(name)) throw new XlsxRefused(`prefixed ${name}`);
      if (inCell) {
        if (where === 4 || where === 5) {
          runDepth++;
          if (name === "t" && runDepth === 1) where = 5;
          return;
        }
        switch (name) {
          case "v":
            where = 1;
            hasV = true;
            return;
          case "t":
            where = 2;
            return;
          case "is":
            return;
          case "f": {
            const a = attributes(raw);
            where = 3;
            si = a.si;
            shareType = a.t;
            ref = a.ref;
            if (shareType !== undefined) isFormula = true;
            return;
          }
          case "r":
            runs ??= [];
            run = "";
            where = 4;
            runDepth = 0;
            return;
          default:
            throw new XlsxRefused(`<${name}> in a cell`);
        }
      }
      if (name === "c") {
        if (cells === null) throw new XlsxRefused("a cell outside a row");
        const a = attributes(raw);
        const at = a.r === undefined ? null : colIndex(a.r);
        if (!at || at.row !== rowNo) throw new XlsxRefused("a cell without its address");
        address = a.r!;
        col = at.col;
        type = a.t;
        style = a.s === undefined ? 0 : parseInt(a.s, 10);
        value = undefined;
        hasV = false;
        formula = undefined;
        isFormula = false;
        shareType = si = ref = undefined;
        runs = null;
        where = 0;
        inCell = true;
        if (empty) return;
        return;
      }
      if (name === "row") {
        const r = attributes(raw).r;
        const n = r === undefined ? NaN : Number(r);
        if (!Number.isInteger(n) || n <= lastRow) throw new XlsxRefused("rows out of order");
        rowNo = lastRow = n;
        cells = [];
        hasValue = false;
        return;
      }
      throw new XlsxRefused(`<${name}> in sheetData`);
    },
    close(name) {
      if (!inData) return;
      if (inCell) {
        if (where === 4 || where === 5) {
          if (runDepth === 0) {
            // the run ends
            runs!.push(unescapeX(run));
            where = 0;
            return;
          }
          runDepth--;
          if (name === "t" && where === 5) where = 4;
          return;
        }
        if (name === "c") {
          inCell = false;
          endCell();
        } else if (name === "v" || name === "t" || name === "f") where = 0;
        return;
      }
      if (name === "row") {
        if (hasValue) batch.push({ line: rowNo, cells: cells! });
        cells = null;
        if (batch.length >= BATCH) {
          ready.push(batch);
          batch = [];
        }
      } else if (name === "sheetData") {
        inData = false;
        dataDone = true;
      }
    },
    text(raw) {
      if (!inCell || where === 0 || where === 4) return;
      const t = decodeXml(raw);
      if (where === 5) run += t;
      else if (where === 3) {
        if (t !== "") {
          formula = formula === undefined ? t : formula + t;
          isFormula = true;
        }
      } else if (t !== "") value = value === undefined ? t : value + t;
    },
  };

  const scanner = new XmlScanner(handler);
  try {
    for await (const text of entryText(path, entry, onBytes)) {
      scanner.feed(text);
      while (ready.length > 0) yield ready.shift()!;
    }
    scanner.end();
  } catch (err) {
    if (err instanceof XlsxTooLarge) throw err;
    if (err instanceof XlsxRefused) throw err;
    throw new XlsxRefused((err as Error).message);
  }
  if (!dataDone) throw new XlsxRefused("no sheetData");
  for (const h of hyperlinks) if (noResult.has(h)) throw new XlsxRefused("a hyperlink on a formula without result");
  hyperlinks = [];
  if (batch.length > 0) yield batch;
}
