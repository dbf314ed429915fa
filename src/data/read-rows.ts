/** Reading the rows of one file or sheet, from its header on. */
import type { SourceCell } from "./normalize.js";
import { cellText, cleanText, isBlankCell } from "./normalize.js";
import { datasetColumns, headerNamer, namedColumns, resolveHeaders } from "./headers.js";
import { aboveHeaderReason, chooseHeader, HEADER_SEARCH_ROWS, noRecordReason, PREAMBLE_MAX_ROWS } from "./layout.js";
import { sourceLabel } from "./sheets.js";
import type { SourceItem } from "./source-items.js";
import { markUnread, reject, skip, type DatasetReading, type DatasetRequest, type ReadMode } from "./reading.js";
import { readRow, rowShape, type RowShape } from "./read-row.js";
import type { DataProblemCode } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

/** How the rows of one file or sheet are read. */
export interface RowsRead {
  request: DatasetRequest;
  mode: ReadMode;
  /** source bytes read so far (for progress) */
  bytes: () => number;
  /** the file or sheet cannot be used, for `reason` */
  fail: (reason: string, code: DataProblemCode) => DatasetReading;
}

/**
 * The rows of one file or sheet: the header found among the first non-blank rows (titles above
 * it skipped), then every row after it checked as it comes (read-row.ts); blank lines, notes and
 * 合计 rows skipped; a CSV syntax error or a stray quote makes the rest of the file unread.
 */
export async function readRows(w: DatasetReading, source: AsyncGenerator<SourceItem[]>, how: RowsRead): Promise<DatasetReading> {
  const { mode, bytes, fail } = how;
  const { mapping, options } = how.request;
  const dataset = w.dataset;
  let rowsRead = 0;
  let lastReport = 0;

  const extra = options.extraColumns?.[dataset] ?? [];
  const specs = datasetColumns(dataset, extra);
  // each file and sheet has its own header
  w.headers = [];
  w.columns = [];
  w.byKey = new Map();
  let width = -1;
  let shape: RowShape | null = null;
  // the header's namer and which of its columns are the dataset's (for rows that are no records)
  let names: (cell: string) => string | null = () => null;
  let extraOnly: (string | null)[] = [];
  // the next data row is the first below the header (where a template puts its hints)
  let firstBelowHeader = false;
  // the first non-blank rows, held until the header row among them is found
  let held: { line: number; cells: readonly SourceCell[]; span?: number }[] | null = [];
  // the first held row that names two of the dataset's columns (-1: none yet); while there is
  // none, the header is looked for beyond the first HEADER_SEARCH_ROWS rows
  let headerLike = -1;
  const heldNamer = headerNamer(dataset, { mapping: mapping[dataset], extra });
  const headerRow = (cells: readonly SourceCell[]) =>
    namedColumns(
      heldNamer,
      cells.map((c) => cellText(c) ?? ""),
    ) >= 2;
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
    const namer = heldNamer;
    const choice = chooseHeader(
      texts,
      (h) => namedColumns(namer, h),
      (cell) => namer(cell) !== null,
    );
    const at = choice?.index ?? 0;
    const header = choice?.header ?? texts[0]!;
    while (header.length > 0 && cleanText(header[header.length - 1]!) === "") header.pop();
    const resolved = resolve(header);
    w.headers = resolved.headers;
    if (resolved.error) {
      // (a title merged across the columns is one text, however many cells it fills)
      const first = [...new Set(texts[0]!.filter((t) => cleanText(t) !== ""))];
      const lead =
        choice === null && first.length <= 1
          ? `未找到表头行（前 ${rows.length} 个非空行中没有一行含有本表的列名；第 ${rows[0]!.line} 行为「${first.join("")}」）；`
          : "";
      fail(lead + resolved.error, lead !== "" ? "no_header_row" : (resolved.problems[0]?.code ?? "missing_column"));
      return false;
    }
    for (let i = 0; i < at; i++)
      skip(
        w,
        rows[i]!.line,
        i === at - 1 && namedColumns(namer, texts[i]!) >= 2
          ? `合并表头的上一行（表头取第 ${rows[at]!.line} 行）`
          : aboveHeaderReason(texts[i]!),
      );
    if (choice?.rows === 2) skip(w, rows[at + 1]!.line, `表头第 2 行（与第 ${rows[at]!.line} 行合并为表头）`);
    {
      const e = w.tallies[w.current];
      const label = e ? sourceLabel(e.source.file, e.sheet) : w.file;
      const warned = resolved.warnings.map((m) => `${label}：${m}`);
      w.warnings.push(...warned);
      e?.warnings.push(...warned);
    }
    w.columns = resolved.columns;
    for (const col of w.columns) w.byKey.set(col.key, col);
    names = namer;
    firstBelowHeader = true;
    // (by the file's column, as the row's cells are)
    extraOnly = [];
    for (const c of w.columns) extraOnly[c.index] = c.spec === null && c.source !== "" ? c.source : null;
    width = header.length;
    shape = rowShape(w, width, specs, options, mode);
    for (const r of rows.slice(at + (choice?.rows ?? 1))) dataRow(r.line, r.cells, r.span);
    return true;
  };
  const dataRow = (line: number, cells: readonly SourceCell[], span: number | undefined) => {
    if (allBlank(cells)) return;
    if (span !== undefined && swallowed(cells, width)) {
      const last = line + span - 1;
      const problem = { code: "quote_swallowed_lines", line, last } as const;
      const why = problemMessage(problem);
      markUnread(w, line, why);
      reject(w, { row: null, line, column: null, value: null }, problem, why);
      return;
    }
    if (w.badLines) {
      const bad = badLineIn(w.badLines, line, span ?? 1);
      if (bad !== null) {
        reject(
          w,
          { row: { line, values: {}, cells, bad: false, src: w.current }, line, column: null, value: null },
          { code: "line_not_utf8", line: bad },
        );
        return;
      }
    }
    let note: string | null = null;
    if (!plainRecordStart(cells)) {
      const texts = cells.map((c) => cellText(c) ?? "");
      note = noRecordReason(texts, width) ?? shapeNoRecordReason(texts, extraOnly, names, firstBelowHeader);
    }
    firstBelowHeader = false;
    if (note) {
      skip(w, line, note);
      return;
    }
    readRow(w, line, cells, shape!);
  };
  for await (const batch of source)
    for (const item of batch) {
      if (held) {
        if (item.type === "error") {
          if (held.length === 0) return fail(`表头行无法读取：${item.reason}`, "header_unreadable");
          if (!takeHeader()) return w;
        } else {
          const cells = item.type === "row" ? item.cells : item.fields;
          if (cells.every(isBlankCell)) continue;
          held.push({
            line: item.line,
            cells: item.type === "row" ? cells : [...cells],
            ...(item.type === "record" && item.span ? { span: item.span } : {}),
          });
          if (headerLike < 0 && headerRow(cells)) headerLike = held.length - 1;
          // the first rows as ever; below a long preamble, the header and the row after it (a two-row header)
          const enough =
            headerLike < 0
              ? held.length >= PREAMBLE_MAX_ROWS
              : held.length >= HEADER_SEARCH_ROWS && (headerLike < HEADER_SEARCH_ROWS || held.length > headerLike + 1);
          if (enough && !takeHeader()) return w;
          continue;
        }
      }
      if (item.type === "error") {
        if (mode.range) w.partProblem ??= item.reason;
        markUnread(w, item.line, item.reason);
        reject(w, { row: null, line: item.line, column: null, value: item.value }, item.problem, item.reason);
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
  if (width < 0) return w.error ? w : fail("文件是空的，没有表头行", "empty_file");
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

/** A template's hint under a header cell: 必填，如 P00001 / 填“是”或“否” / 格式：2026-12-31 / 选填. */
const FILL_HINT = /^(?:必填|选填|非必填|可选填?|格式[:：]|填写|请填|请选择|如[:：]?\s*\S|例[:：]|示例|例如)|填[“"「]|格式[:：]/;

/**
 * Why a row is no record by what it holds against the header, or null: the header again (printed
 * every page, or two files pasted one under the other), or only cells of extra columns with a
 * header (a pre-numbered 序号 left unused) — rather than rows rejected for blank required cells.
 * A cell under no header keeps the row a row (rejected as such).
 */
function shapeNoRecordReason(
  texts: readonly string[],
  extraOnly: readonly (string | null)[],
  names: (cell: string) => string | null,
  firstBelowHeader: boolean,
): string | null {
  let filled = 0;
  let named = 0;
  let inData = 0;
  let hints = 0;
  const shown: string[] = [];
  const extras: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const t = cleanText(texts[i]!);
    if (t === "") continue;
    filled++;
    if (names(t) !== null) named++;
    if (FILL_HINT.test(t)) hints++;
    const extra = extraOnly[i];
    if (extra === null || extra === undefined) inData++;
    else if (!extras.includes(extra)) extras.push(extra);
    if (shown.length < 3) shown.push(t);
  }
  if (filled === 0) return null;
  if (named >= 2 && named === filled) return `重复的表头行「${shown.join("、")}…」，不是记录`;
  // (right below the header: most of its cells are hints, the others a list of choices)
  if (firstBelowHeader && hints >= 2 && hints * 2 >= filled) return `表头下方的填写提示行「${shown.join("、")}…」，不是记录`;
  if (inData === 0) return `只填了「${extras.join("」「")}」，本表的列都是空的，不是记录`;
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
