/** 佐证材料: a unit uploads evidence for an item, task or reported value; the unit itself, reviewers and the admin download it. */
import type { FastifyInstance } from "fastify";
import type { Workspace } from "../../workspace/workspace.js";
import { acceptEvidence, evidenceDownloadName } from "../../workspace/evidence.js";
import { contentDisposition } from "../../workspace/names.js";
import { assessmentFor, back, field, fileField, HttpError, requireRole, unitOf } from "../context.js";

export async function evidenceRoutes(app: FastifyInstance, ws: Workspace) {
  app.post<{ Params: { aid: string } }>("/a/:aid/my/evidence", async (req, reply) => {
    const u = requireRole(req, "unit");
    const a = await assessmentFor(ws, req, req.params.aid);
    const unit = await unitOf(ws, a, u.unit_id!);
    const file = await fileField(req.body, "file");
    if (!file) return back(reply, `/a/${a.id}/my#evidence`, { err: "请选择要上传的佐证材料" });
    const out = await acceptEvidence(ws, a, u, {
      target: field(req.body, "target"),
      fileName: file.filename,
      bytes: file.bytes,
      unitId: unit.unit_id,
    });
    if (!out.ok && out.status === 413) throw new HttpError(413, out.problem);
    return back(reply, `/a/${a.id}/my`, out.ok ? { ok: "佐证材料已上传" } : { err: out.problem });
  });

  app.get<{ Params: { id: string } }>("/evidence/:id", async (req, reply) => {
    const u = requireRole(req, "unit", "reviewer", "admin");
    const id = /^\d{1,9}$/.test(req.params.id) ? Number(req.params.id) : 0;
    const ev = await ws.db.selectFrom("evidence").selectAll().where("id", "=", id).executeTakeFirst();
    if (!ev || (u.role === "unit" && (ev.assessment_id !== u.assessment_id || ev.unit_id !== u.unit_id)))
      throw new HttpError(404, "没有找到该材料");
    const bytes = await ws.blobs.get(ev.sha256);
    return reply
      .header("content-disposition", contentDisposition(evidenceDownloadName(ev.file_name, ev.mime)))
      .header("x-content-sha256", ev.sha256)
      .header("cache-control", "private, no-store")
      .type(ev.mime)
      .send(bytes);
  });
}
