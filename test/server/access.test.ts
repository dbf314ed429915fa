/**
 * Access control over every route, CSRF, session fixation, hostile file names, oversized and
 * zip-bomb uploads, login rate limit, security headers. A unit account reaches only its own
 * unit's data in its own assessment; everything else is refused (403 or 404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Workspace } from "../../src/server/workspace/workspace.js";
import { hashPassword } from "../../src/server/auth/password.js";
import { Client, demoCsv, makeApp, makeWorkspace, PASSWORD, UNIT_A, UNIT_B, unitsCsv } from "./helpers.js";
import { zip } from "../zip.js";

let ws: Workspace;
let app: FastifyInstance;
let fileOfA = 0;
let evidenceOfA = 0;
const EVIDENCE = Buffer.from("%PDF-1.4\n%%EOF\n");
const routes = () => (app as unknown as { routeList: { method: string; url: string }[] }).routeList;

async function as(username: string): Promise<Client> {
  const c = new Client(app);
  const r = await c.login(username);
  expect(r.status, username).toBe(303);
  await c.get("/password");
  return c;
}

function fill(url: string, p: { aid: string; uid: string; id: string }): string {
  return url.replace(":aid", p.aid).replace(":uid", p.uid).replace(":id", p.id).replace(":token", "x").replace(":dataset", "officers");
}

beforeAll(async () => {
  ws = await makeWorkspace("sqlite", { maxUploadBytes: 256 * 1024 });
  app = await makeApp(ws);
  const admin = await as("admin");
  await admin.get("/admin");
  await admin.upload("/admin/assessments", { title: "一号考评", rubric: "qingxin-2024.json" }, null);
  await admin.get("/admin");
  await admin.upload("/admin/assessments", { title: "二号考评", rubric: "qingxin-2024.json" }, null);
  await admin.get("/a/1");
  await admin.upload("/a/1/units", {}, { name: "units.csv", bytes: await unitsCsv() });
  await admin.get("/a/2");
  await admin.upload("/a/2/units", {}, { name: "units.csv", bytes: await unitsCsv([UNIT_A]) });
  // the unit accounts' first password change is tested in flow.test.ts
  await ws.db
    .updateTable("users")
    .set({ password_hash: await hashPassword(PASSWORD), must_change: 0 })
    .where("role", "=", "unit")
    .execute();
  const a = await as(`a1-${UNIT_A}`);
  await a.get("/a/1/my");
  await a.upload("/a/1/my/upload", { dataset: "officers" }, { name: "officers.csv", bytes: await demoCsv("officers", [UNIT_A]) });
  fileOfA = (await ws.db.selectFrom("uploads").select("id").where("unit_id", "=", UNIT_A).executeTakeFirstOrThrow()).id;
  // 佐证材料 of unit A: the same id as its data file, so every :id route below also aims at it
  await a.get("/a/1/my");
  for (let i = 0; i < fileOfA; i++) await a.upload("/a/1/my/evidence", { target: "item:D3" }, { name: "证明.pdf", bytes: EVIDENCE });
  evidenceOfA = (
    await ws.db.selectFrom("evidence").select("id").where("unit_id", "=", UNIT_A).orderBy("id", "desc").executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await app?.close();
  await ws?.close();
});

describe("every route", () => {
  const PUBLIC = new Set([
    "GET /login",
    "POST /login",
    "GET /static/app.css",
    "GET /static/fonts.css",
    "GET /static/fonts/:file",
    "GET /healthz",
  ]);

  it("without a session: pages send to the login, actions are refused", async () => {
    const c = new Client(app);
    await c.get("/login");
    expect(routes().length).toBeGreaterThan(30);
    for (const r of routes()) {
      if (PUBLIC.has(`${r.method} ${r.url}`)) continue;
      const url = fill(r.url, { aid: "1", uid: UNIT_A, id: String(fileOfA) });
      const res = r.method === "GET" ? await c.get(url) : await c.post(url, {});
      if (r.method === "GET") expect([res.status, res.location], `${r.method} ${r.url}`).toEqual([303, "/login"]);
      else expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it("a unit account reaches neither another unit, nor staff pages, nor another assessment, nor results before publication", async () => {
    const b = await as(`a1-${UNIT_B}`);
    const ownOk = new Set([
      "GET /",
      "GET /login",
      "GET /password",
      "POST /password",
      "POST /logout",
      "GET /a/:aid/my",
      "POST /a/:aid/my/upload",
      "POST /a/:aid/my/submit",
      "GET /a/:aid/my/template/:dataset",
      "POST /a/:aid/my/evidence",
    ]);
    const checked: string[] = [];
    for (const r of routes()) {
      const key = `${r.method} ${r.url}`;
      if (PUBLIC.has(key) || key === "POST /logout") continue;
      // aimed at unit A's data in B's own assessment, and at the other assessment
      for (const aid of ["1", "2", "999"]) {
        if (ownOk.has(key) && aid === "1") continue;
        if (!r.url.includes(":aid") && aid !== "1") continue;
        if (ownOk.has(key) && !r.url.includes(":aid")) continue;
        const url = fill(r.url, { aid, uid: UNIT_A, id: String(fileOfA) });
        await b.get("/password"); // a fresh CSRF token: the refusal is about access, not the token
        const res =
          r.method === "GET"
            ? await b.get(url)
            : await b.post(url, { note: "x", item: "D3", points: "1", reason: "理由充分", run: "1", dataset: "officers" });
        expect([403, 404], `${key} as ${url} → ${res.status}`).toContain(res.status);
        expect(res.body).not.toContain("清远市清新区市场监督管理局");
        checked.push(url);
      }
    }
    expect(checked.length).toBeGreaterThan(40);
    // its own pages work; results are not there before publication
    expect((await b.get("/a/1/my")).status).toBe(200);
    for (const u of ["/a/1/my/result", "/a/1/my/report.pdf", "/a/1/my/ledger.xlsx"]) expect((await b.get(u)).status, u).toBe(404);
    // id guessing
    for (const u of [
      "/a/2/my",
      "/a/0/my",
      "/a/abc/my",
      "/a/1e3/my",
      "/a/-1/my",
      "/a/99999999999999/my",
      `/files/${fileOfA}`,
      "/files/999999",
      "/files/..%2f..%2fetc%2fpasswd",
    ])
      expect([403, 404], u).toContain((await b.get(u)).status);
  });

  it("reviewers and leadership cannot act as the admin; leadership cannot change anything", async () => {
    for (const who of ["reviewer", "leader"]) {
      const c = await as(who);
      for (const u of ["/admin", "/a/1"]) expect((await c.get(u)).status, `${who} ${u}`).toBe(403);
      for (const u of [
        "/a/1/evaluate",
        "/a/1/publish",
        `/a/1/units/${UNIT_A}/return`,
        `/a/1/units/${UNIT_A}/reset`,
        "/admin/users",
        "/a/1/shared",
        "/a/1/my/submit",
      ]) {
        await c.get("/password");
        expect((await c.post(u, { note: "x", role: "admin", username: "evil1" })).status, `${who} POST ${u}`).toBe(403);
      }
    }
    const l = await as("leader");
    await l.get("/password");
    expect((await l.post(`/a/1/review/${UNIT_A}`, { item: "D3", points: "1", reason: "领导打分" })).status).toBe(403);
  });
});

describe("佐证材料", () => {
  it("only the unit itself, reviewers and the admin fetch a unit's evidence; another unit, leadership and another assessment's unit do not", async () => {
    expect(evidenceOfA).toBe(fileOfA);
    const url = `/evidence/${evidenceOfA}`;
    for (const who of [`a1-${UNIT_A}`, "reviewer", "admin"]) {
      const r = await (await as(who)).get(url);
      expect([r.status, r.raw.equals(EVIDENCE)], who).toEqual([200, true]);
    }
    for (const who of [`a1-${UNIT_B}`, `a2-${UNIT_A}`, "leader"]) {
      const r = await (await as(who)).get(url);
      expect([403, 404], who).toContain(r.status);
      expect(r.raw.includes(EVIDENCE)).toBe(false);
    }
    // unit B's page and the leader's summary do not list it; B cannot upload evidence as A
    const b = await as(`a1-${UNIT_B}`);
    expect((await b.get("/a/1/my")).body).not.toContain("证明.pdf");
    for (const u of ["/evidence/0", "/evidence/abc", "/evidence/..%2f..%2fetc%2fpasswd", "/evidence/99999999"])
      expect([403, 404], u).toContain((await b.get(u)).status);
    await b.get("/a/1/my");
    const up = await b.upload("/a/2/my/evidence", { target: "item:D3" }, { name: "x.pdf", bytes: EVIDENCE });
    expect([403, 404]).toContain(up.status);
  });
});

describe("CSRF and sessions", () => {
  it("an action without the token, with a wrong token, or with another session's token is refused", async () => {
    const a = await as(`a1-${UNIT_A}`);
    const b = await as(`a1-${UNIT_B}`);
    await a.get("/a/1/my");
    for (const token of [null, "", "forged-token", b.csrf]) {
      const r = await a.post("/a/1/my/submit", {}, { csrf: token });
      expect(r.status, String(token)).toBe(403);
      expect(r.body).toContain("CSRF");
    }
    const up = await a.upload("/a/1/my/upload", { dataset: "officers" }, { name: "x.csv", bytes: "a,b\n" }, { csrf: null });
    expect(up.status).toBe(403);
    const log = await ws.db.selectFrom("audit").select("action").where("action", "=", "submit").execute();
    expect(log).toHaveLength(0);
  });

  it("a session id planted before login is not used: login sets a new one; cookies are HttpOnly and SameSite=Strict", async () => {
    const c = new Client(app);
    c.cookies.set("fz_session", "planted-by-attacker");
    await c.get("/login");
    const r = await c.post("/login", { username: "admin", password: PASSWORD });
    expect(r.status).toBe(303);
    const set = [r.headers["set-cookie"]].flat().find((s) => String(s).startsWith("fz_session="))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(c.cookies.get("fz_session")).not.toBe("planted-by-attacker");
    const attacker = new Client(app);
    attacker.cookies.set("fz_session", "planted-by-attacker");
    expect((await attacker.get("/admin")).location).toBe("/login");
    // a second login rotates again; the earlier session is gone
    const first = c.cookies.get("fz_session")!;
    await c.get("/login"); // logged in: redirected, token still from this session
    await c.get("/password");
    await c.post("/logout", {});
    const old = new Client(app);
    old.cookies.set("fz_session", first);
    expect((await old.get("/admin")).location).toBe("/login");
  });

  it("login is rate-limited: after 5 failures even the right password is refused for a while", async () => {
    const c = new Client(app);
    for (let i = 0; i < 5; i++) {
      await c.get("/login");
      expect((await c.post("/login", { username: "leader", password: `wrong-${i}` })).status).toBe(401);
    }
    await c.get("/login");
    const r = await c.post("/login", { username: "leader", password: PASSWORD });
    expect(r.status).toBe(429);
    expect(r.body).toContain("登录失败次数过多");
  });

  it("pages carry security headers", async () => {
    const r = await new Client(app).get("/login");
    expect(String(r.headers["content-security-policy"])).toContain("script-src 'none'");
    expect(String(r.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["cache-control"]).toBe("no-store");
    for (const u of ["/static/fonts/..%2f..%2fpackage.json", "/static/fonts/400.css", "/static/fonts/%2e%2e"])
      expect((await new Client(app).get(u)).status, u).toBe(404);
    expect((await new Client(app).get("/static/fonts.css")).body).toContain("/static/fonts/noto-sans-sc-");
  });
});

describe("hostile uploads", () => {
  it("path tricks, NUL, bidi overrides and very long names are cleaned; files are stored by sha256 only", async () => {
    const a = await as(`a1-${UNIT_A}`);
    const csv = await demoCsv("officers", [UNIT_A]);
    const names = [
      "../../../../etc/passwd.csv",
      "..\\..\\windows\\win.ini.csv",
      "a\u0000b.csv",
      `${"长".repeat(400)}.csv`,
      "\u202Evsc.officers.csv",
      "\u202Eexe.csv",
    ];
    for (const name of names) {
      await a.get("/a/1/my");
      const r = await a.upload("/a/1/my/upload", { dataset: "officers" }, { name, bytes: csv });
      expect(r.status, name).toBe(303);
    }
    const stored = await ws.db.selectFrom("uploads").select("file_name").where("unit_id", "=", UNIT_A).execute();
    for (const s of stored) {
      expect(s.file_name).not.toMatch(/[\\/\u0000\u202a-\u202e\u2066-\u2069]/);
      expect(s.file_name.startsWith(".")).toBe(false);
      expect([...s.file_name].length).toBeLessThanOrEqual(121);
    }
    expect(stored.map((s) => s.file_name)).toContain("passwd.csv");
    for (const dir of await readdir(join(ws.dataDir, "blobs")))
      for (const f of await readdir(join(ws.dataDir, "blobs", dir))) expect(f).toMatch(/^[0-9a-f]{64}$/);
    const page = await a.get("/a/1/my");
    expect(page.body).not.toMatch(/[\u202a-\u202e]/);
    const dl = await a.get(`/files/${fileOfA}`);
    expect(String(dl.headers["content-disposition"])).toMatch(/^attachment; filename="[ -~]*"; filename\*=UTF-8''/);
  });

  it("an oversized upload is refused with a message and not stored", async () => {
    const a = await as(`a1-${UNIT_A}`);
    await a.get("/a/1/my");
    const before = (await ws.db.selectFrom("uploads").select("id").execute()).length;
    const big = Buffer.alloc(300 * 1024, "a");
    const r = await a.upload("/a/1/my/upload", { dataset: "officers" }, { name: "big.csv", bytes: big });
    expect(r.status).toBe(413);
    expect(r.body).toContain("文件过大");
    expect((await ws.db.selectFrom("uploads").select("id").execute()).length).toBe(before);
  });

  it("a zip-bomb xlsx and a fake xlsx are refused with a message", async () => {
    const a = await as(`a1-${UNIT_A}`);
    await a.get("/a/1/my");
    const fake = await a.follow(await a.upload("/a/1/my/upload", { dataset: "cases" }, { name: "cases.xlsx", bytes: "not a zip at all" }));
    expect(fake.body).toContain("不是有效的 XLSX 文件");
    const bomb = zip({
      "[Content_Types].xml": "<Types/>",
      "xl/workbook.xml": "<workbook/>",
      "xl/worksheets/sheet1.xml": Buffer.alloc(64 * 1024 * 1024),
    });
    expect(bomb.length).toBeLessThan(256 * 1024);
    const t0 = Date.now();
    const page = await a.follow(await a.upload("/a/1/my/upload", { dataset: "cases" }, { name: "cases.xlsx", bytes: bomb }));
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(page.body).toMatch(/id="ds-cases">\s*<h3>[^<]*<span class="tag bad">/);
    expect(page.body).toContain("文件无法使用");
  });
});
