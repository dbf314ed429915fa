/**
 * A reviewer's deduction within a range, entered in the indicators dataset (数值; 0 = no deduction)
 * with its reason (佐证材料): the `discretionary` pattern, and a `discretionary` rule of a
 * `deductions` item. One reading and one validation for both: not entered → pending; not a
 * number, outside the range, or a deduction without a reason → an error (never clamped).
 */
import type { PatternCheck } from "./pattern.js";
import type { ScoringEnv } from "./types.js";
import { fmtNum } from "../util/format.js";

/** What the rubric says of the entry. */
export interface EntryRange {
  indicator: string;
  /** the smallest deduction the clause allows when it deducts */
  min: number;
  /** the largest (default: the item's max) */
  max?: number | undefined;
}

export type Entry =
  | { state: "pending" }
  | { state: "error"; reason: string }
  /** `amount` 0: no deduction (`note` optional) */
  | { state: "entered"; amount: number; note: string | undefined };

/** The range as a sentence says it: "0.2 至 1 分内", "6 分以内". */
export function rangeText(s: EntryRange, itemMax: number): string {
  const hi = s.max ?? itemMax;
  return s.min > 0 ? `${fmtNum(s.min)} 至 ${fmtNum(hi)} 分内` : `${fmtNum(hi)} 分以内`;
}

/** The reviewer's entry, validated against the range. */
export function readEntry(s: EntryRange, itemMax: number, env: ScoringEnv): Entry {
  const v = env.value(s.indicator);
  if (v === null) return { state: "pending" };
  if (typeof v !== "number") return { state: "error", reason: `评审录入的扣分“${String(v)}”不是数值` };
  const note = env.detail(s.indicator)?.note?.trim() || undefined;
  if (v === 0) return { state: "entered", amount: 0, note };
  const hi = s.max ?? itemMax;
  if (v < s.min - 1e-9 || v > hi + 1e-9)
    return { state: "error", reason: `评审录入扣 ${fmtNum(v)} 分，不在细则规定的 ${rangeText(s, itemMax)}（不扣分请录入 0）` };
  if (!note) return { state: "error", reason: `评审录入扣 ${fmtNum(v)} 分，但未在「佐证材料」中写明扣分理由` };
  return { state: "entered", amount: v, note };
}

/** The rubric checks of an entry: an `indicator.<id>` that is a number, a range within the item.
 * `rule`: the entry is the rule of this index in a `deductions` item (absent: the scoring itself). */
export function checkEntry(s: EntryRange, { rubric, item, who, error }: PatternCheck, rule?: number): void {
  const field = rule === undefined ? "" : `rules.${rule}.`;
  const whose = rule === undefined ? who : `${who}第 ${rule + 1} 条扣分规则`;
  const is = rule === undefined ? `${who}为酌情扣分项` : `${whose}为酌情扣分`;
  const reported = s.indicator.startsWith("indicator.") ? rubric.reported.find((r) => `indicator.${r.id}` === s.indicator) : undefined;
  if (!s.indicator.startsWith("indicator."))
    error(`${is}，其指标须为 indicator.<编号>（评审在自报指标数据集中录入的扣分）`, `${field}indicator`);
  else if (reported && reported.type !== "number") error(`${is}，自报指标“${reported.id}”须为数值（number）`, `${field}indicator`);
  if (s.max !== undefined && s.max > item.max) error(`${whose}酌情扣分上限 ${s.max} 分超过本项满分 ${item.max} 分`, `${field}max`);
  if (s.min > (s.max ?? item.max)) error(`${whose}酌情扣分下限 ${s.min} 分高于上限 ${s.max ?? item.max} 分`, `${field}min`);
}
