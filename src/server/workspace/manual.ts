/**
 * Manual items: a reviewer enters points within the item's range with a required reason; every
 * change is in the audit log (old → new, who, when, why). The points reach the library as
 * rows of the indicators dataset, the way the rubric's manual scoring reads them.
 */
import type { Rubric } from "../../rubric/schema.js";
import type { Workspace, Assessment } from "./workspace.js";
import { now, rubricOf } from "./workspace.js";
import { audit } from "./audit.js";
import { fmtNum } from "../../util/format.js";

export interface ManualItem {
  id: string;
  title: string;
  area: string;
  max: number;
  /** the indicator id (without "indicator.") the points are entered under */
  indicator: string;
  guidance: string | null;
  categories: string[] | null;
}

export function manualItems(rubric: Rubric): ManualItem[] {
  const out: ManualItem[] = [];
  for (const a of rubric.areas)
    for (const it of a.items)
      if (it.scoring.type === "manual")
        out.push({
          id: it.id,
          title: it.title,
          area: a.title,
          max: it.max,
          indicator: it.scoring.indicator.slice("indicator.".length),
          guidance: it.scoring.guidance ?? null,
          categories: (it as { categories?: string[] }).categories ?? null,
        });
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

/** Enters (or changes) a reviewer's points for one unit's manual item. */
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
  const text = pointsText.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return { ok: false, problem: `得分“${pointsText}”不是数字（最多两位小数）` };
  const points = Number(text);
  if (points < 0 || points > item.max) return { ok: false, problem: `得分 ${fmtNum(points)} 不在 0 至 ${fmtNum(item.max)} 分之间` };
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
    detail: `${item.id} ${item.title}`,
    old: old ? fmtNum(old.points) : null,
    new: fmtNum(points),
    reason,
  });
  return { ok: true };
}
