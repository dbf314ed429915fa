/**
 * A rubric that names a review standard (`"reviewStandard": "../standards/x.json"`, relative to
 * the rubric file): the standard is loaded and checked with the rubric, and the rubric must
 * read the datasets it needs. A missing or invalid standard stops the rubric like any other
 * cross-reference error.
 */
import { basename, dirname, resolve } from "node:path";
import type { Rubric } from "../rubric/schema.js";
import { RubricError } from "../errors.js";
import { loadStandard, type LoadedStandard } from "./load.js";

export async function loadReviewStandard(rubric: Rubric, rubricFile: string): Promise<LoadedStandard | undefined> {
  const name = basename(rubricFile);
  const needs = rubric.reviewStandard ? (["case_reviews", "review_findings"] as const).filter((d) => !rubric.datasets.includes(d)) : [];
  if (needs.length > 0)
    throw new RubricError(rubricFile, [
      { file: name, path: "datasets", message: `细则指定了评查标准（reviewStandard），datasets 须包含 ${needs.join("、")}` },
    ]);
  if (!rubric.reviewStandard) {
    if (rubric.datasets.includes("review_findings"))
      throw new RubricError(rubricFile, [
        { file: name, path: "reviewStandard", message: "细则读取案卷评查问题（review_findings），但没有指定评查标准（reviewStandard）" },
      ]);
    return undefined;
  }
  const path = resolve(dirname(rubricFile), rubric.reviewStandard);
  try {
    return await loadStandard(path);
  } catch (err) {
    if (err instanceof RubricError)
      throw new RubricError(
        rubricFile,
        err.problems.map((p) => ({
          ...p,
          message: `评查标准 ${rubric.reviewStandard}：${p.message}`,
          ...(p.path ? {} : { path: "reviewStandard" }),
        })),
      );
    throw err;
  }
}
