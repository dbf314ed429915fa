/**
 * Whether a row belongs where it was found, when a dataset comes in several files: a row in a
 * unit's folder (or a file named for a unit) must be that unit's, and a record repeated in a
 * later file (a 补报 that repeats the main data) is counted once. Pure checks: each gives the
 * column at fault and the reason, or null; the loader rejects the row.
 */
import { CONTRACT, UNIT_KEYED, type DatasetId } from "./contract.js";
import type { CellValue, DataSource } from "./types.js";

/** A row of another unit in a unit's folder or file: the column at fault and why; null when it is that unit's. */
export function unitFolderProblem(
  dataset: DatasetId,
  source: DataSource,
  values: Readonly<Record<string, CellValue>>,
  officerUnit?: ReadonlyMap<string, string>,
): { key: string; reason: string } | null {
  const unit = source.unit;
  if (unit === null) return null;
  const label = source.unitLabel ?? unit;
  const where = source.file.includes("/") ? `所在文件夹「${label}」` : `文件名所示单位「${label}」`;
  if (UNIT_KEYED.includes(dataset)) {
    const v = values.unit_id;
    return typeof v === "string" && v !== unit ? { key: "unit_id", reason: `单位编码 ${v} 不是${where}的单位（${unit}），该行不计入` } : null;
  }
  if (dataset === "training" && officerUnit) {
    const v = values.officer_id;
    const of = typeof v === "string" ? officerUnit.get(v) : undefined;
    if (of !== undefined && of !== unit) return { key: "officer_id", reason: `人员编号 ${v} 是单位 ${of} 的人员，不是${where}的单位（${unit}）的人员，该行不计入` };
  }
  return null;
}

/** Datasets whose records have no unique id: with several files, a record found in two of them is counted once. */
export const REPEATABLE: readonly DatasetId[] = ["training", "case_reviews"];

/** Where a record was first seen, as one number (file index × 2^32 + line), for UniqueValues. */
export const SRC_SHIFT = 4294967296;

/** A record as text: its value in every contract column (a column the file lacks is blank). */
export function recordKey(dataset: DatasetId, values: Readonly<Record<string, CellValue>>): string {
  let key = "";
  for (const col of CONTRACT[dataset].columns) key += `${JSON.stringify(values[col.key] ?? null)}\u0001`;
  return key;
}

export const repeatedReason = (where: string, line: number) => `与 ${where} 第 ${line} 行是同一条记录（各列相同），不重复计入`;
