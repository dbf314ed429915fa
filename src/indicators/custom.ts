/**
 * Indicators a rubric defines over any dataset and column: a row filter in the same syntax as
 * item conditions (compiled once to a predicate, never run through the rules engine per row),
 * an optional period column, and an aggregate per unit.
 */
import { detach } from "../data/normalize.js";
import type { CustomIndicator } from "../rubric/schema.js";
import type { IndicatorContext } from "./context.js";
import { perUnit } from "./context.js";
import { arenaAggregator, type Aggregator, type IndicatorSink } from "./aggregate.js";
import type { CustomIndicatorKey } from "./catalog.js";
import type { Row } from "../data/types.js";
import { CONTRACT } from "../data/contract.js";
import { compileRowPredicate } from "../rubric/conditions.js";
import { RecordMaker, arenaRecord } from "./record-label.js";
import { EvidenceArena, type ArenaGroups } from "./evidence-arena.js";
import type { EvidenceRecord } from "./types.js";
import { withRecords } from "./lazy-records.js";

const SCALE = 10_000;

/** A unit's counted rows as records, sorted by id: made here, not in the aggregator, so that the
 * results keeping it until written do not keep the aggregator's scope (the indicator context). */
function countList(groups: ArenaGroups, u: number, dataset: CustomIndicator["dataset"]): () => EvidenceRecord[] {
  return () =>
    groups
      .records(u, 0)
      .map((r) => arenaRecord(dataset, r))
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

export function customAggregator(ctx: IndicatorContext, def: CustomIndicator): Aggregator {
  const kinds = columnKinds(ctx, def.dataset);
  const where = def.where ? compileRowPredicate(def.where, kinds) : () => true;
  const numerator = def.numerator ? compileRowPredicate(def.numerator, kinds) : () => true;
  const unitOf = (r: Row): string | undefined =>
    def.dataset === "training" ? ctx.officers.unitOf(r.values.officer_id as string) : (r.values.unit_id as string | undefined);
  const acc = perUnit(ctx.unitIds, (unit) => ({
    /** the unit's index (its records' in the arena) */
    unit,
    n: 0,
    num: 0,
    sum: 0,
    values: 0,
    min: null as number | null,
    max: null as number | null,
    distinct: new Set<string>(),
  }));
  const maker = new RecordMaker(ctx, def.dataset, def.inPeriod);
  // the rows a count counts (its records)
  const arena = new EvidenceArena();
  return arenaAggregator(acc, arena, add, finish, (a, b) => {
    a.n += b.n;
    a.num += b.num;
    a.sum += b.sum;
    a.values += b.values;
    if (b.min !== null && (a.min === null || b.min < a.min)) a.min = b.min;
    if (b.max !== null && (a.max === null || b.max > a.max)) a.max = b.max;
    for (const d of b.distinct) a.distinct.add(d);
  });
  function add(r: Row): void {
    if (def.inPeriod) {
      const d = r.values[def.inPeriod];
      if (typeof d !== "number" || d < ctx.start || d > ctx.end) return;
    }
    if (!where(r.values)) return;
    const unitId = unitOf(r);
    const a = unitId === undefined ? undefined : acc.get(unitId);
    if (!a) return;
    a.n++;
    if (def.aggregate === "ratio") {
      if (numerator(r.values)) a.num++;
      return;
    }
    if (def.aggregate === "count") {
      maker.add(arena, a.unit, r);
      return;
    }
    const x = def.column ? r.values[def.column] : null;
    if (x === null || x === undefined) return;
    if (def.aggregate === "countDistinct") {
      const k = Array.isArray(x) ? x.join("、") : String(x);
      if (!a.distinct.has(k)) a.distinct.add(detach(k));
      return;
    }
    if (typeof x !== "number") return;
    a.values++;
    a.sum += Math.round(x * SCALE);
    a.min = a.min === null || x < a.min ? x : a.min;
    a.max = a.max === null || x > a.max ? x : a.max;
  }
  function finish(sink: IndicatorSink): void {
    // the rubric schema admits only ids that start with "custom."
    const key = def.id as CustomIndicatorKey;
    const groups = def.aggregate === "count" ? arena.group(ctx.unitIds.length, 1) : null;
    for (const [unitId, a] of acc) {
      switch (def.aggregate) {
        case "count":
          {
            sink.set(unitId, key, a.n, withRecords({}, groups!.count(a.unit, 0), countList(groups!, a.unit, def.dataset)));
          }
          break;
        case "countDistinct":
          sink.set(unitId, key, a.distinct.size);
          break;
        case "sum":
          sink.set(unitId, key, a.sum / SCALE);
          break;
        case "mean":
          sink.set(unitId, key, a.values === 0 ? null : a.sum / SCALE / a.values);
          break;
        case "min":
          sink.set(unitId, key, a.min);
          break;
        case "max":
          sink.set(unitId, key, a.max);
          break;
        case "ratio":
          sink.set(unitId, key, a.n === 0 ? null : a.num / a.n, { num: a.num, den: a.n });
          break;
      }
    }
  }
}

function columnKinds(ctx: IndicatorContext, dataset: CustomIndicator["dataset"]): Map<string, string> {
  const kinds = new Map<string, string>(CONTRACT[dataset].columns.map((c) => [c.key, c.kind]));
  for (const extra of ctx.rubric.extraColumns?.[dataset] ?? []) kinds.set(extra.key, extra.kind);
  return kinds;
}
