/** Login (rate-limited, new session each time), logout, the password change, and home by role. */
import type { FastifyInstance } from "fastify";
import type { Workspace } from "../../workspace/workspace.js";
import { createSession, endSession } from "../../auth/sessions.js";
import type { LoginLimiter } from "../../auth/rate-limit.js";
import { changePassword, findLogin } from "../../workspace/users.js";
import { back, field, flash, page, requireUser } from "../context.js";

export const SESSION_COOKIE = "fz_session";

export async function authRoutes(app: FastifyInstance, ws: Workspace, opts: { limiter: LoginLimiter; secure: boolean }) {
  const cookieOpts = { path: "/", httpOnly: true, sameSite: "strict" as const, secure: opts.secure };

  app.get("/login", async (req, reply) => {
    if (req.user) return reply.redirect("/", 303);
    return page(req, reply, "login", { flash: flash(req) });
  });

  app.post("/login", async (req, reply) => {
    const username = field(req.body, "username").trim();
    const password = field(req.body, "password");
    const wait = opts.limiter.blocked(username, req.ip);
    if (wait > 0) return page(req, reply, "login", { username, flash: { err: `登录失败次数过多，请 ${wait} 分钟后再试` } }, 429);
    const user = await findLogin(ws, username, password);
    if (!user) {
      opts.limiter.fail(username, req.ip);
      return page(req, reply, "login", { username, flash: { err: "用户名或密码不正确" } }, 401);
    }
    opts.limiter.succeed(username);
    // a new session on every login: whatever cookie came in is dropped (no fixation)
    await endSession(ws.db, req.cookies[SESSION_COOKIE]);
    const token = await createSession(ws.db, user.id);
    reply.setCookie(SESSION_COOKIE, token, cookieOpts);
    return reply.redirect(user.must_change ? "/password" : "/", 303);
  });

  app.post("/logout", async (req, reply) => {
    await endSession(ws.db, req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return back(reply, "/login", { ok: "已退出" });
  });

  app.get("/password", async (req, reply) => {
    const u = requireUser(req);
    return page(req, reply, "password", { mustChange: !!u.must_change, flash: flash(req) });
  });

  app.post("/password", async (req, reply) => {
    const u = requireUser(req);
    const problem = await changePassword(ws, u, field(req.body, "current"), field(req.body, "next"), field(req.body, "repeat"));
    if (problem) return page(req, reply, "password", { mustChange: !!u.must_change, flash: { err: problem } }, 400);
    // every session of the user ended: sign in again here with a fresh one
    const token = await createSession(ws.db, u.id);
    reply.setCookie(SESSION_COOKIE, token, cookieOpts);
    return back(reply, "/", { ok: "密码已修改" });
  });

  app.get("/", async (req, reply) => {
    const u = requireUser(req);
    const q = new URLSearchParams(req.query as Record<string, string>).toString();
    const suffix = q ? `?${q}` : "";
    if (u.role === "unit") return reply.redirect(`/a/${u.assessment_id}/my${suffix}`, 303);
    if (u.role === "admin") return reply.redirect(`/admin${suffix}`, 303);
    return reply.redirect(`/assessments${suffix}`, 303);
  });
}
