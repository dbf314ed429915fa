/** A unit's own pages (/a/:aid/my…): its data, rejected rows, self-check, submission, and after publication its result. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { readFile } from "node:fs/promises";
import type { Workspace } from "../../workspace/workspace.js";
import { rubricOf } from "../../workspace/workspace.js";
import { inspectUnit } from "../../workspace/validate.js";
import { acceptUpload, submitUnit } from "../../workspace/uploads.js";
import { datasetTitle, isKnownDataset, unitDatasets } from "../../workspace/datasets.js";
import { evidenceTargets, unitEvidence } from "../../workspace/evidence.js";
import { unitTemplate } from "../../workspace/templates.js";
import { publishedResults } from "../../workspace/evaluation.js";
import { unitPdf, unitLedger } from "../../workspace/reports.js";
import { contentDisposition } from "../../workspace/names.js";
import { assessmentFor, back, field, fileField, flash, HttpError, page, requireRole, unitOf } from "../context.js";

async function own(ws: Workspace, req: FastifyRequest<{ Params: { aid: string } }>) {
  const u = requireRole(req, "unit");
  const a = await assessmentFor(ws, req, req.params.aid);
  const unit = await unitOf(ws, a, u.unit_id!);
  return { u, a, unit };
}

export async function unitRoutes(app: FastifyInstance, ws: Workspace) {
  app.get<{ Params: { aid: string } }>("/a/:aid/my", async (req, reply) => {
    const { a, unit } = await own(ws, req);
    const inspection = await inspectUnit(ws, a, unit.unit_id, { check: true });
    const history = await ws.db
      .selectFrom("uploads")
      .selectAll()
      .where("assessment_id", "=", a.id)
      .where("unit_id", "=", unit.unit_id)
      .orderBy("id", "desc")
      .limit(50)
      .execute();
    const evidence = await unitEvidence(ws, a, unit.unit_id, unit.category);
    const targets = evidenceTargets((await rubricOf(ws, a)).rubric, unit.category);
    return page(req, reply, "unit", {
      a,
      unit,
      inspection,
      evidence,
      targets,
      history: history.map((h) => ({ ...h, title: datasetTitle(h.dataset) })),
      self: true,
      locked: unit.status === "submitted",
      published: a.status === "published",
      flash: flash(req),
    });
  });

  app.post<{ Params: { aid: string } }>("/a/:aid/my/upload", async (req, reply) => {
    const { u, a, unit } = await own(ws, req);
    const file = await fileField(req.body, "file");
    if (!file) return back(reply, `/a/${a.id}/my`, { err: "请选择要上传的文件" });
    const out = await acceptUpload(ws, a, u, {
      dataset: field(req.body, "dataset"),
      fileName: file.filename,
      bytes: file.bytes,
      unitId: unit.unit_id,
    });
    if (!out.ok && out.status === 413) throw new HttpError(413, out.problem);
    return back(reply, `/a/${a.id}/my`, out.ok ? { ok: "已上传并检查" } : { err: out.problem });
  });

  app.post<{ Params: { aid: string } }>("/a/:aid/my/submit", async (req, reply) => {
    const { u, a, unit } = await own(ws, req);
    const out = await submitUnit(ws, a, u, unit.unit_id);
    return back(reply, `/a/${a.id}/my`, out.ok ? { ok: out.message ?? "已提交" } : { err: out.problem });
  });

  app.get<{ Params: { aid: string; dataset: string } }>("/a/:aid/my/template/:dataset", async (req, reply) => {
    const { a, unit } = await own(ws, req);
    const loaded = await rubricOf(ws, a);
    const ds = req.params.dataset.replace(/\.xlsx$/, "");
    if (!isKnownDataset(ds) || !unitDatasets(loaded.rubric).includes(ds)) throw new HttpError(404, "没有该数据集的模板");
    const t = await unitTemplate(loaded, ds, unit.unit_id);
    return reply
      .header("content-disposition", contentDisposition(t.name))
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .send(t.bytes);
  });

  app.get<{ Params: { aid: string } }>("/a/:aid/my/result", async (req, reply) => {
    const { a, unit } = await own(ws, req);
    const pub = await publishedResults(ws, a);
    if (!pub) throw new HttpError(404, "结果尚未发布");
    const r = pub.results.units.find((x) => x.id === unit.unit_id);
    if (!r) return page(req, reply, "result", { a, unit, missing: true });
    const peers = pub.results.units.filter((x) => x.category === r.category).length;
    return page(req, reply, "result", { a, unit, r, peers, all: pub.results.units.length });
  });

  app.get<{ Params: { aid: string } }>("/a/:aid/my/report.pdf", async (req, reply) => {
    const { a, unit } = await own(ws, req);
    const pub = await publishedResults(ws, a);
    if (!pub || !pub.results.units.some((x) => x.id === unit.unit_id)) throw new HttpError(404, "结果尚未发布");
    const file = await unitPdf(ws, pub.results, pub.runId, unit.unit_id);
    return reply
      .header("content-disposition", contentDisposition(`${unit.unit_id}-${unit.name}.pdf`))
      .type("application/pdf")
      .send(await readFile(file));
  });

  app.get<{ Params: { aid: string } }>("/a/:aid/my/ledger.xlsx", async (req, reply) => {
    const { a, unit } = await own(ws, req);
    const pub = await publishedResults(ws, a);
    if (!pub || !pub.results.units.some((x) => x.id === unit.unit_id)) throw new HttpError(404, "结果尚未发布");
    const file = await unitLedger(ws, a, pub.runId, unit.unit_id);
    return reply
      .header("content-disposition", contentDisposition(`${unit.unit_id}-整改台账.xlsx`))
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .send(await readFile(file));
  });
}
