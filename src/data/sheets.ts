/** Sheets of a workbook: which are instructions rather than data, and how a sheet is named in messages. */
import { foldWidth } from "./normalize.js";

/** Sheet names of instructions, lists of values and the like (填表说明, 说明, 下拉选项 …): never data. */
const INSTRUCTIONS = /^(填表说明|填报说明|填写说明|使用说明|说明|注意事项|填表须知|readme|instructions?|下拉选项|选项|数据字典|字典|代码表)/i;

export function instructionSheet(name: string): boolean {
  return INSTRUCTIONS.test(foldWidth(name).trim());
}

/** A file and sheet as messages name them: `training.xlsx [城关镇]`; a CSV file by its name. */
export function sourceLabel(file: string, sheet: string | null | undefined): string {
  return sheet === null || sheet === undefined ? file : `${file} [${sheet}]`;
}
