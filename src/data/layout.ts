/**
 * Where the table is in a sheet as people make it: the header row found below title rows and
 * 填报单位/填报日期 lines, a two-row merged header combined (证件信息 over 执法证号 / 证件有效期至 /
 * 证件状态), and rows that are no records (合计/小计, 填表说明, notes) told apart from data.
 * Pure functions over cell texts; the loader (read-rows.ts) calls them and reports what was skipped.
 */
import { cleanText } from "./normalize.js";

/** Non-blank rows looked at for the header row … */
export const HEADER_SEARCH_ROWS = 12;
/** … or, while none of them names two of the dataset's columns (a long preamble of titles, notes
 * and 填表说明 lines above the header), up to this many. */
export const PREAMBLE_MAX_ROWS = 60;

export interface HeaderChoice {
  /** index in the rows given of the header's (first) row */
  index: number;
  /** 2 when the row below was combined into it */
  rows: 1 | 2;
  header: string[];
}

/**
 * Choose the header among the first non-blank rows: the first row (or row + the row below it,
 * combined) that names at least two of the dataset's columns; `matches` counts the columns a
 * header row names. Null when no row does (the caller then reads the first row as the header,
 * and its error says which columns are missing).
 */
export function chooseHeader(
  rows: readonly string[][],
  matches: (header: string[]) => number,
  names: (cell: string) => boolean,
): HeaderChoice | null {
  const scores = rows.map((r) => matches(r));
  for (let i = 0; i < rows.length; i++) {
    const one = rows[i]!;
    const m1 = scores[i]!;
    const below = rows[i + 1];
    const mNext = below ? scores[i + 1]! : 0;
    if (below) {
      // two rows only when together they name more than either alone (a title above a header does not)
      const two = combineHeader(one, below, names);
      const m2 = matches(two);
      if (m2 >= 2 && m2 > m1 && m2 > mNext) return { index: i, rows: 2, header: two };
    }
    if (m1 >= 2 && m1 >= mNext) return { index: i, rows: 1, header: one };
  }
  return null;
}

/** Two header rows as one: per column the lower cell when it names a column or the upper is
 * blank (a group title merged over several columns), else the upper. */
export function combineHeader(upper: readonly string[], lower: readonly string[], names: (cell: string) => boolean): string[] {
  const n = Math.max(upper.length, lower.length);
  const out: string[] = [];
  for (let j = 0; j < n; j++) {
    const u = cleanText(upper[j] ?? "");
    const l = cleanText(lower[j] ?? "");
    if (l === "") out.push(u);
    else if (u === "" || names(l) || !names(u)) out.push(l);
    else out.push(u);
  }
  return out;
}

const FILLER = /填报单位|填表单位|报送单位|填报日期|填表日期|填报时间|填报人|填表人|联系人|联系电话|制表|审核人|单位负责人|统计时间|截至/;

/** Why a row above the header is skipped: a 填报单位/日期 line or a title. */
export function aboveHeaderReason(cells: readonly string[]): string {
  const texts = [...new Set(cells.map((c) => cleanText(c)).filter((t) => t !== ""))];
  const shown = cut(texts.join(" "));
  return FILLER.test(texts.join("")) ? `填报信息行「${shown}」，不是数据` : `表头上方的标题行「${shown}」，不是数据`;
}

const TOTAL = /^(?:合\s*计|小\s*计|总\s*计|共\s*计)/;
const NOTE = /^(?:填表说明|填报说明|填写说明|说明|注意事项|注意|备注|注)\s*(?:[:：]|\d|[一二三四五六七八九十]、|$)/;
const NOTE_MARK = /^[*※＊]/;
const CJK = /[\u3400-\u9fff]/;

/**
 * Why a row below the header is no record (合计/小计 rows, 填表说明 and note rows, a merged
 * instructions row), or null when it is data. Only the row's non-blank cells are looked at.
 */
export function noRecordReason(cells: readonly string[], width: number): string | null {
  let first = "";
  let filled = 0;
  for (const c of cells) {
    const t = cleanText(c);
    if (t === "") continue;
    if (filled === 0) first = t;
    filled++;
  }
  if (filled === 0) return null;
  if (TOTAL.test(first)) return `合计行「${cut(first)}」，不是记录`;
  if (
    NOTE.test(first) ||
    (filled === 1 && width >= 3 && (NOTE_MARK.test(first) || (first.length >= 8 && CJK.test(first) && /[。；;：:，,]/.test(first))))
  )
    return `说明行「${cut(first)}」，不是记录`;
  return null;
}

const cut = (s: string) => {
  const one = s.replace(/\s+/g, " ");
  return one.length > 30 ? `${one.slice(0, 30)}…` : one;
};
