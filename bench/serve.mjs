#!/usr/bin/env node
/**
 * Workspace speed, on loopback, against baselines in the same run (after `npx tsc`):
 *  1. validating a 50,000-row upload (officers) through the workspace (store, blob, loader,
 *     page data) against the library's bare loadData over the same file;
 *  2. N unit accounts at once (default 50; --units 200): each logs in, uploads its officers file,
 *     opens its page (validation + self-check) — page p50/p95 latency, and no upload lost.
 * Every loop is bounded (a fixed number of requests, an overall deadline); SQLite in a temp folder.
 *   node bench/serve.mjs [--units 50] [--rows 50000]
 */
import { mkdtemp, writeFile, rm, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { serve } from "../dist/server/serve.js";
import { createAccount } from "../dist/server/workspace/users.js";
import { prepareRubric } from "../dist/server/workspace/rubrics.js";
import { createAssessment, importUnits } from "../dist/server/workspace/assessments.js";
import { acceptUpload } from "../dist/server/workspace/uploads.js";
import { inspectUnit } from "../dist/server/workspace/validate.js";
import { hashPassword } from "../dist/server/auth/password.js";
import { loadData } from "../dist/data/folder.js";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const UNITS = arg("units", 50);
const ROWS = arg("rows", 50_000);
const PASSWORD = "Bench-password-2024";
const DEADLINE = Date.now() + 15 * 60_000;

const officers = (unit, n, bad = 0) => {
  const lines = ["人员编号,姓名,单位编码,是否执法岗位,执法证号,证件有效期至,证件状态"];
  for (let i = 0; i < n; i++) lines.push(`${unit}-P${i},张${i},${unit},是,4418${String(i).padStart(7, "0")},${i < bad ? "2024-02-30" : "2027-06-30"},有效`);
  return lines.join("\n") + "\n";
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const dir = await mkdtemp(join(tmpdir(), "fazhi-bench-serve-"));
const served = await serve({ dataDir: join(dir, "ws"), port: 0 });
const { ws, url } = served;
try {
  await createAccount(ws, { username: "bench-admin", displayName: "bench", role: "admin", password: PASSWORD }, null);
  const admin = await ws.db.selectFrom("users").select(["id", "username"]).where("username", "=", "bench-admin").executeTakeFirstOrThrow();
  const prepared = await prepareRubric(ws, { shipped: "qingxin-2024.json" });
  const a = await createAssessment(ws, "bench", prepared.rubric, admin);
  const ids = Array.from({ length: UNITS }, (_, i) => `U${String(i).padStart(4, "0")}`);
  const units = ["单位编码,单位名称,单位类别", ...ids.map((id) => `${id},单位${id},区直部门`)].join("\n") + "\n";
  const t0 = performance.now();
  const imported = await importUnits(ws, a, "units.csv", Buffer.from(units), admin);
  if (!imported.ok) throw new Error("units");
  console.log(`accounts: ${UNITS} units imported with accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await ws.db.updateTable("users").set({ password_hash: await hashPassword(PASSWORD), must_change: 0 }).where("role", "=", "unit").execute();

  // 1. a 50,000-row upload with 100 bad rows
  const big = officers(ids[0], ROWS, 100);
  const folder = join(dir, "bare");
  await mkdir(folder);
  await writeFile(join(folder, "units.csv"), `单位编码,单位名称,单位类别\n${ids[0]},单位,区直部门\n`);
  await writeFile(join(folder, "officers.csv"), big);
  let t = performance.now();
  const bare = await loadData(folder, { required: ["units", "officers"] });
  const bareMs = performance.now() - t;
  t = performance.now();
  await acceptUpload(ws, a, admin, { dataset: "officers", fileName: "officers.csv", bytes: Buffer.from(big), unitId: ids[0] });
  const insp = await inspectUnit(ws, a, ids[0]);
  const wsMs = performance.now() - t;
  const o = insp.datasets.find((d) => d.dataset === "officers");
  console.log(`upload ${ROWS} rows: workspace ${(wsMs / 1000).toFixed(2)} s (upload + validation + page data: ${o.problemCount} rejected rows listed) vs bare loadData ${(bareMs / 1000).toFixed(2)} s (${bare.datasets.officers.rejected.length} rejected): ratio ${(wsMs / bareMs).toFixed(2)}`);

  // 2. N units at once over HTTP
  const lat = [];
  const timed = async (f) => {
    const s = performance.now();
    const r = await f();
    lat.push(performance.now() - s);
    return r;
  };
  const csrfOf = (html) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const cookies = (res, jar) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const k = pair.slice(0, pair.indexOf("="));
      jar.set(k, pair.slice(k.length + 1));
    }
    return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  };
  const session = async (id) => {
    if (Date.now() > DEADLINE) throw new Error("deadline");
    const jar = new Map();
    let res = await timed(() => fetch(`${url}/login`));
    let cookie = cookies(res, jar);
    let csrf = csrfOf(await res.text());
    res = await timed(() => fetch(`${url}/login`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf, username: `a${a.id}-${id}`, password: PASSWORD }) }));
    cookie = cookies(res, jar);
    res = await timed(() => fetch(`${url}/a/${a.id}/my`, { headers: { cookie } }));
    csrf = csrfOf(await res.text());
    const fd = new FormData();
    fd.append("_csrf", csrf);
    fd.append("dataset", "officers");
    fd.append("file", new Blob([officers(id, 50, id.endsWith("7") ? 2 : 0)]), "officers.csv");
    res = await timed(() => fetch(`${url}/a/${a.id}/my/upload`, { method: "POST", redirect: "manual", headers: { cookie }, body: fd }));
    if (res.status !== 303) throw new Error(`upload ${id}: ${res.status}`);
    res = await timed(() => fetch(`${url}/a/${a.id}/my`, { headers: { cookie } }));
    const page = await res.text();
    if (!page.includes("自查")) throw new Error(`page ${id}`);
  };
  t = performance.now();
  await Promise.all(ids.slice(1).map((id) => session(id)));
  const wall = performance.now() - t;
  const stored = await ws.db.selectFrom("uploads").select("unit_id").where("dataset", "=", "officers").execute();
  const lost = ids.slice(1).filter((id) => !stored.some((s) => s.unit_id === id));
  console.log(`${UNITS - 1} unit sessions at once: ${lat.length} requests in ${(wall / 1000).toFixed(1)} s; latency p50 ${pct(lat, 50).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms; uploads lost: ${lost.length}`);
  if (lost.length) process.exitCode = 1;
} finally {
  await served.close();
  await rm(dir, { recursive: true, force: true });
}
