/**
 * The data loading stage: a data folder → every dataset's accepted records and rejected rows.
 *
 * 1. find one file per dataset (units.csv / units.xlsx …) and the optional column mapping;
 * 2. read each file (encoding, CSV or XLSX, header, cell values → rows or rejections);
 * 3. check across files (unique ids, units and officers referenced, tasks and indicators the
 *    rubric defines, per-dataset row rules), after every file has been read.
 * Only a missing or unreadable folder (or mapping file) throws; bad data is reported.
 */
import { readFile, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { isUtf8 } from "node:buffer";
import { join } from "node:path";
import { readRegularFile, readErrorReason, MB } from "../util/read-regular.js";
import { CONTRACT, DATASET_IDS, UNIT_KEYED, type ColumnSpec, type DatasetId } from "./contract.js";
import { readCsvBatches } from "./csv.js";
import { formatDay } from "./dates.js";
import { DECODE_SLICE, decodeText, detectFileEncoding, utf8Boundary, utf8Chunks, type TextEncoding } from "./encoding.js";
import { datasetColumns, headerMatchKey, headerNamer, namedColumns, resolveHeaders, type ResolvedColumn } from "./headers.js";
import { cellText, cleanText, detach, isBlankCell, normalizeCell, normalizeDocNo, plainCellValue, type SourceCell } from "./normalize.js";
import type { CellValue, ColumnMapping, DataSource, DatasetLoad, FileFormat, LoadedData, LoadOptions, NotRead, RejectedRow, Row, SkippedLine, SourceLoad } from "./types.js";
import { GapBook } from "./gaps.js";
import { aboveHeaderReason, chooseHeader, HEADER_SEARCH_ROWS, noRecordReason } from "./layout.js";
import { MAX_XLSX_UNCOMPRESSED, readXlsxFile } from "./xlsx.js";
import { openWorkbookStream, streamingXlsx, XlsxRefused, XlsxTooLarge } from "./xlsx-stream.js";
import { readXlsFile } from "./xls.js";
import { MAPPING_FILE, planSources, unitLookup, walkFolder, whyNotFound, type Plan } from "./discover.js";
import { formatOf, notThisDataset, sheetsToRead, sourceLabel } from "./sheets.js";
import { recordKey, REPEATABLE, repeatedReason, SRC_SHIFT, unitFolderProblem } from "./belongs.js";

export { formatOf };
import { UniqueValues } from "./unique.js";

/** A data folder (or column mapping file) that cannot be used at all. */
export class DataError extends Error {
  file?: string;
  constructor(message: string, file?: string) {
    super(message);
    this.name = "DataError";
    if (file !== undefined) this.file = file;
  }
}

export { MAPPING_FILE };

/** id-list columns whose items are 文号, compared after the same folding as documents.doc_no. */
const DOC_NO_LISTS: Partial<Record<DatasetId, readonly string[]>> = { cases: ["legal_basis"] };

// ---------------------------------------------------------------- working state of one dataset

interface ParsedRow {
  line: number;
  /** the file and sheet (Work.entries index) it is from */
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

/** What the datasets read before tell the checks of a later one, while it streams. */
export interface KnownIds {
  /** unit ids accepted in units, and where they come from (for messages) */
  units?: { ids: ReadonlySet<string>; where: string; /** ids of rows rejected from units (their other rows are theirs, not every unit's) */ rejected?: ReadonlySet<string> };
  /** officer ids accepted in officers (checked for training) */
  officers?: { ids: ReadonlySet<string>; where: string; /** officer id → unit id (to attribute a rejected training row) */ unitOf?: ReadonlyMap<string, string> };
}

/** How one file is read: rows kept as records, or handed to a sink as they are accepted. */
export interface ReadMode {
  keep: boolean;
  sink?: (row: Row) => void;
  known: KnownIds;
  /** called as the file is read: source bytes so far, rows so far */
  progress?: (bytes: number, rows: number) => void;
  /** read only this part of a CSV file (see streamed.ts: large files are read in parts, in parallel) */
  range?: CsvRange;
  /** read an xlsx file with exceljs (the streaming reader refused it) */
  exceljs?: boolean;
}

/** A part of a CSV file: bytes [start, end), starting at a line start, in the encoding the
 * file's head shows; a part after the first is read with the file's header line put before it. */
export interface CsvRange {
  start: number;
  end: number;
  encoding: TextEncoding;
  /** the header line (UTF-8, with its line end), for a part that does not start the file */
  header: Buffer | null;
}

interface Pending extends RejectedRow {
  /** source column position, for sorting; -1 when the whole row is at fault */
  order: number;
  /** the file and sheet (Work.entries index) */
  src: number;
}

/** One file (one sheet of a workbook) as it is read: a line of the manifest. */
interface Entry {
  source: DataSource;
  sheet: string | null;
  format: FileFormat;
  encoding: TextEncoding | null;
  error: string | null;
  headers: DatasetLoad["headers"];
  sunk: number;
  rejectedRows: number;
  rejectTotal: number;
  outside: number;
  /** non-blank rows seen (0: an empty sheet) */
  seen: number;
  /** lines skipped on purpose in this file or sheet (see Work) */
  skipped: SkippedLine[];
  skippedTotal: number;
  unread?: { line: number; reason: string };
  warnings: string[];
}

interface Work {
  dataset: DatasetId;
  file: string | null;
  format: FileFormat | null;
  encoding: TextEncoding | null;
  error: string | null;
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
  sunk: number;
  /** per unique column: value → first line */
  seen: Map<string, UniqueValues>;
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
  /** every file and sheet read, in order; `cur` the one being read */
  entries: Entry[];
  cur: number;
  /** sheets not read */
  notRead: NotRead[];
  /** with several files: each record's values → where first seen (for records with no unique id) */
  records?: UniqueValues;
  /** files of units' folders that could not be read, the dataset otherwise used (see settle) */
  unusable: { unit: string; file: string; reason: string }[];
}

export function newWork(dataset: DatasetId, file: string | null, format: Work["format"]): Work {
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
    sunk: 0,
    seen: new Map(),
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
    entries: [],
    cur: -1,
    notRead: [],
    unusable: [],
  };
}

/** Lines skipped on purpose listed per file (the count is exact). */
const MAX_SKIPPED_LISTED = 100;

function skip(w: Work, line: number, reason: string): void {
  w.skippedTotal++;
  if (w.skipped.length < MAX_SKIPPED_LISTED) w.skipped.push({ line, reason: detach(reason) });
  const e = w.entries[w.cur];
  if (e) {
    e.skippedTotal++;
    if (e.skipped.length < MAX_SKIPPED_LISTED) e.skipped.push({ line, reason: detach(reason) });
  }
}

/** A file not read to the end (from `line`): in a unit's folder only that unit's data are
 * incomplete (its gap is the rejected line); elsewhere every unit's are. */
function markUnread(w: Work, line: number, reason: string): void {
  const e = w.entries[w.cur];
  if (e) e.unread ??= { line, reason };
  if (!e || e.source.unit === null) w.unread ??= { line, reason };
}

/**
 * The units a rejected row is a gap of: the row's own unit (see gapUnit) and, for a file in a
 * unit's folder, that unit (all its rows must be its own: a row it cannot use is its gap, and a
 * row of another unit there is a gap of both). A row whose unit cannot be told, outside a unit
 * folder: null (every unit's gap).
 */
function gapUnits(w: Work, row: ParsedRow | null, e: Entry | undefined): (string | null)[] {
  const own = gapUnit(w, row);
  const folder = e?.source.unit ?? null;
  if (folder === null) return [own];
  return own === null || own === folder ? [folder] : [folder, own];
}

/** The unit whose data a rejected row would have been, or null when it cannot be told. */
function gapUnit(w: Work, row: ParsedRow | null): string | null {
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

function addEntry(w: Work, source: DataSource, sheet: string | null, format: FileFormat): Entry {
  const e: Entry = { source, sheet, format, encoding: null, error: null, headers: [], sunk: 0, rejectedRows: 0, rejectTotal: 0, outside: 0, seen: 0, skipped: [], skippedTotal: 0, warnings: [] };
  w.cur = w.entries.push(e) - 1;
  return e;
}

/** Reject a line (a whole-row problem when `row` is null: one rejection per such line). */
function reject(w: Work, row: ParsedRow | null, line: number, col: ResolvedColumn | null, value: string | null, reason: string): void {
  const shown = value === null || cleanText(value) === "" ? null : value;
  const src = row ? row.src : w.cur;
  const e = w.entries[src];
  w.rejectTotal++;
  if (e) e.rejectTotal++;
  if (w.rejects.length < MAX_REJECTED_LISTED) {
    // a value as long as a whole file is shown cut: the reason already says what is wrong
    const cut = shown !== null && shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
    w.rejects.push({ line, column: col ? col.source : null, value: cut === null ? null : detach(cut), reason: detach(reason), order: col ? col.index : -1, src });
  }
  if (!row || !row.bad) {
    if (row) row.bad = true;
    w.rejectedRows++;
    if (e) e.rejectedRows++;
    // a repeated report set aside for the one the rule keeps is no gap: nothing went unread
    if (!w.settling) for (const unit of gapUnits(w, row, e)) w.gaps.add(unit, line, row ? row.src : w.cur);
    const unit = row ? gapUnit(w, row) : null;
    if (row && unit !== null && w.dataset === "officers" && w.rejectedIds.size < 100_000) {
      const col = w.byKey.get("officer_id");
      const id = col ? cleanText(cellText(row.cells[col.index] ?? null) ?? "") : "";
      if (id !== "" && !w.rejectedIds.has(id)) w.rejectedIds.set(id, unit);
    }
  }
}

/** Reject a row for a check on one of its columns (value as found in the file). */
function rejectCell(w: Work, row: ParsedRow, key: string, reason: string): void {
  const col = w.byKey.get(key) ?? null;
  // only typed columns' cells are shown (as before: an extra column's cell is not)
  reject(w, row, row.line, col, col?.spec ? cellText(row.cells[col.index] ?? null) : null, reason);
}

const accepted = (w: Work): ParsedRow[] => w.parsed.filter((r) => !r.bad);

// ---------------------------------------------------------------- column mapping

/** Read a column mapping JSON file: `{"cases": {"处罚决定日期": "decided"}}` (target: column key or Chinese name). Throws DataError. */
export async function readColumnMapping(file: string): Promise<ColumnMapping> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, 5 * MB, "列映射文件");
  } catch (err) {
    throw new DataError(`无法读取列映射文件 ${file}（${readErrorReason(err)}）`, file);
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new DataError(`列映射文件 ${file} ${decoded.reason}`, file);
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = "";
    if (pos) {
      const before = decoded.text.slice(0, Number(pos[1]));
      const line = before.split("\n").length;
      where = `（第 ${line} 行第 ${before.length - before.lastIndexOf("\n")} 个字符附近）`;
    }
    throw new DataError(`列映射文件 ${file} 不是有效的 JSON${where}：${message}`, file);
  }
  return checkMapping(json, file);
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function checkMapping(json: unknown, file: string): ColumnMapping {
  const example = `应为 {"数据集": {"文件中的表头": "列名或英文别名"}}，例如 {"cases": {"处罚决定日期": "decided"}}`;
  if (!isPlainObject(json)) throw new DataError(`列映射文件 ${file} 格式不对：${example}`, file);
  const problems: string[] = [];
  const mapping: ColumnMapping = {};
  for (const [dataset, entries] of Object.entries(json)) {
    if (!(DATASET_IDS as readonly string[]).includes(dataset)) {
      problems.push(`没有数据集「${dataset}」（可用：${DATASET_IDS.join("、")}）`);
      continue;
    }
    if (!isPlainObject(entries)) {
      problems.push(`「${dataset}」的值应为 {"表头": "列名"} 对象`);
      continue;
    }
    const out: Record<string, string> = {};
    for (const [from, to] of Object.entries(entries)) {
      if (typeof to !== "string" || cleanText(to) === "") problems.push(`「${dataset}」中「${from}」的目标列应为非空文字`);
      else out[from] = cleanText(to);
    }
    mapping[dataset as DatasetId] = out;
  }
  if (problems.length > 0) throw new DataError(`列映射文件 ${file} 格式不对：${problems.join("；")}。${example}`, file);
  return mapping;
}

/** `over` wins per source header (compared folded). */
export function mergeMapping(base: ColumnMapping, over: ColumnMapping = {}): ColumnMapping {
  const out: ColumnMapping = {};
  for (const id of DATASET_IDS) {
    const a = base[id];
    const b = over[id];
    if (!a && !b) continue;
    const overridden = new Set(Object.keys(b ?? {}).map(headerMatchKey));
    const merged: Record<string, string> = {};
    for (const [from, to] of Object.entries(a ?? {})) if (!overridden.has(headerMatchKey(from))) merged[from] = to;
    Object.assign(merged, b ?? {});
    out[id] = merged;
  }
  return out;
}

// ---------------------------------------------------------------- reading one file

interface SourceRow {
  line: number;
  cells: SourceCell[];
}
type SourceItem =
  | ({ type: "row" } & SourceRow)
  | { type: "record"; line: number; fields: string[]; span?: number }
  | { type: "error"; line: number; value: string | null; reason: string };

/** CSV records, a batch per chunk read (a promise per batch, not per row; the CSV reader's items as they are). */
function csvRows(chunks: AsyncIterable<Buffer>, firstLine = 1): AsyncGenerator<SourceItem[]> {
  return readCsvBatches(chunks, firstLine);
}

async function* listRows(rows: SourceRow[]): AsyncGenerator<SourceItem[]> {
  for (let i = 0; i < rows.length; i += 4096) yield rows.slice(i, i + 4096).map((r) => ({ type: "row", ...r }) as SourceItem);
}

async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  yield* rest;
}

/** The line (1-based) that byte offset `offset` of a file is on: line ends before it are counted
 * (\n, \r\n and \r, as the CSV reader counts them). */
export async function lineAtOffset(path: string, offset: number): Promise<number> {
  let line = 1;
  let prevCr = false;
  if (offset <= 0) return line;
  const stream = createReadStream(path, { start: 0, end: offset - 1, highWaterMark: 1 << 20 });
  for await (const c of stream as AsyncIterable<Buffer>) {
    if (c.indexOf(0x0d) === -1) {
      for (let i = c.indexOf(0x0a); i !== -1; i = c.indexOf(0x0a, i + 1)) line++;
      // a CR ending the previous chunk was counted there; its LF here is not a second line end
      if (prevCr && c[0] === 0x0a) line--;
      prevCr = false;
      continue;
    }
    for (let i = 0; i < c.length; i++) {
      const b = c[i];
      if (b === 0x0a) {
        if (!prevCr) line++;
      } else if (b === 0x0d) line++;
      prevCr = b === 0x0d;
    }
  }
  return line;
}

/**
 * The bytes [start, end) of a file as UTF-8 chunks, checked to be in `range.encoding` as they
 * are read (a BOM at offset 0 skipped, GB18030 transcoded). Bytes that are not stop the part
 * (`problem`): the whole file is then read in one piece, where the encoding is decided.
 */
async function* rangeChunks(path: string, range: CsvRange, onBytes: (n: number) => void, problem: (why: string) => void): AsyncGenerator<Buffer> {
  if (range.end <= range.start) return;
  const stream = createReadStream(path, { start: range.start, end: range.end - 1, highWaterMark: 256 * 1024 });
  try {
    if (range.encoding === "gb18030") {
      const decoder = new TextDecoder("gb18030", { fatal: true });
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          onBytes(chunk.length);
          for (let o = 0; o < chunk.length; o += DECODE_SLICE) {
            const text = decoder.decode(chunk.subarray(o, o + DECODE_SLICE), { stream: true });
            if (text) yield Buffer.from(text, "utf8");
          }
        }
        const last = decoder.decode();
        if (last) yield Buffer.from(last, "utf8");
      } catch {
        problem("不是 GB18030 文本");
      }
      return;
    }
    let carry: Buffer | null = null;
    let first = range.start === 0 && range.encoding === "utf-8-bom";
    for await (let chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      if (first) {
        first = false;
        chunk = chunk.subarray(3);
      }
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      // hold back a UTF-8 sequence cut by the chunk's end
      const cut = utf8Boundary(buf);
      const whole = buf.subarray(0, cut);
      if (!isUtf8(whole)) {
        problem("不是 UTF-8 文本");
        return;
      }
      carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
      if (carry && carry.length > 4) {
        problem("不是 UTF-8 文本");
        return;
      }
      if (whole.length > 0) yield whole;
    }
    if (carry) problem("不是 UTF-8 文本");
  } finally {
    stream.destroy();
  }
}

/** Column letters of a 0-based column index: 0 → A, 26 → AA. */
function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Read a dataset's files (every matching sheet of a workbook), checking every row as it comes
 * (against `mode.known` for ids of earlier datasets). Several files are one dataset: ids are
 * unique across them, and each file and sheet is counted on its own (`finish` → sources).
 */
export async function readDataset(
  dir: string,
  dataset: DatasetId,
  sources: string | readonly DataSource[],
  mapping: ColumnMapping,
  options: LoadOptions,
  mode: ReadMode,
): Promise<Work> {
  const list: readonly DataSource[] = typeof sources === "string" ? [{ file: sources, unit: null }] : sources;
  const first = list[0]!;
  const w = newWork(dataset, first.file, formatOf(first.file));
  w.known = mode.known;
  if (list.length > 1 && REPEATABLE.includes(dataset)) w.records = new UniqueValues(99);
  for (const source of list) {
    await readSource(w, dir, source, mapping, options, mode);
    if (w.retryExceljs) return w;
    if (w.restart) return readDataset(dir, dataset, list, mapping, options, { ...mode, exceljs: true });
  }
  if (w.entries.length > 0) w.encoding = w.entries[0]!.encoding;
  w.settling = true;
  if (dataset === "milestones") dedupeMilestones(w, options.recurringTaskIds);
  if (dataset === "indicators") dedupeIndicators(w);
  w.settling = false;
  settle(w);
  return w;
}

/** The dataset's error (every file's that failed) and its header (a column only when every file has it). */
function settle(w: Work): void {
  const failed = w.entries.filter((e) => e.error !== null);
  // A file of a unit's folder that cannot be read (and gave no row to a sink) is a gap in that
  // unit's data only: the other units' files of the dataset stay usable. Anything else that
  // fails makes the whole dataset unusable.
  const ownOnly = failed.length > 0 && failed.length < w.entries.length && failed.every((e) => e.source.unit !== null && e.sunk === 0);
  if (ownOnly) {
    const bad = new Set(failed.map((e) => w.entries.indexOf(e)));
    for (const r of w.parsed) if (bad.has(r.src)) r.bad = true;
    w.rejects = w.rejects.filter((p) => !bad.has(p.src));
    w.unusable = failed
      .map((e) => ({ unit: e.source.unit!, file: sourceLabel(e.source.file, e.sheet), reason: e.error! }))
      .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  } else if (failed.length > 0) {
    w.error = failed.map((e) => e.error).join("；");
    if (w.entries.length > failed.length) {
      for (const e of w.entries) if (e.error === null) e.error = `未使用：同一数据集的 ${failed.map((f) => sourceLabel(f.source.file, f.sheet)).join("、")} 无法读取`;
    }
  }
  const read = w.entries.filter((e) => e.error === null);
  const base = read[0] ?? failed[0];
  if (!base) return;
  const everywhere = (key: string | null) => key !== null && read.every((e) => e.headers.some((h) => h.key === key));
  w.headers = read.length > 1 ? base.headers.map((h) => ({ source: h.source, key: everywhere(h.key) ? h.key : null })) : base.headers;
}

/** Read one file of a dataset: a CSV file, or every sheet of a workbook that holds the dataset. */
async function readSource(w: Work, dir: string, source: DataSource, mapping: ColumnMapping, options: LoadOptions, mode: ReadMode): Promise<void> {
  const file = source.file;
  const format = formatOf(file);
  const path = join(dir, file);
  w.badLines = null;
  let bytesRead = 0;
  const onBytes = (n: number) => (bytesRead += n);
  const fileFail = (reason: string) => {
    const e = addEntry(w, source, null, format);
    e.error = `${file}：${reason}`;
  };
  const unreadable = (err: unknown) => fileFail(`无法读取文件（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`);

  if (format === "csv") {
    const e = addEntry(w, source, null, "csv");
    const fail = (reason: string) => {
      e.error = `${file}：${reason}`;
      return w;
    };
    let items: AsyncGenerator<SourceItem[]>;
    if (mode.range) {
      const range = mode.range;
      e.encoding = range.encoding;
      const firstLine = range.header ? (await lineAtOffset(path, range.start)) - 1 : 1;
      const problem = (why: string) => void (w.partProblem ??= why);
      const chunks = rangeChunks(path, range, onBytes, problem);
      // (a Buffer crosses to a worker as a plain Uint8Array)
      items = csvRows(range.header ? prepend(Buffer.from(range.header), chunks) : chunks, firstLine);
    } else {
      let detected;
      try {
        detected = await detectFileEncoding(path);
      } catch (err) {
        fail(`无法读取文件（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`);
        return;
      }
      if (!detected.ok) {
        fail(detected.reason);
        return;
      }
      e.encoding = detected.encoding;
      if (detected.badLines) w.badLines = new Set(detected.badLines);
      items = csvRows(utf8Chunks(path, detected.encoding, onBytes));
    }
    await readRows(w, items, w.dataset, mapping, options, mode, () => bytesRead, fail);
    e.headers = w.headers;
    return;
  }

  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    unreadable(err);
    return;
  }
  let sheets: SheetSource[];
  let date1904 = false;
  // an .xls or .et that is really an xlsx (some systems and WPS save them so) is read as one
  const kind: FileFormat = format === "xls" && (await startsWithZip(path)) ? "xlsx" : format;
  if (kind === "xls") {
    const book = await readXlsFile(path, size);
    if (!book.ok) return fileFail(book.reason);
    date1904 = book.date1904;
    bytesRead = size;
    sheets = book.sheets.map((sh) => ({ name: sh.name, hidden: sh.hidden, items: () => listRows(sh.rows) }));
  } else {
    const opened = !mode.exceljs && streamingXlsx() && size <= MAX_XLSX_UNCOMPRESSED / 4 ? await openWorkbookStream(path, size) : null;
    if (opened?.kind === "error") return fileFail(opened.reason);
    if (opened?.kind === "stream") {
      date1904 = opened.date1904;
      sheets = opened.sheets.map((sh) => ({ name: sh.name, hidden: sh.hidden, items: () => sheetItems(sh.rows(onBytes)) }));
    } else {
      const book = await readXlsxFile(path, size);
      if (!book.ok) return fileFail(book.reason);
      date1904 = book.date1904;
      bytesRead = size;
      sheets = book.sheets.map((sh) => ({ name: sh.name, hidden: sh.hidden, items: () => listRows(sh.rows) }));
    }
  }
  try {
    await readSheets(w, source, kind, sheets, date1904, mapping, options, mode, () => bytesRead);
  } catch (err) {
    if (err instanceof XlsxTooLarge) {
      const e = w.entries[w.cur]!;
      e.error = `${sourceLabel(file, e.sheet)}：xlsx 文件解压后过大（${err.message}），疑似压缩炸弹，拒绝读取；请另存为 CSV`;
      return;
    }
    if (!(err instanceof XlsxRefused)) throw err;
    // read again with exceljs: here, or (rows already went to a sink) by the caller
    if (mode.sink) w.retryExceljs = true;
    else w.restart = true;
  }
}

async function startsWithZip(path: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const fh = await open(path, "r");
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    return b.readUInt32LE(0) === 0x04034b50;
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

interface SheetSource {
  name: string;
  hidden: boolean;
  items: () => AsyncGenerator<SourceItem[]>;
}

/**
 * The sheets of a workbook that hold the dataset: hidden sheets and instructions (填表说明) are
 * listed, not read; in a workbook of several sheets, an empty sheet or one whose header has
 * (almost) nothing of the dataset's is listed as not read; a sheet whose header has some of
 * the dataset's columns but lacks a required one is an error, as in a single-sheet file.
 */
async function readSheets(
  w: Work,
  source: DataSource,
  format: FileFormat,
  sheets: SheetSource[],
  date1904: boolean,
  mapping: ColumnMapping,
  options: LoadOptions,
  mode: ReadMode,
  bytes: () => number,
): Promise<void> {
  const file = source.file;
  const { read: candidates, notRead } = sheetsToRead(file, sheets);
  w.notRead.push(...notRead);
  if (candidates.length === 0) {
    const e = addEntry(w, source, null, format);
    e.error = `${file}：工作簿中没有可读取的工作表（${sheets.map((s) => s.name).join("、")}：${sheets.length > 0 && sheets.every((s) => s.hidden) ? "均为隐藏的工作表" : "均为隐藏的工作表或填表说明"}）`;
    return;
  }
  const skipped: string[] = [];
  const errorsBefore = w.notRead.length;
  for (const sh of candidates) {
    const e = addEntry(w, source, sh.name, format);
    const at = w.cur;
    const fail = (reason: string) => {
      e.error = `${sourceLabel(file, sh.name)}：${reason}`;
      return w;
    };
    w.date1904 = date1904;
    e.encoding = null;
    await readRows(w, countSeen(sh.items(), e), w.dataset, mapping, options, mode, bytes, fail);
    e.headers = w.headers;
    if (e.error === null || candidates.length === 1) continue;
    const reason = notThisDataset(e.headers, e.seen, CONTRACT[w.dataset].title);
    if (reason === null) continue;
    // no header of this dataset: not a sheet of it (nothing of it was read)
    w.entries.splice(at, 1);
    w.cur = w.entries.length - 1;
    w.notRead.push({ file, sheet: sh.name, reason });
    skipped.push(`${sh.name}（${reason}）`);
  }
  if (!w.entries.some((e) => e.source === source)) {
    w.notRead.splice(errorsBefore);
    const e = addEntry(w, source, null, format);
    e.error = `${file}：工作簿中没有表头与数据集「${CONTRACT[w.dataset].title}」相符的工作表：${skipped.join("；")}`;
  }
}

/** The items of a sheet, counting its non-blank rows into the entry (an empty sheet has none). */
async function* countSeen(items: AsyncGenerator<SourceItem[]>, e: Entry): AsyncGenerator<SourceItem[]> {
  for await (const batch of items) {
    for (const it of batch) if (it.type !== "row" || !it.cells.every(isBlankCell)) e.seen++;
    yield batch;
  }
}

async function* sheetItems(rows: AsyncGenerator<SourceRow[]>): AsyncGenerator<SourceItem[]> {
  for await (const batch of rows) yield batch.map((r) => ({ type: "row", line: r.line, cells: r.cells }) as SourceItem);
}

async function readRows(
  w: Work,
  source: AsyncGenerator<SourceItem[]>,
  dataset: DatasetId,
  mapping: ColumnMapping,
  options: LoadOptions,
  mode: ReadMode,
  bytes: () => number,
  fail: (reason: string) => Work,
): Promise<Work> {
  let rowsRead = 0;
  let lastReport = 0;

  const extra = options.extraColumns?.[dataset] ?? [];
  const specs = datasetColumns(dataset, extra);
  // each file and sheet has its own header
  w.headers = [];
  w.columns = [];
  w.byKey = new Map();
  let width = -1;
  // the first non-blank rows, held until the header row among them is found
  let held: { line: number; cells: readonly SourceCell[]; span?: number }[] | null = [];
  const resolve = (header: string[]) => resolveHeaders(dataset, header, { mapping: mapping[dataset], extra });
  /** Decide the header among the held rows; false when the file cannot be used (w.error set). */
  const takeHeader = (): boolean => {
    const rows = held!;
    held = null;
    const texts = rows.map((r) => {
      const h = r.cells.map((c) => cellText(c) ?? "");
      while (h.length > 0 && cleanText(h[h.length - 1]!) === "") h.pop();
      return h;
    });
    const namer = headerNamer(dataset, { mapping: mapping[dataset], extra });
    const choice = chooseHeader(texts, (h) => namedColumns(namer, h), (cell) => namer(cell) !== null);
    const at = choice?.index ?? 0;
    const header = choice?.header ?? texts[0]!;
    while (header.length > 0 && cleanText(header[header.length - 1]!) === "") header.pop();
    const resolved = resolve(header);
    w.headers = resolved.headers;
    if (resolved.error) {
      const first = texts[0]!.filter((t) => cleanText(t) !== "");
      const lead = choice === null && first.length <= 1 ? `未找到表头行（前 ${rows.length} 个非空行中没有一行含有本表的列名；第 ${rows[0]!.line} 行为「${first.join("")}」）；` : "";
      fail(lead + resolved.error);
      return false;
    }
    for (let i = 0; i < at; i++)
      skip(w, rows[i]!.line, i === at - 1 && namedColumns(namer, texts[i]!) >= 2 ? `合并表头的上一行（表头取第 ${rows[at]!.line} 行）` : aboveHeaderReason(texts[i]!));
    if (choice?.rows === 2) skip(w, rows[at + 1]!.line, `表头第 2 行（与第 ${rows[at]!.line} 行合并为表头）`);
    {
      const e = w.entries[w.cur];
      const label = e ? sourceLabel(e.source.file, e.sheet) : w.file;
      const warned = resolved.warnings.map((m) => `${label}：${m}`);
      w.warnings.push(...warned);
      e?.warnings.push(...warned);
    }
    w.columns = resolved.columns;
    for (const col of w.columns) w.byKey.set(col.key, col);
    width = header.length;
    for (const r of rows.slice(at + (choice?.rows ?? 1))) dataRow(r.line, r.cells, r.span);
    return true;
  };
  const dataRow = (line: number, cells: readonly SourceCell[], span: number | undefined) => {
    if (allBlank(cells)) return;
    if (span !== undefined && swallowed(cells, width)) {
      const last = line + span - 1;
      const why = `第 ${line} 行的一个单元格以英文引号「"」开头，引号一直到第 ${last} 行才配对，第 ${line}–${last} 行被读成了一个单元格，都未能读取；多半是第 ${line} 行多了一个引号，请删除它或把整个单元格用引号括起`;
      markUnread(w, line, why);
      reject(w, null, line, null, null, why);
      return;
    }
    if (w.badLines) {
      const bad = badLineIn(w.badLines, line, span ?? 1);
      if (bad !== null) {
        const why = `第 ${bad} 行不是 UTF-8 编码（文件其余各行是 UTF-8，这一行像是从 GBK 编码的文件粘贴来的），该行无法读取；请重新输入这一行，或把整个文件另存为「CSV UTF-8（逗号分隔）」`;
        reject(w, { line, values: {}, cells, bad: false, src: w.cur }, line, null, null, why);
        return;
      }
    }
    const note = plainRecordStart(cells) ? null : noRecordReason(cells.map((c) => cellText(c) ?? ""), width);
    if (note) {
      skip(w, line, note);
      return;
    }
    readRow(w, line, cells, width, specs, options, mode);
  };
  for await (const batch of source) for (const item of batch) {
    if (held) {
      if (item.type === "error") {
        if (held.length === 0) return fail(`表头行无法读取：${item.reason}`);
        if (!takeHeader()) return w;
      } else {
        const cells = item.type === "row" ? item.cells : item.fields;
        if (cells.every(isBlankCell)) continue;
        held.push({ line: item.line, cells: item.type === "row" ? cells : [...cells], ...(item.type === "record" && item.span ? { span: item.span } : {}) });
        if (held.length >= HEADER_SEARCH_ROWS && !takeHeader()) return w;
        continue;
      }
    }
    if (item.type === "error") {
      if (mode.range) w.partProblem ??= item.reason;
      markUnread(w, item.line, item.reason);
      reject(w, null, item.line, null, item.value, item.reason);
      continue;
    }
    const cells = item.type === "row" ? item.cells : item.fields;
    dataRow(item.line, cells, item.type === "record" ? item.span : undefined);
    if (mode.progress && (++rowsRead & 0x3fff) === 0) {
      const now = Date.now();
      if (now - lastReport > 200) {
        lastReport = now;
        mode.progress(bytes(), rowsRead);
      }
    }
  }
  if (held && held.length > 0 && !takeHeader()) return w;
  if (width < 0) return w.error ? w : fail("文件是空的，没有表头行");
  mode.progress?.(bytes(), rowsRead);
  return w;
}

/** A quoted cell that holds line breaks and, on them, what looks like further rows of the file
 * (as many delimiters as a row has): a stray `"` swallowed those lines. */
function swallowed(cells: readonly SourceCell[], width: number): boolean {
  const need = Math.max(2, width - 3);
  for (const c of cells) {
    if (typeof c !== "string" || (!c.includes("\n") && !c.includes("\r"))) continue;
    const parts = c.split(/\r\n|\n|\r/);
    if (parts.length > 200) return true;
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      const commas = p.split(",").length - 1;
      const tabs = p.split("\t").length - 1;
      if (commas >= need || tabs >= need) return true;
    }
  }
  return false;
}

/** The first line of [line, line + span) that is not in the file's encoding, or null. */
function badLineIn(bad: ReadonlySet<number>, line: number, span: number): number | null {
  for (let l = line; l < line + span; l++) if (bad.has(l)) return l;
  return null;
}

/** A row that is surely no 合计 or note row: its first cell starts with a plain ASCII character
 * (an id) and its second cell is filled (the common case, answered without the general check). */
function plainRecordStart(cells: readonly SourceCell[]): boolean {
  const a = cells[0];
  const b = cells[1];
  if (typeof a !== "string" || a.length === 0 || b === undefined || b === null) return false;
  const c = a.charCodeAt(0);
  if (c <= 0x20 || c >= 0x7f || c === 0x2a) return false;
  if (typeof b !== "string") return true;
  return b.length > 0 && b.charCodeAt(0) > 0x20;
}

/** Every cell blank (a plain non-blank first cell, the common case, answers at once). */
function allBlank(cells: readonly SourceCell[]): boolean {
  const c = cells[0];
  if (typeof c === "string" && c.length > 0 && cleanText(c) !== "") return false;
  return cells.every(isBlankCell);
}

function readRow(w: Work, line: number, cells: readonly SourceCell[], width: number, specs: readonly ColumnSpec[], options: LoadOptions, mode: ReadMode): void {
  const unit = w.entries[w.cur]!.source.unit;
  if (unit !== null && prefilledOnly(w, cells, unit)) return;
  let beyond = -1;
  for (let i = width; i < cells.length; i++) {
    if (!isBlankCell(cells[i]!)) {
      beyond = i;
      break;
    }
  }
  if (w.entries[w.cur]!.format === "csv" && (cells.length < width || beyond >= 0)) {
    const shown = cells.length > 50 ? `${cells.slice(0, 50).join(",")},…` : cells.join(",");
    reject(w, null, line, null, shown, `第 ${line} 行有 ${cells.length} 列，表头有 ${width} 列`);
    return;
  }
  if (beyond >= 0) {
    reject(w, null, line, null, cellText(cells[beyond]!), `第 ${line} 行的 ${columnLetter(beyond)} 列有内容，但该列没有表头`);
    return;
  }
  let parsed: ParsedRow;
  if (mode.keep) parsed = { line, src: w.cur, values: {}, cells, bad: false };
  else {
    // not kept: the same row and values object for every row (a value that failed is set undefined)
    if (!w.scratch) {
      const values: Record<string, CellValue> = {};
      w.scratch = { parsed: { line, src: w.cur, values, cells, bad: false }, row: { line, values } };
    }
    parsed = w.scratch.parsed;
    parsed.line = line;
    parsed.src = w.cur;
    parsed.cells = cells;
    parsed.bad = false;
  }
  const values = parsed.values;
  const columns = w.columns;
  for (let c = 0; c < columns.length; c++) {
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
    let value = plainCellValue(col.spec, cell);
    if (value === undefined) {
      const r = normalizeCell(col.spec, cell, col.source, w.date1904 ? DATE1904 : DATE1900);
      if (!r.ok) {
        values[col.key] = undefined as unknown as CellValue;
        reject(w, parsed, line, col, cellText(cell), r.reason);
        continue;
      }
      value = r.value;
    }
    if (Array.isArray(value) && DOC_NO_LISTS[w.dataset]?.includes(col.key)) value = value.map(normalizeDocNo).filter((s) => s !== "");
    values[col.key] = value;
  }
  // columns the file does not have are present as blank, so every record has every key
  for (const spec of specs) {
    if (!w.byKey.has(spec.key)) values[spec.key] = spec.kind === "idList" ? [] : null;
  }
  checkRow(w, parsed, options, mode.known);
  if (parsed.bad) return;
  if (options.period) {
    const key = PERIOD_COLUMN[w.dataset];
    const day = key ? values[key] : null;
    if (typeof day === "number" && (day < options.period.start || day > options.period.end)) w.entries[w.cur]!.outside++;
  }
  if (mode.keep) {
    // a kept row's failed cells were never set (undefined only in reused values)
    w.parsed.push(parsed);
    mode.sink?.({ line, values });
    return;
  }
  w.sunk++;
  w.entries[w.cur]!.sunk++;
  if (mode.sink) {
    const row = w.scratch!.row;
    row.line = line;
    mode.sink(row);
  }
}

/** The date that puts a row in the assessment period or outside it, per dataset (as the indicators read it). */
const PERIOD_COLUMN: Partial<Record<DatasetId, string>> = { training: "date", cases: "decided", case_reviews: "date" };

/** A row holding nothing but its unit's own id (prefilled by `fazhi template --unit`): an unused row, not a record. */
function prefilledOnly(w: Work, cells: readonly SourceCell[], unit: string): boolean {
  const col = w.byKey.get("unit_id");
  if (!col || cleanText(cellText(cells[col.index] ?? null) ?? "") !== unit) return false;
  for (let i = 0; i < cells.length; i++) if (i !== col.index && !isBlankCell(cells[i]!)) return false;
  return true;
}

const DATE1900 = { date1904: false };
const DATE1904 = { date1904: true };

// ---------------------------------------------------------------- checks of a row, as it is read

/**
 * The checks on a row beyond its cells, in this order, each only while the row is still good
 * (uniqueness is checked on every row): unique ids (the first line wins), units and officers
 * it refers to (from the datasets read before), then the dataset's own row rules.
 */
function checkRow(w: Work, row: ParsedRow, options: LoadOptions, known: KnownIds): void {
  for (const col of w.columns) {
    if (!col.spec?.unique) continue;
    const v = row.values[col.key];
    if (v === null || v === undefined) continue;
    let first = w.seen.get(col.key);
    if (!first) w.seen.set(col.key, (first = new UniqueValues(w.seen.size + 1)));
    const seen = first.firstLine(String(v), row.src * SRC_SHIFT + row.line);
    if (seen === undefined) continue;
    // the first line, in another file or sheet of the dataset named
    const src = Math.floor(seen / SRC_SHIFT);
    const other = src !== row.src ? w.entries[src] : undefined;
    const where = other ? ` ${sourceLabel(other.source.file, other.sheet)} ` : "";
    rejectCell(w, row, col.key, `${col.source} ${cleanText(cellText(row.cells[col.index] ?? null) ?? "")} 与${where}第 ${seen - src * SRC_SHIFT} 行重复`);
  }
  if (row.bad) return;
  if (known.units && UNIT_KEYED.includes(w.dataset)) checkExists(w, row, "unit_id", known.units.ids, known.units.where);
  if (row.bad) return;
  if (known.officers && w.dataset === "training") checkExists(w, row, "officer_id", known.officers.ids, known.officers.where);
  if (row.bad) return;
  checkUnitFolder(w, row, known);
  if (row.bad) return;
  if (w.records) checkRepeated(w, row);
  if (row.bad) return;
  checkRowRules(w, row, options);
}

/** A row in a unit's folder (or a file named for a unit) must be that unit's (see belongs.ts). */
function checkUnitFolder(w: Work, row: ParsedRow, known: KnownIds): void {
  const source = w.entries[row.src]?.source;
  if (!source || source.unit === null) return;
  const problem = unitFolderProblem(w.dataset, source, row.values, known.officers?.unitOf);
  if (problem) rejectCell(w, row, problem.key, problem.reason);
}

/** A record equal in every column to one of an earlier file is not counted again (see belongs.ts). */
function checkRepeated(w: Work, row: ParsedRow): void {
  const first = w.records!.firstLine(recordKey(w.dataset, row.values), row.src * SRC_SHIFT + row.line);
  if (first === undefined) return;
  const src = Math.floor(first / SRC_SHIFT);
  if (src === row.src) return;
  const e = w.entries[src]!;
  // counted once: nothing of the unit's data is missing (no gap)
  w.settling = true;
  reject(w, row, row.line, null, null, repeatedReason(sourceLabel(e.source.file, e.sheet), first - src * SRC_SHIFT));
  w.settling = false;
}

function checkExists(w: Work, row: ParsedRow, key: string, known: ReadonlySet<string>, where: string): void {
  const col = w.byKey.get(key);
  if (!col) return;
  const v = row.values[key];
  if (typeof v === "string" && !known.has(v)) rejectCell(w, row, key, `${col.source} ${v} 不在${where}中`);
}

const KIND_ZH = { number: "数字", boolean: "是/否值", date: "日期" } as const;

function checkRowRules(w: Work, row: ParsedRow, options: LoadOptions): void {
  switch (w.dataset) {
    case "milestones": {
      if (options.taskIds) {
        const col = w.byKey.get("task_id")!;
        const t = row.values.task_id as string;
        if (!options.taskIds.has(t)) rejectCell(w, row, "task_id", `${col.source} ${t} 不是评分细则中定义的任务`);
      }
      break;
    }
    case "activities": {
      if (options.activityTypes) {
        const t = row.values.type as string;
        if (!options.activityTypes.has(t)) rejectCell(w, row, "type", `${w.byKey.get("type")!.source} ${t} 不是评分细则中定义的活动类型`);
      }
      break;
    }
    case "indicators": {
      if (!options.reported) break;
      const idCol = w.byKey.get("indicator")!;
      const valueCol = w.byKey.get("value")!;
      const id = row.values.indicator as string;
      const kind = options.reported.get(id);
      if (!kind) {
        rejectCell(w, row, "indicator", `${idCol.source} ${id} 不是评分细则中定义的自报指标`);
        break;
      }
      const r = normalizeCell({ kind, required: true }, row.cells[valueCol.index] ?? null, valueCol.source, { date1904: w.date1904 });
      if (r.ok) row.values.value = r.value;
      else rejectCell(w, row, "value", `${r.reason}（指标 ${id} 的数值应为${KIND_ZH[kind]}）`);
      break;
    }
    case "documents": {
      const status = row.values.status;
      if ((status === "失效" || status === "废止") && (row.values.invalid_from ?? null) === null) {
        rejectCell(w, row, w.byKey.has("invalid_from") ? "invalid_from" : "status", `状态为${status}的文件须填写失效日期`);
      }
      break;
    }
    case "case_reviews": {
      if (!options.reviewStandard && (row.values.score ?? null) === null) {
        rejectCell(w, row, w.byKey.has("score") ? "score" : "case_id", `${SCORE.name}须填写（考评细则未指定评查标准，案卷得分无法计算）`);
      }
      break;
    }
    case "units": {
      const c = row.values.category;
      if (options.gradedCategories && typeof c === "string" && !options.gradedCategories.has(c)) {
        rejectCell(w, row, "category", `单位类别「${c}」在细则中没有对应的等次标准（细则规定了：${[...options.gradedCategories].join("、")}），该单位无法评定等次；请改正单位类别或在细则中增加该类别的等次标准`);
      }
      break;
    }
    case "training": {
      if ((row.values.hours ?? null) === null && (row.values.minutes ?? null) === null) {
        rejectCell(w, row, w.byKey.has("hours") ? "hours" : "minutes", `${HOURS.name}与${MINUTES.name}至少填写一项`);
      }
      break;
    }
    default:
      break;
  }
}

const SCORE = CONTRACT.case_reviews.columns.find((c) => c.key === "score")!;
const HOURS = CONTRACT.training.columns.find((c) => c.key === "hours")!;
const MINUTES = CONTRACT.training.columns.find((c) => c.key === "minutes")!;

/** Milestones: one report per unit and task; the earliest 完成日期 is kept (ties: the earlier line). */
function dedupeMilestones(w: Work, recurring?: ReadonlySet<string>): void {
  const kept = new Map<string, ParsedRow>();
  const rows = recurring?.size ? accepted(w).filter((r) => !recurring.has(r.values.task_id as string)) : accepted(w);
  for (const row of rows) {
    const k = `${row.values.unit_id}\u0000${row.values.task_id}`;
    const best = kept.get(k);
    if (!best || (row.values.done as number) < (best.values.done as number)) kept.set(k, row);
  }
  const col = w.byKey.get("task_id")!;
  for (const row of rows) {
    const best = kept.get(`${row.values.unit_id}\u0000${row.values.task_id}`)!;
    if (best === row) continue;
    rejectCell(
      w,
      row,
      "task_id",
      `单位 ${row.values.unit_id} 的${col.source} ${row.values.task_id} 重复填报，已采用第 ${best.line} 行（完成日期 ${formatDay(best.values.done as number)}）`,
    );
  }
}

/** Self-reported values: one per unit and indicator; the first line is kept, later ones rejected. */
function dedupeIndicators(w: Work): void {
  const first = new Map<string, ParsedRow>();
  const col = w.byKey.get("indicator")!;
  for (const row of accepted(w)) {
    const k = `${row.values.unit_id}\u0000${row.values.indicator}`;
    const kept = first.get(k);
    if (!kept) first.set(k, row);
    else rejectCell(w, row, "indicator", `单位 ${row.values.unit_id} 的${col.source} ${row.values.indicator} 重复填报，已采用第 ${kept.line} 行`);
  }
}

// ---------------------------------------------------------------- the folder

/** The result of reading one dataset (records only when kept), with a line per file and sheet read. */
export function finish(w: Work): DatasetLoad {
  const failed = w.error !== null;
  const kept = failed ? [] : accepted(w);
  const several = w.entries.length > 1;
  const records: Row[] = kept.map((r) => (several ? { line: r.line, values: r.values, src: r.src } : { line: r.line, values: r.values }));
  const order = (list: Pending[]) =>
    list
      .map((p, i) => ({ p, i }))
      .sort((a, b) => a.p.src - b.p.src || a.p.line - b.p.line || a.p.order - b.p.order || a.i - b.i)
      .map(({ p }) => ({ line: p.line, column: p.column, value: p.value, reason: p.reason }));
  const rejected: RejectedRow[] = failed ? [] : order(w.rejects);
  const keptBySrc = new Map<number, number>();
  for (const r of kept) keptBySrc.set(r.src, (keptBySrc.get(r.src) ?? 0) + 1);
  const sources: SourceLoad[] = w.entries.map((e, i) => {
    const bad = e.error !== null;
    const acc = bad ? 0 : (keptBySrc.get(i) ?? 0) + e.sunk;
    const listed = bad ? [] : order(w.rejects.filter((p) => p.src === i));
    return {
      file: e.source.file,
      sheet: e.sheet,
      unit: e.source.unit,
      ...(e.source.late ? { late: true as const } : {}),
      format: e.format,
      encoding: e.encoding,
      rows: bad ? 0 : acc + e.rejectedRows,
      accepted: acc,
      rejected: listed,
      ...(!bad && e.rejectTotal > listed.length ? { rejectedTotal: e.rejectTotal } : {}),
      ...(!bad && e.rejectedRows > 0 ? { rejectedRows: e.rejectedRows } : {}),
      ...(!bad && e.outside > 0 ? { outsidePeriod: e.outside } : {}),
      ...(!bad && e.unread ? { unread: e.unread } : {}),
      ...(!bad && e.skippedTotal > 0 ? { skipped: e.skipped } : {}),
      ...(!bad && e.skippedTotal > e.skipped.length ? { skippedTotal: e.skippedTotal } : {}),
      ...(e.warnings.length > 0 ? { warnings: e.warnings } : {}),
      error: e.error,
    };
  });
  return {
    dataset: w.dataset,
    file: w.file,
    format: w.format,
    encoding: w.encoding,
    rows: failed ? 0 : records.length + w.sunk + w.rejectedRows,
    accepted: records.length + (failed ? 0 : w.sunk),
    rejected,
    ...(!failed && w.rejectTotal > rejected.length ? { rejectedTotal: w.rejectTotal } : {}),
    ...(!failed && w.rejectedRows > 0 ? { rejectedRows: w.rejectedRows } : {}),
    ...(!failed && w.gaps.size > 0 ? { gaps: w.gaps.list(w.entries.length > 1 ? (i) => sourceLabel(w.entries[i]!.source.file, w.entries[i]!.sheet) : undefined) } : {}),
    ...(!failed && w.rejectedIds.size > 0 ? { rejectedUnitOf: [...w.rejectedIds] } : {}),
    ...(!failed && w.unread ? { unread: w.unread } : {}),
    ...(!failed && w.unusable.length > 0 ? { unusable: w.unusable } : {}),
    ...(!failed && w.skippedTotal > 0 ? { skipped: w.skipped } : {}),
    ...(!failed && w.skippedTotal > w.skipped.length ? { skippedTotal: w.skippedTotal } : {}),
    ...(w.warnings.length > 0 ? { warnings: w.warnings } : {}),
    error: w.error,
    headers: w.headers,
    records,
    ...(sources.length > 0 ? { sources } : {}),
    ...(w.notRead.length > 0 ? { notRead: w.notRead } : {}),
  };
}
