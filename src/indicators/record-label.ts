/**
 * How a row counted by a custom indicator is named among the records behind a deduction: the
 * record's id, its name and its date ("P00025 梁雪梅：2024年3月5日，执法技能培训"), not its line.
 */
import type { Row } from "../data/types.js";
import type { DatasetId } from "../data/contract.js";
import { CONTRACT } from "../data/contract.js";
import { formatDayZh } from "../data/dates.js";
import type { IndicatorContext } from "./context.js";
import type { EvidenceRecord } from "./types.js";
import { EvidenceArena, fields, type ArenaRecord } from "./evidence-arena.js";

/** The column naming a row, per dataset (when it has no unique id, or beside it). */
const ID_KEY: Partial<Record<DatasetId, string>> = {
  training: "officer_id",
  case_reviews: "case_id",
  milestones: "task_id",
  indicators: "indicator",
  activities: "type",
};
/** A column saying what the row is about. */
const WHAT_KEYS = ["course", "topic", "title", "case_type", "review_kind", "evidence"];

export function recordOf(ctx: IndicatorContext, dataset: DatasetId, r: Row, dateKey?: string): EvidenceRecord {
  const maker = new RecordMaker(ctx, dataset, dateKey);
  const arena = new EvidenceArena();
  maker.add(arena, 0, r);
  return maker.record(arena.group(1, 1).records(0, 0)[0]!);
}

/**
 * How one dataset's rows counted by a custom `count` are kept while rows stream (in an
 * evidence arena: per row its id — none: named by its line —, the officer's name where there
 * is one, what it is about, its date as a day number — NaN: none — and its line: no object and
 * no text a row; a province's inspection cases are a fifth of its 1,000,000 cases), and named
 * from there (recordOf's rules).
 */
export class RecordMaker {
  /** the column naming a row, the date column */
  private readonly idKey: string | undefined;
  private readonly dateKey: string | undefined;
  private readonly named: boolean;

  constructor(
    private readonly ctx: IndicatorContext,
    private readonly dataset: DatasetId,
    dateKey?: string,
  ) {
    const spec = CONTRACT[dataset];
    this.idKey = spec.columns.find((c) => c.unique)?.key ?? ID_KEY[dataset];
    this.dateKey = dateKey ?? spec.columns.find((c) => c.kind === "date")?.key;
    this.named = dataset === "training" || dataset === "officers";
  }

  /** Row `r`, of unit index `unit`, into the arena (tag 0). */
  add(into: EvidenceArena, unit: number, r: Row): void {
    const v = r.values;
    const idVal = this.idKey ? v[this.idKey] : null;
    const id = idVal !== null && idVal !== undefined && idVal !== "" ? String(idVal) : null;
    let name: string | null = null;
    if (this.named) {
      const n = this.dataset === "officers" ? (v.name as string | undefined) : this.ctx.officers.nameOf(v.officer_id as string);
      if (n) name = n;
    }
    const day = this.dateKey ? v[this.dateKey] : null;
    let what: string | null = null;
    for (const k of WHAT_KEYS) {
      const w = v[k];
      if (typeof w === "string" && w !== "" && k !== this.idKey) {
        what = w;
        break;
      }
    }
    into.add(unit, 0, typeof day === "number" ? day : Number.NaN, r.line, fields(id, name, what));
  }

  /** A record as the results name it ("P00025 梁雪梅：2024年3月5日，执法技能培训"). */
  record(rec: ArenaRecord): EvidenceRecord {
    return arenaRecord(this.dataset, rec);
  }
}

/** A record kept by a RecordMaker of `dataset`, as the results name it: a function of its own, so
 * that the lists made from it do not keep the maker's indicator context (every officer). */
export function arenaRecord(dataset: DatasetId, rec: ArenaRecord): EvidenceRecord {
  const [id, name, what] = rec.fields;
  const parts: string[] = [];
  const day = rec.a;
  if (!Number.isNaN(day)) parts.push(formatDayZh(day));
  if (what !== null && what !== undefined) parts.push(what);
  const line = rec.b;
  if (parts.length === 0) parts.push(`${CONTRACT[dataset].title}第 ${line} 行`);
  return { id: id ?? `第 ${line} 行`, ...(name ? { name } : {}), detail: parts.join("，") };
}
