/**
 * The data folder: which files hold which dataset (discover.ts), then the passes over them in
 * order — units, the small datasets kept as records (read-dataset.ts reads each), then the large
 * ones, here or by the reader the caller hands in (LoadOptions.largeReader: src/stream/).
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { CONTRACT, DATASET_IDS, type DatasetId } from "./contract.js";
import type { DataSource, DatasetLoad, KnownIds, LargeDataset, LoadedData, LoadOptions, NotRead } from "./types.js";
import { planSources, unitLookup, walkFolder, whyNotFound, type Plan } from "./discover.js";
import { DataError } from "./data-error.js";
import { mergeMapping, readColumnMapping } from "./mapping-file.js";
import { readDataset, sourcesSize } from "./read-dataset.js";
import { datasetLoad } from "./dataset-load.js";
import { IdIndex, officerUnits } from "./id-index.js";
import { startReading, type ReadMode } from "./reading.js";

async function checkFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(
      code === "ENOENT"
        ? { code: "folder_missing", path: dir }
        : { code: "folder_unreadable", path: dir, cause: code ?? (err as Error).message },
    );
  }
  if (!info.isDirectory()) throw new DataError({ code: "not_a_folder", path: dir });
}

/**
 * Load every dataset of a data folder: files at its top, in unit folders and in 补报 folders
 * (see discover.ts). Throws DataError only when the folder (or its column-mapping.json) cannot
 * be used; every problem with the data itself is reported in the dataset's `error` (whole
 * dataset) or `rejected` (rows), and everything not read is in `notRead`.
 */
export async function loadData(dir: string, options: LoadOptions = {}): Promise<LoadedData> {
  await checkFolder(dir);
  const tree = await walkFolder(dir);
  // the unit list first (at the top, or in a top-level 补报 folder): unit folders are named by it
  let plan: Plan = planSources(tree, null);
  const fileMapping = plan.mappingFile ? await readColumnMapping(join(dir, plan.mappingFile)) : {};
  const mapping = mergeMapping(fileMapping, options.mapping);

  const required = new Set(options.required ?? []);
  const loads = new Map<DatasetId, DatasetLoad>();
  const known: KnownIds = {};
  const progress = options.progress ?? null;
  const large = options.largeReader ?? null;

  /** The files of one dataset, or its load when it cannot be read (several candidates, or none while required). */
  const sourcesOf = (id: DatasetId): { sources: DataSource[] } | DatasetLoad | null => {
    const sources = plan.sources.get(id) ?? [];
    const title = `数据集「${CONTRACT[id].title}」${id}`;
    const twice = plan.ambiguous.get(id);
    if (twice) {
      const w = startReading(id, twice[0]!, null);
      w.error = `${title} 有多个文件：${twice.join("、")}；请只保留一个`;
      w.errorCode = "dataset_ambiguous";
      return datasetLoad(w);
    }
    if (sources.length > 0) return { sources };
    if (required.has(id)) {
      const w = startReading(id, null, null);
      const why = whyNotFound(id, plan.notRead);
      w.error = why ? `未找到可读取的数据文件（${title}）：${why}` : `未找到数据文件 ${id}.csv 或 ${id}.xlsx（${title}）`;
      w.errorCode = "dataset_missing";
      return datasetLoad(w);
    }
    return null;
  };
  const label = (sources: readonly DataSource[]) =>
    sources.length === 1 ? sources[0]!.file : `${sources[0]!.file} 等 ${sources.length} 个文件`;
  /** Read one dataset here, its rows kept (or as `mode` says). */
  const readKept = async (id: DatasetId, sources: readonly DataSource[], mode: Omit<ReadMode, "known" | "progress">) => {
    const bar = progress?.file(label(sources), await sourcesSize(dir, sources));
    const w = await readDataset(
      { dir, dataset: id, sources, mapping, options },
      { ...mode, known, ...(bar ? { progress: bar.update } : {}) },
    );
    bar?.done();
    return w;
  };

  const unitsPlan = sourcesOf("units");
  if (unitsPlan !== null && !("dataset" in unitsPlan)) {
    const load = datasetLoad(await readKept("units", unitsPlan.sources, { keep: true }));
    loads.set("units", load);
    if (!load.error) {
      known.units = {
        ids: new Set(load.records.map((r) => r.values.unit_id as string)),
        where: `执法单位表（${load.file}）`,
        rejected: rejectedUnitIds(load),
      };
    }
  } else if (unitsPlan !== null) loads.set("units", unitsPlan);
  const unitRecords = loads.get("units")?.records ?? [];
  plan = planSources(tree, unitLookup(unitRecords.map((r) => ({ id: r.values.unit_id as string, name: r.values.unit_name as string }))));

  // the large files' reader is told of them now (its worker threads load their modules while the small files are read)
  const streamedIds = STREAMED_DATASETS.filter((id) => !options.keep?.includes(id));
  const keptIds = [...KEPT_DATASETS, ...STREAMED_DATASETS.filter((id) => options.keep?.includes(id))];
  const largeFiles = (): LargeDataset[] =>
    streamedIds
      .map((id) => ({ id, f: sourcesOf(id) }))
      .flatMap((x) => (x.f !== null && !("dataset" in x.f) ? [{ id: x.id, sources: x.f.sources }] : []));
  await large?.prepare(dir, largeFiles());
  try {
    // Passes in order, so that every cross-file check runs while a file streams: units, then
    // the datasets that refer to units only (officers, documents …), then the large ones.
    for (const id of keptIds) {
      if (id === "units") continue;
      const f = sourcesOf(id);
      if (f === null) continue;
      if ("dataset" in f) {
        loads.set(id, f);
        continue;
      }
      const load = datasetLoad(await readKept(id, f.sources, { keep: true }));
      loads.set(id, load);
      if (load.error) continue;
      if (id === "officers") {
        const records = load.records;
        const ids = new IdIndex(records.map((r) => r.values.officer_id as string));
        known.officers = {
          ids,
          where: `行政执法人员表（${load.file}）`,
          unitOf: officerUnits(ids, (i) => records[i]!.values.unit_id as string, load.rejectedUnitOf),
        };
      }
    }
    // training is checked against officers only when both files can be used
    const training = sourcesOf("training");
    if (!training || "dataset" in training) delete known.officers;

    const big: LargeDataset[] = [];
    for (const id of streamedIds) {
      const f = sourcesOf(id);
      if (f === null) continue;
      if ("dataset" in f) loads.set(id, f);
      else big.push({ id, sources: f.sources });
    }
    if (large) {
      const before: LoadedData = { dir, datasets: Object.fromEntries(loads), ignoredFiles: [] };
      for (const load of await large.read(big, { dir, mapping, options, known, before })) loads.set(load.dataset, load);
    } else for (const f of big) loads.set(f.id, datasetLoad(await readKept(f.id, f.sources, { keep: true })));
  } finally {
    await large?.close();
  }

  const datasets: LoadedData["datasets"] = {};
  const notRead: NotRead[] = [...plan.notRead];
  for (const id of DATASET_IDS) {
    const d = loads.get(id);
    if (!d) continue;
    datasets[id] = d;
    notRead.push(...(d.notRead ?? []));
  }
  // files read for no dataset the rubric reads are still listed: they were read
  notRead.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.sheet ?? "") < (b.sheet ?? "") ? -1 : 1));
  const ignoredFiles = [...new Set(notRead.filter((n) => n.sheet === undefined && !n.file.endsWith("/")).map((n) => n.file))];
  return { dir, datasets, ignoredFiles, notRead };
}

/** Unit ids of the rows rejected from units (read again from the file's rejections: the 单位编码 cells). */
function rejectedUnitIds(load: DatasetLoad): Set<string> {
  const out = new Set<string>();
  for (const g of load.gaps ?? []) if (g.unit !== null) out.add(g.unit);
  return out;
}

/** Read in the first passes and kept as records (small: units, officers, documents …). */
const KEPT_DATASETS: readonly DatasetId[] = ["units", "officers", "documents", "milestones", "indicators", "activities", "review_findings"];
/** Read last, by the large-dataset reader when one is given (rows then not kept). */
export const STREAMED_DATASETS: readonly DatasetId[] = ["training", "cases", "case_reviews"];
