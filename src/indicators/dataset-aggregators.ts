/** Which aggregators one pass over a dataset's accepted rows feeds, for a rubric. */
import type { Rubric } from "../rubric/schema.js";
import type { DatasetId } from "../data/contract.js";
import type { IndicatorContext } from "./context.js";
import { availableIndicators } from "./describe.js";
import { trainingAggregator } from "./training.js";
import { casesAggregator } from "./cases.js";
import { reviewsAggregator } from "./reviews.js";
import { customAggregator } from "./custom.js";
import type { Aggregator } from "./aggregate.js";

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
  if (dataset === "cases" && wants("cases.") && has("cases"))
    out.push(casesAggregator(ctx, { documents: has("documents"), officers: has("officers") }));
  if (dataset === "case_reviews" && wants("reviews.") && has("case_reviews")) out.push(reviewsAggregator(ctx));
  for (const def of rubric.indicators) {
    if (def.dataset === dataset && has(def.dataset) && (def.dataset !== "training" || has("officers")))
      out.push(customAggregator(ctx, def));
  }
  return out;
}

/** The dataset can be used (or is not needed). */
export function usable(ctx: IndicatorContext, d: DatasetId): boolean {
  return ctx.datasetError(d) === null;
}
