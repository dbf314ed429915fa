/**
 * How a row counted by a custom indicator is named among the records behind a deduction: the
 * record's id, its name and its date ("P00025 梁雪梅：2024年3月5日，执法技能培训"), not its line.
 */
import type { Row } from "../data/types.js";
import type { DatasetId } from "../data/contract.js";
import { CONTRACT } from "../data/contract.js";
import { formatDayZh } from "../data/dates.js";
import { detach } from "../data/normalize.js";
import type { IndicatorContext } from "./context.js";
import type { EvidenceRecord } from "./types.js";

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
  const list = emptyRecords();
  maker.add(list, r);
  return maker.records(list)[0]!;
}

/**
 * The records a custom `count` keeps while rows stream, compactly (plain arrays, so that a
 * worker thread's state crosses as it is): per row its id (null: named by its line), the
 * officer's name where there is one, its date as a day number (NaN: none), what it is about, its
 * line — no object and no text a row (a province's inspection cases are a fifth of its
 * 1,000,000 cases). RecordMaker.records writes them out, in the order the rows came.
 */
export interface RecordList {
  ids: (string | null)[];
  names: (string | null)[];
  days: number[];
  whats: (string | null)[];
  lines: number[];
}

export const emptyRecords = (): RecordList => ({ ids: [], names: [], days: [], whats: [], lines: [] });

/** Appends `from`'s records to `into`'s (a later part of the same file). */
export function appendRecords(into: RecordList, from: RecordList): void {
  for (let i = 0; i < from.lines.length; i++) {
    into.ids.push(from.ids[i]!);
    into.names.push(from.names[i]!);
    into.days.push(from.days[i]!);
    into.whats.push(from.whats[i]!);
    into.lines.push(from.lines[i]!);
  }
}

/** How one dataset's rows are kept in a RecordList and named from it (recordOf's rules). */
export class RecordMaker {
  /** the column naming a row, the date column */
  private readonly idKey: string | undefined;
  private readonly dateKey: string | undefined;
  private readonly named: boolean;
  /** each distinct "what" text kept once */
  private readonly texts = new Map<string, string>();

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

  add(into: RecordList, r: Row): void {
    const v = r.values;
    const idVal = this.idKey ? v[this.idKey] : null;
    into.ids.push(idVal !== null && idVal !== undefined && idVal !== "" ? detach(String(idVal)) : null);
    let name: string | null = null;
    if (this.named) {
      const n = this.dataset === "officers" ? (v.name as string | undefined) : this.ctx.officers.get(v.officer_id as string)?.name;
      if (n) name = detach(n);
    }
    into.names.push(name);
    const day = this.dateKey ? v[this.dateKey] : null;
    into.days.push(typeof day === "number" ? day : Number.NaN);
    let what: string | null = null;
    for (const k of WHAT_KEYS) {
      const w = v[k];
      if (typeof w === "string" && w !== "" && k !== this.idKey) {
        what = this.texts.get(w) ?? null;
        if (what === null) this.texts.set((what = detach(w)), what);
        break;
      }
    }
    into.whats.push(what);
    into.lines.push(r.line);
  }

  /** The records as the results name them ("P00025 梁雪梅：2024年3月5日，执法技能培训"), in order. */
  records(list: RecordList): EvidenceRecord[] {
    const title = CONTRACT[this.dataset].title;
    const out: EvidenceRecord[] = new Array(list.lines.length);
    for (let i = 0; i < list.lines.length; i++) {
      const parts: string[] = [];
      const day = list.days[i]!;
      if (!Number.isNaN(day)) parts.push(formatDayZh(day));
      const what = list.whats[i];
      if (what !== null && what !== undefined) parts.push(what);
      const line = list.lines[i]!;
      if (parts.length === 0) parts.push(`${title}第 ${line} 行`);
      const name = list.names[i];
      out[i] = { id: list.ids[i] ?? `第 ${line} 行`, ...(name ? { name } : {}), detail: parts.join("，") };
    }
    return out;
  }
}
