/**
 * The workspace's web application (Fastify): security headers, cookies, CSRF tokens bound to
 * the session, forms (urlencoded and multipart with a size limit), sessions from the cookie,
 * first-login password change, and the routes of each role. Pages work without JavaScript.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import csrf from "@fastify/csrf-protection";
import type { Workspace } from "../workspace/workspace.js";
import { sessionUser } from "../auth/sessions.js";
import { LoginLimiter } from "../auth/rate-limit.js";
import { HttpError, page } from "./context.js";
import { stylesheet } from "./render.js";
import { fontFile, fontsCss } from "./fonts.js";
import { authRoutes, SESSION_COOKIE } from "./routes/auth.js";
import { adminRoutes } from "./routes/admin.js";
import { unitRoutes } from "./routes/unit.js";
import { reviewRoutes } from "./routes/review.js";
import { evidenceRoutes } from "./routes/evidence.js";
import { resultRoutes } from "./routes/results.js";

export interface AppOptions {
  /** mark cookies Secure (behind HTTPS) */
  secureCookies?: boolean;
  limiter?: LoginLimiter;
  logger?: boolean;
}

async function cookieSecret(ws: Workspace): Promise<string> {
  const file = join(ws.dataDir, "cookie-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    await mkdir(ws.dataDir, { recursive: true });
    const s = randomBytes(32).toString("hex");
    await writeFile(file, s, { mode: 0o600, flag: "w" });
    return s;
  }
}

export async function buildApp(ws: Workspace, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024, trustProxy: false });
  const secret = await cookieSecret(ws);
  const secure = opts.secureCookies ?? false;
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: secure,
  });
  await app.register(cookie, { secret });
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: ws.maxUploadBytes, files: 1, fields: 20, fieldSize: 100_000, parts: 25 },
  });
  await app.register(csrf, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: "fz_csrf",
    cookieOpts: { path: "/", httpOnly: true, sameSite: "strict", secure, signed: true },
    csrfOpts: { hmacKey: secret },
    getUserInfo: (req) => req.sessionKey ?? "anon",
    getToken: (req) => {
      const b = req.body as Record<string, unknown> | undefined;
      const t = b?._csrf;
      if (typeof t === "string") return t;
      if (t && typeof t === "object" && typeof (t as { value?: unknown }).value === "string") return (t as { value: string }).value;
      return (req.headers["x-csrf-token"] as string | undefined) ?? "";
    },
  });
  // the route table, for the access tests that walk every route
  const routeList: { method: string; url: string }[] = [];
  app.decorate("routeList", routeList);
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) if (m !== "HEAD") routeList.push({ method: m, url: r.url });
  });
  app.decorateRequest("user", null);
  app.decorateRequest("sessionKey", null);

  app.addHook("onRequest", async (req, reply) => {
    const found = await sessionUser(ws.db, req.cookies[SESSION_COOKIE]);
    req.user = found?.user ?? null;
    req.sessionKey = found?.sessionId ?? null;
    const path = req.url.split("?")[0]!;
    const open = path === "/login" || path.startsWith("/static/") || path === "/healthz";
    if (!req.user && !open) {
      if (req.method === "GET") return reply.redirect(`/login`, 303);
      throw new HttpError(401, "请先登录");
    }
    if (req.user?.must_change && !open && path !== "/password" && path !== "/logout") {
      if (req.method === "GET") return reply.redirect("/password", 303);
      throw new HttpError(403, "请先修改初始密码");
    }
  });
  // every state change needs the form's CSRF token
  app.addHook("preHandler", (req, reply, done) => {
    if (req.method === "GET" || req.method === "HEAD") return done();
    app.csrfProtection(req, reply, done);
  });

  app.setErrorHandler((err, req, reply) => {
    const e = err as Error & { statusCode?: number; code?: string };
    let status = err instanceof HttpError ? err.status : (e.statusCode ?? 500);
    let message = err instanceof HttpError ? err.message : "服务器内部错误";
    if (e.code === "FST_CSRF_INVALID_TOKEN" || e.code === "FST_CSRF_MISSING_SECRET") {
      status = 403;
      message = "表单已过期或来源不明（CSRF 校验失败），请返回重新打开页面后再提交";
    } else if (e.code === "FST_REQ_FILE_TOO_LARGE" || status === 413) {
      status = 413;
      message = `文件过大（上限 ${Math.round(ws.maxUploadBytes / 1048576)} MB），未保存`;
    } else if (e.code === "FST_FILES_LIMIT" || e.code === "FST_PARTS_LIMIT" || e.code === "FST_FIELDS_LIMIT") {
      status = 413;
      message = "表单内容过多，未保存";
    } else if (status >= 400 && status < 500 && !(err instanceof HttpError)) {
      message = "请求无法处理";
    }
    if (status >= 500) req.log.error(err);
    if (status === 401 && req.method === "GET") return reply.redirect("/login", 303);
    return page(req, reply, "error", { status, message }, status);
  });
  app.setNotFoundHandler((req, reply) => page(req, reply, "error", { status: 404, message: "页面不存在" }, 404));

  app.get("/static/app.css", async (_req, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=300").send(stylesheet()),
  );
  app.get("/static/fonts.css", async (_req, reply) =>
    reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "public, max-age=86400")
      .send(await fontsCss()),
  );
  app.get<{ Params: { file: string } }>("/static/fonts/:file", async (req, reply) => {
    const bytes = await fontFile(req.params.file);
    if (!bytes) throw new HttpError(404, "没有该字体文件");
    return reply.type("font/woff2").header("cache-control", "public, max-age=31536000, immutable").send(bytes);
  });
  app.get("/healthz", async () => ({ ok: true }));

  const limiter = opts.limiter ?? new LoginLimiter();
  await authRoutes(app, ws, { limiter, secure });
  await adminRoutes(app, ws);
  await unitRoutes(app, ws);
  await reviewRoutes(app, ws);
  await evidenceRoutes(app, ws);
  await resultRoutes(app, ws);
  return app;
}
