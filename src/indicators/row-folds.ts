/**
 * The indicators' side of the stream stage (src/stream/): for a rubric, the aggregators one
 * pass over a large dataset's rows feeds, as one fold whose result is the indicators it sets
 * (sink entries, replayed by computeIndicators). A worker thread imports this module by its
 * URL (FOLDS_MODULE) and builds the same folds there.
 */
import type { Rubric } from "../rubric/schema.js";
import type { DatasetId } from "../data/contract.js";
import type { LoadedData, Row } from "../data/types.js";
import { buildContext } from "./context.js";
import { datasetAggregators } from "./dataset-aggregators.js";
import { recordingSink, type Aggregator, type SinkEntry } from "./aggregate.js";

/** This module, for a worker thread (the built one when this runs from the TypeScript sources, as in tests). */
const FOLDS_MODULE = import.meta.url.endsWith(".ts")
  ? new URL("../../dist/indicators/row-folds.js", import.meta.url).href
  : import.meta.url;

/** The datasets read before the large ones whose records the indicators' context reads. */
const READS: readonly DatasetId[] = ["units", "officers", "documents"];

/** A dataset's aggregators as one fold: rows to each in turn, states as a list, entries as the result. */
export interface IndicatorFold {
  add(row: Row): void;
  state(): unknown;
  absorb(state: unknown): void;
  result(): SinkEntry[];
}

/** The folds of one load (the context is built once, from the datasets read before). */
export function foldsFor(rubric: Rubric, before: LoadedData): (dataset: DatasetId) => IndicatorFold {
  const ctx = buildContext(rubric, before);
  return (dataset) => foldOf(datasetAggregators(rubric, ctx, dataset, dataset));
}

function foldOf(aggregators: Aggregator[]): IndicatorFold {
  return {
    add(row) {
      for (const a of aggregators) a.add(row);
    },
    state: () => aggregators.map((a) => a.state()),
    absorb(states) {
      (states as unknown[]).forEach((s, i) => aggregators[i]!.absorb(s));
    },
    result() {
      const rec = recordingSink();
      for (const a of aggregators) a.finish(rec);
      return rec.entries;
    },
  };
}

/** What the stream stage is handed to aggregate a rubric's indicators while the large datasets are read. */
export function indicatorFolds(rubric: Rubric): { module: string; input: Rubric; reads: readonly DatasetId[]; foldsFor: typeof foldsFor } {
  return { module: FOLDS_MODULE, input: rubric, reads: READS, foldsFor };
}
