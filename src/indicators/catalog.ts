/**
 * The standard indicators of the data contract: key, Chinese label, how a value reads, and
 * which datasets it needs. Rubric-defined indicators (custom.*), milestones (milestone.*) and
 * self-reported values (indicator.*) get their entries from the rubric (see describe.ts).
 */
import type { DatasetId } from "../data/contract.js";

export type IndicatorFormat = "rate" | "count" | "number" | "hours" | "score" | "days" | "boolean" | "date";

export interface IndicatorMeta {
  key: string;
  label: string;
  format: IndicatorFormat;
  /** measure word for counts: 人, 件, 份 … */
  unit?: string;
  needs: readonly DatasetId[];
  /** a reported boolean's own wording when true / false ("已成立领导小组" / "未成立领导小组") */
  yes?: string;
  no?: string;
  /** optional columns the indicator cannot do without: a file lacking one makes it an error,
   * never a guess (no 公示日期 column does not mean nothing was published) */
  columns?: Partial<Record<DatasetId, readonly string[]>>;
}

const m = <K extends string>(
  key: K,
  label: string,
  format: IndicatorFormat,
  needs: DatasetId[],
  unit?: string,
  columns?: IndicatorMeta["columns"],
): IndicatorMeta & { key: K } => ({
  key,
  label,
  format,
  needs,
  ...(unit ? { unit } : {}),
  ...(columns ? { columns } : {}),
});
const CERT = ["certificate_no", "certificate_expires"];

/** In the order they appear in results.json's metrics. */
export const STANDARD_INDICATORS = [
  m("training.officers", "执法岗位人员数", "count", ["officers", "training"], "人"),
  m("training.averageHours", "执法人员人均培训学时", "hours", ["officers", "training"]),
  m("training.compliantRate", "培训学时达标率", "rate", ["officers", "training"]),
  m("certification.rate", "执法人员持证率", "rate", ["officers"], undefined, { officers: CERT }),
  m("cases.total", "办结案件数", "count", ["cases"], "件"),
  m("cases.closingRate", "案件结案率", "rate", ["cases"], undefined, { cases: ["opened"] }),
  m("cases.onlineRate", "行政处罚案件线上办理率", "rate", ["cases"]),
  m("cases.uncertifiedHandling", "承办人无有效执法证或持证承办人不足的案件", "count", ["cases", "officers"], "件", { officers: CERT }),
  m("cases.legalReviewRate", "重大执法决定法制审核率", "rate", ["cases"], undefined, { cases: ["legal_review_date"] }),
  m("cases.publicityTimelyRate", "行政处罚决定按时公示率", "rate", ["cases"], undefined, { cases: ["published"] }),
  m("cases.invalidBasis", "引用已失效规范性文件作出决定的案件", "count", ["cases", "documents"], "件", { cases: ["legal_basis"] }),
  m("reviews.count", "评查案卷数", "count", ["case_reviews"], "份"),
  m("reviews.averageScore", "案卷评查平均分", "score", ["case_reviews"]),
  m("reviews.excellentRate", "案卷评查优秀率", "rate", ["case_reviews"]),
  m("reviews.failed", "不合格案卷", "count", ["case_reviews"], "份"),
] as const satisfies readonly IndicatorMeta[];

/** The key of a standard indicator: a key not in the catalog above does not compile. */
export type StandardIndicatorKey = (typeof STANDARD_INDICATORS)[number]["key"];
/** Rubric-defined indicators (custom.*), milestones (milestone.*), self-reported values
 * (indicator.*) and activity counts (activity.*): keys made from a rubric's ids. */
export type CustomIndicatorKey = `custom.${string}`;
export type DynamicIndicatorKey = `milestone.${string}` | `indicator.${string}` | `activity.${string}` | CustomIndicatorKey;
/** Every key an indicator sink takes. */
export type IndicatorKey = StandardIndicatorKey | DynamicIndicatorKey;

export const STANDARD_BY_KEY: ReadonlyMap<string, IndicatorMeta> = new Map(STANDARD_INDICATORS.map((i) => [i.key, i]));
