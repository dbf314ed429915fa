/** What every route needs: the signed-in user, the page renderer with CSRF token, and guards. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { User } from "../auth/sessions.js";
import type { Role } from "../store/schema.js";
import type { Workspace, Assessment } from "../workspace/workspace.js";
import { getAssessment } from "../workspace/workspace.js";
import { ROLE_ZH } from "../workspace/users.js";
import { render } from "./render.js";

declare module "fastify" {
  interface FastifyRequest {
    user: User | null;
    /** sha256 of the session token (binds CSRF tokens to the session) */
    sessionKey: string | null;
  }
}

/** A refusal: rendered as a page with the status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function page(req: FastifyRequest, reply: FastifyReply, name: string, ctx: Record<string, unknown> = {}, status = 200) {
  const csrf = reply.generateCsrf({ userInfo: req.sessionKey ?? "anon" });
  const u = req.user;
  return (
    reply
      .status(status)
      .type("text/html; charset=utf-8")
      // pages may hold initial passwords or a unit's data: never kept by a browser or proxy cache
      .header("cache-control", "no-store")
      .send(
        render(name, {
          ...ctx,
          csrf,
          me: u
            ? {
                name: u.display_name,
                username: u.username,
                role: ROLE_ZH[u.role],
                isAdmin: u.role === "admin",
                isUnit: u.role === "unit",
                isReviewer: u.role === "reviewer",
                isLeader: u.role === "leader",
              }
            : null,
        }),
      )
  );
}

export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new HttpError(401, "请先登录");
  return req.user;
}

export function requireRole(req: FastifyRequest, ...roles: Role[]): User {
  const u = requireUser(req);
  if (!roles.includes(u.role)) throw new HttpError(403, "没有权限访问此页面");
  return u;
}

/**
 * The assessment of a route, visible to this user: a unit account sees only its own
 * assessment; anything else is "not found", so ids cannot be probed.
 */
export async function assessmentFor(ws: Workspace, req: FastifyRequest, idText: string): Promise<Assessment> {
  const u = requireUser(req);
  const id = /^\d{1,9}$/.test(idText) ? Number(idText) : NaN;
  const a = await getAssessment(ws, id);
  if (!a) throw new HttpError(404, "没有找到该考评");
  if (u.role === "unit" && u.assessment_id !== a.id) throw new HttpError(404, "没有找到该考评");
  return a;
}

/** A unit of the assessment (staff only; unit accounts reach only their own through /my). */
export async function unitOf(ws: Workspace, a: Assessment, unitId: string) {
  const unit = await ws.db
    .selectFrom("units")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .executeTakeFirst();
  if (!unit) throw new HttpError(404, "没有找到该单位");
  return unit;
}

/** A form field as text (urlencoded bodies give strings; multipart gives { value }). */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "value" in v && typeof (v as { value: unknown }).value === "string")
    return (v as { value: string }).value;
  return "";
}

/** An uploaded file of a multipart form (buffered within the size limit), or null. */
export async function fileField(body: unknown, name: string): Promise<{ filename: string; bytes: Buffer } | null> {
  const v = (body as Record<string, unknown> | undefined)?.[name] as
    | { type?: string; filename?: string; toBuffer?: () => Promise<Buffer> }
    | undefined;
  if (!v || v.type !== "file" || typeof v.toBuffer !== "function") return null;
  const bytes = await v.toBuffer();
  if (!v.filename && bytes.length === 0) return null;
  return { filename: v.filename ?? "", bytes };
}

/** Post/redirect/get with a one-line message in the query string. */
export function back(reply: FastifyReply, url: string, msg?: { ok?: string; err?: string }) {
  const q = new URLSearchParams();
  if (msg?.ok) q.set("ok", msg.ok);
  if (msg?.err) q.set("err", msg.err);
  const s = q.toString();
  return reply.redirect(s ? `${url}${url.includes("?") ? "&" : "?"}${s}` : url, 303);
}

export function flash(req: FastifyRequest): { ok: string | null; err: string | null } {
  const q = req.query as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === "string" ? v.slice(0, 500) : null);
  return { ok: s(q.ok), err: s(q.err) };
}
