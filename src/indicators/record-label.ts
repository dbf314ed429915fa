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
  const v = r.values;
  const spec = CONTRACT[dataset];
  const idKey = spec.columns.find((c) => c.unique)?.key ?? ID_KEY[dataset];
  const idVal = idKey ? v[idKey] : null;
  const id = idVal !== null && idVal !== undefined && idVal !== "" ? detach(String(idVal)) : `第 ${r.line} 行`;
  const name =
    dataset === "training" || dataset === "officers"
      ? dataset === "officers"
        ? (v.name as string | undefined)
        : ctx.officers.get(v.officer_id as string)?.name
      : undefined;
  const dk = dateKey ?? spec.columns.find((c) => c.kind === "date")?.key;
  const day = dk ? v[dk] : null;
  const parts: string[] = [];
  if (typeof day === "number") parts.push(formatDayZh(day));
  const whatKey = WHAT_KEYS.find((k) => typeof v[k] === "string" && (v[k] as string) !== "" && k !== idKey);
  if (whatKey) parts.push(String(v[whatKey]));
  if (parts.length === 0) parts.push(`${spec.title}第 ${r.line} 行`);
  return { id, ...(name ? { name: detach(name) } : {}), detail: parts.join("，") };
}
