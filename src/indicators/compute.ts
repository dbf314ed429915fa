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
import { computeCertification } from "./certification.js";
import { computeMilestones } from "./milestones.js";
import { computeReported } from "./reported.js";
import { computeActivities } from "./activities.js";
import { replay, type IndicatorSink, type SinkEntry } from "./aggregate.js";
import { datasetAggregators, usable } from "./dataset-aggregators.js";
import { dataGaps, incompleteIndicators } from "./gaps.js";
import { recordCount } from "./lazy-records.js";
import { indicatorRange } from "./ranges.js";

export type { IndicatorSink } from "./aggregate.js";

/** What computeIndicators may be given beside the rubric and the data. */
export interface ComputeOptions {
  /** case files scored against the rubric's review standard, by case_reviews line */
  reviewScores?: IndicatorContext["reviewScores"];
  /** the indicators of datasets aggregated while they were read (their records not kept: see row-folds.ts) */
  aggregated?: Partial<Record<DatasetId, SinkEntry[]>>;
}

/**
 * Indicators per unit id, each unit's values in the catalogue's order. Datasets aggregated
 * while they were read (`aggregated`) are replayed; the others are aggregated here in one pass
 * over their records.
 */
export function computeIndicators(rubric: Rubric, data: LoadedData, more: ComputeOptions = {}): Map<string, UnitIndicators> {
  const ctx = buildContext(rubric, data, more.reviewScores);
  const metas = availableIndicators(rubric);
  const raw = new Map<string, UnitIndicators>(ctx.unitIds.map((id) => [id, { values: {}, details: {}, errors: {} }]));
  const sink: IndicatorSink = {
    set(unitId, key, value, detail) {
      const u = raw.get(unitId);
      if (!u) return;
      u.values[key] = value;
      if (detail && (detail.num !== undefined || recordCount(detail) > 0 || detail.notReported || detail.note !== undefined))
        u.details[key] = detail;
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
    const streamed = more.aggregated?.[ds];
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
    const gaps = gapsOf(unitId);
    const incomplete = incompleteIndicators(gaps, metas);
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
      if (gap) {
        (fixed.incomplete ??= {})[meta.key] = gap;
        const range = indicatorRange(rubric, meta, fixed.values[meta.key]!, d, gaps, u.values);
        if (range) (fixed.ranges ??= {})[meta.key] = range;
      }
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
