/**
 * What a file gives to read, whatever its format: batches of rows (cells), CSV records (text
 * fields, with the lines a quoted field spans) and errors at a line.
 */
import { readCsvBatches } from "./csv.js";
import { isBlankCell, type SourceCell } from "./normalize.js";
import type { SourceTally } from "./reading.js";
import type { RowProblem } from "./problems.js";

export interface SourceRow {
  line: number;
  cells: SourceCell[];
}
export type SourceItem =
  | ({ type: "row" } & SourceRow)
  | { type: "record"; line: number; fields: string[]; span?: number }
  | { type: "error"; line: number; value: string | null; reason: string; problem: RowProblem };

/** CSV records, a batch per chunk read (a promise per batch, not per row; the CSV reader's items as they are). */
export function csvRows(chunks: AsyncIterable<Buffer>, firstLine = 1): AsyncGenerator<SourceItem[]> {
  return readCsvBatches(chunks, firstLine);
}

/** Rows already in memory (xls, exceljs), in batches. */
export async function* listRows(rows: SourceRow[]): AsyncGenerator<SourceItem[]> {
  for (let i = 0; i < rows.length; i += 4096) yield rows.slice(i, i + 4096).map((r) => ({ type: "row", ...r }) as SourceItem);
}

/** The items of a sheet, counting its non-blank rows into the entry (an empty sheet has none). */
export async function* countSeen(items: AsyncGenerator<SourceItem[]>, e: SourceTally): AsyncGenerator<SourceItem[]> {
  for await (const batch of items) {
    for (const it of batch) if (it.type !== "row" || !it.cells.every(isBlankCell)) e.seen++;
    yield batch;
  }
}

/** A streamed sheet's rows as items. */
export async function* sheetItems(rows: AsyncGenerator<SourceRow[]>): AsyncGenerator<SourceItem[]> {
  for await (const batch of rows) yield batch.map((r) => ({ type: "row", line: r.line, cells: r.cells }) as SourceItem);
}
