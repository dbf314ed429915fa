/**
 * Rows that could not be used, attributed to the units whose data they would have been
 * (README "What fazhi reads" → "Incomplete data"). A rejected row whose unit can be told
 * (its 单位编码 cell, for training the unit of its 人员编号 in the officers file) is a gap in
 * that unit's data; a row whose unit cannot be told (blank or unknown 单位编码/人员编号, a
 * row whose columns are out of place, a CSV syntax error, a file not read to the end) is a gap
 * in every unit's data. Kept bounded: per unit a count and the first MAX_GAP_LINES lines.
 */
import type { DataGap } from "./types.js";

/** Lines listed per unit and dataset (the count is exact). */
export const MAX_GAP_LINES = 5;
/** Distinct units tracked per file before further units are counted as "any unit" (bounded memory). */
const MAX_GAP_UNITS = 100_000;

/** Lines of different files of one dataset kept apart: source index × SRC_LINES + line. */
const SRC_LINES = 4294967296;

/** Per-dataset gap book: unit id ("" = unit cannot be told) → rows and first lines (of its files in order). */
export class GapBook {
  private byUnit = new Map<string, { rows: number; lines: number[] }>();
  /** `src`: the index of the file (and sheet) among the dataset's sources */
  add(unit: string | null, line: number, src = 0): void {
    let key = unit ?? "";
    if (key !== "" && !this.byUnit.has(key) && this.byUnit.size >= MAX_GAP_UNITS) key = "";
    let g = this.byUnit.get(key);
    if (!g) this.byUnit.set(key, (g = { rows: 0, lines: [] }));
    g.rows++;
    if (g.lines.length < MAX_GAP_LINES) g.lines.push(src * SRC_LINES + line);
  }
  get size(): number {
    return this.byUnit.size;
  }
  /** In a fixed order: the unattributed gap first, then units by id. With `label` (a dataset of
   * several files or sheets), each line is also named with its file: `at`. */
  list(label?: (src: number) => string): DataGap[] {
    return [...this.byUnit.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([unit, g]) => {
        const keys = [...g.lines].sort((x, y) => x - y);
        const lines = keys.map((k) => k % SRC_LINES);
        const at = label ? keys.map((k) => `${label(Math.floor(k / SRC_LINES))} 第 ${k % SRC_LINES} 行`) : null;
        return { unit: unit === "" ? null : unit, rows: g.rows, lines, ...(at ? { at } : {}) };
      });
  }
}

/** Gaps of a file's parts (in file order) as one file's. */
export function mergeGaps(parts: readonly (readonly DataGap[] | undefined)[]): DataGap[] {
  const book = new Map<string, DataGap>();
  for (const gaps of parts)
    for (const g of gaps ?? []) {
      const key = g.unit ?? "";
      const into = book.get(key);
      if (!into) book.set(key, { unit: g.unit, rows: g.rows, lines: [...g.lines] });
      else {
        into.rows += g.rows;
        into.lines = [...into.lines, ...g.lines].sort((a, b) => a - b).slice(0, MAX_GAP_LINES);
      }
    }
  return [...book.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}
