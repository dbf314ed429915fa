/** Reviewers: the entries the rubric leaves to them (manual items' points, 酌情扣分) unit by unit, the unit's files beside them, within range with a reason. */
import type { FastifyInstance } from "fastify";
import type { Workspace } from "../../workspace/workspace.js";
import { rubricOf } from "../../workspace/workspace.js";
import { enterManualScore, manualItems, manualScores } from "../../workspace/manual.js";
import { currentUploads } from "../../workspace/folder.js";
import { unitEvidence } from "../../workspace/evidence.js";
import { datasetTitle } from "../../workspace/datasets.js";
import { assessmentFor, back, field, flash, page, requireRole, unitOf } from "../context.js";

export async function reviewRoutes(app: FastifyInstance, ws: Workspace) {
  app.get<{ Params: { aid: string } }>("/a/:aid/review", async (req, reply) => {
    requireRole(req, "reviewer", "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const items = manualItems((await rubricOf(ws, a)).rubric);
    const units = await ws.db.selectFrom("units").selectAll().where("assessment_id", "=", a.id).orderBy("unit_id").execute();
    const scores = await manualScores(ws, a.id);
    const rows = units.map((u) => ({
      ...u,
      cells: items.map((it) => {
        const applies = !it.categories || it.categories.includes(u.category);
        const s = scores.find((x) => x.unit_id === u.unit_id && x.item_id === it.id);
        return { applies, kind: it.kind, points: s?.points ?? null };
      }),
    }));
    return page(req, reply, "review", { a, items, rows, flash: flash(req) });
  });

  app.get<{ Params: { aid: string; uid: string } }>("/a/:aid/review/:uid", async (req, reply) => {
    requireRole(req, "reviewer", "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const unit = await unitOf(ws, a, req.params.uid);
    const items = manualItems((await rubricOf(ws, a)).rubric).filter((it) => !it.categories || it.categories.includes(unit.category));
    const scores = await manualScores(ws, a.id, unit.unit_id);
    const files = (await currentUploads(ws, a.id, unit.unit_id)).map((f) => ({ ...f, title: datasetTitle(f.dataset) }));
    const evidence = await unitEvidence(ws, a, unit.unit_id, unit.category);
    const itemKeys = new Set(items.map((it) => `item:${it.item}`));
    return page(req, reply, "review-unit", {
      a,
      unit,
      files,
      otherEvidence: evidence.filter((e) => !itemKeys.has(e.target)),
      locked: a.status === "published",
      items: items.map((it) => ({
        ...it,
        entered: scores.find((s) => s.item_id === it.id) ?? null,
        evidence: evidence.filter((e) => e.target === `item:${it.item}`),
      })),
      flash: flash(req),
    });
  });

  app.post<{ Params: { aid: string; uid: string } }>("/a/:aid/review/:uid", async (req, reply) => {
    const u = requireRole(req, "reviewer", "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const unit = await unitOf(ws, a, req.params.uid);
    const out = await enterManualScore(
      ws,
      a,
      u,
      unit.unit_id,
      field(req.body, "item"),
      field(req.body, "points"),
      field(req.body, "reason"),
    );
    return back(reply, `/a/${a.id}/review/${encodeURIComponent(unit.unit_id)}`, out.ok ? { ok: "已录入" } : { err: out.problem });
  });
}
