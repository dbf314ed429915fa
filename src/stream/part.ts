/**
 * One job of the stream stage: a large dataset's files, or one part of a large CSV file, read
 * and checked by the data layer, its accepted rows handed to a fold as they come (never kept).
 * A worker thread's job, also run on this thread.
 */
import type { DatasetId } from "../data/contract.js";
import type { ColumnMapping, DataSource, DatasetLoad, KnownIds, LoadedData, LoadOptions, Row } from "../data/types.js";
import { readDataset } from "../data/read-dataset.js";
import { datasetLoad } from "../data/dataset-load.js";
import type { DatasetReading, ReadMode } from "../data/reading.js";
import type { CsvRange } from "../data/byte-range.js";
import type { FoldFactory, RowFold } from "./fold.js";
import type { UniqueValues } from "../data/unique.js";
import { sortHashes } from "../util/sort-hashes.js";
import type { RecordTable } from "../data/record-table.js";

/** What every job of one load shares (sent once to each worker thread). */
export interface SharedJob {
  dir: string;
  mapping: ColumnMapping;
  /** the load's options, without what cannot cross to a thread (reader, progress) */
  options: LoadOptions;
  known: KnownIds;
  /** the datasets read before the large ones */
  before: LoadedData;
  /** the folds: on this thread the factory itself, on a worker the module to import it from */
  folds: { module: string; input: unknown; reads: readonly DatasetId[]; foldsFor?: FoldFactory<unknown, unknown> };
}

/** One file, or one part of one (then its fold state is returned, not its result). */
export interface PartJob {
  dataset: DatasetId;
  sources: DataSource[];
  /** a part of a CSV file (only when the dataset is that one file) */
  range?: CsvRange;
}

export interface PartResult {
  load: DatasetLoad;
  /** the fold's result, for a whole file read */
  result: unknown;
  /** the fold's state, for a part */
  state: unknown;
  /** why this part's result cannot be used (the file is then read whole) */
  problem: string | null;
  /** sorted 53-bit hashes of the part's unique ids and, for a dataset with no unique id, of its
   * records (to find an id, or a record equal in every column, seen in two parts) */
  hashes: Float64Array | null;
}

/** A large dataset as read: its load, and its fold's result (null when it could not be used). */
export interface StreamedResult {
  load: DatasetLoad;
  result: unknown;
}

type Folds = (dataset: DatasetId) => RowFold<unknown>;
const built = new WeakMap<SharedJob, Promise<Folds>>();
/** per load, a table of records the last job left, for the next (taken while a job uses it) */
const spareRecords = new WeakMap<SharedJob, RecordTable>();

/** The load's folds on this thread, built once (on a worker, from the module the spec names). */
export function foldsOf(shared: SharedJob): Promise<Folds> {
  let folds = built.get(shared);
  if (!folds) {
    folds = (async () => {
      const factory =
        shared.folds.foldsFor ?? ((await import(shared.folds.module)) as { foldsFor: FoldFactory<unknown, unknown> }).foldsFor;
      return factory(shared.folds.input, shared.before);
    })();
    built.set(shared, folds);
  }
  return folds;
}

/** Read one large dataset's files, or a part of one, into a fold (a worker's job, also run in-thread). */
export async function runPart(shared: SharedJob, job: PartJob, progress?: ReadMode["progress"]): Promise<PartResult> {
  const foldsFor = await foldsOf(shared);
  let fold: RowFold<unknown>;
  let reading: DatasetReading;
  let exceljs = false;
  const spare = spareRecords.get(shared);
  spareRecords.delete(shared);
  for (;;) {
    const into = (fold = foldsFor(job.dataset));
    const sink = (row: Row) => into.add(row);
    reading = await readDataset(
      { dir: shared.dir, dataset: job.dataset, sources: job.sources, mapping: shared.mapping, options: shared.options },
      {
        keep: false,
        sink,
        known: shared.known,
        ...(progress ? { progress } : {}),
        ...(job.range ? { range: job.range } : {}),
        ...(exceljs ? { exceljs } : {}),
        ...(spare ? { records: spare } : {}),
      },
    );
    // the streaming xlsx reader refused the file part-way: read it again, with exceljs, into a fresh fold
    if (!reading.retryExceljs || exceljs) break;
    exceljs = true;
  }
  const load = datasetLoad(reading);
  const hashes = job.range ? idHashes(reading.seen, reading.records) : null;
  if (reading.records && !spareRecords.has(shared)) spareRecords.set(shared, reading.records);
  if (job.range) {
    return {
      load,
      result: null,
      state: load.error || reading.partProblem ? null : fold.state(),
      problem: reading.partProblem,
      hashes,
    };
  }
  if (load.error) return { load, result: null, state: null, problem: null, hashes: null };
  return { load, result: fold.result(), state: null, problem: null, hashes: null };
}

/** Sorted 53-bit hashes of a part's unique ids and records (to find an id or a record seen in
 * two parts: the tables' seeds differ, so an id and a record share a hash only by chance, and
 * then the file is only read whole). */
function idHashes(seen: Map<string, UniqueValues>, records: RecordTable | undefined): Float64Array {
  const tables: { size: number; allHashes(): Float64Array }[] = [...seen.values()];
  if (records) tables.push(records);
  let n = 0;
  for (const m of tables) n += m.size;
  const out = new Float64Array(n);
  let i = 0;
  for (const m of tables) {
    out.set(m.allHashes(), i);
    i += m.size;
  }
  return sortHashes(out);
}
