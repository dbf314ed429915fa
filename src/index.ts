/** fazhi as a library: every stage of the pipeline, and the whole of it in `evaluate`. */
export { evaluate, loadOptionsFor, type EvaluateOptions } from "./evaluate.js";
export { loadRubric, parseRubric, type LoadedRubric } from "./rubric/load.js";
export { Rubric } from "./rubric/schema.js";
export { rubricJsonSchema } from "./rubric/write-schema.js";
export { loadData } from "./data/folder.js";
export { DataError } from "./data/data-error.js";
export { readColumnMapping } from "./data/mapping-file.js";
export { CONTRACT, DATASET_IDS } from "./data/contract.js";
export { computeIndicators } from "./indicators/compute.js";
export { availableIndicators } from "./indicators/describe.js";
export { buildConditions, scoreUnit } from "./score/unit.js";
export { gradeUnit } from "./grade/grade.js";
export { rankUnits } from "./grade/rank.js";
export { buildResults, serializeResults } from "./results/build.js";
export type { Results, UnitResult, InputResult } from "./results/types.js";
export { runCli } from "./cli/main.js";
export { RubricError, InputError, formatProblem } from "./errors.js";
export type { ReportRenderer, OpenOptions as ReportRendererOptions } from "./report/on-demand.js";
/** A warm renderer for one report's PDF on demand (loaded lazily: Chromium, ECharts, handlebars). */
export async function openReportRenderer(
  opts?: import("./report/on-demand.js").OpenOptions,
): Promise<import("./report/on-demand.js").ReportRenderer> {
  return (await import("./report/on-demand.js")).openReportRenderer(opts);
}
