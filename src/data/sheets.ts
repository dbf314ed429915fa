/** Sheets of a workbook: which are instructions rather than data, and how a sheet is named in messages. */
import { foldWidth } from "./normalize.js";
import type { FileFormat, NotRead } from "./types.js";

/** Sheet names of instructions, lists of values and the like (填表说明, 说明, 下拉选项 …): never data. */
const INSTRUCTIONS =
  /^(填表说明|填报说明|填写说明|使用说明|说明|注意事项|填表须知|readme|instructions?|下拉选项|选项|数据字典|字典|代码表)/i;

export function instructionSheet(name: string): boolean {
  return INSTRUCTIONS.test(foldWidth(name).trim());
}

/** A file and sheet as messages name them: `training.xlsx [城关镇]`; a CSV file by its name. */
export function sourceLabel(file: string, sheet: string | null | undefined): string {
  return sheet === null || sheet === undefined ? file : `${file} [${sheet}]`;
}

/** A file's format, by its extension (WPS .et files are the same compound-file format as .xls). */
export function formatOf(file: string): FileFormat {
  const ext = file.toLowerCase().split(".").pop();
  return ext === "xlsx" ? "xlsx" : ext === "xls" || ext === "et" ? "xls" : "csv";
}

/** The sheets to read, and those not read (hidden sheets, instructions) with why. */
export function sheetsToRead<T extends { name: string; hidden: boolean }>(
  file: string,
  sheets: readonly T[],
): { read: T[]; notRead: NotRead[] } {
  const read: T[] = [];
  const notRead: NotRead[] = [];
  for (const sh of sheets) {
    if (sh.hidden) notRead.push({ file, sheet: sh.name, reason: "隐藏的工作表，未读取（如需读取，请在 Excel 中取消隐藏）" });
    else if (instructionSheet(sh.name)) notRead.push({ file, sheet: sh.name, reason: "填表说明，不是数据" });
    else read.push(sh);
  }
  return { read, notRead };
}

/** Why a sheet that failed in a workbook of several is not a sheet of the dataset (and is
 * listed, not an error): empty, or a header with fewer than two of the dataset's columns.
 * Null: it has the dataset's columns in part — an error, as in a single-sheet file. */
export function notThisDataset(headers: readonly { source: string; key: string | null }[], rowsSeen: number, title: string): string | null {
  if (rowsSeen === 0) return "空工作表";
  const matched = headers.filter((h) => h.key !== null && !h.key.startsWith("第")).length;
  if (matched >= 2) return null;
  return `表头与数据集「${title}」不符（表头为：${
    headers
      .map((h) => h.source)
      .filter((x) => x !== "")
      .slice(0, 8)
      .join("、") || "空"
  }），未读取`;
}
