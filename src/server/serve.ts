/**
 * `fazhi serve`: opens the workspace (SQLite in the data folder, or PostgreSQL), makes the
 * first admin account when there is none (password printed once), optionally the demo
 * assessment, and listens (127.0.0.1 by default).
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { openWorkspace, type Workspace, SHIPPED_RUBRICS } from "./workspace/workspace.js";
import { buildApp } from "./http/app.js";
import { createAccount } from "./workspace/users.js";
import { prepareRubric } from "./workspace/rubrics.js";
import { createAssessment, importUnits } from "./workspace/assessments.js";
import { acceptUpload } from "./workspace/uploads.js";
import { hashPassword } from "./auth/password.js";

export interface ServeOptions {
  dataDir: string;
  port?: number;
  host?: string;
  databaseUrl?: string;
  demo?: boolean;
  log?: (line: string) => void;
}

export interface Served {
  app: FastifyInstance;
  ws: Workspace;
  url: string;
  close(): Promise<void>;
}

export const DEMO_PASSWORD = "fazhi-demo-2024";

/** The demo: accounts with a known password, the qingxin-2024 assessment, its unit list and 规范性文件目录. */
export async function setupDemo(ws: Workspace, log: (s: string) => void): Promise<void> {
  const exists = await ws.db.selectFrom("users").select("id").where("username", "=", "demo-admin").executeTakeFirst();
  if (!exists) {
    const demoDir = resolve(SHIPPED_RUBRICS, "..", "inputs", "demo");
    await createAccount(ws, { username: "demo-admin", displayName: "区司法局（演示）", role: "admin", password: DEMO_PASSWORD }, null);
    await createAccount(
      ws,
      { username: "demo-reviewer", displayName: "评审人员（演示）", role: "reviewer", password: DEMO_PASSWORD },
      null,
    );
    await createAccount(ws, { username: "demo-leader", displayName: "区领导（演示）", role: "leader", password: DEMO_PASSWORD }, null);
    const admin = await ws.db.selectFrom("users").select(["id", "username"]).where("username", "=", "demo-admin").executeTakeFirstOrThrow();
    const prepared = await prepareRubric(ws, { shipped: "qingxin-2024.json" });
    if (!prepared.ok) throw new Error(prepared.problems.join("\n"));
    const a = await createAssessment(ws, "2024 年度清新区法治政府建设考评（演示）", prepared.rubric, admin);
    const units = await importUnits(ws, a, "units.csv", await readFile(join(demoDir, "units.csv")), admin);
    if (!units.ok) throw new Error("演示单位名单有误");
    await acceptUpload(ws, a, admin, {
      dataset: "documents",
      fileName: "documents.csv",
      bytes: await readFile(join(demoDir, "documents.csv")),
      unitId: null,
    });
    // demo unit accounts get the demo password too (a real import hands out random ones)
    const hash = await hashPassword(DEMO_PASSWORD);
    await ws.db.updateTable("users").set({ password_hash: hash, must_change: 0 }).where("assessment_id", "=", a.id).execute();
  }
  const units = await ws.db
    .selectFrom("users")
    .select("username")
    .where("role", "=", "unit")
    .where("username", "like", "a%")
    .orderBy("id")
    .limit(3)
    .execute();
  log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
  log(`  司法局管理员  demo-admin`);
  log(`  评审人员      demo-reviewer`);
  log(`  领导（只读）  demo-leader`);
  log(`  单位          ${units.map((u) => u.username).join("、")} 等（每个单位一个账号：a<考评编号>-<单位编码>）`);
}

export async function serve(opts: ServeOptions): Promise<Served> {
  const log = opts.log ?? (() => {});
  const ws = await openWorkspace({ dataDir: opts.dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) });
  try {
    const anyAdmin = await ws.db.selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirst();
    if (opts.demo) await setupDemo(ws, log);
    else if (!anyAdmin) {
      const password = await createAccount(ws, { username: "admin", displayName: "司法局管理员", role: "admin" }, null);
      log(`已创建管理员账号 admin，初始密码 ${password}（只显示这一次，首次登录须修改）`);
    }
    const app = await buildApp(ws);
    const address = await app.listen({ port: opts.port ?? 8080, host: opts.host ?? "127.0.0.1" });
    return {
      app,
      ws,
      url: address,
      close: async () => {
        await app.close();
        await ws.close();
      },
    };
  } catch (err) {
    await ws.close();
    throw err;
  }
}
