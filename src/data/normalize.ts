/**
 * Cell values → normalised values, the same way for every file (data contract, "Values are
 * normalised the same way everywhere"). Every parser is pure and returns either the value or
 * the problem (a code of data/problems.ts, with its Chinese sentence saying what was expected);
 * none throws and none guesses.
 */
import type { ColumnSpec } from "./contract.js";
import { dayFromCivil, dayFromDate, formatDay, isValidDate } from "./dates.js";
import type { CellValue } from "./types.js";
import type { CellProblem } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

/** A value, or why not: the problem (its code) and its sentence (what problemMessage gives). */
export type Normalized<T> = { ok: true; value: T } | { ok: false; reason: string; problem: CellProblem };

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value });
const fail = (problem: CellProblem): Normalized<never> => ({ ok: false, reason: problemMessage(problem), problem });

/** Characters trimmed around values besides what String.trim removes: zero-width spaces and joiners. */
const EDGE_JUNK = /^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$/g;

/** Trim whitespace (incl. full-width space U+3000) and zero-width characters from both ends. */
/** A copy of `s` that does not keep alive a larger string it was cut from (V8 keeps a slice's
 * or a concatenation's parts): for what outlives the row it came from (evidence, rejections). */
export function detach(s: string): string {
  // a concatenation is flattened into a new string when sliced: the slice's parent is that copy
  // (one character longer), not the decoded block — 4–10× cheaper than a round trip through a Buffer
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

export function cleanText(text: string): string {
  // fast path: nothing to trim at either end (the common case) — no regex
  const n = text.length;
  if (n === 0 || (!edgeJunk(text.charCodeAt(0)) && !edgeJunk(text.charCodeAt(n - 1)))) return text;
  return text.replace(EDGE_JUNK, "");
}

/** Whether a UTF-16 code unit may be trimmed by EDGE_JUNK (JS \s, or a zero-width character).
 * A superset is fine: such text takes the regex. */
function edgeJunk(c: number): boolean {
  if (c > 0x20 && c < 0x7f) return false;
  return (
    c <= 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Plain printable ASCII: NFKC leaves it unchanged. */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** Full-width → half-width (and other compatibility forms) by NFKC, then trimmed.
 * NFKC leaves 〔〕 alone but turns （） into (). */
export function foldWidth(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  return cleanText(text.normalize("NFKC"));
}

// ---------------------------------------------------------------- dates

const DATE_SEP = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** A time after the date, as Excel's CSV export writes it (2024/1/16 0:00, 2024-03-05 00:00:00): dropped, once it is a real time. */
const TIME_PART = /^(.*?\d日?)(?:\s+|T)(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?$/;
const DATE_ZH = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;

/** A date as text → day number (days since 1970-01-01). Blank → null. */
export function parseDate(text: string): Normalized<number | null> {
  // fast path: a plain, real YYYY-MM-DD date (anything else takes the general path below)
  if (text.length === 10 && text.charCodeAt(4) === 0x2d && text.charCodeAt(7) === 0x2d) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 7);
    const d = digits(text, 8, 10);
    if (y >= 0 && mo >= 0 && d >= 0 && isValidDate(y, mo, d)) return ok(dayFromCivil(y, mo, d));
  }
  let s = foldWidth(text);
  if (s === "") return ok(null);
  const t = TIME_PART.exec(s);
  if (t) {
    // 2024-12-31 25:99 is no time: the cell is not what it seems, so it is not read as the day
    if (Number(t[2]) > 23 || Number(t[3]) > 59 || (t[4] !== undefined && Number(t[4]) > 59))
      return fail({ code: "bad_date", hint: "time" });
    s = t[1]!;
  }
  const m = DATE_SEP.exec(s);
  const parts = m ? [m[1], m[3], m[4]] : (DATE_ZH.exec(s) ?? DATE_COMPACT.exec(s))?.slice(1, 4);
  if (!parts) return fail({ code: "bad_date", hint: "forms" });
  const [y, mo, d] = parts.map(Number) as [number, number, number];
  if (!isValidDate(y, mo, d)) return fail({ code: "no_such_date", year: y, month: mo });
  return ok(dayFromCivil(y, mo, d));
}

/** The ASCII digits text[from, to) as a number, or -1 when any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The earliest date a cell of these datasets can hold: before 1950 it is a number typed into a
 * date column (2024 or 8.1 is an Excel serial of 1905 or 1900), or a typing slip, never a record. */
export const EARLIEST_YEAR = 1950;
const EARLIEST_DAY = dayFromCivil(EARLIEST_YEAR, 1, 1);

/** Largest serial Excel accepts: 9999-12-31. */
const MAX_SERIAL = 2_958_465;

/**
 * An Excel serial date → day number. 1900 system: serial 1 = 1900-01-01, and Excel's
 * fictitious 1900-02-29 (serial 60) is refused; 1904 system: serial 0 = 1904-01-01.
 * A fraction (time of day) is dropped.
 */
export function excelSerialToDay(serial: number, date1904 = false): Normalized<number> {
  if (!Number.isFinite(serial)) return fail({ code: "bad_date", hint: "plain" });
  const whole = Math.floor(serial);
  if (date1904) {
    if (whole < 0 || whole > MAX_SERIAL - 1462) return fail({ code: "bad_excel_serial", serial });
    return ok(whole - 24107);
  }
  // (serial 60: Excel's fictitious 1900-02-29)
  if (whole < 1 || whole > MAX_SERIAL || whole === 60) return fail({ code: "bad_excel_serial", serial });
  return ok(whole < 60 ? whole - 25568 : whole - 25569);
}

// ---------------------------------------------------------------- booleans

const TRUE_WORDS = new Set(["是", "y", "yes", "true", "1", "√", "✓", "✔", "有"]);
const FALSE_WORDS = new Set(["否", "n", "no", "false", "0", "×", "✗", "✘", "无"]);
const OK_TRUE: Normalized<boolean | null> = Object.freeze({ ok: true, value: true });
const OK_FALSE: Normalized<boolean | null> = Object.freeze({ ok: true, value: false });

/** 是/否, Y/N, yes/no, true/false, 1/0, √/×, 有/无 (case-insensitive, width-folded). Blank → null (unknown, never false). */
export function parseBoolean(text: string): Normalized<boolean | null> {
  // fast path: the word itself (each word folds and lower-cases to itself)
  if (TRUE_WORDS.has(text)) return OK_TRUE;
  if (FALSE_WORDS.has(text)) return OK_FALSE;
  const s = foldWidth(text).toLowerCase();
  if (s === "") return ok(null);
  if (TRUE_WORDS.has(s)) return ok(true);
  if (FALSE_WORDS.has(s)) return ok(false);
  return fail({ code: "bad_boolean", got: "text" });
}

// ---------------------------------------------------------------- numbers

const PLAIN_NUMBER = /^\d{1,15}(?:\.\d{1,15})?$/;
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

export interface NumberRange {
  min?: number;
  max?: number;
  /** column name to start range messages with, e.g. "得分" → "得分应在 0 到 100 之间" */
  label?: string;
  /** a whole number (a count: 问题数, 参加人数, a reported count) */
  integer?: boolean;
  /** false: `95%` is refused (学时, 得分 …: no column but a rate is a share) */
  percent?: boolean;
  /** a rate: a share in [0, 1], written 95% or 0.95 (87.2 alone is refused, not read as 8720%) */
  rate?: boolean;
}

/** Check a number against an inclusive range; the reason says what was expected. */
export function checkRange(value: number, range: NumberRange = {}): Normalized<number> {
  const { min, max, label = "" } = range;
  if (range.rate && (value < 0 || value > 1)) return fail({ code: "rate_out_of_range" });
  if (range.integer && !Number.isInteger(value)) return fail({ code: "not_integer" });
  if (min !== undefined && max !== undefined && (value < min || value > max)) return fail({ code: "out_of_range", min, max, label });
  if (min !== undefined && value < min) return fail({ code: "out_of_range", min, label });
  if (max !== undefined && value > max) return fail({ code: "out_of_range", max, label });
  return ok(value);
}

/** What a number column takes, for the message refusing a text (none: any number, 95% too). */
function expectedOf(range: NumberRange): { expected?: "integer" | "plain" | "rate" } {
  if (range.rate) return { expected: "rate" };
  if (range.integer) return { expected: "integer" };
  return range.percent === false ? { expected: "plain" } : {};
}

/** `60`, `60.5`, `６０`, `1,200`, `-3`; percentages `95%` → 0.95. Blank → null. Then the range is checked. */
export function parseNumber(text: string, range?: NumberRange): Normalized<number | null> {
  // fast path: plain digits, optionally with a decimal part (what the general path reads the same way)
  if (PLAIN_NUMBER.test(text)) return checkRange(Number(text), range);
  let s = foldWidth(text).replace(/\u2212/g, "-");
  if (s === "") return ok(null);
  const percent = s.endsWith("%");
  if (percent && range?.percent === false) return fail({ code: "percent_not_allowed" });
  if (percent) s = cleanText(s.slice(0, -1));
  if (!NUMBER.test(s) || !/\d/.test(s)) return fail({ code: "bad_number", got: "text", ...(range ? expectedOf(range) : {}) });
  // a percentage is divided by 100 in decimal, not in binary: 96.4% → 0.964, not 0.9640000000000001
  const value = Number(percent ? `${s.replace(/,/g, "")}e-2` : s.replace(/,/g, ""));
  if (!Number.isFinite(value)) return fail({ code: "bad_number", got: "nonfinite" });
  return checkRange(value, range);
}

// ---------------------------------------------------------------- id lists

/** Separators of an id list: ; ； 、 , ， / ／ and line breaks inside a cell. */

/** "P1；P2、P3" → ["P1", "P2", "P3"] (trimmed, empties dropped). Blank → []. */
export function parseIdList(text: string): Normalized<string[]> {
  return ok(splitIdList(text));
}

/** `text.split(/[;；、,，/／\r\n]+/).map(cleanText).filter((s) => s !== "")` in one pass: no intermediate arrays. */
export function splitIdList(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isListSep(text.charCodeAt(i))) continue;
    if (i > start) {
      const s = cleanText(text.slice(start, i));
      if (s !== "") out.push(s);
    }
    start = i + 1;
  }
  return out;
}

/** A list separator: ; ； 、 , ， / ／ CR LF. */
function isListSep(c: number): boolean {
  return c === 0x3b || c === 0xff1b || c === 0x3001 || c === 0x2c || c === 0xff0c || c === 0x2f || c === 0xff0f || c === 0x0d || c === 0x0a;
}

// ---------------------------------------------------------------- 文号

/** Year in any common brackets: [2015] (2015) 【2015】 (［］ and （） fold to these by NFKC). */
const YEAR_BRACKETS = /[[(【〔]\s*(\d{4})\s*[\])】〕]/g;

/**
 * A document number (文号) as compared everywhere: width-folded, all whitespace removed,
 * and the year in brackets written 〔2015〕 whatever brackets were typed.
 * "清新府办［2015］18 号" → "清新府办〔2015〕18号". Blank → "".
 */
export function normalizeDocNo(text: string): string {
  // a folder cites few distinct 文号: remember them (bounded)
  let folded = DOC_NO_CACHE.get(text);
  if (folded === undefined) {
    folded = foldDocNo(text);
    if (DOC_NO_CACHE.size >= 50_000) DOC_NO_CACHE.clear();
    DOC_NO_CACHE.set(text, folded);
  }
  return folded;
}

const DOC_NO_CACHE = new Map<string, string>();

function foldDocNo(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, "")
    .replace(YEAR_BRACKETS, "〔$1〕");
}

/** A normalised 文号 as compared when it is not found as written: 第 before the number and a
 * final 号 dropped (清新府规第2018003号 = 清新府规2018003, 〔2015〕第18号 = 〔2015〕18号). */
export function looseDocNo(docNo: string): string {
  return docNo.replace(/第(?=\d)/g, "").replace(/号$/, "");
}

/** A 文号 cell: normalised by normalizeDocNo; blank → null. */
export function parseDocNo(text: string): Normalized<string | null> {
  const s = normalizeDocNo(text);
  return ok(s === "" ? null : s);
}

// ---------------------------------------------------------------- text

/** Trimmed text; blank → null. With `oneOf`, the value must be one of them. */
export function parseText(text: string, oneOf?: readonly string[], label = ""): Normalized<string | null> {
  const s = cleanText(text);
  if (s === "") return ok(null);
  if (oneOf && !oneOf.includes(s)) return fail({ code: "not_in_list", oneOf, label });
  return ok(s);
}

// ---------------------------------------------------------------- placeholders

/** What people type for "nothing" (compared width-folded, lower case): read as a blank cell. */
export const PLACEHOLDERS: ReadonlySet<string> = new Set([
  "无",
  "暂无",
  "没有",
  "空",
  "/",
  "//",
  "\\",
  "-",
  "--",
  "—",
  "——",
  "–",
  "n/a",
  "na",
  "null",
  "无。",
]);

/** Whether a cell's text is a placeholder for blank. In a 是/否 column 无 is an answer (否), not a placeholder. */
export function isPlaceholder(text: string, kind: ColumnSpec["kind"]): boolean {
  if (text.length > 6 || text.length === 0) return false;
  // Most cells are answered by their first character: a printable ASCII character or a CJK
  // unified ideograph is left as it is by the fold (NFKC has no decomposition for it, nothing
  // composes onto it into another, it is not trimmed), so unless it can start a placeholder
  // (/ \ - n N, 无 暂 没 空) the folded text cannot be one — no Map lookup for every name.
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) {
    if (c !== 0x2f && c !== 0x5c && c !== 0x2d && c !== 0x6e && c !== 0x4e) return false;
  } else if (c >= 0x4e00 && c <= 0x9fff && c !== 0x65e0 && c !== 0x6682 && c !== 0x6ca1 && c !== 0x7a7a) return false;
  // short texts repeat (names, 是/否, types): the folded form is remembered (bounded), so a cell
  // is a Map lookup rather than an NFKC normalisation
  let s = PLACEHOLDER_FOLD.get(text);
  if (s === undefined) {
    const folded = foldWidth(text).toLowerCase();
    s = PLACEHOLDERS.has(folded) ? folded : "";
    if (PLACEHOLDER_FOLD.size >= 50_000) PLACEHOLDER_FOLD.clear();
    PLACEHOLDER_FOLD.set(text, s);
  }
  if (s === "") return false;
  return !(kind === "boolean" && s === "无");
}

/** text (≤ 6 characters) → its folded form when that is a placeholder, else "" */
const PLACEHOLDER_FOLD = new Map<string, string>();

// ---------------------------------------------------------------- cells

/**
 * A cell as a reader gives it: CSV gives strings; XLSX also numbers, booleans, dates and error
 * values. An error value is Excel's (#N/A …), or a cell the reader could not read: a formula
 * without its result (`reason`), an xlsx date cell whose value is no date (`code: "bad_date_cell"`,
 * `error` its text).
 */
export type SourceCell = string | number | boolean | Date | null | { error: string; reason?: string; code?: "bad_date_cell" };

/** The cell as text, as it would be shown (for messages and extra columns); null when empty. */
export function cellText(cell: SourceCell): string | null {
  if (cell === null) return null;
  if (typeof cell === "string") return cell;
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : formatDay(dayFromDate(cell));
  return cell.error;
}

export function isBlankCell(cell: SourceCell): boolean {
  const t = cellText(cell);
  return t === null || cleanText(t) === "";
}

/** What the cell normaliser needs of a column. */
export type CellSpec = Pick<ColumnSpec, "kind" | "required" | "oneOf" | "min" | "max" | "integer" | "percent" | "rate">;

/**
 * Normalise one cell for a column. The reason (Chinese) names the column by `label` (the
 * header as in the file) and the value, e.g. "「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）".
 * idList blank → []; other kinds blank → null; a blank required cell is an error.
 */
export function normalizeCell(spec: CellSpec, cell: SourceCell, label: string, opts: { date1904?: boolean } = {}): Normalized<CellValue> {
  const shown = cellText(cell);
  // blank as isBlankCell decides it (without a second cellText), or a placeholder (无, /, —, N/A …)
  if (shown === null || cleanText(shown) === "" || (typeof cell === "string" && isPlaceholder(shown, spec.kind))) {
    if (spec.required) return fail({ code: "missing_required", column: label });
    return ok(spec.kind === "idList" ? [] : null);
  }
  const r = normalizeFilled(spec, cell as Exclude<SourceCell, null>, opts.date1904 ?? false);
  if (r.ok) {
    // a list of separators only ("；") holds no id
    if (spec.required && Array.isArray(r.value) && r.value.length === 0) return fail({ code: "missing_required", column: label });
    return r;
  }
  return fail({ ...r.problem, column: label, value: shown });
}

/**
 * The value normalizeCell gives a plain, filled text cell (a plain ISO date, plain number in
 * range, a 是/否 word, trimmed text in its list, an id list), found without a result object; undefined when
 * normalizeCell must decide (anything else, errors included).
 */
export function plainCellValue(spec: CellSpec, cell: SourceCell): CellValue | undefined {
  if (typeof cell !== "string" || cell.length === 0) return undefined;
  switch (spec.kind) {
    case "date": {
      if (cell.length !== 10 || cell.charCodeAt(4) !== 0x2d || cell.charCodeAt(7) !== 0x2d) return undefined;
      const y = digits(cell, 0, 4);
      const mo = digits(cell, 5, 7);
      const d = digits(cell, 8, 10);
      return y >= EARLIEST_YEAR && mo >= 0 && d >= 0 && isValidDate(y, mo, d) ? dayFromCivil(y, mo, d) : undefined;
    }
    case "number": {
      if (!PLAIN_NUMBER.test(cell)) return undefined;
      const v = Number(cell);
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) return undefined;
      if ((spec.integer && !Number.isInteger(v)) || (spec.rate && v > 1)) return undefined;
      return v;
    }
    case "boolean":
      return TRUE_WORDS.has(cell) ? true : FALSE_WORDS.has(cell) ? false : undefined;
    case "idList": {
      if (cell.length <= 6 && isPlaceholder(cell, "idList")) return undefined;
      const list = splitIdList(cell);
      return list.length === 0 ? undefined : list;
    }
    case "text": {
      const s = cleanText(cell);
      if (s === "" || (spec.oneOf && !spec.oneOf.includes(s)) || (s.length <= 4 && isPlaceholder(s, "text"))) return undefined;
      return s;
    }
    default:
      return undefined;
  }
}

function normalizeFilled(spec: CellSpec, cell: Exclude<SourceCell, null>, date1904: boolean): Normalized<CellValue> {
  if (typeof cell === "object" && !(cell instanceof Date)) {
    if (cell.code === "bad_date_cell") return fail({ code: "bad_date_cell" });
    return fail(cell.reason !== undefined ? { code: "formula_no_result", formula: cell.error } : { code: "cell_error", error: cell.error });
  }
  switch (spec.kind) {
    case "date": {
      const r = filledDate(cell, date1904);
      // a number typed into a date column (2024, 8.1) reads as an Excel serial of 1900–1905
      return r.ok && r.value !== null && r.value < EARLIEST_DAY
        ? fail({ code: "implausible_date", date: formatDay(r.value), earliest: EARLIEST_YEAR })
        : r;
    }
    case "number":
      if (typeof cell === "number") return Number.isFinite(cell) ? checkRange(cell, spec) : fail({ code: "bad_number", got: "nonfinite" });
      if (cell instanceof Date) return fail({ code: "bad_number", got: "date" });
      if (typeof cell === "boolean") return fail({ code: "bad_number", got: "boolean" });
      return parseNumber(cell, spec);
    case "boolean":
      if (typeof cell === "boolean") return ok(cell);
      if (cell instanceof Date) return fail({ code: "bad_boolean", got: "date" });
      return parseBoolean(String(cell));
    case "idList":
      return parseIdList(cellText(cell) ?? "");
    case "docNo":
      return parseDocNo(cellText(cell) ?? "");
    case "text":
      return parseText(cellText(cell) ?? "", spec.oneOf);
  }
}

/** A filled date cell → its day (any day; normalizeFilled checks it is a plausible one). */
function filledDate(cell: string | number | boolean | Date, date1904: boolean): Normalized<number | null> {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? fail({ code: "bad_date", hint: "invalid" }) : ok(dayFromDate(cell));
  if (typeof cell === "number") {
    // 20240305 typed as a number: a date written without separators, not a serial
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 99991231) return parseDate(String(cell));
    return excelSerialToDay(cell, date1904);
  }
  if (typeof cell === "boolean") return fail({ code: "bad_date", hint: "forms" });
  return parseDate(cell);
}
