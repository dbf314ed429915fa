#!/usr/bin/env node
/**
 * Workspace speed, on loopback, against baselines in the same run (after `npx tsc`):
 *  1. validating a 50,000-row upload (officers) through the workspace (store, blob, loader,
 *     page data) against the library's bare loadData over the same file;
 *  2. N unit accounts at once (default 50; --units 200): each logs in, uploads its officers file,
 *     opens its page (validation + self-check) — page p50/p95 latency, and no upload lost;
 *  3. evaluation of the N submitted units: every unit uploads a full, clean set of its datasets and
 *     submits (the 司法局 uploads documents), then the admin's "run evaluation" (runEvaluation, as the
 *     POST /a/:aid/evaluate route calls it) against the library's bare evaluate() over the same
 *     combined data folder (the run's own data/); checks the run evaluated N units and left none out.
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
import { acceptUpload, submitUnit } from "../dist/server/workspace/uploads.js";
import { runEvaluation, runDir } from "../dist/server/workspace/evaluation.js";
import { rubricOf } from "../dist/server/workspace/workspace.js";
import { evaluate } from "../dist/evaluate.js";
import { readFile } from "node:fs/promises";
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
  for (let i = 0; i < n; i++)
    lines.push(`${unit}-P${i},张${i},${unit},是,4418${String(i).padStart(7, "0")},${i < bad ? "2024-02-30" : "2027-06-30"},有效`);
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
  await ws.db
    .updateTable("users")
    .set({ password_hash: await hashPassword(PASSWORD), must_change: 0 })
    .where("role", "=", "unit")
    .execute();

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
  console.log(
    `upload ${ROWS} rows: workspace ${(wsMs / 1000).toFixed(2)} s (upload + validation + page data: ${o.problemCount} rejected rows listed) vs bare loadData ${(bareMs / 1000).toFixed(2)} s (${bare.datasets.officers.rejected.length} rejected): ratio ${(wsMs / bareMs).toFixed(2)}`,
  );

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
    res = await timed(() =>
      fetch(`${url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, username: `a${a.id}-${id}`, password: PASSWORD }),
      }),
    );
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
  console.log(
    `${UNITS - 1} unit sessions at once: ${lat.length} requests in ${(wall / 1000).toFixed(1)} s; latency p50 ${pct(lat, 50).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms; uploads lost: ${lost.length}`,
  );
  if (lost.length) process.exitCode = 1;

  // 3. evaluation of N submitted units: each unit a full, clean set of datasets, then submitted
  const demo = join(import.meta.dirname, "..", "inputs", "demo");
  const indicatorRows = (await readFile(join(demo, "indicators.csv"), "utf8"))
    .split(/\r?\n/)
    .filter((l) => l.startsWith("QX-SCJG,") && !l.includes(",case_guidance_score,")); // reviewer-entered, not unit-reported
  const unitFiles = (u) => {
    const P = 20,
      C = 30;
    const off = ["人员编号,姓名,单位编码,是否执法岗位,执法证号,证件有效期至,证件状态"];
    for (let i = 0; i < P; i++) off.push(`${u}-P${i},张${i},${u},是,4418${String(i).padStart(7, "0")},2027-06-30,有效`);
    const tr = ["人员编号,培训日期,培训名称,培训类别,学时,时长（分钟）"];
    for (let i = 0; i < P; i++) for (let k = 1; k <= 3; k++) tr.push(`${u}-P${i},2024-0${k + 2}-1${k},执法实务${k},执法能力,${8 * k},`);
    const cs = ["案件编号,单位编码,案件类型,是否线上办理,承办人,立案日期,决定日期,是否重大案件,法制审核日期,公示日期,执法依据"];
    for (let i = 0; i < C; i++)
      cs.push(
        `${u}-C${i},${u},行政处罚,是,${u}-P${i % P}、${u}-P${(i + 1) % P},2024-02-0${1 + (i % 9)},2024-03-0${1 + (i % 9)},否,,2024-03-1${i % 9},`,
      );
    const rv = ["案件编号,单位编码,评查日期,评查方式,得分,评查人,否决项,问题描述"];
    for (let i = 0; i < 5; i++) rv.push(`${u}-C${i},${u},2024-06-1${i},案卷评查,${85 + i},李${i},否,`);
    const ms = ["单位编码,任务编号,完成日期,佐证材料"];
    for (const tk of ["QX-TAIZHANG", "QX-LUNXUN", "QX-QUANZE", "QX-XIAFANG", "QX-ZHENGZHI"]) ms.push(`${u},${tk},2024-06-30,台账及回执`);
    const ind = ["单位编码,指标编码,数值,佐证材料", ...indicatorRows.map((l) => `${u}${l.slice("QX-SCJG".length)}`)];
    return { officers: off, training: tr, cases: cs, case_reviews: rv, milestones: ms, indicators: ind };
  };
  t = performance.now();
  const docs = await acceptUpload(ws, a, admin, {
    dataset: "documents",
    fileName: "documents.csv",
    bytes: await readFile(join(demo, "documents.csv")),
    unitId: null,
  });
  if (!docs.ok) throw new Error(`documents: ${docs.problem}`);
  const notSubmitted = [];
  for (const id of ids) {
    if (Date.now() > DEADLINE) throw new Error("deadline");
    const unitUser = await ws.db
      .selectFrom("users")
      .select(["id", "username"])
      .where("assessment_id", "=", a.id)
      .where("unit_id", "=", id)
      .executeTakeFirstOrThrow();
    for (const [ds, lines] of Object.entries(unitFiles(id))) {
      const up = await acceptUpload(ws, a, unitUser, {
        dataset: ds,
        fileName: `${ds}.csv`,
        bytes: Buffer.from(lines.join("\n") + "\n"),
        unitId: id,
      });
      if (!up.ok) throw new Error(`upload ${id} ${ds}: ${up.problem}`);
    }
    const sub = await submitUnit(ws, a, unitUser, id);
    if (!sub.ok) notSubmitted.push(`${id}: ${sub.problem}`);
  }
  if (notSubmitted.length) throw new Error(`not submitted: ${notSubmitted.length} (${notSubmitted.slice(0, 3).join("; ")})`);
  const nSubmitted = (
    await ws.db.selectFrom("units").select("unit_id").where("assessment_id", "=", a.id).where("status", "=", "submitted").execute()
  ).length;
  console.log(
    `prepare: ${nSubmitted}/${UNITS} units uploaded 6 datasets each and submitted in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const fresh = await ws.db.selectFrom("assessments").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
  t = performance.now();
  const run = await runEvaluation(ws, fresh, admin);
  const evalMs = performance.now() - t;
  if (!run.ok) throw new Error(`evaluation: ${run.problem}`);
  const row = await ws.db.selectFrom("runs").selectAll().where("id", "=", run.runId).executeTakeFirstOrThrow();
  const leftOut = JSON.parse(row.units_left_out);
  const wsResults = JSON.parse((await ws.blobs.get(row.results_sha256)).toString("utf8"));
  const loadedRubric = await rubricOf(ws, fresh);
  t = performance.now();
  const { results: bareResults } = await evaluate({ rubric: loadedRubric, data: join(runDir(ws, run.runId), "data"), workers: 0 });
  const bareEvalMs = performance.now() - t;
  const same =
    JSON.stringify(wsResults.units.map((u) => [u.id, u.total])) === JSON.stringify(bareResults.units.map((u) => [u.id, u.total]));
  console.log(
    `evaluation of ${UNITS} submitted units: workspace runEvaluation ${(evalMs / 1000).toFixed(2)} s (units evaluated ${row.units_evaluated}, in results ${wsResults.units.length}, left out ${leftOut.length}) vs bare evaluate() ${(bareEvalMs / 1000).toFixed(2)} s over the same combined folder (${bareResults.units.length} units; totals ${same ? "identical" : "DIFFER"}): ratio ${(evalMs / bareEvalMs).toFixed(2)}`,
  );
  if (row.units_evaluated !== UNITS || leftOut.length || wsResults.units.length !== UNITS || bareResults.units.length !== UNITS || !same)
    process.exitCode = 1;
} finally {
  await served.close();
  await rm(dir, { recursive: true, force: true });
}
