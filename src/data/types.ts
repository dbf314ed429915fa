import type { DatasetId, ColumnSpec } from "./contract.js";

/**
 * A normalised cell value. Dates are whole days since 1970-01-01 (UTC calendar days), so
 * that date arithmetic is integer arithmetic; the column's kind says how to read a number.
 * null is a blank cell (for booleans: unknown, never false).
 */
export type CellValue = string | number | boolean | string[] | null;

/** One accepted data row. `values` is keyed by canonical column key (the English alias);
 * unknown extra columns are kept under their header text as found (trimmed, width-folded). */
export interface Row {
  /** line number in the file, header = line 1, as a spreadsheet shows it */
  line: number;
  values: Record<string, CellValue>;
}

/** A row (or a cell of it) that could not be used, and why, in Chinese. */
export interface RejectedRow {
  line: number;
  /** the header as it stands in the file, or null when the whole row is at fault */
  column: string | null;
  value: string | null;
  reason: string;
}

/** What loading one dataset's file gave. */
export interface DatasetLoad {
  dataset: DatasetId;
  /** file name relative to the data folder; null when no file was found */
  file: string | null;
  format: "csv" | "xlsx" | null;
  /** detected text encoding of a CSV file */
  encoding: "utf-8" | "utf-8-bom" | "gb18030" | null;
  /** data rows read (header excluded, fully blank rows excluded) */
  rows: number;
  accepted: number;
  rejected: RejectedRow[];
  /** set when the file as a whole cannot be used (unreadable, missing required column…):
   * then no row is accepted and every indicator built on the dataset is an error */
  error: string | null;
  /** header of each source column and the column key it was matched to (null: kept as extra) */
  headers: { source: string; key: string | null }[];
  records: Row[];
}

/** User column mapping: per dataset, source header → canonical key or Chinese name. */
export type ColumnMapping = Partial<Record<DatasetId, Record<string, string>>>;

/** What the loader needs to know of the rubric to check the data against it. */
export interface LoadOptions {
  /** datasets the rubric needs: a missing file for one of these is a dataset error */
  required?: readonly DatasetId[];
  /** further typed columns the rubric declares (reachable by custom indicators) */
  extraColumns?: Partial<Record<DatasetId, ColumnSpec[]>>;
  /** task ids the rubric defines; milestone rows naming others are rejected */
  taskIds?: ReadonlySet<string>;
  /** self-reported indicators the rubric defines, with the kind of their value */
  reported?: ReadonlyMap<string, "number" | "boolean" | "date">;
  mapping?: ColumnMapping;
}

export interface LoadedData {
  dir: string;
  datasets: Partial<Record<DatasetId, DatasetLoad>>;
  /** files in the folder that are no dataset (not read) */
  ignoredFiles: string[];
}
