/** Workspace tests: stores (SQLite, PostgreSQL), a cookie-keeping client over app.inject, the demo data split per unit. */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { openWorkspace, type Workspace } from "../../src/server/workspace/workspace.js";
import { buildApp } from "../../src/server/http/app.js";
import { createAccount } from "../../src/server/workspace/users.js";
import { LoginLimiter } from "../../src/server/auth/rate-limit.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const DEMO = join(ROOT, "inputs/demo");
export const PASSWORD = "Test-password-2024";

/**
 * The PostgreSQL URL for the tests: FAZHI_TEST_PG_URL, else a throwaway cluster started by
 * scripts/pg-test.sh. Unreachable PostgreSQL fails the tests unless FAZHI_TEST_SKIP_PG=1 says to skip.
 */
export function pgUrl(): string | null {
  if (process.env.FAZHI_TEST_SKIP_PG === "1") return null;
  if (process.env.FAZHI_TEST_PG_URL) return process.env.FAZHI_TEST_PG_URL;
  try {
    const url = execFileSync("bash", [join(ROOT, "scripts/pg-test.sh")], { encoding: "utf8" }).trim();
    process.env.FAZHI_TEST_PG_URL = url;
    return url;
  } catch (err) {
    throw new Error(
      `PostgreSQL 不可用（${(err as Error).message}）：安装 postgresql 或设置 FAZHI_TEST_PG_URL；确需跳过请设置 FAZHI_TEST_SKIP_PG=1`,
    );
  }
}

export type StoreKind = "sqlite" | "postgres";
export const STORES: StoreKind[] = process.env.FAZHI_TEST_SKIP_PG === "1" ? ["sqlite"] : ["sqlite", "postgres"];

export async function makeWorkspace(kind: StoreKind, opts: { maxUploadBytes?: number } = {}): Promise<Workspace> {
  const dataDir = await mkdtemp(join(tmpdir(), "fazhi-ws-"));
  const pg = kind === "postgres" ? pgUrl() : null;
  if (kind === "postgres" && !pg) throw new Error("PostgreSQL 测试被跳过");
  return openWorkspace({
    dataDir,
    ...(pg ? { databaseUrl: pg, pgSchema: `t_${randomBytes(6).toString("hex")}` } : {}),
    ...(opts.maxUploadBytes ? { maxUploadBytes: opts.maxUploadBytes } : {}),
  });
}

export async function makeApp(ws: Workspace): Promise<FastifyInstance> {
  await createAccount(ws, { username: "admin", displayName: "司法局", role: "admin", password: PASSWORD }, null);
  await createAccount(ws, { username: "reviewer", displayName: "评审", role: "reviewer", password: PASSWORD }, null);
  await createAccount(ws, { username: "leader", displayName: "领导", role: "leader", password: PASSWORD }, null);
  return buildApp(ws, { limiter: new LoginLimiter(5, 60_000) });
}

export interface Res {
  status: number;
  body: string;
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
  location: string | undefined;
}

/** A browser-like client: keeps cookies, reads the CSRF token from the last page. */
export class Client {
  cookies = new Map<string, string>();
  csrf = "";
  constructor(private app: FastifyInstance) {}

  private store(headers: Record<string, unknown>) {
    const set = headers["set-cookie"];
    for (const c of [set ?? []].flat() as string[]) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === "" || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method: string, url: string, payload?: { body: Buffer | string; type: string }): Promise<Res> {
    const r = await this.app.inject({
      method: method as "GET",
      url,
      headers: { cookie: this.cookieHeader(), ...(payload ? { "content-type": payload.type } : {}) },
      ...(payload ? { payload: payload.body } : {}),
    });
    this.store(r.headers);
    const body = r.body;
    const m = /name="_csrf" value="([^"]+)"/.exec(body);
    if (m && /text\/html/.test(String(r.headers["content-type"]))) this.csrf = m[1]!;
    return { status: r.statusCode, body, raw: r.rawPayload, headers: r.headers, location: r.headers.location as string | undefined };
  }

  get(url: string) {
    return this.request("GET", url);
  }

  /** Follows one redirect (post/redirect/get). */
  async follow(r: Res): Promise<Res> {
    return r.location ? this.get(r.location) : r;
  }

  async post(url: string, fields: Record<string, string>, opts: { csrf?: string | null } = {}): Promise<Res> {
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    const all = { ...(token !== null ? { _csrf: token } : {}), ...fields };
    return this.request("POST", url, { body: new URLSearchParams(all).toString(), type: "application/x-www-form-urlencoded" });
  }

  async upload(
    url: string,
    fields: Record<string, string>,
    file: { field?: string; name: string; bytes: Buffer | string } | null,
    opts: { csrf?: string | null } = {},
  ): Promise<Res> {
    const fd = new FormData();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) fd.append("_csrf", token);
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    if (file) fd.append(file.field ?? "file", new Blob([typeof file.bytes === "string" ? Buffer.from(file.bytes) : file.bytes]), file.name);
    const r = new Response(fd);
    return this.request("POST", url, { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get("content-type")! });
  }

  async login(username: string, password = PASSWORD): Promise<Res> {
    await this.get("/login");
    return this.post("/login", { username, password });
  }
}

/** The demo's rows of one dataset for some units, as UTF-8 CSV text (training by the units' officers). */
export async function demoCsv(dataset: string, unitIds: string[]): Promise<string> {
  let rows: string[][];
  if (dataset === "case_reviews") {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(DEMO, "case_reviews.xlsx"));
    rows = [];
    wb.worksheets[0]!.eachRow((row) => {
      const vals = (row.values as unknown[]).slice(1);
      rows.push(
        vals.map((v) =>
          v instanceof Date
            ? v.toISOString().slice(0, 10)
            : v === null || v === undefined
              ? ""
              : typeof v === "object"
                ? String((v as { result?: unknown; text?: unknown }).result ?? (v as { text?: unknown }).text ?? "")
                : String(v),
        ),
      );
    });
  } else {
    const bytes = await readFile(join(DEMO, `${dataset}.csv`));
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
    } catch {
      text = iconv.decode(bytes, "gb18030");
    }
    rows = parse(text, { relax_column_count: true }) as string[][];
  }
  const [head, ...rest] = rows;
  // pad short rows (xlsx rows end at their last filled cell); drop the demo's deliberate duplicate ids
  const seen = new Set<string>();
  const body = rest
    .map((r) => [...r, ...Array(Math.max(0, head!.length - r.length)).fill("")])
    .filter((r) => !["officers", "cases"].includes(dataset) || (!seen.has(r[0]!) && (seen.add(r[0]!), true)));
  let keep: string[][];
  if (dataset === "training") {
    const officers = parse((await readFile(join(DEMO, "officers.csv"), "utf8")).replace(/^\uFEFF/, ""), {}) as string[][];
    const ids = new Set(
      officers
        .slice(1)
        .filter((r) => unitIds.includes(r[2]!))
        .map((r) => r[0]),
    );
    keep = body.filter((r) => ids.has(r[0]));
  } else {
    const col = head!.indexOf("单位编码");
    keep = col < 0 ? body : body.filter((r) => unitIds.includes(r[col]!));
  }
  // the demo's deliberate impossible dates
  keep = keep.filter((r) => !r.some((c) => /^\d{4}-02-3[01]$/.test(c)));
  // the reviewers' points are not the units' to report
  if (dataset === "indicators") keep = keep.filter((r) => r[1] !== "case_guidance_score");
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [head!, ...keep].map((r) => r.map(q).join(",")).join("\n") + "\n";
}

/** Two units of the demo (a 区直部门 pair, so they rank against each other). */
export const UNIT_A = "QX-SCJG";
export const UNIT_B = "QX-SFJ";

export async function unitsCsv(ids = [UNIT_A, UNIT_B]): Promise<string> {
  const text = (await readFile(join(DEMO, "units.csv"), "utf8")).replace(/^\uFEFF/, "");
  const [head, ...rest] = text.trimEnd().split("\n");
  return [head, ...rest.filter((l) => ids.some((id) => l.startsWith(`${id},`)))].join("\n") + "\n";
}

export const UNIT_DATASETS = ["officers", "training", "cases", "case_reviews", "milestones", "indicators"];
