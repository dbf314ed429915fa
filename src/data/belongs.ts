/**
 * Whether a row belongs where it was found: a row in a unit's folder (or a file named for a unit)
 * must be that unit's, and a record repeated — in a later file (a 补报 that repeats the main
 * data), a copied sheet, rows pasted twice — is counted once. Pure checks: each gives the column
 * at fault and the reason, or null; the loader rejects the row.
 */
import { UNIT_KEYED, type DatasetId } from "./contract.js";
import type { CellValue, DataSource, OfficerUnits } from "./types.js";
import type { ProblemOf } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

/** A row of another unit in a unit's folder or file: the column at fault and why; null when it is that unit's. */
export function unitFolderProblem(
  dataset: DatasetId,
  source: DataSource,
  values: Readonly<Record<string, CellValue>>,
  officerUnit?: OfficerUnits,
): { key: string; reason: string; problem: ProblemOf<"other_unit" | "other_unit_officer"> } | null {
  const unit = source.unit;
  if (unit === null) return null;
  const at = { unit, unitLabel: source.unitLabel ?? unit, inFolder: source.file.includes("/") };
  if (UNIT_KEYED.includes(dataset)) {
    const v = values.unit_id;
    if (typeof v !== "string" || v === unit) return null;
    const problem = { code: "other_unit", value: v, ...at } as const;
    return { key: "unit_id", reason: problemMessage(problem), problem };
  }
  if (dataset === "training" && officerUnit) {
    const v = values.officer_id;
    const of = typeof v === "string" ? officerUnit.get(v) : undefined;
    if (typeof v === "string" && of !== undefined && of !== unit) {
      const problem = { code: "other_unit_officer", value: v, officerUnit: of, ...at } as const;
      return { key: "officer_id", reason: problemMessage(problem), problem };
    }
  }
  return null;
}

/** Datasets whose records have no unique id: a record found twice — in two files, two sheets of
 * a workbook or two lines of one sheet or file — is counted once. */
export const REPEATABLE: readonly DatasetId[] = ["training", "case_reviews"];

/** Where a value or record was first seen, as one number (file index × 2^32 + line), for UniqueValues. */
export const SRC_SHIFT = 4294967296;
