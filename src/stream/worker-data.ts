/**
 * What crosses to a worker thread once per load: the shared job, made small (records only of
 * the datasets the folds read, the officers as a table), and made whole again on the other side.
 */
import type { DatasetId } from "../data/contract.js";
import type { DatasetLoad, KnownIds, LoadedData, Row } from "../data/types.js";
import { foldsOf, type SharedJob } from "./part.js";
import { IdIndex, officerUnits } from "../data/id-index.js";

/** The officers as a worker needs them (for training's officer check and the folds): one
 * column per field, codes and dates in typed arrays — not 100,000 records copied to each worker. */
interface OfficerTable {
  ids: string[];
  names: string[];
  unitNames: string[];
  /** index into unitNames */
  unit: Int32Array;
  /** bit 0: in an enforcement post, bit 1: has a certificate number */
  flags: Uint8Array;
  /** certificate expiry day, NaN when blank */
  expires: Float64Array;
  statusNames: string[];
  /** index into statusNames, -1 when blank */
  status: Int32Array;
}

/** What a worker is given once: the shared job with the officers as a table, only the records
 * the folds read (FoldSpec.reads), and the folds' module and input (not the factory). */
export interface WorkerData extends Omit<SharedJob, "known" | "folds"> {
  folds: { module: string; input: unknown; reads: readonly DatasetId[] };
  known: { units?: KnownIds["units"]; officers?: { where: string; unitOf: boolean } };
  officers: OfficerTable | null;
}

export function toWorkerData(shared: SharedJob): WorkerData {
  const datasets: LoadedData["datasets"] = {};
  let officers: OfficerTable | null = null;
  for (const [id, load] of Object.entries(shared.before.datasets) as [DatasetId, DatasetLoad][]) {
    const keep = id !== "officers" && shared.folds.reads.includes(id);
    datasets[id] = { ...load, rejected: [], records: keep ? load.records : [] };
    if (id !== "officers" || load.error) continue;
    const n = load.records.length;
    const t: OfficerTable = {
      ids: [],
      names: [],
      unitNames: [],
      unit: new Int32Array(n),
      flags: new Uint8Array(n),
      expires: new Float64Array(n),
      statusNames: [],
      status: new Int32Array(n),
    };
    const unitIndex = new Map<string, number>();
    const statusIndex = new Map<string, number>();
    load.records.forEach((r, i) => {
      const v = r.values;
      t.ids.push(v.officer_id as string);
      t.names.push(v.name as string);
      const u = v.unit_id as string;
      let ui = unitIndex.get(u);
      if (ui === undefined) unitIndex.set(u, (ui = t.unitNames.push(u) - 1));
      t.unit[i] = ui;
      t.flags[i] = (v.in_enforcement_post === true ? 1 : 0) | (v.certificate_no ? 2 : 0);
      const e = v.certificate_expires as number | null | undefined;
      t.expires[i] = e === null || e === undefined ? NaN : e;
      const st = (v.certificate_status as string | null | undefined) ?? null;
      if (st === null) t.status[i] = -1;
      else {
        let si = statusIndex.get(st);
        if (si === undefined) statusIndex.set(st, (si = t.statusNames.push(st) - 1));
        t.status[i] = si;
      }
    });
    officers = t;
  }
  const known: WorkerData["known"] = {};
  if (shared.known.units) known.units = shared.known.units;
  if (shared.known.officers) known.officers = { where: shared.known.officers.where, unitOf: shared.known.officers.unitOf !== undefined };
  const { module, input, reads } = shared.folds;
  return {
    dir: shared.dir,
    mapping: shared.mapping,
    options: shared.options,
    known,
    before: { ...shared.before, datasets },
    officers,
    folds: { module, input, reads },
  };
}

/**
 * The shared job in a worker, from what it was given: the officers' records again (only the
 * fields the table holds; a certificate number only as whether there is one) while the folds
 * are built, then let go (the folds read them when they are built, not later).
 */
export async function sharedFromWorkerData(data: unknown): Promise<SharedJob> {
  const d = data as WorkerData;
  const t = d.officers;
  const known: KnownIds = {};
  if (d.known.units) known.units = d.known.units;
  if (d.known.officers && t) {
    const ids = new IdIndex(t.ids);
    const unitOf = officerUnits(ids, (i) => t.unitNames[t.unit[i]!]!, d.before.datasets.officers?.rejectedUnitOf);
    known.officers = { ids, where: d.known.officers.where, unitOf };
  }
  const shared: SharedJob = { dir: d.dir, mapping: d.mapping, options: d.options, known, before: d.before, folds: d.folds };
  const officers = d.before.datasets.officers;
  if (t && officers) officers.records = officerRows(t);
  await foldsOf(shared);
  if (officers) officers.records = [];
  return shared;
}

function officerRows(t: OfficerTable): Row[] {
  return t.ids.map((id, i) => {
    const e = t.expires[i]!;
    const st = t.status[i]!;
    return {
      line: 0,
      values: {
        officer_id: id,
        name: t.names[i]!,
        unit_id: t.unitNames[t.unit[i]!]!,
        in_enforcement_post: (t.flags[i]! & 1) !== 0,
        certificate_no: (t.flags[i]! & 2) !== 0 ? "1" : null,
        certificate_expires: Number.isNaN(e) ? null : e,
        certificate_status: st < 0 ? null : t.statusNames[st]!,
      },
    };
  });
}
