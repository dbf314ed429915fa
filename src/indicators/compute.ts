/**
 * Stage 3 of the pipeline: computes every indicator the rubric can use, per unit, from the
 * loaded data. An indicator whose dataset is unusable is an error for every unit (never 0).
 */
import type { Rubric } from "../rubric/schema.js";
import type { LoadedData } from "../data/types.js";
import type { DatasetId } from "../data/contract.js";
import { buildContext, type IndicatorContext } from "./context.js";
import type { UnitIndicators } from "./types.js";
import { availableIndicators } from "./describe.js";
import type { IndicatorMeta } from "./catalog.js";
import { CONTRACT } from "../data/contract.js";
import { DATASET_IDS } from "../data/contract.js";
import { trainingAggregator } from "./training.js";
import { computeCertification } from "./certification.js";
import { casesAggregator } from "./cases.js";
import { reviewsAggregator } from "./reviews.js";
import { computeMilestones } from "./milestones.js";
import { computeReported } from "./reported.js";
import { computeActivities } from "./activities.js";
import { customAggregator } from "./custom.js";
import { replay, type Aggregator, type IndicatorSink } from "./aggregate.js";
import { dataGaps, incompleteIndicators } from "./gaps.js";

export type { IndicatorSink } from "./aggregate.js";

/**
 * The aggregators that one pass over `dataset`'s accepted rows feeds: the standard families
 * built on it and the rubric's custom indicators over it. `ctx` needs the datasets read before
 * (units, officers, documents); `streaming` is the dataset being read (usable unless its file fails).
 */
export function datasetAggregators(rubric: Rubric, ctx: IndicatorContext, dataset: DatasetId, streaming?: DatasetId): Aggregator[] {
  const metas = availableIndicators(rubric);
  const has = (d: DatasetId) => rubric.datasets.includes(d) && (d === streaming || usable(ctx, d));
  const needed = new Set(metas.map((m) => m.key));
  const wants = (prefix: string) => [...needed].some((k) => k.startsWith(prefix));
  const out: Aggregator[] = [];
  if (dataset === "training" && wants("training.") && has("officers") && has("training")) out.push(trainingAggregator(ctx));
  if (dataset === "cases" && wants("cases.") && has("cases")) out.push(casesAggregator(ctx, { documents: has("documents"), officers: has("officers") }));
  if (dataset === "case_reviews" && wants("reviews.") && has("case_reviews")) out.push(reviewsAggregator(ctx));
  for (const def of rubric.indicators) {
    if (def.dataset === dataset && has(def.dataset) && (def.dataset !== "training" || has("officers"))) out.push(customAggregator(ctx, def));
  }
  return out;
}

/**
 * Indicators per unit id, each unit's values in the catalogue's order. Datasets the loader
 * aggregated while streaming (`data.aggregated`) are replayed; the others are aggregated here
 * in one pass over their records.
 */
export function computeIndicators(rubric: Rubric, data: LoadedData, reviewScores?: IndicatorContext["reviewScores"]): Map<string, UnitIndicators> {
  const ctx = buildContext(rubric, data, reviewScores);
  const metas = availableIndicators(rubric);
  const raw = new Map<string, UnitIndicators>(ctx.unitIds.map((id) => [id, { values: {}, details: {}, errors: {} }]));
  const sink: IndicatorSink = {
    set(unitId, key, value, detail) {
      const u = raw.get(unitId);
      if (!u) return;
      u.values[key] = value;
      if (detail && (detail.num !== undefined || (detail.records && detail.records.length > 0) || detail.notReported || detail.note !== undefined)) u.details[key] = detail;
    },
  };
  const has = (d: DatasetId) => rubric.datasets.includes(d) && usable(ctx, d);
  const needed = new Set(metas.map((m) => m.key));
  const wants = (prefix: string) => [...needed].some((k) => k.startsWith(prefix));

  if (needed.has("certification.rate") && has("officers")) computeCertification(ctx, sink);
  if (rubric.tasks.length > 0 && has("milestones")) computeMilestones(ctx, sink);
  if (rubric.reported.length > 0 && has("indicators")) computeReported(ctx, sink);
  if (rubric.activityTypes.length > 0 && has("activities")) computeActivities(ctx, sink);
  for (const ds of DATASET_IDS) {
    const streamed = data.aggregated?.[ds];
    if (streamed) {
      if (has(ds)) replay(streamed, sink);
      continue;
    }
    const aggregators = datasetAggregators(rubric, ctx, ds);
    if (aggregators.length === 0) continue;
    for (const r of ctx.rows(ds)) for (const a of aggregators) a.add(r);
    for (const a of aggregators) a.finish(sink);
  }

  // fix key order and mark errors: every unit gets every available key
  const out = new Map<string, UnitIndicators>();
  const gapsOf = dataGaps(rubric, data);
  for (const [unitId, u] of raw) {
    const fixed: UnitIndicators = { values: {}, details: {}, errors: {} };
    const incomplete = incompleteIndicators(gapsOf(unitId), metas);
    for (const meta of metas) {
      const err = meta.needs.map((d) => ctx.datasetError(d)).find((e) => e) ?? missingColumn(data, meta);
      if (err) {
        fixed.values[meta.key] = null;
        fixed.errors[meta.key] = err;
        continue;
      }
      fixed.values[meta.key] = u.values[meta.key] ?? null;
      const d = u.details[meta.key];
      if (d) fixed.details[meta.key] = d;
      const gap = incomplete[meta.key];
      if (gap) (fixed.incomplete ??= {})[meta.key] = gap;
    }
    out.set(unitId, fixed);
  }
  return out;
}

/** "cases.csv 没有「公示日期」列" when a column the indicator cannot do without is absent. */
function missingColumn(data: LoadedData, meta: IndicatorMeta): string | undefined {
  for (const [ds, keys] of Object.entries(meta.columns ?? {})) {
    const load = data.datasets[ds as DatasetId];
    if (!load || load.error) continue;
    const present = new Set(load.headers.map((h) => h.key));
    const absent = (keys ?? []).filter((k) => !present.has(k));
    if (absent.length > 0) {
      const names = absent.map((k) => `「${CONTRACT[ds as DatasetId].columns.find((c) => c.key === k)?.name ?? k}」`).join("");
      return `${load.file} 没有${names}列，无法计算${meta.label}`;
    }
  }
  return undefined;
}

function usable(ctx: IndicatorContext, d: DatasetId): boolean {
  return ctx.datasetError(d) === null;
}
