/**
 * The workspace's whole flow, the same against SQLite and PostgreSQL: an admin creates an
 * assessment and imports units, units upload (bad rows shown, then fixed), submit, are sent
 * back and resubmit, a reviewer scores the manual item, the admin evaluates and publishes,
 * units see their rank, leadership its summary; the audit log holds it all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Workspace } from "../../src/server/workspace/workspace.js";
import { Client, DEMO, demoCsv, makeApp, makeWorkspace, PASSWORD, STORES, UNIT_A, UNIT_B, UNIT_DATASETS, unitsCsv } from "./helpers.js";

describe.each(STORES)("workspace flow on %s", (store) => {
  let ws: Workspace;
  let app: FastifyInstance;
  const admin = () => new Client(app);
  const passwords = new Map<string, string>();
  const clients = new Map<string, Client>();

  beforeAll(async () => {
    ws = await makeWorkspace(store);
    app = await makeApp(ws);
  });
  afterAll(async () => {
    await app?.close();
    await ws?.close();
  });

  let adminC: Client;
  it("admin: an uploaded rubric with errors is refused with its problems; a shipped one creates the assessment", async () => {
    adminC = admin();
    expect((await adminC.login("admin")).status).toBe(303);
    await adminC.get("/admin");
    const bad = await adminC.upload(
      "/admin/assessments",
      { title: "坏细则" },
      { field: "rubric_file", name: "bad.json", bytes: JSON.stringify({ id: "x", title: "x" }) },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("细则有以下问题");
    expect(bad.body).toContain("缺少必填项");
    const made = await adminC.upload("/admin/assessments", { title: "2024 年度考评", rubric: "qingxin-2024.json" }, null);
    expect(made.status).toBe(303);
    expect(made.location).toMatch(/^\/a\/1\?/);
    const board = await adminC.follow(made);
    expect(board.body).toContain("2024 年度考评");
    expect(board.body).toContain("尚未导入单位名单");
  });

  it("admin: a unit list with a bad row is not imported; a clean one gives one account per unit and a printable xlsx", async () => {
    const broken = (await unitsCsv()) + "QX-BAD,,区直部门,QX\n";
    const refused = await adminC.upload("/a/1/units", {}, { name: "units.csv", bytes: broken });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("未导入");
    expect(refused.body).toMatch(/<td>4<\/td><td>单位名称<\/td>/);
    const ok = await adminC.upload("/a/1/units", {}, { name: "units.csv", bytes: await unitsCsv() });
    expect(ok.status).toBe(200);
    for (const id of [UNIT_A, UNIT_B]) {
      const m = new RegExp(`a1-${id}</td><td class="mono">([A-Za-z0-9]{12})</td>`).exec(ok.body);
      expect(m, id).not.toBeNull();
      passwords.set(id, m![1]!);
    }
    const token = /\/accounts\/([^/]+)\/accounts\.xlsx/.exec(ok.body)![1]!;
    const xlsx = await adminC.get(`/accounts/${token}/accounts.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.subarray(0, 2).toString()).toBe("PK");
    // the documents (规范性文件目录) are the 司法局's
    await adminC.get("/a/1");
    const docs = await adminC.upload(
      "/a/1/shared",
      { dataset: "documents" },
      { name: "documents.csv", bytes: await readFile(join(DEMO, "documents.csv")) },
    );
    expect(docs.status).toBe(303);
    expect(decodeURIComponent(docs.location!)).toContain("已上传");
  });

  it("unit: first login forces a password change, then its page", async () => {
    for (const id of [UNIT_A, UNIT_B]) {
      const c = new Client(app);
      const r = await c.login(`a1-${id}`, passwords.get(id)!);
      expect(r.location).toBe("/password");
      expect((await c.get("/a/1/my")).location).toBe("/password");
      await c.get("/password");
      const weak = await c.post("/password", { current: passwords.get(id)!, next: "short", repeat: "short" });
      expect(weak.status).toBe(400);
      const changed = await c.post("/password", { current: passwords.get(id)!, next: PASSWORD, repeat: PASSWORD });
      expect(changed.status).toBe(303);
      const home = await c.follow(await c.follow(changed));
      expect(home.status).toBe(200);
      expect(home.body).toContain("数据填报");
      clients.set(id, c);
    }
  });

  it("unit: a file with bad rows shows every rejected row (line, column, value, reason); the fixed file passes", async () => {
    const c = clients.get(UNIT_A)!;
    const good = await demoCsv("officers", [UNIT_A]);
    const lines = good.trimEnd().split("\n");
    // line 3: an impossible date; line 5: another unit's officer
    lines[2] = lines[2]!.replace(/\d{4}[-/]\d{1,2}[-/]\d{1,2}/, "2024-02-30");
    lines[4] = lines[4]!.replace(UNIT_A, UNIT_B);
    const bad = await c.upload("/a/1/my/upload", { dataset: "officers" }, { name: "officers.csv", bytes: lines.join("\n") + "\n" });
    expect(bad.status).toBe(303);
    const page = await c.follow(bad);
    expect(page.body).toContain("有错误");
    expect(page.body).toMatch(/<td>3<\/td><td>证件有效期至<\/td><td class="mono">2024-02-30<\/td>/);
    expect(page.body).toMatch(/<td>5<\/td><td>单位编码<\/td><td class="mono">QX-SFJ<\/td>/);
    const fixed = await c.follow(await c.upload("/a/1/my/upload", { dataset: "officers" }, { name: "officers-改.csv", bytes: good }));
    expect(fixed.body).not.toMatch(/id="ds-officers">\s*<h3>[^<]*<span class="tag bad">/);
    expect(fixed.body).toContain("officers-改.csv");
    expect(fixed.body).toContain("officers.csv"); // the earlier version is kept in the history
  });

  it("unit: submitting with a dataset missing is refused; with all clean data it is accepted and locks the data", async () => {
    for (const id of [UNIT_A, UNIT_B]) {
      const c = clients.get(id)!;
      await c.get("/a/1/my");
      const early = await c.follow(await c.post("/a/1/my/submit", {}));
      expect(early.body).toContain("尚未上传");
      for (const ds of UNIT_DATASETS) {
        const r = await c.upload("/a/1/my/upload", { dataset: ds }, { name: `${ds}.csv`, bytes: await demoCsv(ds, [id]) });
        expect(decodeURIComponent(r.location!), ds).toContain("已上传");
      }
      const page = await c.get("/a/1/my");
      expect(page.body).not.toContain('class="tag bad"');
      expect(page.body).toContain("当前得分");
      expect(page.body).toContain("失分项目（按可挽回分数排序）");
      // the rubric's remediation after the steps and records of a shortfall
      expect(page.body).toMatch(/<div class="hint">[^<]{8,}<\/div><\/td><\/tr>/);
      const sub = await c.follow(await c.post("/a/1/my/submit", {}));
      expect(sub.body).toContain("数据已提交并锁定");
      const late = await c.upload("/a/1/my/upload", { dataset: "officers" }, { name: "x.csv", bytes: await demoCsv("officers", [id]) });
      expect(decodeURIComponent(late.location!)).toContain("已提交并锁定");
    }
  });

  it("admin: the board shows the states; a unit sent back with a note can change and resubmit", async () => {
    const board = await adminC.get("/a/1");
    expect(board.body.match(/class="tag good">已提交/g)?.length).toBe(2);
    const noNote = await adminC.follow(await adminC.post(`/a/1/units/${UNIT_B}/return`, { note: "" }));
    expect(noNote.body).toContain("请填写退回说明");
    await adminC.get("/a/1");
    await adminC.post(`/a/1/units/${UNIT_B}/return`, { note: "培训登记缺少第四季度" });
    const after = await adminC.get("/a/1");
    expect(after.body).toContain("已退回");
    const c = clients.get(UNIT_B)!;
    const page = await c.get("/a/1/my");
    expect(page.body).toContain("培训登记缺少第四季度");
    await c.upload("/a/1/my/upload", { dataset: "training" }, { name: "training-v2.csv", bytes: await demoCsv("training", [UNIT_B]) });
    await c.get("/a/1/my");
    expect((await c.follow(await c.post("/a/1/my/submit", {}))).body).toContain("数据已提交并锁定");
  });

  it("reviewer: points outside the range or without a reason are refused; a change is audited old → new", async () => {
    const r = new Client(app);
    await r.login("reviewer");
    const list = await r.get("/a/1/review");
    expect(list.body).toContain("D3");
    await r.get(`/a/1/review/${UNIT_A}`);
    expect((await r.follow(await r.post(`/a/1/review/${UNIT_A}`, { item: "D3", points: "5", reason: "案例指导开展较好" }))).body).toContain(
      "不在 0 至 4 分之间",
    );
    expect((await r.follow(await r.post(`/a/1/review/${UNIT_A}`, { item: "D3", points: "3", reason: "" }))).body).toContain(
      "请填写评分理由",
    );
    expect((await r.follow(await r.post(`/a/1/review/${UNIT_A}`, { item: "D3", points: "3", reason: "报送案例 2 件" }))).body).toContain(
      "已录入 <strong>3</strong> 分",
    );
    expect(
      (await r.follow(await r.post(`/a/1/review/${UNIT_A}`, { item: "D3", points: "3.5", reason: "复核后加报 1 件" }))).body,
    ).toContain("已录入 <strong>3.5</strong> 分");
    await r.get(`/a/1/review/${UNIT_B}`);
    await r.post(`/a/1/review/${UNIT_B}`, { item: "D3", points: "2", reason: "案例指导一般" });
  });

  it("admin: evaluates, publishes; the run records the rubric's sha256 and the exact file versions", async () => {
    await adminC.get("/a/1");
    const ev = await adminC.follow(await adminC.post("/a/1/evaluate", {}));
    expect(ev.body).toContain("已评分：2 个单位");
    const runId = /name="run" value="(\d+)"/.exec(ev.body)![1]!;
    // unit A cannot see anything yet
    expect((await clients.get(UNIT_A)!.get("/a/1/my/result")).status).toBe(404);
    const pub = await adminC.follow(await adminC.post("/a/1/publish", { run: runId }));
    expect(pub.body).toContain("结果已发布");
    const run = await ws.db.selectFrom("runs").selectAll().executeTakeFirstOrThrow();
    const a = await ws.db.selectFrom("assessments").selectAll().executeTakeFirstOrThrow();
    expect(run.rubric_sha256).toBe(a.rubric_sha256);
    const inputs = JSON.parse(run.inputs) as { unit: string | null; dataset: string; sha256: string; file: string }[];
    expect(inputs).toHaveLength(2 * UNIT_DATASETS.length + 1);
    const trainingB = inputs.find((i) => i.unit === UNIT_B && i.dataset === "training")!;
    expect(trainingB.file).toBe("training-v2.csv");
    // every file version used is on disk under its sha256
    for (const i of inputs) expect(await readFile(ws.blobs.path(i.sha256))).toBeTruthy();
    const results = JSON.parse((await ws.blobs.get(run.results_sha256)).toString("utf8"));
    expect(results.rubric.sha256).toBe(a.rubric_sha256);
    const unitA = results.units.find((u: { id: string }) => u.id === UNIT_A);
    expect(unitA.items.find((i: { id: string }) => i.id === "D3").points).toBe(3.5);
    expect(results.inputs.every((i: { rejected: unknown[] }) => i.rejected.length === 0)).toBe(true);
  });

  it("unit: after publication sees its total, grade, rank, items and reasons, and nothing of the other unit", async () => {
    const c = clients.get(UNIT_A)!;
    const res = await c.get("/a/1/my/result");
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/同类第 [12] 名/);
    expect(res.body).toContain("评审录入得分 3.5 分");
    expect(res.body).not.toContain("清远市清新区司法局");
  });

  it("leadership: the summary lists both units; the audit log holds submission, return, manual change and publication, as CSV too", async () => {
    const l = new Client(app);
    await l.login("leader");
    const s = await l.get("/a/1/summary");
    expect(s.status).toBe(200);
    expect(s.body).toContain("清远市清新区市场监督管理局");
    expect(s.body).toContain("清远市清新区司法局");
    // the summary PDF's charts, inline as SVG, without script or inline style (CSP)
    const svgs = s.body.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(2);
    expect(s.body).toContain("主要指标对比");
    expect(s.body).toContain("失分较多的项目");
    expect(s.body).not.toMatch(/<script|<style| style="/);
    expect(svgs[0]).toContain("font-family=");
    const log = await l.get("/a/1/audit.csv");
    expect(log.status).toBe(200);
    expect(log.body).toContain("提交");
    expect(log.body).toContain("培训登记缺少第四季度");
    expect(log.body).toMatch(/"评审录入","QX-SCJG","D3[^"]*","3","3.5","复核后加报 1 件"/);
    expect(log.body).toContain("发布结果");
    // leadership is read-only
    expect((await l.post("/a/1/evaluate", {})).status).toBe(403);
  });

  it("uploads are content-addressed and never deleted", async () => {
    const count = await ws.db.selectFrom("uploads").select(ws.db.fn.countAll().as("n")).executeTakeFirstOrThrow();
    const shas = await ws.db.selectFrom("uploads").select("sha256").distinct().execute();
    expect(Number(count.n)).toBeGreaterThan(2 * UNIT_DATASETS.length);
    for (const s of shas) expect(await readdir(join(ws.dataDir, "blobs", s.sha256.slice(0, 2)))).toContain(s.sha256);
  });
});
