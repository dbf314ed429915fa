import type { DatasetId, ColumnSpec } from "./contract.js";
import type { Progress } from "../util/progress.js";
import type { DataProblemCode } from "./problems.js";

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
  /** which of the dataset's files and sheets (DatasetLoad.sources) it came from, when there are several */
  src?: number;
}

/** A row (or a cell of it) that could not be used, and why, in Chinese. */
export interface RejectedRow {
  line: number;
  /** the header as it stands in the file, or null when the whole row is at fault */
  column: string | null;
  value: string | null;
  reason: string;
  /** what is wrong, as a code (data/problems.ts): written to results.json with the row */
  code?: DataProblemCode;
}

/** Rejected rows of one file that would have been a unit's data (unit null: a row whose unit
 * cannot be told, or a part of the file not read: a gap in every unit's data). */
export interface DataGap {
  unit: string | null;
  /** rows rejected (exact) */
  rows: number;
  /** the first lines (at most 5), in order */
  lines: number[];
  /** a dataset of several files or sheets: each of `lines` with its file (and sheet) */
  at?: string[];
}

/** A line that is no record and was skipped on purpose (title, 填报单位, 合计, 填表说明 …). */
export interface SkippedLine {
  line: number;
  reason: string;
}

/** Where a dataset's rows come from: a file of the data folder, and the unit whose folder (or
 * file name) it is in, when it is in one (its rows must then belong to that unit). */
export interface DataSource {
  /** path relative to the data folder, with "/" between folders */
  file: string;
  /** unit id of the folder (or file-name suffix) the file belongs to; null when none */
  unit: string | null;
  /** the folder or suffix as written (a unit id or name), for messages */
  unitLabel?: string;
  /** in a 补报 (late submission) folder */
  late?: boolean;
}

export type FileFormat = "csv" | "xlsx" | "xls";

/** What reading a file (or a sheet, or a whole dataset) gave: the counts every report shows. */
export interface ReadCounts {
  /** data rows read (header excluded, fully blank rows excluded) */
  rows: number;
  accepted: number;
  /** the rejected rows, in line order; at most MAX_REJECTED_LISTED per file (see rejectedTotal) */
  rejected: RejectedRow[];
  /** rejections in all, listed or not (only set when more than the listed ones) */
  rejectedTotal?: number;
  /** the file was not read to the end (or a stretch of it was swallowed): from which line, and why */
  unread?: { line: number; reason: string };
  /** lines skipped on purpose (titles, 填报单位 lines, 合计 and 填表说明 rows), at most 100 listed */
  skipped?: SkippedLine[];
  /** skipped lines in all, when more than listed */
  skippedTotal?: number;
  /** header problems that do not stop the file (a header close to a contract column but not matched) */
  warnings?: string[];
  /** set when the file as a whole cannot be used (unreadable, missing required column…); for a
   * dataset, no row is then accepted and every indicator built on it is an error */
  error: string | null;
  /** with `error`: what is wrong, as a code (data/problems.ts; the first, when several files failed); written to results.json as the entry's errorCode */
  errorCode?: DataProblemCode;
}

/** What one file (and, in a workbook, one sheet) gave: a line of the run's manifest. */
export interface SourceLoad extends ReadCounts {
  file: string;
  /** the worksheet read; null for CSV */
  sheet: string | null;
  /** the unit whose folder (or file-name suffix) the file is in; null when none */
  unit: string | null;
  /** from a 补报 folder */
  late?: boolean;
  format: FileFormat;
  encoding: "utf-8" | "utf-8-bom" | "gb18030" | null;
  rejectedRows?: number;
  /** accepted rows dated outside the assessment period (kept, not counted by the indicators) */
  outsidePeriod?: number;
  /** accepted training rows in the period whose 培训类别 the rubric does not count, by kind (most rows first) */
  uncountedKinds?: KindCount[];
}

/** Rows of one 培训类别. */
export interface KindCount {
  kind: string;
  rows: number;
}

/** A file, folder or sheet in the data folder that was not read, and why. */
export interface NotRead {
  file: string;
  sheet?: string;
  reason: string;
}

/** What loading one dataset's file gave. */
export interface DatasetLoad extends ReadCounts {
  dataset: DatasetId;
  /** file name relative to the data folder (the first, when several); null when no file was found */
  file: string | null;
  format: FileFormat | null;
  /** detected text encoding of a CSV file */
  encoding: "utf-8" | "utf-8-bom" | "gb18030" | null;
  /** distinct lines rejected (absent when none) */
  rejectedRows?: number;
  /** officers only: the rows rejected whose unit could be told, as [officer id, unit id] (a
   * training row of such an officer is that unit's gap, not every unit's) */
  rejectedUnitOf?: [string, string][];
  /** files (and sheets) of units' folders that could not be read while the dataset's other files
   * were: that unit's data of the dataset are missing (a gap in its data only) */
  unusable?: { unit: string; file: string; reason: string }[];
  /** rejected rows by the unit they would have belonged to (absent when none) */
  gaps?: DataGap[];
  /** header of each source column and the column key it was matched to (null: kept as extra) */
  headers: { source: string; key: string | null }[];
  /** accepted rows; empty for a dataset whose rows were handed on as they were read (LoadOptions.largeReader) */
  records: Row[];
  /** every file and sheet read for the dataset, in reading order (absent when none was) */
  sources?: SourceLoad[];
  /** sheets of its workbooks that were not read, and why */
  notRead?: NotRead[];
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
  /** activity types the rubric defines: an activities row of another type is rejected */
  activityTypes?: ReadonlySet<string>;
  /** recurring tasks (每年…前): every milestones row is kept, one per occurrence, not only the earliest */
  recurringTaskIds?: ReadonlySet<string>;
  /** self-reported indicators the rubric defines, with the kind of their value */
  reported?: ReadonlyMap<string, "number" | "boolean" | "date">;
  /** their `format` where the rubric gives one: a rate is a share in [0, 1] (87.2 is refused, not
   * read as 8,720%), a count a whole number ≥ 0, a score, hours or days no percentage */
  reportedFormats?: ReadonlyMap<string, string>;
  mapping?: ColumnMapping;
  /** the rubric names a review standard: 得分 of case_reviews may be blank (computed from review_findings) */
  reviewStandard?: boolean;
  /** large datasets to read whole and keep as records even when streaming (e.g. case_reviews scored against a standard) */
  keep?: readonly DatasetId[];
  /** unit categories the rubric has a grade scale for (absent: every category has one); a units row of another category is rejected */
  gradedCategories?: ReadonlySet<string>;
  /** the assessment period (days since 1970-01-01): rows dated outside it are counted per file */
  period?: { start: number; end: number };
  /** the 培训类别 the rubric counts: training rows in the period of another kind are counted per
   * file, by kind (kept; their hours are not counted) */
  trainingKinds?: ReadonlySet<string>;
  /** progress display of the files as they are read */
  progress?: Progress | null;
  /** reads the large datasets in the last pass instead (e.g. src/stream/: on worker threads, rows
   * handed on and not kept); absent: read here and kept as records */
  largeReader?: LargeDatasetReader;
}

/** An officer's unit, by officer id (undefined: not known). */
export interface OfficerUnits {
  get(id: string): string | undefined;
}

/** What the datasets read before tell the checks of a later one, while it is read. */
export interface KnownIds {
  /** unit ids accepted in units, and where they come from (for messages) */
  units?: {
    ids: ReadonlySet<string>;
    where: string /** ids of rows rejected from units (their other rows are theirs, not every unit's) */;
    rejected?: ReadonlySet<string>;
  };
  /** officer ids accepted in officers (checked for training) */
  officers?: {
    ids: { has(id: string): boolean };
    where: string /** officer id → unit id (to attribute a rejected training row) */;
    unitOf?: OfficerUnits;
  };
}

/** A large dataset's files, read in the folder's last pass. */
export interface LargeDataset {
  id: DatasetId;
  sources: DataSource[];
}

/** Everything the folder's last pass is given: the column mapping, the options, and what the earlier passes read. */
export interface LastPass {
  dir: string;
  mapping: ColumnMapping;
  options: LoadOptions;
  known: KnownIds;
  /** the datasets read so far */
  before: LoadedData;
}

/** Reads the large datasets (training, cases, case_reviews) in the last pass of loadData. */
export interface LargeDatasetReader {
  /** the large datasets are known, before the earlier passes run (e.g. start threads now) */
  prepare(dir: string, files: readonly LargeDataset[]): Promise<void>;
  /** read them, each checked against the datasets read before; a load per file list, in order */
  read(files: readonly LargeDataset[], pass: LastPass): Promise<DatasetLoad[]>;
  /** end what prepare started (also when read was never reached) */
  close(): Promise<void>;
}

export interface LoadedData {
  dir: string;
  datasets: Partial<Record<DatasetId, DatasetLoad>>;
  /** files in the folder that are no dataset (not read) */
  ignoredFiles: string[];
  /** everything in the folder tree not read (files, folders, links, sheets), with why */
  notRead?: NotRead[];
}
