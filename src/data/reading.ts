/**
 * The bookkeeping of one dataset while its files are read: the rows kept, the rejections (listed
 * up to MAX_REJECTED_LISTED, counted beyond), the lines skipped, the gaps by unit, and a tally
 * per file and sheet. Reading (read-source.ts, read-rows.ts) writes it; dataset-load.ts turns
 * it into the DatasetLoad the caller gets.
 */
import { UNIT_KEYED, type DatasetId } from "./contract.js";
import type { TextEncoding } from "./encoding.js";
import type { ResolvedColumn } from "./headers.js";
import { cellText, cleanText, detach, type SourceCell } from "./normalize.js";
import type {
  CellValue,
  ColumnMapping,
  DataSource,
  KnownIds,
  LoadOptions,
  DatasetLoad,
  FileFormat,
  NotRead,
  RejectedRow,
  Row,
  SkippedLine,
} from "./types.js";
import { GapBook } from "./gaps.js";
import type { UniqueValues } from "./unique.js";
import type { RecordTable } from "./record-table.js";
import type { CsvRange } from "./byte-range.js";
import type { DataProblemCode, RowProblem } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

export interface ParsedRow {
  line: number;
  /** the file and sheet (DatasetReading.tallies index) it is from */
  src: number;
  /** values of the cells that were read without error */
  values: Record<string, CellValue>;
  /** the row's cells as found, by source column position (for messages and late parsing) */
  cells: readonly SourceCell[];
  /** rejected (for a cell or a check) */
  bad: boolean;
}

/** Rejected rows listed per file: beyond this, rejections are only counted (rejectedTotal). */
export const MAX_REJECTED_LISTED = 10_000;

/** What to read: a dataset's files (a name, or the sources discover.ts found) in a data folder,
 * with the column mapping and what the rubric says of the data. */
export interface DatasetRequest {
  dir: string;
  dataset: DatasetId;
  sources: string | readonly DataSource[];
  mapping: ColumnMapping;
  options: LoadOptions;
}

/** How one file is read: rows kept as records, or handed to a sink as they are accepted. */
export interface ReadMode {
  keep: boolean;
  sink?: (row: Row) => void;
  known: KnownIds;
  /** called as the file is read: source bytes so far, rows so far */
  progress?: (bytes: number, rows: number) => void;
  /** read only this part of a CSV file (the stream stage, src/stream/, reads large files in parts, in parallel) */
  range?: CsvRange;
  /** read an xlsx file with exceljs (the streaming reader refused it) */
  exceljs?: boolean;
  /** a table of records to empty and use again for a dataset with no unique id (its memory kept
   * from the part read before: see record-table.ts) */
  records?: RecordTable;
}

export interface Pending extends RejectedRow {
  /** source column position, for sorting; -1 when the whole row is at fault */
  order: number;
  /** the file and sheet (DatasetReading.tallies index) */
  src: number;
}

/** One file (one sheet of a workbook) as it is read: a line of the manifest. */
export interface SourceTally {
  source: DataSource;
  sheet: string | null;
  format: FileFormat;
  encoding: TextEncoding | null;
  error: string | null;
  /** with `error`: its code */
  errorCode?: DataProblemCode;
  headers: DatasetLoad["headers"];
  sentToSink: number;
  rejectedRows: number;
  rejectTotal: number;
  outside: number;
  /** records equal to one of an earlier file or sheet of the dataset, by that one's index in the tallies (made at the first) */
  repeatsOf?: Map<number, number>;
  /** training rows in the period of a kind the rubric does not count, by kind (made at the first) */
  uncounted?: Map<string, number>;
  /** non-blank rows seen (0: an empty sheet) */
  seen: number;
  /** lines skipped on purpose in this file or sheet (see DatasetReading) */
  skipped: SkippedLine[];
  skippedTotal: number;
  unread?: { line: number; reason: string };
  warnings: string[];
}

export interface DatasetReading {
  dataset: DatasetId;
  file: string | null;
  format: FileFormat | null;
  encoding: TextEncoding | null;
  error: string | null;
  /** with `error`: its code */
  errorCode?: DataProblemCode;
  headers: DatasetLoad["headers"];
  columns: ResolvedColumn[];
  byKey: Map<string, ResolvedColumn>;
  date1904: boolean;
  /** accepted rows, when kept */
  parsed: ParsedRow[];
  rejects: Pending[];
  /** rejections in all (listed or not) */
  rejectTotal: number;
  /** distinct rejected lines */
  rejectedRows: number;
  /** rows accepted and handed to the sink (when not kept) */
  sentToSink: number;
  /** per unique column: value → first line */
  seen: Map<string, UniqueValues>;
  /** the byte size of the CSV file or part being read (0: not known), to size `seen`'s tables */
  sizeHint: number;
  /** rows not kept: one row and one values object reused for every row (the sink reads them at once) */
  scratch: { parsed: ParsedRow; row: Row } | null;
  /** reading a part of a file (ReadMode.range) found what only a whole-file read can report
   * (a CSV syntax error, bytes not in the encoding expected): the part's result is not used */
  partProblem: string | null;
  /** the streaming xlsx reader refused the file after rows went to the sink: read it again with exceljs */
  retryExceljs: boolean;
  /** rejected rows by unit (see gaps.ts) */
  gaps: GapBook;
  /** ids of earlier datasets (to tell a rejected row's unit) */
  known: KnownIds | null;
  /** the file was not read to the end (or a stretch of it was swallowed by a stray quote) */
  unread: { line: number; reason: string } | null;
  skipped: SkippedLine[];
  skippedTotal: number;
  warnings: string[];
  /** lines that are not in the file's encoding (a GBK line in a UTF-8 file): rejected, each named */
  badLines: ReadonlySet<number> | null;
  /** officers: rejected rows' officer id → unit id */
  rejectedIds: Map<string, string>;
  /** set while repeated milestone / indicator reports are set aside (their rows are no gap) */
  settling: boolean;
  /** … before any row went to a sink: read the dataset again with exceljs here */
  restart?: boolean;
  /** a tally of every file and sheet read, in order; `current` the one being read */
  tallies: SourceTally[];
  current: number;
  /** sheets not read */
  notRead: NotRead[];
  /** for a dataset whose records have no unique id (belongs.ts REPEATABLE): the records read so
   * far, in any file, sheet or line of the dataset (a record equal in every column to one of them
   * is counted once) */
  records?: RecordTable;
  /** files of units' folders that could not be read, the dataset otherwise used (see settle) */
  unusable: { unit: string; file: string; reason: string }[];
}

export function startReading(dataset: DatasetId, file: string | null, format: DatasetReading["format"]): DatasetReading {
  return {
    dataset,
    file,
    format,
    encoding: null,
    error: null,
    headers: [],
    columns: [],
    byKey: new Map(),
    date1904: false,
    parsed: [],
    rejects: [],
    rejectTotal: 0,
    rejectedRows: 0,
    sentToSink: 0,
    seen: new Map(),
    sizeHint: 0,
    scratch: null,
    partProblem: null,
    retryExceljs: false,
    gaps: new GapBook(),
    known: null,
    unread: null,
    skipped: [],
    skippedTotal: 0,
    warnings: [],
    badLines: null,
    rejectedIds: new Map(),
    settling: false,
    tallies: [],
    current: -1,
    notRead: [],
    unusable: [],
  };
}

/** Lines skipped on purpose listed per file (the count is exact). */
export const MAX_SKIPPED_LISTED = 100;

export function skip(w: DatasetReading, line: number, reason: string): void {
  w.skippedTotal++;
  if (w.skipped.length < MAX_SKIPPED_LISTED) w.skipped.push({ line, reason: detach(reason) });
  const e = w.tallies[w.current];
  if (e) {
    e.skippedTotal++;
    if (e.skipped.length < MAX_SKIPPED_LISTED) e.skipped.push({ line, reason: detach(reason) });
  }
}

/** A file not read to the end (from `line`): in a unit's folder only that unit's data are
 * incomplete (its gap is the rejected line); elsewhere every unit's are. */
export function markUnread(w: DatasetReading, line: number, reason: string): void {
  const e = w.tallies[w.current];
  if (e) e.unread ??= { line, reason };
  if (!e || e.source.unit === null) w.unread ??= { line, reason };
}

/**
 * The units a rejected row is a gap of: the row's own unit (see gapUnit) and, for a file in a
 * unit's folder, that unit (all its rows must be its own: a row it cannot use is its gap, and a
 * row of another unit there is a gap of both). A row whose unit cannot be told, outside a unit
 * folder: null (every unit's gap).
 */
function gapUnits(w: DatasetReading, row: ParsedRow | null, e: SourceTally | undefined): (string | null)[] {
  const own = gapUnit(w, row);
  const folder = e?.source.unit ?? null;
  if (folder === null) return [own];
  return own === null || own === folder ? [folder] : [folder, own];
}

/** The unit whose data a rejected row would have been, or null when it cannot be told. */
export function gapUnit(w: DatasetReading, row: ParsedRow | null): string | null {
  if (!row) return null;
  const text = (key: string): string | null => {
    const col = w.byKey.get(key);
    if (!col) return null;
    const t = cellText(row.cells[col.index] ?? null);
    const s = t === null ? "" : cleanText(t);
    return s === "" || s.includes("\ufffd") ? null : s;
  };
  if (w.dataset === "training") {
    const id = text("officer_id");
    return id === null ? null : (w.known?.officers?.unitOf?.get(id) ?? null);
  }
  if (w.dataset === "units") return text("unit_id");
  if (!UNIT_KEYED.includes(w.dataset)) return null;
  const unit = text("unit_id");
  if (unit === null) return null;
  const units = w.known?.units;
  return units && !units.ids.has(unit) && !units.rejected?.has(unit) ? null : unit;
}

export function startSource(w: DatasetReading, source: DataSource, sheet: string | null, format: FileFormat): SourceTally {
  const e: SourceTally = {
    source,
    sheet,
    format,
    encoding: null,
    error: null,
    headers: [],
    sentToSink: 0,
    rejectedRows: 0,
    rejectTotal: 0,
    outside: 0,
    seen: 0,
    skipped: [],
    skippedTotal: 0,
    warnings: [],
  };
  w.current = w.tallies.push(e) - 1;
  return e;
}

/** Where a rejection is: the row (null: the whole line is at fault, one rejection per such line),
 * its line, the column at fault (null: the whole row) and the value as found. */
export interface RejectedAt {
  row: ParsedRow | null;
  line: number;
  column: ResolvedColumn | null;
  value: string | null;
}

/** Reject a line, or a cell of a row, for a problem: its code is kept, its sentence (`reason`,
 * when the producer already made it) is the row's reason. */
export function reject(w: DatasetReading, at: RejectedAt, problem: RowProblem, reason?: string): void {
  const { row, line, column: col, value } = at;
  const code = problem.code;
  const shown = value === null || cleanText(value) === "" ? null : value;
  const src = row ? row.src : w.current;
  const e = w.tallies[src];
  w.rejectTotal++;
  if (e) e.rejectTotal++;
  if (w.rejects.length < MAX_REJECTED_LISTED) {
    // a value as long as a whole file is shown cut: the reason already says what is wrong
    const cut = shown !== null && shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
    w.rejects.push({
      line,
      column: col ? col.source : null,
      value: cut === null ? null : detach(cut),
      reason: detach(reason ?? problemMessage(problem)),
      code,
      order: col ? col.index : -1,
      src,
    });
  }
  if (!row || !row.bad) {
    if (row) row.bad = true;
    w.rejectedRows++;
    if (e) e.rejectedRows++;
    // a repeated report set aside for the one the rule keeps is no gap: nothing went unread
    if (!w.settling) for (const unit of gapUnits(w, row, e)) w.gaps.add(unit, line, row ? row.src : w.current);
    const unit = row ? gapUnit(w, row) : null;
    if (row && unit !== null && w.dataset === "officers" && w.rejectedIds.size < 100_000) {
      const col = w.byKey.get("officer_id");
      const id = col ? cleanText(cellText(row.cells[col.index] ?? null) ?? "") : "";
      if (id !== "" && !w.rejectedIds.has(id)) w.rejectedIds.set(id, unit);
    }
  }
}

/** Reject a row for a check on one of its columns (value as found in the file). */
export function rejectCell(w: DatasetReading, row: ParsedRow, key: string, problem: RowProblem, reason?: string): void {
  const col = w.byKey.get(key) ?? null;
  // only typed columns' cells are shown (as before: an extra column's cell is not)
  reject(w, { row, line: row.line, column: col, value: col?.spec ? cellText(row.cells[col.index] ?? null) : null }, problem, reason);
}

export const accepted = (w: DatasetReading): ParsedRow[] => w.parsed.filter((r) => !r.bad);
