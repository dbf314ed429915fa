/**
 * Data problems as a closed union of codes (zod's issues, csv-parse's CsvError codes): each
 * problem says what is wrong by its `code` and the facts its sentence needs; where it is
 * (file, sheet, line, column, value) rides along when known. Code groups problems and tests
 * them by code; the Chinese sentence is made in one place, data/problem-messages.ts.
 *
 * A code's facts are what its sentence shows, as the reader found them (the header as in the
 * file, the value as typed), so the sentence stays what it was before codes.
 */

/** Where a problem is; each part only when known (and as the file shows it). */
export interface ProblemWhere {
  /** file, relative to the data folder */
  file?: string;
  /** worksheet of a workbook */
  sheet?: string;
  /** line, header = line 1, as a spreadsheet shows it */
  line?: number;
  /** the header as it stands in the file */
  column?: string;
  /** the cell as it shows (for a cell problem: the value the sentence quotes) */
  value?: string;
}

// ---------------------------------------------------------------- cells (normalize.ts)

/** A value a cell cannot hold. With `column` and `value` the sentence names the cell:
 * 「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）. */
export type CellProblem = ProblemWhere &
  (
    | { code: "missing_required"; column: string }
    /** not a date: `forms` says which forms are read; `invalid` an invalid Date object; `plain` no hint */
    | { code: "bad_date"; hint: "forms" | "invalid" | "plain" | "time" }
    /** a date before `earliest` (1950): a number typed into a date column (2024 → 1905-07-16), or a slip */
    | { code: "implausible_date"; date: string; earliest: number }
    /** a date that does not exist: month out of 1–12, or day beyond the month */
    | { code: "no_such_date"; year: number; month: number }
    /** an Excel serial date outside 1900-01-01 … 9999-12-31, or serial 60 (Excel's fictitious 1900-02-29) */
    | { code: "bad_excel_serial"; serial: number }
    /** not a number: typed text, an infinite number, a date, or a 是/否 value */
    | {
        code: "bad_number";
        got: "text" | "nonfinite" | "date" | "boolean";
        /** what the column takes, when not any number: a whole number, no percentage, or a share */
        expected?: "integer" | "plain" | "rate";
      }
    /** not a 是/否 value: typed text, or a date */
    | { code: "bad_boolean"; got: "text" | "date" }
    /** a number outside its inclusive range; `label` starts the sentence (the column name, or "") */
    | { code: "out_of_range"; min?: number; max?: number; label: string }
    /** a rate outside [0, 1] (87.2 written for 87.2%) */
    | { code: "rate_out_of_range" }
    /** a count with a fraction */
    | { code: "not_integer" }
    /** a percentage in a column that holds no share (学时, 得分 …) */
    | { code: "percent_not_allowed" }
    /** text not among the values a column allows */
    | { code: "not_in_list"; oneOf: readonly string[]; label: string }
    /** an Excel error value (#N/A, #DIV/0! …) */
    | { code: "cell_error"; error: string }
    /** a formula cell saved without its result */
    | { code: "formula_no_result"; formula: string }
    /** an xlsx date cell (t="d") whose value is no ISO 8601 date (the value is the cell's text) */
    | { code: "bad_date_cell" }
  );

// ---------------------------------------------------------------- rows

/** A row (or a cell of it) that cannot be used. */
export type RowProblem = ProblemWhere &
  (
    | CellProblem
    /** csv.ts: the CSV cannot be read from `line` on (csv-parse's error `csvCode`) */
    | { code: "unclosed_quote"; line: number }
    | { code: "bad_quote"; line: number; at: "closing" | "opening" }
    | { code: "record_too_long"; line: number; maxMb: number }
    | { code: "csv_syntax"; line: number; csvCode: string }
    /** a stray `"` on `line` swallowed the lines to `last` into one cell */
    | { code: "quote_swallowed_lines"; line: number; last: number }
    /** a line not in UTF-8 in a UTF-8 file */
    | { code: "line_not_utf8"; line: number }
    /** a CSV line of another number of fields than the header */
    | { code: "field_count"; line: number; fields: number; width: number }
    /** a cell filled right of the last header */
    | { code: "cell_without_header"; line: number; letter: string }
    /** a unique column's value seen before (`firstFile`: in another file or sheet of the dataset) */
    | { code: "duplicate_id"; column: string; value: string; firstLine: number; firstFile?: string }
    /** a unit id or officer id not in the units or officers table (`list`: 执法单位表（units.csv）) */
    | { code: "unknown_unit"; column: string; value: string; list: string }
    /** (`rejected`: the officer's own row is in the list but was rejected) */
    | { code: "unknown_officer"; column: string; value: string; list: string; rejected?: true }
    /** a row of another unit in a unit's folder (or a file named for a unit) */
    | { code: "other_unit"; value: string; unit: string; unitLabel: string; inFolder: boolean }
    | { code: "other_unit_officer"; value: string; officerUnit: string; unit: string; unitLabel: string; inFolder: boolean }
    /** a record equal in every column to one of an earlier file */
    | { code: "repeated_record"; firstFile: string; firstLine: number }
    /** ids the rubric does not define */
    | { code: "unknown_task"; column: string; value: string }
    | { code: "unknown_activity_type"; column: string; value: string }
    | { code: "unknown_indicator"; column: string; value: string }
    /** a self-reported value not of the indicator's kind */
    | { code: "bad_reported_value"; cause: CellProblem; indicator: string; kind: "number" | "boolean" | "date" }
    /** documents: 失效/废止 without 失效日期 */
    | { code: "missing_invalid_from"; status: string }
    /** case_reviews: 得分 blank and no review standard to compute it */
    | { code: "missing_score"; scoreName: string }
    /** units: a category the rubric has no grade scale for */
    | { code: "ungraded_category"; category: string; categories: readonly string[] }
    /** officers: a 执法证号 that is no number (未取得, 待办理, 否, 0) */
    | { code: "not_certificate_no"; column: string; value: string }
    /** cases: two dates in an order that cannot be (公示 before 决定, 立案 after 决定, 法制审核 before 立案) */
    | { code: "date_order"; later: string; laterDate: string; earlier: string; earlierDate: string }
    /** cases: 公示日期 filled, 决定日期 blank */
    | { code: "published_undecided"; published: string; publishedDate: string; decided: string }
    /** training: neither 学时 nor 时长（分钟） */
    | { code: "missing_hours"; hoursName: string; minutesName: string }
    /** milestones (with the kept 完成日期) and indicators: a unit reported the same task or indicator twice */
    | { code: "duplicate_report"; unit: string; column: string; value: string; keptLine: number; keptDone?: string }
  );

// ---------------------------------------------------------------- files and headers

/** A file (or sheet) that cannot be used, or a header problem. */
export type FileProblem = ProblemWhere &
  /** headers.ts: required columns absent (`missing`: 「单位编码」(unit_id), groups joined by 或) */
  (
    | { code: "missing_column"; missing: readonly string[]; found: readonly string[] }
    /** the column mapping names a column the dataset does not have */
    | { code: "mapping_unknown_column"; source: string; target: string; datasetTitle: string }
    /** two header cells name the same column (`what`: 「单位编码」(unit_id), or 「extra」) */
    | { code: "duplicate_column"; first: string; firstIndex: number; second: string; secondIndex: number; what: string }
    /** a warning: a header close to a contract column but not matched to it */
    | { code: "near_column"; header: string; index: number; near: string; nearName: string }
    /** no header row among the first rows */
    | { code: "no_header_row"; rows: number; line: number; first: string }
    | { code: "header_unreadable"; cause: string }
    | { code: "empty_file" }
    | { code: "unreadable_file"; cause: string }
    /** encoding.ts: bytes that are no text, or text in an encoding not read */
    | { code: "not_text"; looks: "zip" | "ole" | "nul" | "control" }
    | { code: "utf16" }
    | { code: "bad_bom" }
    | { code: "bad_encoding" }
    /** xls.ts: not a workbook fazhi reads */
    | { code: "xls_too_large"; mb: number }
    | { code: "xls_is_xlsx" }
    | { code: "xls_is_html" }
    | { code: "not_xls" }
    | { code: "xls_encrypted" }
    | { code: "xls_biff5" }
    | { code: "xls_no_workbook" }
    | { code: "xls_corrupt"; detail: string }
    /** xlsx.ts, xlsx-stream.ts */
    | { code: "xlsx_too_large"; mb: number }
    | { code: "xlsx_bomb"; detail: string }
    | { code: "xlsx_old_or_encrypted" }
    | { code: "xlsx_not_zip" }
    | { code: "xlsx_corrupt"; detail: string }
    | { code: "xlsx_no_sheet" }
    /** load.ts: a workbook without a sheet to read (`allHidden`: every sheet hidden) */
    | { code: "no_readable_sheet"; sheets: readonly string[]; allHidden: boolean }
    | { code: "no_matching_sheet"; datasetTitle: string; skipped: readonly string[] }
    /** a sheet named as a copy of another sheet of the workbook (Sheet1 (2), 培训登记 副本) that
     * repeats `same` of its rows and has `other` rows of its own: which one holds the data cannot be told */
    | { code: "copied_sheet"; sheet: string; original: string; same: number; other: number }
    /** a file not used because another file of its dataset could not be read */
    | { code: "unused_file"; failed: readonly string[] }
    /** folder.ts: a dataset in two files, or none */
    | { code: "dataset_ambiguous"; dataset: string; title: string; files: readonly string[] }
    | { code: "dataset_missing"; dataset: string; title: string; why?: string }
  );

/** The data folder or its column-mapping file cannot be used at all: the run stops (DataError). */
export type FolderProblem = ProblemWhere &
  /** folder.ts: the data folder */
  (
    | { code: "folder_missing"; path: string }
    | { code: "folder_unreadable"; path: string; cause: string }
    | { code: "not_a_folder"; path: string }
    /** mapping-file.ts: column-mapping.json (or --mapping) */
    | { code: "mapping_unreadable"; path: string; cause: string }
    /** bytes that are no UTF-8/GBK text (`reason`: encoding.ts' sentence) */
    | { code: "mapping_not_text"; path: string; reason: string }
    /** `where`: （第 N 行第 M 个字符附近） or ""; `detail`: the JSON parser's message */
    | { code: "mapping_bad_json"; path: string; where: string; detail: string }
    /** not {"数据集": {"表头": "列名"}}: `problems` each entry's fault (none: the whole is not an object) */
    | { code: "mapping_bad_shape"; path: string; problems: readonly string[] }
  );

export type DataProblem = RowProblem | FileProblem | FolderProblem;

/** The codes of each group, in the order of the union (closed: a new problem is a new code here and a sentence in problem-messages.ts). */
const CELL_PROBLEM_CODES = [
  "missing_required",
  "bad_date",
  "implausible_date",
  "no_such_date",
  "bad_excel_serial",
  "bad_number",
  "bad_boolean",
  "out_of_range",
  "rate_out_of_range",
  "not_integer",
  "percent_not_allowed",
  "not_in_list",
  "cell_error",
  "formula_no_result",
  "bad_date_cell",
] as const satisfies readonly CellProblem["code"][];

const ROW_PROBLEM_CODES = [
  "unclosed_quote",
  "bad_quote",
  "record_too_long",
  "csv_syntax",
  "quote_swallowed_lines",
  "line_not_utf8",
  "field_count",
  "cell_without_header",
  "duplicate_id",
  "unknown_unit",
  "unknown_officer",
  "other_unit",
  "other_unit_officer",
  "repeated_record",
  "unknown_task",
  "unknown_activity_type",
  "unknown_indicator",
  "bad_reported_value",
  "missing_invalid_from",
  "missing_score",
  "ungraded_category",
  "not_certificate_no",
  "date_order",
  "published_undecided",
  "missing_hours",
  "duplicate_report",
] as const satisfies readonly RowProblem["code"][];

const FILE_PROBLEM_CODES = [
  "missing_column",
  "mapping_unknown_column",
  "duplicate_column",
  "near_column",
  "no_header_row",
  "header_unreadable",
  "empty_file",
  "unreadable_file",
  "not_text",
  "utf16",
  "bad_bom",
  "bad_encoding",
  "xls_too_large",
  "xls_is_xlsx",
  "xls_is_html",
  "not_xls",
  "xls_encrypted",
  "xls_biff5",
  "xls_no_workbook",
  "xls_corrupt",
  "xlsx_too_large",
  "xlsx_bomb",
  "xlsx_old_or_encrypted",
  "xlsx_not_zip",
  "xlsx_corrupt",
  "xlsx_no_sheet",
  "no_readable_sheet",
  "no_matching_sheet",
  "copied_sheet",
  "unused_file",
  "dataset_ambiguous",
  "dataset_missing",
] as const satisfies readonly FileProblem["code"][];

const FOLDER_PROBLEM_CODES = [
  "folder_missing",
  "folder_unreadable",
  "not_a_folder",
  "mapping_unreadable",
  "mapping_not_text",
  "mapping_bad_json",
  "mapping_bad_shape",
] as const satisfies readonly FolderProblem["code"][];

/** Every code, in the order of the union. */
export const PROBLEM_CODES = [...CELL_PROBLEM_CODES, ...ROW_PROBLEM_CODES, ...FILE_PROBLEM_CODES, ...FOLDER_PROBLEM_CODES] as const;

export type DataProblemCode = (typeof PROBLEM_CODES)[number];

// the list and the union are the same set (a code missing from the list fails to compile)
type Missing = Exclude<DataProblem["code"], DataProblemCode>;
const _complete: Missing extends never ? true : never = true;
void _complete;

/** The problem of a given code. */
export type ProblemOf<C extends DataProblemCode> = Extract<DataProblem, { code: C }>;

const CELL_CODES: ReadonlySet<string> = new Set<CellProblem["code"]>(CELL_PROBLEM_CODES);

/** Whether a problem is about one cell's value (its sentence names the column and the value). */
export function isCellProblem(p: DataProblem): p is CellProblem {
  return CELL_CODES.has(p.code);
}

/** Codes of problems that make a whole file (or sheet, or dataset) unusable or are header warnings, as opposed to a rejected row. */
export const FILE_CODES: ReadonlySet<DataProblemCode> = new Set<FileProblem["code"]>(FILE_PROBLEM_CODES);
