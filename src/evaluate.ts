/**
 * The pipeline, in order: load the rubric → load and validate the data (the large datasets
 * streamed, their rows folded into indicators as they are read) → compute indicators → score
 * items → grade and rank → results. Each stage lives in its own folder of src/.
 */
import { basename } from "node:path";
import { loadRubric, type LoadedRubric } from "./rubric/load.js";
import { loadData } from "./data/folder.js";
import type { ColumnMapping, LoadedData, LoadOptions } from "./data/types.js";
import { streamStage } from "./stream/stage.js";
import { indicatorFolds } from "./indicators/row-folds.js";
import { computeIndicators } from "./indicators/compute.js";
import { dataGaps } from "./indicators/gaps.js";
import { buildConditions, scoreUnit, type UnitInfo } from "./score/unit.js";
import { gradeUnit } from "./grade/grade.js";
import { rankUnits } from "./grade/rank.js";
import { buildResults } from "./results/build.js";
import { unitDiscrepancies } from "./results/discrepancies.js";
import type { Results, UnitResult } from "./results/types.js";
import { InputError } from "./errors.js";
import { parseIsoDay } from "./data/dates.js";
import type { Progress } from "./util/progress.js";
import type { Rubric } from "./rubric/schema.js";
import type { ColumnSpec, DatasetId } from "./data/contract.js";
import { scoreReviewedFiles } from "./review/files.js";
import { markReviewErrors, unitReviews } from "./review/unit.js";

export interface EvaluateOptions {
  rubric: string | LoadedRubric;
  data: string;
  mapping?: ColumnMapping;
  /** ISO timestamp to record in results.json; omitted by default for byte-identical output */
  timestamp?: string;
  /** threads reading the large files in parallel, this one counted (default: one per core when
   * they are large; 0 or 1 = this thread alone) */
  workers?: number;
  /** progress display (the CLI passes one when stderr is a terminal) */
  progress?: Progress | null;
}

/** What the loader must know of a rubric to check data against it. */
export function loadOptionsFor(rubric: Rubric, mapping?: ColumnMapping): LoadOptions {
  const extraColumns: Partial<Record<DatasetId, ColumnSpec[]>> = {};
  for (const [ds, cols] of Object.entries(rubric.extraColumns ?? {}))
    extraColumns[ds as DatasetId] = (cols ?? []).map((c) => ({
      key: c.key,
      name: c.name,
      kind: c.kind,
      required: c.required,
      mustHaveHeader: false,
    }));
  return {
    required: ["units", ...rubric.datasets.filter((d) => d !== "units")],
    extraColumns,
    taskIds: new Set(rubric.tasks.map((t) => t.id)),
    activityTypes: new Set(rubric.activityTypes.map((t) => t.id)),
    recurringTaskIds: new Set(rubric.tasks.filter((t) => t.recurring).map((t) => t.id)),
    reported: new Map(rubric.reported.map((r) => [r.id, r.type])),
    reportedFormats: new Map(rubric.reported.flatMap((r) => (r.format ? [[r.id, r.format] as const] : []))),
    ...(rubric.reviewStandard ? { reviewStandard: true, keep: ["case_reviews"] as DatasetId[] } : {}),
    ...(rubric.grades.some((g) => !g.categories) ? {} : { gradedCategories: new Set(rubric.grades.flatMap((g) => g.categories ?? [])) }),
    period: { start: parseIsoDay(rubric.period.start), end: parseIsoDay(rubric.period.end) },
    trainingKinds: new Set(rubric.parameters.trainingKinds),
    ...(mapping ? { mapping } : {}),
  };
}

export async function evaluate(opts: EvaluateOptions): Promise<{ results: Results; data: LoadedData; rubric: LoadedRubric }> {
  const loaded = typeof opts.rubric === "string" ? await loadRubric(opts.rubric) : opts.rubric;
  const { rubric } = loaded;
  const progress = opts.progress ?? null;
  // the large datasets' rows are folded into their indicators as they are read (on worker threads when large)
  const stream = streamStage({ folds: indicatorFolds(rubric), ...(opts.workers !== undefined ? { workers: opts.workers } : {}), progress });
  const data = await loadData(opts.data, { ...loadOptionsFor(rubric, opts.mapping), progress, largeReader: stream.reader });
  const units = data.datasets.units;
  if (!units || units.error) {
    throw new InputError(`无法读取执法单位名单（units）：${units?.error ?? "未找到 units.csv 或 units.xlsx"}`, [
      { file: units?.file ?? "units.csv", message: units?.error ?? "未找到数据文件" },
    ]);
  }
  // case files scored against the rubric's review standard (评查标准), before the reviews.* indicators
  const standard = loaded.standard?.standard;
  const reviewed = standard ? scoreReviewedFiles(standard, rubric, data) : null;
  const indicators = computeIndicators(rubric, data, {
    aggregated: stream.results(),
    ...(reviewed ? { reviewScores: reviewed.byLine } : {}),
  });
  if (reviewed) markReviewErrors(indicators, reviewed);
  const conditions = buildConditions(rubric);
  const infos: UnitInfo[] = units.records.map((r) => ({
    id: r.values.unit_id as string,
    name: r.values.unit_name as string,
    category: r.values.category as string,
    parentId: (r.values.parent_id as string | null) ?? null,
  }));
  const scored: Omit<UnitResult, "rank">[] = [];
  const gapsOf = dataGaps(rubric, data);
  for (const info of infos) {
    const incompleteData = gapsOf(info.id);
    const ind = indicators.get(info.id)!;
    const s = await scoreUnit(rubric, conditions, info, ind);
    const g = gradeUnit(rubric, info.category, s.total, s.areas, s.vetoes);
    const discrepancies = unitDiscrepancies(rubric, ind);
    scored.push({
      ...info,
      metrics: ind.values,
      ...(Object.keys(ind.errors).length ? { metricErrors: ind.errors } : {}),
      items: s.items,
      areas: s.areas,
      total: s.total,
      // rows that would have been the unit's were rejected or not read: the total is provisional
      complete: s.complete && incompleteData.length === 0,
      pending: s.pending,
      grade: g.grade,
      gradeReason: g.reason,
      vetoes: s.vetoes,
      ...(incompleteData.length ? { incompleteData } : {}),
      ...(discrepancies.length ? { discrepancies } : {}),
      ...(standard && reviewed ? { reviews: unitReviews(standard.id, reviewed, info.id) } : {}),
    });
  }
  const ranks = rankUnits(scored);
  const unitResults: UnitResult[] = scored.map((u) => ({ ...u, rank: ranks.get(u.id)! }));
  const results = buildResults(loaded, basename(loaded.file), unitResults, data, opts.timestamp);
  return { results, data, rubric: loaded };
}
