/** One data row of a file: cells → values, checks, kept or handed to the sink. */
import type { ColumnSpec, DatasetId } from "./contract.js";
import { cellText, cleanText, isBlankCell, normalizeCell, normalizeDocNo, plainCellValue, type SourceCell } from "./normalize.js";
import type { CellValue, LoadOptions } from "./types.js";
import { reject, type DatasetReading, type ParsedRow, type ReadMode } from "./reading.js";
import type { ResolvedColumn } from "./headers.js";
import { checkRow } from "./row-checks.js";

/** id-list columns whose items are 文号, compared after the same folding as documents.doc_no. */
const DOC_NO_LISTS: Partial<Record<DatasetId, readonly string[]>> = { cases: ["legal_basis"] };

function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** What every row of one file or sheet is read with (one object per file, not per row). */
export interface RowShape {
  /** the header's width */
  width: number;
  /** the dataset's typed columns (contract and rubric) */
  specs: readonly ColumnSpec[];
  options: LoadOptions;
  mode: ReadMode;
  /** the typed columns the file does not have (blank in every row) */
  absent: readonly ColumnSpec[];
  /** the file's columns whose values are unique */
  unique: readonly ResolvedColumn[];
  /** the columns read in every row (w.columns' indices): typed, and extra columns with a header */
  visit: readonly number[];
  /** extra columns under a blank header (in file order): read only where a row has a cell there,
   * so that one stray header far right (备注 in XFD1) does not make every row 16,384 columns wide */
  blankExtras: readonly number[];
  /** keys of blank-header columns set in the reused values object so far (rows not kept) */
  blankSet: Set<string>;
  /** per file column (w.columns' order): its items are 文号, folded as documents.doc_no */
  docNoList: readonly boolean[];
  /** per file column: the texts met so far, when rows are kept, for a text that repeats (an officer's
   * unit, a certificate's status) to be one string in every row that has it (null: not kept, not a
   * text, or unique) */
  texts: readonly (Map<string, string> | null)[];
}

/** Distinct texts remembered per column (beyond them, a text is kept as read). */
const TEXTS_REMEMBERED = 8192;

/** A file's RowShape, once its header is resolved (w.columns and w.byKey set): what does not change from row to row. */
export function rowShape(w: DatasetReading, width: number, specs: readonly ColumnSpec[], options: LoadOptions, mode: ReadMode): RowShape {
  const lists = DOC_NO_LISTS[w.dataset] ?? [];
  return {
    width,
    specs,
    options,
    mode,
    absent: specs.filter((spec) => !w.byKey.has(spec.key)),
    unique: w.columns.filter((col) => col.spec?.unique),
    visit: w.columns.flatMap((col, c) => (col.spec || col.source !== "" ? [c] : [])),
    blankExtras: w.columns.flatMap((col, c) => (!col.spec && col.source === "" ? [c] : [])),
    blankSet: new Set(),
    docNoList: w.columns.map((col) => col.spec !== null && lists.includes(col.key)),
    texts: w.columns.map((col) => (mode.keep && col.spec?.kind === "text" && !col.spec.unique ? new Map<string, string>() : null)),
  };
}

/** `text`, or the same text met before in its column. */
function sharedText(texts: Map<string, string>, text: string): string {
  const had = texts.get(text);
  if (had !== undefined) return had;
  if (texts.size < TEXTS_REMEMBERED) texts.set(text, text);
  return text;
}

/**
 * One data row: its cells normalised by column kind (a cell that fails rejects the row, every
 * failing cell named), then the row's checks (row-checks.ts); an accepted row is kept, or handed
 * to the sink and forgotten.
 */
export function readRow(w: DatasetReading, line: number, cells: readonly SourceCell[], shape: RowShape): void {
  const { width, options, mode } = shape;
  const tally = w.tallies[w.current]!;
  const unit = tally.source.unit;
  if (unit !== null && prefilledOnly(w, cells, unit)) return;
  let beyond = -1;
  for (let i = width; i < cells.length; i++) {
    if (!isBlankCell(cells[i]!)) {
      beyond = i;
      break;
    }
  }
  if (tally.format === "csv" && (cells.length < width || beyond >= 0)) {
    const shown = cells.length > 50 ? `${cells.slice(0, 50).join(",")},…` : cells.join(",");
    reject(w, { row: null, line, column: null, value: shown }, { code: "field_count", line, fields: cells.length, width });
    return;
  }
  if (beyond >= 0) {
    reject(
      w,
      { row: null, line, column: null, value: cellText(cells[beyond]!) },
      { code: "cell_without_header", line, letter: columnLetter(beyond) },
    );
    return;
  }
  let parsed: ParsedRow;
  if (mode.keep) parsed = { line, src: w.current, values: {}, cells, bad: false };
  else {
    // not kept: the same row and values object for every row (a value that failed is set undefined)
    if (!w.scratch) {
      const values: Record<string, CellValue> = {};
      w.scratch = { parsed: { line, src: w.current, values, cells, bad: false }, row: { line, values } };
    }
    parsed = w.scratch.parsed;
    parsed.line = line;
    parsed.src = w.current;
    parsed.cells = cells;
    parsed.bad = false;
  }
  const values = parsed.values;
  const columns = w.columns;
  // extra columns under a blank header: a key only where the row has a cell there
  const blanks = shape.blankExtras;
  // (the values object is the same for every row when rows are not kept: clear what an earlier row set)
  if (!mode.keep) for (const k of shape.blankSet) values[k] = null;
  for (let b = 0; b < blanks.length; b++) {
    const col = columns[blanks[b]!]!;
    if (col.index >= cells.length) break;
    const text = cellText(cells[col.index] ?? null);
    if (text === null || cleanText(text) === "") continue;
    Object.defineProperty(values, col.key, { value: cleanText(text), enumerable: true, writable: true, configurable: true });
    if (!mode.keep) shape.blankSet.add(col.key);
  }
  const visit = shape.visit;
  for (let v = 0; v < visit.length; v++) {
    const c = visit[v]!;
    const col = columns[c]!;
    const cell = cells[col.index] ?? null;
    if (!col.spec) {
      const text = cellText(cell);
      // an extra column's key is header text from the file: define it, so "__proto__" stays a plain key
      Object.defineProperty(values, col.key, {
        value: text === null || cleanText(text) === "" ? null : cleanText(text),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    // a blank cell of an optional column: what normalizeCell gives it, without a result object
    let value =
      (cell === "" || cell === null) && !col.spec.required ? (col.spec.kind === "idList" ? [] : null) : plainCellValue(col.spec, cell);
    if (value === undefined) {
      const r = normalizeCell(col.spec, cell, col.source, w.date1904 ? DATE1904 : DATE1900);
      if (!r.ok) {
        values[col.key] = undefined as unknown as CellValue;
        reject(w, { row: parsed, line, column: col, value: cellText(cell) }, r.problem, r.reason);
        continue;
      }
      value = r.value;
    }
    if (shape.docNoList[c] && Array.isArray(value)) value = docNos(value as string[]);
    else if (typeof value === "string" && shape.texts[c]) value = sharedText(shape.texts[c]!, value);
    values[col.key] = value;
  }
  // columns the file does not have are present as blank, so every record has every key
  const absent = shape.absent;
  for (let i = 0; i < absent.length; i++) values[absent[i]!.key] = absent[i]!.kind === "idList" ? [] : null;
  checkRow(w, parsed, options, mode.known, shape.unique);
  if (parsed.bad) return;
  if (options.period) {
    const key = PERIOD_COLUMN[w.dataset];
    const day = key ? values[key] : null;
    if (typeof day === "number" && (day < options.period.start || day > options.period.end)) tally.outside++;
    else if (options.trainingKinds && w.dataset === "training") {
      const kind = values.kind as string;
      if (!options.trainingKinds.has(kind)) (tally.uncounted ??= new Map()).set(kind, (tally.uncounted.get(kind) ?? 0) + 1);
    }
  }
  if (mode.keep) {
    // a kept row's failed cells were never set (undefined only in reused values)
    w.parsed.push(parsed);
    mode.sink?.({ line, values });
    return;
  }
  w.sentToSink++;
  tally.sentToSink++;
  if (mode.sink) {
    const row = w.scratch!.row;
    row.line = line;
    mode.sink(row);
  }
}

/** `list.map(normalizeDocNo).filter((s) => s !== "")`, in place (the list is the row's own). */
function docNos(list: string[]): string[] {
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const s = normalizeDocNo(list[i]!);
    if (s !== "") list[n++] = s;
  }
  list.length = n;
  return list;
}

/** The date that puts a row in the assessment period or outside it, per dataset (as the indicators read it). */
const PERIOD_COLUMN: Partial<Record<DatasetId, string>> = { training: "date", cases: "decided", case_reviews: "date" };

/** A row holding nothing but its unit's own id (prefilled by `fazhi template --unit`): an unused row, not a record. */
function prefilledOnly(w: DatasetReading, cells: readonly SourceCell[], unit: string): boolean {
  const col = w.byKey.get("unit_id");
  if (!col || cleanText(cellText(cells[col.index] ?? null) ?? "") !== unit) return false;
  for (let i = 0; i < cells.length; i++) if (i !== col.index && !isBlankCell(cells[i]!)) return false;
  return true;
}

const DATE1900 = { date1904: false };
const DATE1904 = { date1904: true };
