/**
 * Three corrections to how exceljs reads a worksheet cell (its CellXform: where the cell's XML
 * becomes a value), so that the exceljs fallback reads every cell as the streaming reader
 * (xlsx-sheet.ts) does:
 *
 * - a date cell `<c t="d"><v>2024-01-26T00:00:00Z</v></c>` is the Date it holds (exceljs reads
 *   the text with parseFloat: the number 2024, i.e. 1905-07-16), or a cell the loader rejects
 *   when its value is no ISO date (isoDateCell);
 * - a formula whose cached result is present but empty (`<v></v>`, `<v/>`: Excel and LibreOffice
 *   save `=IFERROR(VLOOKUP(…),"")` so) has the result "" (exceljs keeps no result: a formula
 *   without result); a formula without `<v>` still has none;
 * - a formula's text, boolean or error result in a date-formatted cell stays what it is (exceljs
 *   turns every result of such a cell into a date: "未培训" or #N/A an invalid Date, read as blank).
 *
 * Installed once, before the first workbook is read (readXlsx). Nothing else of fazhi reads a
 * workbook with exceljs; workbooks it writes are not affected (writing does not use these methods).
 */
import { createRequire } from "node:module";
import { isoDateCell } from "./xlsx-parts.js";

interface CellModel {
  type?: number;
  value?: unknown;
  result?: unknown;
  formula?: string;
  shareType?: string;
  text?: unknown;
  [KEEP]?: unknown;
}
interface CellXform {
  parser?: unknown;
  t?: string;
  model: CellModel;
  [SEEN_V]?: boolean;
}
interface CellXformProto {
  parseOpen(this: CellXform, node: { name: string }): boolean;
  parseClose(this: CellXform, name: string): boolean;
  reconcile(this: CellXform, model: CellModel, options: unknown): void;
}

/** the cell has a <v> element (possibly empty) */
const SEEN_V = Symbol("fazhi.seenV");
/** a formula result exceljs' reconcile must leave as it is (not a number) */
const KEEP = Symbol("fazhi.keep");

let installed = false;

/** Install the corrections (once). Throws when exceljs' cell reader is not the one they were written for. */
export function patchExceljsCells(): void {
  if (installed) return;
  const require = createRequire(import.meta.url);
  const proto = (require("exceljs/lib/xlsx/xform/sheet/cell-xform.js") as { prototype: CellXformProto }).prototype;
  const ValueType = (require("exceljs/lib/doc/enums.js") as { ValueType: Record<string, number> }).ValueType;
  const { Date: DATE, Error: ERROR, Formula: FORMULA, Hyperlink: HYPERLINK, Null: NULL } = ValueType;
  if (
    typeof proto?.parseOpen !== "function" ||
    typeof proto.parseClose !== "function" ||
    typeof proto.reconcile !== "function" ||
    [DATE, ERROR, FORMULA, HYPERLINK, NULL].some((t) => typeof t !== "number")
  ) {
    throw new Error("exceljs 的单元格读取方式与 fazhi 所知的不同（版本已变化？），无法正确读取 xlsx 文件");
  }
  const { parseOpen, parseClose, reconcile } = proto;

  proto.parseOpen = function (node) {
    const nested = this.parser !== undefined;
    const r = parseOpen.call(this, node);
    if (!nested) {
      if (node.name === "c") this[SEEN_V] = false;
      else if (node.name === "v") this[SEEN_V] = true;
    }
    return r;
  };

  proto.parseClose = function (name) {
    if (name !== "c" || this.parser !== undefined) return parseClose.call(this, name);
    const model = this.model;
    const raw = model.value;
    const formula = Boolean(model.formula || model.shareType);
    const r = parseClose.call(this, name);
    if (formula) {
      let result: unknown = model.result;
      if (this.t === "d" && typeof raw === "string") result = isoDateCell(raw) ?? "";
      else if (raw === undefined && this[SEEN_V] === true) result = "";
      if (result !== undefined && typeof result !== "number") {
        model.result = result;
        model[KEEP] = result;
      }
    } else if (this.t === "d" && typeof raw === "string") {
      const cell = isoDateCell(raw);
      if (cell === null) {
        model.type = NULL;
        model.value = undefined;
      } else if (cell instanceof Date) {
        model.type = DATE;
        model.value = cell;
      } else {
        model.type = ERROR;
        model.value = cell;
      }
    }
    return r;
  };

  proto.reconcile = function (model, options) {
    if (!(KEEP in model)) return reconcile.call(this, model, options);
    const keep = model[KEEP];
    delete model[KEEP];
    // (reconcile would make a date of any result of a date-formatted cell)
    model.result = undefined;
    reconcile.call(this, model, options);
    if (model.type === HYPERLINK) model.text = keep;
    else model.result = keep;
  };

  installed = true;
}
