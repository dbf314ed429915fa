/**
 * A unit's reviewed files in results.json (bounded, in case-id order), and the rule that a
 * file whose findings could not be used makes the unit's reviews.* indicators errors: the
 * items reading them are then errors and the total provisional, never a confident score.
 */
import type { UnitIndicators } from "../indicators/types.js";
import type { ReviewedFile, ReviewedFiles } from "./files.js";

/** Files listed per unit in results.json; beyond this they are only counted. */
export const MAX_FILES_LISTED = 500;

export interface UnitReviews {
  /** the review standard's id */
  standard: string;
  /** reviewed files in the period */
  count: number;
  /** files whose score is an error */
  errors: number;
  byGrade: Record<string, number>;
  files: ReviewedFile[];
  /** only when more than MAX_FILES_LISTED: the files not listed */
  unlisted?: number;
}

export function unitReviews(standardId: string, reviewed: ReviewedFiles, unitId: string): UnitReviews {
  const all = reviewed.byUnit.get(unitId) ?? [];
  const byGrade: Record<string, number> = {};
  for (const f of all) if (f.grade) byGrade[f.grade] = (byGrade[f.grade] ?? 0) + 1;
  const errors = all.filter((f) => f.state === "error").length;
  return {
    standard: standardId,
    count: all.length,
    errors,
    byGrade,
    files: all.slice(0, MAX_FILES_LISTED),
    ...(all.length > MAX_FILES_LISTED ? { unlisted: all.length - MAX_FILES_LISTED } : {}),
  };
}

/** reviews.* of a unit with a file in error become errors naming the files. */
export function markReviewErrors(indicators: Map<string, UnitIndicators>, reviewed: ReviewedFiles): void {
  for (const [unitId, files] of reviewed.byUnit) {
    const bad = files.filter((f) => f.state === "error");
    if (bad.length === 0) continue;
    const ind = indicators.get(unitId);
    if (!ind) continue;
    const names = bad
      .slice(0, 3)
      .map((f) => f.caseId)
      .join("、");
    const why = `${bad.length} 份评查案卷（${names}${bad.length > 3 ? " 等" : ""}）的评查记录无法使用，得分待核：${bad[0]!.errors[0] ?? ""}`;
    for (const key of Object.keys(ind.values)) {
      if (!key.startsWith("reviews.") || ind.errors[key]) continue;
      ind.values[key] = null;
      ind.errors[key] = why;
      delete ind.details[key];
    }
  }
}
