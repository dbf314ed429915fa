/** The 司法局's pages: assessments, accounts, the board of units × datasets, return, evaluate, publish, audit. */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Workspace } from "../../workspace/workspace.js";
import { rubricOf } from "../../workspace/workspace.js";
import { listAssessments, createAssessment, importUnits, accountsXlsx, type IssuedAccount } from "../../workspace/assessments.js";
import { prepareRubric, shippedRubrics } from "../../workspace/rubrics.js";
import { createAccount, resetPassword, ROLE_ZH } from "../../workspace/users.js";
import { acceptUpload, returnUnit } from "../../workspace/uploads.js";
import { runEvaluation, publishRun, latestRun } from "../../workspace/evaluation.js";
import { auditCsv, auditLog, ACTION_ZH } from "../../workspace/audit.js";
import { allCurrentUploads, currentUploads } from "../../workspace/folder.js";
import { sharedDatasets, unitDatasets, datasetTitle } from "../../workspace/datasets.js";
import { unitEvidence } from "../../workspace/evidence.js";
import { contentDisposition } from "../../workspace/names.js";
import type { Role } from "../../store/schema.js";
import { assessmentFor, back, field, fileField, flash, HttpError, page, requireRole, unitOf } from "../context.js";
import { inspectUnit } from "../../workspace/validate.js";

/** Initial passwords waiting to be downloaded as xlsx: in memory only, for the admin who made them, 30 minutes. */
const issued = new Map<string, { userId: number; title: string; accounts: IssuedAccount[]; expires: number }>();

export async function adminRoutes(app: FastifyInstance, ws: Workspace) {
  app.get("/admin", async (req, reply) => {
    requireRole(req, "admin");
    const assessments = await listAssessments(ws);
    const users = await ws.db
      .selectFrom("users")
      .select(["id", "username", "display_name", "role", "must_change"])
      .where("role", "!=", "unit")
      .orderBy("id")
      .execute();
    return page(req, reply, "admin", {
      assessments,
      rubrics: await shippedRubrics(ws),
      users: users.map((u) => ({ ...u, roleZh: ROLE_ZH[u.role as Role] })),
      flash: flash(req),
    });
  });

  app.post("/admin/assessments", async (req, reply) => {
    const u = requireRole(req, "admin");
    const title = field(req.body, "title").trim().slice(0, 200);
    const file = await fileField(req.body, "rubric_file");
    const shipped = field(req.body, "rubric");
    const prepared = await prepareRubric(ws, file ? { name: file.filename, bytes: file.bytes } : { shipped });
    if (!prepared.ok)
      return page(
        req,
        reply,
        "admin",
        {
          assessments: await listAssessments(ws),
          rubrics: await shippedRubrics(ws),
          rubricProblems: prepared.problems,
          title,
          flash: { err: "细则有误，未创建考评" },
        },
        400,
      );
    const a = await createAssessment(ws, title, prepared.rubric, u);
    return back(reply, `/a/${a.id}`, { ok: `已创建考评“${a.title}”` });
  });

  app.post("/admin/users", async (req, reply) => {
    const u = requireRole(req, "admin");
    const role = field(req.body, "role") as Role;
    const username = field(req.body, "username").trim();
    const displayName = field(req.body, "display_name").trim() || username;
    if (!["reviewer", "leader", "admin"].includes(role)) throw new HttpError(400, "账号类型不正确");
    if (!/^[A-Za-z0-9._-]{3,40}$/.test(username)) return back(reply, "/admin", { err: "用户名须为 3–40 个字母、数字、点、下划线或连字符" });
    if (await ws.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst())
      return back(reply, "/admin", { err: `用户名 ${username} 已存在` });
    const password = await createAccount(ws, { username, displayName: displayName.slice(0, 100), role }, u);
    return page(req, reply, "accounts", { single: { username, password, role: ROLE_ZH[role] } });
  });

  app.get("/assessments", async (req, reply) => {
    const u = requireRole(req, "admin", "reviewer", "leader");
    return page(req, reply, "assessments", { assessments: await listAssessments(ws), reviewer: u.role === "reviewer" });
  });

  app.get<{ Params: { aid: string } }>("/a/:aid", async (req, reply) => {
    requireRole(req, "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const { rubric } = await rubricOf(ws, a);
    const units = await ws.db.selectFrom("units").selectAll().where("assessment_id", "=", a.id).orderBy("unit_id").execute();
    const uploads = await allCurrentUploads(ws, a.id);
    const datasets = unitDatasets(rubric).map((d) => ({ id: d, title: datasetTitle(d) }));
    const rows = units.map((un) => {
      const cells = datasets.map((d) => {
        const up = uploads.find((x) => x.unit_id === un.unit_id && x.dataset === d.id);
        return up
          ? { state: up.problem_count > 0 ? "有错误" : "已上传", cls: up.problem_count > 0 ? "bad" : "good", problems: up.problem_count }
          : { state: "未上传", cls: "none", problems: 0 };
      });
      const anyErr = cells.some((c) => c.cls === "bad");
      const status = un.status === "submitted" ? "已提交" : un.status === "returned" ? "已退回" : anyErr ? "有错误" : "未提交";
      const cls = un.status === "submitted" ? "good" : un.status === "returned" ? "warn" : anyErr ? "bad" : "none";
      return { ...un, cells, statusText: status, statusCls: cls };
    });
    const shared = await currentUploads(ws, a.id, null);
    const run = await latestRun(ws, a.id);
    const counts = { all: units.length, submitted: units.filter((x) => x.status === "submitted").length };
    return page(req, reply, "board", {
      a,
      datasets,
      rows,
      counts,
      shared: sharedDatasets(rubric).map((d) => ({ id: d, title: datasetTitle(d), upload: shared.find((s) => s.dataset === d) ?? null })),
      run: run
        ? { ...run, leftOut: (JSON.parse(run.units_left_out) as string[]).join("、"), files: (JSON.parse(run.inputs) as unknown[]).length }
        : null,
      published: a.status === "published",
      flash: flash(req),
    });
  });

  app.post<{ Params: { aid: string } }>("/a/:aid/units", async (req, reply) => {
    const u = requireRole(req, "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const file = await fileField(req.body, "file");
    if (!file) return back(reply, `/a/${a.id}`, { err: "请选择单位名单文件" });
    const out = await importUnits(ws, a, file.filename, file.bytes, u);
    if (!out.ok) return page(req, reply, "accounts", { a, problems: out.problems }, 400);
    const token = randomBytes(18).toString("base64url");
    issued.set(token, { userId: u.id, title: a.title, accounts: out.accounts, expires: Date.now() + 30 * 60_000 });
    return page(req, reply, "accounts", { a, accounts: out.accounts, token });
  });

  app.get<{ Params: { token: string } }>("/accounts/:token/accounts.xlsx", async (req, reply) => {
    const u = requireRole(req, "admin");
    const got = issued.get(req.params.token);
    if (!got || got.userId !== u.id || got.expires < Date.now())
      throw new HttpError(404, "账号表已过期（30 分钟内有效）；可在单位页面重置密码");
    const host = req.headers.host ?? "127.0.0.1";
    const buf = await accountsXlsx(got.title, got.accounts, `http://${host}/login`);
    return reply
      .header("content-disposition", contentDisposition(`${got.title}-单位账号.xlsx`))
      .header("cache-control", "no-store")
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .send(buf);
  });

  app.post<{ Params: { aid: string } }>("/a/:aid/shared", async (req, reply) => {
    const u = requireRole(req, "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const file = await fileField(req.body, "file");
    if (!file) return back(reply, `/a/${a.id}`, { err: "请选择文件" });
    const out = await acceptUpload(ws, a, u, {
      dataset: field(req.body, "dataset"),
      fileName: file.filename,
      bytes: file.bytes,
      unitId: null,
    });
    return back(reply, `/a/${a.id}`, out.ok ? { ok: "已上传" } : { err: out.problem });
  });

  app.get<{ Params: { aid: string; uid: string } }>("/a/:aid/units/:uid", async (req, reply) => {
    requireRole(req, "admin", "reviewer");
    const a = await assessmentFor(ws, req, req.params.aid);
    const unit = await unitOf(ws, a, req.params.uid);
    const inspection = await inspectUnit(ws, a, unit.unit_id);
    const history = await ws.db
      .selectFrom("uploads")
      .selectAll()
      .where("assessment_id", "=", a.id)
      .where("unit_id", "=", unit.unit_id)
      .orderBy("id", "desc")
      .execute();
    const account = await ws.db
      .selectFrom("users")
      .select(["id", "username"])
      .where("assessment_id", "=", a.id)
      .where("unit_id", "=", unit.unit_id)
      .executeTakeFirst();
    const evidence = await unitEvidence(ws, a, unit.unit_id, unit.category);
    return page(req, reply, "unit", {
      a,
      unit,
      inspection,
      evidence,
      history: history.map((h) => ({ ...h, title: datasetTitle(h.dataset) })),
      staff: true,
      isAdminView: req.user!.role === "admin",
      account,
      flash: flash(req),
    });
  });

  app.post<{ Params: { aid: string; uid: string } }>("/a/:aid/units/:uid/return", async (req, reply) => {
    const u = requireRole(req, "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const unit = await unitOf(ws, a, req.params.uid);
    const out = await returnUnit(ws, a, u, unit.unit_id, field(req.body, "note"));
    return back(reply, `/a/${a.id}`, out.ok ? { ok: `已退回 ${unit.name}` } : { err: out.problem });
  });

  app.post<{ Params: { aid: string; uid: string } }>("/a/:aid/units/:uid/reset", async (req, reply) => {
    const u = requireRole(req, "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const unit = await unitOf(ws, a, req.params.uid);
    const account = await ws.db
      .selectFrom("users")
      .select(["id", "username"])
      .where("assessment_id", "=", a.id)
      .where("unit_id", "=", unit.unit_id)
      .executeTakeFirst();
    if (!account) throw new HttpError(404, "该单位没有账号");
    const password = await resetPassword(ws, account.id, u);
    return page(req, reply, "accounts", { a, single: { username: account.username, password, role: unit.name } });
  });

  app.post<{ Params: { aid: string } }>("/a/:aid/evaluate", async (req, reply) => {
    const u = requireRole(req, "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const out = await runEvaluation(ws, a, u);
    return back(reply, `/a/${a.id}`, out.ok ? { ok: out.message ?? "已评分" } : { err: out.problem });
  });

  app.post<{ Params: { aid: string } }>("/a/:aid/publish", async (req, reply) => {
    const u = requireRole(req, "admin");
    const a = await assessmentFor(ws, req, req.params.aid);
    const out = await publishRun(ws, a, u, Number(field(req.body, "run")));
    return back(reply, `/a/${a.id}`, out.ok ? { ok: out.message ?? "已发布" } : { err: out.problem });
  });

  app.get<{ Params: { aid: string } }>("/a/:aid/audit", async (req, reply) => {
    requireRole(req, "admin", "leader");
    const a = await assessmentFor(ws, req, req.params.aid);
    const log = (await auditLog(ws, a.id)).map((r) => ({ ...r, actionZh: ACTION_ZH[r.action] ?? r.action }));
    return page(req, reply, "audit", { a, log });
  });

  app.get<{ Params: { aid: string } }>("/a/:aid/audit.csv", async (req, reply) => {
    requireRole(req, "admin", "leader");
    const a = await assessmentFor(ws, req, req.params.aid);
    return reply
      .header("content-disposition", contentDisposition(`${a.title}-操作记录.csv`))
      .type("text/csv; charset=utf-8")
      .send(auditCsv(await auditLog(ws, a.id)));
  });

  /** An uploaded file version: staff of the assessment, or the unit that uploaded it. */
  app.get<{ Params: { id: string } }>("/files/:id", async (req, reply) => {
    const u = requireRole(req, "admin", "reviewer", "leader", "unit");
    const id = /^\d{1,9}$/.test(req.params.id) ? Number(req.params.id) : 0;
    const up = await ws.db.selectFrom("uploads").selectAll().where("id", "=", id).executeTakeFirst();
    if (!up) throw new HttpError(404, "没有找到该文件");
    if (u.role === "unit" && (up.assessment_id !== u.assessment_id || (up.unit_id !== null && up.unit_id !== u.unit_id)))
      throw new HttpError(404, "没有找到该文件");
    const bytes = await ws.blobs.get(up.sha256);
    return reply
      .header("content-disposition", contentDisposition(up.file_name))
      .header("x-content-sha256", up.sha256)
      .type("application/octet-stream")
      .send(bytes);
  });
}
