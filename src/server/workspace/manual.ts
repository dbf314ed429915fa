/**
 * Reviewers' entries: the points of a manual item, or a 酌情扣分 (a `discretionary` item, or a
 * `discretionary` rule of a `deductions` item: 0 for none, else within the clause's range). A
 * reviewer enters each with a required reason; every change is in the audit log (old → new,
 * who, when, why). The entries reach the library as rows of the indicators dataset, the way the
 * rubric's items read them (score/manual.ts, score/reviewer-entry.ts).
 */
import type { Rubric } from "../../rubric/schema.js";
import type { Workspace, Assessment } from "./workspace.js";
import { now, rubricOf } from "./workspace.js";
import { audit } from "./audit.js";
import { fmtNum } from "../../util/format.js";
import { rangeText } from "../../score/reviewer-entry.js";

export interface ManualItem {
  /** the entry's id: its item's, or "<item>/<n>" for the n-th rule of an item with more than one reviewer's rule */
  id: string;
  /** the item the entry scores */
  item: string;
  title: string;
  area: string;
  /** "points": the item's score, 0 to max; "deduction": a 酌情扣分, 0 (none) or min to max */
  kind: "points" | "deduction";
  min: number;
  max: number;
  /** "0–6 分", "酌情扣分 6 分以内", "酌情扣分 0.2 至 1 分内" */
  range: string;
  /** the indicator id (without "indicator.") the entry is made under */
  indicator: string;
  guidance: string | null;
  categories: string[] | null;
}

/** Every entry the rubric leaves to reviewers, in rubric order. */
export function manualItems(rubric: Rubric): ManualItem[] {
  const out: ManualItem[] = [];
  for (const a of rubric.areas)
    for (const it of a.items) {
      const categories = (it as { categories?: string[] }).categories ?? null;
      const base = { item: it.id, area: a.title, categories };
      const s = it.scoring;
      const deduction = (
        id: string,
        title: string,
        r: { indicator: string; min: number; max?: number | undefined },
        guidance: string | null,
      ) => {
        const max = r.max ?? it.max;
        out.push({
          ...base,
          id,
          title,
          kind: "deduction",
          min: r.min,
          max,
          range: `酌情扣分 ${rangeText(r, it.max)}`,
          indicator: r.indicator.slice("indicator.".length),
          guidance,
        });
      };
      if (s.type === "manual")
        out.push({
          ...base,
          id: it.id,
          title: it.title,
          kind: "points",
          min: 0,
          max: it.max,
          range: `0–${fmtNum(it.max)} 分`,
          indicator: s.indicator.slice("indicator.".length),
          guidance: s.guidance ?? null,
        });
      else if (s.type === "discretionary") deduction(it.id, it.title, s, s.guidance ?? null);
      else if (s.type === "deductions") {
        const rules = s.rules.flatMap((r, n) => (r.kind === "discretionary" ? [{ r, n }] : []));
        for (const { r, n } of rules)
          deduction(
            rules.length === 1 ? it.id : `${it.id}/${n + 1}`,
            `${it.title}：${r.text}`,
            r,
            r.when ? "仅在该情形存在时扣分；不属此情形的无需录入（或录入 0）" : null,
          );
      }
    }
  return out;
}

export function manualIndicators(rubric: Rubric): Set<string> {
  return new Set(manualItems(rubric).map((m) => m.indicator));
}

export async function manualScores(ws: Workspace, assessmentId: number, unitId?: string) {
  let q = ws.db.selectFrom("manual_scores").selectAll().where("assessment_id", "=", assessmentId);
  if (unitId !== undefined) q = q.where("unit_id", "=", unitId);
  return q.execute();
}

export type ManualOutcome = { ok: true } | { ok: false; problem: string };

/** Enters (or changes) a reviewer's entry (points, or a deduction) for one unit. */
export async function enterManualScore(
  ws: Workspace,
  a: Assessment,
  user: { id: number; username: string },
  unitId: string,
  itemId: string,
  pointsText: string,
  reasonText: string,
): Promise<ManualOutcome> {
  if (a.status === "published") return { ok: false, problem: "结果已发布，不能再修改评审得分" };
  const { rubric } = await rubricOf(ws, a);
  const item = manualItems(rubric).find((m) => m.id === itemId);
  if (!item) return { ok: false, problem: `细则中没有需评审录入的项目“${itemId}”` };
  const unit = await ws.db
    .selectFrom("units")
    .select(["unit_id", "category"])
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .executeTakeFirst();
  if (!unit) return { ok: false, problem: `考评中没有单位“${unitId}”` };
  if (item.categories && !item.categories.includes(unit.category))
    return { ok: false, problem: `项目“${item.id}”不适用于${unit.category}` };
  const text = pointsText.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const what = item.kind === "points" ? "得分" : "扣分";
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return { ok: false, problem: `${what}“${pointsText}”不是数字（最多两位小数）` };
  const points = Number(text);
  if (item.kind === "points" && (points < 0 || points > item.max))
    return { ok: false, problem: `得分 ${fmtNum(points)} 不在 0 至 ${fmtNum(item.max)} 分之间` };
  if (item.kind === "deduction" && points !== 0 && (points < item.min || points > item.max))
    return {
      ok: false,
      problem: `扣分 ${fmtNum(points)} 不在细则规定的 ${rangeText({ indicator: item.indicator, min: item.min, max: item.max }, item.max)}（不扣分请填 0）`,
    };
  const reason = reasonText.trim();
  if (reason.length < 2) return { ok: false, problem: "请填写评分理由" };
  if (reason.length > 1000) return { ok: false, problem: "评分理由过长（最多 1000 字）" };
  const old = await ws.db
    .selectFrom("manual_scores")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .where("item_id", "=", itemId)
    .executeTakeFirst();
  const row = { points, reason, entered_by: user.id, entered_at: now() };
  if (old)
    await ws.db
      .updateTable("manual_scores")
      .set(row)
      .where("assessment_id", "=", a.id)
      .where("unit_id", "=", unitId)
      .where("item_id", "=", itemId)
      .execute();
  else
    await ws.db
      .insertInto("manual_scores")
      .values({ assessment_id: a.id, unit_id: unitId, item_id: itemId, ...row })
      .execute();
  await audit(ws, {
    assessmentId: a.id,
    user,
    action: "manual",
    unitId,
    detail: `${item.id} ${item.title}${item.kind === "deduction" ? "（酌情扣分）" : ""}`,
    old: old ? fmtNum(old.points) : null,
    new: fmtNum(points),
    reason,
  });
  return { ok: true };
}
