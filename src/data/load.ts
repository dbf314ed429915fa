/**
 * The data loading stage: a data folder → every dataset's accepted records and rejected rows.
 *
 * 1. find one file per dataset (units.csv / units.xlsx …) and the optional column mapping;
 * 2. read each file (encoding, CSV or XLSX, header, cell values → rows or rejections);
 * 3. check across files (unique ids, units and officers referenced, tasks and indicators the
 *    rubric defines, per-dataset row rules), after every file has been read.
 * Only a missing or unreadable folder (or mapping file) throws; bad data is reported.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CONTRACT, DATASET_IDS, UNIT_KEYED, type ColumnSpec, type DatasetId } from "./contract.js";
import { readCsvRecords } from "./csv.js";
import { formatDay } from "./dates.js";
import { decodeText, type TextEncoding } from "./encoding.js";
import { datasetColumns, headerMatchKey, resolveHeaders, type ResolvedColumn } from "./headers.js";
import { cellText, cleanText, isBlankCell, normalizeCell, normalizeDocNo, type SourceCell } from "./normalize.js";
import type { CellValue, ColumnMapping, DatasetLoad, LoadedData, LoadOptions, RejectedRow, Row } from "./types.js";
import { readXlsx } from "./xlsx.js";

/** A data folder (or column mapping file) that cannot be used at all. */
export class DataError extends Error {
  file?: string;
  constructor(message: string, file?: string) {
    super(message);
    this.name = "DataError";
    if (file !== undefined) this.file = file;
  }
}

export const MAPPING_FILE = "column-mapping.json";

/** id-list columns whose items are 文号, compared after the same folding as documents.doc_no. */
const DOC_NO_LISTS: Partial<Record<DatasetId, readonly string[]>> = { cases: ["legal_basis"] };

// ---------------------------------------------------------------- working state of one dataset

interface ParsedRow {
  line: number;
  /** values of the cells that were read without error */
  values: Record<string, CellValue>;
  /** the cells of typed columns as found, by column key (for messages and late parsing) */
  cells: Record<string, SourceCell>;
}

interface Pending extends RejectedRow {
  /** source column position, for sorting; -1 when the whole row is at fault */
  order: number;
}

interface Work {
  dataset: DatasetId;
  file: string | null;
  format: "csv" | "xlsx" | null;
  encoding: TextEncoding | null;
  error: string | null;
  headers: DatasetLoad["headers"];
  columns: ResolvedColumn[];
  byKey: Map<string, ResolvedColumn>;
  date1904: boolean;
  parsed: ParsedRow[];
  rejects: Pending[];
  badLines: Set<number>;
}

function newWork(dataset: DatasetId, file: string | null, format: Work["format"]): Work {
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
    badLines: new Set(),
  };
}

function reject(w: Work, line: number, col: ResolvedColumn | null, value: string | null, reason: string): void {
  const shown = value === null || cleanText(value) === "" ? null : value;
  w.rejects.push({ line, column: col ? col.source : null, value: shown, reason, order: col ? col.index : -1 });
  w.badLines.add(line);
}

/** Reject a row for a check on one of its columns (value as found in the file). */
function rejectCell(w: Work, row: ParsedRow, key: string, reason: string): void {
  const col = w.byKey.get(key) ?? null;
  reject(w, row.line, col, cellText(row.cells[key] ?? null), reason);
}

const accepted = (w: Work): ParsedRow[] => w.parsed.filter((r) => !w.badLines.has(r.line));

// ---------------------------------------------------------------- column mapping

/** Read a column mapping JSON file: `{"cases": {"处罚决定日期": "decided"}}` (target: column key or Chinese name). Throws DataError. */
export async function readColumnMapping(file: string): Promise<ColumnMapping> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`无法读取列映射文件 ${file}（${code === "ENOENT" ? "文件不存在" : code ?? (err as Error).message}）`, file);
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
function mergeMapping(base: ColumnMapping, over: ColumnMapping = {}): ColumnMapping {
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
type SourceItem = ({ type: "row" } & SourceRow) | { type: "error"; line: number; value: string | null; reason: string };

async function* csvRows(text: string): AsyncGenerator<SourceItem> {
  for await (const item of readCsvRecords(text)) {
    yield item.type === "record" ? { type: "row", line: item.line, cells: item.fields } : item;
  }
}

async function* listRows(rows: SourceRow[]): AsyncGenerator<SourceItem> {
  for (const r of rows) yield { type: "row", ...r };
}

/** Column letters of a 0-based column index: 0 → A, 26 → AA. */
function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

async function readDataset(dir: string, dataset: DatasetId, file: string, mapping: ColumnMapping, options: LoadOptions): Promise<Work> {
  const format = file.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
  const w = newWork(dataset, file, format);
  const fail = (reason: string) => {
    w.error = `${file}：${reason}`;
    return w;
  };
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, file));
  } catch (err) {
    return fail(`无法读取文件（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`);
  }

  let source: AsyncGenerator<SourceItem>;
  if (format === "csv") {
    const decoded = decodeText(bytes);
    if (!decoded.ok) return fail(decoded.reason);
    w.encoding = decoded.encoding;
    source = csvRows(decoded.text);
  } else {
    const sheet = await readXlsx(bytes);
    if (!sheet.ok) return fail(sheet.reason);
    w.date1904 = sheet.date1904;
    source = listRows(sheet.rows);
  }

  const extra = options.extraColumns?.[dataset] ?? [];
  const specs = datasetColumns(dataset, extra);
  let width = -1;
  for await (const item of source) {
    if (width < 0) {
      // the first non-blank row is the header
      if (item.type === "error") return fail(`表头行无法读取：${item.reason}`);
      if (item.cells.every(isBlankCell)) continue;
      const header = item.cells.map((c) => cellText(c) ?? "");
      while (header.length > 0 && cleanText(header[header.length - 1]!) === "") header.pop();
      const resolved = resolveHeaders(dataset, header, { mapping: mapping[dataset], extra });
      w.headers = resolved.headers;
      if (resolved.error) return fail(resolved.error);
      w.columns = resolved.columns;
      for (const col of w.columns) w.byKey.set(col.key, col);
      width = header.length;
      continue;
    }
    if (item.type === "error") {
      reject(w, item.line, null, item.value, item.reason);
      continue;
    }
    if (item.cells.every(isBlankCell)) continue;
    readRow(w, item, width, specs);
  }
  if (width < 0) return fail("文件是空的，没有表头行");
  return w;
}

function readRow(w: Work, row: SourceRow, width: number, specs: readonly ColumnSpec[]): void {
  const { line, cells } = row;
  const beyond = cells.findIndex((c, i) => i >= width && !isBlankCell(c));
  if (w.format === "csv" && (cells.length < width || beyond >= 0)) {
    reject(w, line, null, cells.join(","), `第 ${line} 行有 ${cells.length} 列，表头有 ${width} 列`);
    return;
  }
  if (beyond >= 0) {
    reject(w, line, null, cellText(cells[beyond]!), `第 ${line} 行的 ${columnLetter(beyond)} 列有内容，但该列没有表头`);
    return;
  }
  const parsed: ParsedRow = { line, values: {}, cells: {} };
  for (const col of w.columns) {
    const cell = cells[col.index] ?? null;
    if (!col.spec) {
      const text = cellText(cell);
      // an extra column's key is header text from the file: define it, so "__proto__" stays a plain key
      Object.defineProperty(parsed.values, col.key, {
        value: text === null || cleanText(text) === "" ? null : cleanText(text),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    parsed.cells[col.key] = cell;
    const r = normalizeCell(col.spec, cell, col.source, { date1904: w.date1904 });
    if (!r.ok) {
      reject(w, line, col, cellText(cell), r.reason);
      continue;
    }
    let value = r.value;
    if (Array.isArray(value) && DOC_NO_LISTS[w.dataset]?.includes(col.key)) value = value.map(normalizeDocNo).filter((s) => s !== "");
    parsed.values[col.key] = value;
  }
  // columns the file does not have are present as blank, so every record has every key
  for (const spec of specs) {
    if (!w.byKey.has(spec.key)) parsed.values[spec.key] = spec.kind === "idList" ? [] : null;
  }
  w.parsed.push(parsed);
}

// ---------------------------------------------------------------- checks across files

function checkUnique(w: Work): void {
  for (const col of w.columns) {
    if (!col.spec?.unique) continue;
    const first = new Map<string, number>();
    for (const row of w.parsed) {
      const v = row.values[col.key];
      if (v === null || v === undefined) continue;
      const k = String(v);
      const seen = first.get(k);
      if (seen === undefined) first.set(k, row.line);
      else rejectCell(w, row, col.key, `${col.source} ${cleanText(cellText(row.cells[col.key] ?? null) ?? "")} 与第 ${seen} 行重复`);
    }
  }
}

function checkExists(w: Work, key: string, known: ReadonlySet<string>, where: string): void {
  const col = w.byKey.get(key);
  if (!col) return;
  for (const row of accepted(w)) {
    const v = row.values[key];
    if (typeof v === "string" && !known.has(v)) rejectCell(w, row, key, `${col.source} ${v} 不在${where}中`);
  }
}

const KIND_ZH = { number: "数字", boolean: "是/否值", date: "日期" } as const;

function checkRowRules(w: Work, options: LoadOptions): void {
  const rows = accepted(w);
  switch (w.dataset) {
    case "milestones": {
      if (options.taskIds) {
        const col = w.byKey.get("task_id")!;
        for (const row of rows) {
          const t = row.values.task_id as string;
          if (!options.taskIds.has(t)) rejectCell(w, row, "task_id", `${col.source} ${t} 不是评分细则中定义的任务`);
        }
      }
      break;
    }
    case "indicators": {
      if (!options.reported) break;
      const idCol = w.byKey.get("indicator")!;
      const valueCol = w.byKey.get("value")!;
      for (const row of rows) {
        const id = row.values.indicator as string;
        const kind = options.reported.get(id);
        if (!kind) {
          rejectCell(w, row, "indicator", `${idCol.source} ${id} 不是评分细则中定义的自报指标`);
          continue;
        }
        const r = normalizeCell({ kind, required: true }, row.cells.value ?? null, valueCol.source, { date1904: w.date1904 });
        if (r.ok) row.values.value = r.value;
        else rejectCell(w, row, "value", `${r.reason}（指标 ${id} 的数值应为${KIND_ZH[kind]}）`);
      }
      break;
    }
    case "documents": {
      for (const row of rows) {
        const status = row.values.status;
        if ((status === "失效" || status === "废止") && (row.values.invalid_from ?? null) === null) {
          rejectCell(w, row, w.byKey.has("invalid_from") ? "invalid_from" : "status", `状态为${status}的文件须填写失效日期`);
        }
      }
      break;
    }
    case "training": {
      const [hours, minutes] = ["hours", "minutes"].map((k) => CONTRACT.training.columns.find((c) => c.key === k)!);
      for (const row of rows) {
        if ((row.values.hours ?? null) === null && (row.values.minutes ?? null) === null) {
          rejectCell(w, row, w.byKey.has("hours") ? "hours" : "minutes", `${hours!.name}与${minutes!.name}至少填写一项`);
        }
      }
      break;
    }
    default:
      break;
  }
}

/** Milestones: one report per unit and task; the earliest 完成日期 is kept (ties: the earlier line). */
function dedupeMilestones(w: Work): void {
  const kept = new Map<string, ParsedRow>();
  const rows = accepted(w);
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

function crossCheck(works: Map<DatasetId, Work>, options: LoadOptions): void {
  const usable = (id: DatasetId) => {
    const w = works.get(id);
    return w && w.error === null && w.file !== null ? w : undefined;
  };
  const all = DATASET_IDS.map(usable).filter((w): w is Work => w !== undefined);
  for (const w of all) checkUnique(w);

  const units = usable("units");
  if (units) {
    const ids = new Set(accepted(units).map((r) => r.values.unit_id as string));
    const where = `执法单位表（${units.file}）`;
    // officers first: training is checked against the officers that remain
    for (const id of UNIT_KEYED) {
      const w = usable(id);
      if (w) checkExists(w, "unit_id", ids, where);
    }
  }
  const officers = usable("officers");
  const training = usable("training");
  if (officers && training) {
    const ids = new Set(accepted(officers).map((r) => r.values.officer_id as string));
    checkExists(training, "officer_id", ids, `行政执法人员表（${officers.file}）`);
  }
  for (const w of all) checkRowRules(w, options);
  const milestones = usable("milestones");
  if (milestones) dedupeMilestones(milestones);
  const indicators = usable("indicators");
  if (indicators) dedupeIndicators(indicators);
}

// ---------------------------------------------------------------- the folder

function finish(w: Work): DatasetLoad {
  const failed = w.error !== null;
  const records: Row[] = failed ? [] : accepted(w).map((r) => ({ line: r.line, values: r.values }));
  const rejected: RejectedRow[] = failed
    ? []
    : w.rejects
        .map((p, i) => ({ p, i }))
        .sort((a, b) => a.p.line - b.p.line || a.p.order - b.p.order || a.i - b.i)
        .map(({ p }) => ({ line: p.line, column: p.column, value: p.value, reason: p.reason }));
  return {
    dataset: w.dataset,
    file: w.file,
    format: w.format,
    encoding: w.encoding,
    rows: failed ? 0 : records.length + w.badLines.size,
    accepted: records.length,
    rejected,
    error: w.error,
    headers: w.headers,
    records,
  };
}

async function listFolder(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(code === "ENOENT" ? `数据文件夹不存在：${dir}` : `无法读取数据文件夹 ${dir}（${code ?? (err as Error).message}）`, dir);
  }
  if (!info.isDirectory()) throw new DataError(`不是文件夹：${dir}（应给出存放数据文件的文件夹）`, dir);
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch (err) {
    throw new DataError(`无法读取数据文件夹 ${dir}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`, dir);
  }
}

/**
 * Load every dataset file of a data folder. Throws DataError only when the folder (or its
 * column-mapping.json) cannot be used; every problem with the data itself is reported in
 * the dataset's `error` (whole file) or `rejected` (rows).
 */
export async function loadData(dir: string, options: LoadOptions = {}): Promise<LoadedData> {
  const names = (await listFolder(dir)).sort();
  const found = new Map<DatasetId, string[]>();
  const ignoredFiles: string[] = [];
  let mappingFile: string | null = null;
  for (const name of names) {
    const m = /^(.+)\.(csv|xlsx)$/i.exec(name);
    const id = m?.[1]!.toLowerCase() as DatasetId | undefined;
    if (id && (DATASET_IDS as readonly string[]).includes(id)) found.set(id, [...(found.get(id) ?? []), name]);
    else if (name.toLowerCase() === MAPPING_FILE) mappingFile = name;
    else ignoredFiles.push(name);
  }
  const fileMapping = mappingFile ? await readColumnMapping(join(dir, mappingFile)) : {};
  const mapping = mergeMapping(fileMapping, options.mapping);

  const works = new Map<DatasetId, Work>();
  const required = new Set(options.required ?? []);
  for (const id of DATASET_IDS) {
    const files = found.get(id) ?? [];
    const title = `数据集「${CONTRACT[id].title}」${id}`;
    if (files.length > 1) {
      const w = newWork(id, files[0]!, null);
      w.error = `${title} 有多个文件：${files.join("、")}；请只保留一个`;
      works.set(id, w);
    } else if (files.length === 1) {
      works.set(id, await readDataset(dir, id, files[0]!, mapping, options));
    } else if (required.has(id)) {
      const w = newWork(id, null, null);
      w.error = `未找到数据文件 ${id}.csv 或 ${id}.xlsx（${title}）`;
      works.set(id, w);
    }
  }
  crossCheck(works, options);

  const datasets: LoadedData["datasets"] = {};
  for (const [id, w] of works) datasets[id] = finish(w);
  return { dir, datasets, ignoredFiles };
}
