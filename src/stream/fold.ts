/**
 * What the stream stage does with a large dataset's accepted rows: it folds them, row by row,
 * into a result, and never keeps them. The folds come from a factory the caller names (the
 * indicators' aggregators, for evaluate): the stage knows only this shape.
 */
import type { DatasetId } from "../data/contract.js";
import type { LoadedData, Row } from "../data/types.js";

/** One pass over a dataset's accepted rows. */
export interface RowFold<R> {
  add(row: Row): void;
  /** the state so far, structured-cloneable: a part of a file read on a worker thread … */
  state(): unknown;
  /** … is merged in here, parts in file order, as if their rows had been added in that order */
  absorb(state: unknown): void;
  /** the result of the rows added (structured-cloneable: it may come from a worker thread) */
  result(): R;
}

/** Builds a load's folds, once per thread: from `input` and the datasets read before the large ones. */
export type FoldFactory<I, R> = (input: I, before: LoadedData) => (dataset: DatasetId) => RowFold<R>;

/** The folds the stage is handed: a factory on this thread, and where a worker thread finds the same one. */
export interface FoldSpec<I, R> {
  /** URL of a module whose export `foldsFor` is the factory (imported by each worker thread) */
  module: string;
  /** the factory's input, structured-cloneable (sent to each worker thread once) */
  input: I;
  /** the datasets read before whose records the factory reads (each worker thread is sent
   * these, and the officers in a compact table; the others without their records) */
  reads: readonly DatasetId[];
  /** the factory itself, for this thread */
  foldsFor: FoldFactory<I, R>;
}
