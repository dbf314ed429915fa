/**
 * Reviewers' 酌情扣分 in the workspace: a rubric whose items share a fixed deduction and a
 * reviewer's one (rubrics/yifa-xingzheng-excerpt.json, its units' data from
 * test/fixtures/yifa-excerpt). The reviewer enters the deductions (0 = none, else within the
 * clause's range, always with a reason); a unit cannot report them itself; the run scores the
 * items with the reviewer's words, as `fazhi evaluate` does with the same entries in the
 * indicators file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Workspace } from "../../src/server/workspace/workspace.js";
import { manualItems } from "../../src/server/workspace/manual.js";
import { loadRubric } from "../../src/rubric/load.js";
import { Client, makeApp, makeWorkspace, PASSWORD, ROOT } from "./helpers.js";

const FIXTURE = join(ROOT, "test/fixtures/yifa-excerpt");
const RUBRIC = "yifa-xingzheng-excerpt.json";
const UNITS = ["YF-SJ", "YF-JT", "YF-CG"];
/** The reviewer's indicators: not the units' to report. */
const REVIEWERS = ["system_deduction", "doc_deduction", "files_deduction"];

/** The fixture's indicators rows of one unit, without (or only) the reviewer's entries. */
async function indicatorsCsv(unit: string, which: "unit" | "reviewer"): Promise<string> {
  const [head, ...rows] = (await readFile(join(FIXTURE, "indicators.csv"), "utf8")).trimEnd().split("\n");
  const keep = rows.filter((r) => r.startsWith(`${unit},`) && REVIEWERS.includes(r.split(",")[1]!) === (which === "reviewer"));
  return [head, ...keep].join("\n") + "\n";
}

async function caseReviewsCsv(unit: string): Promise<string> {
  const [head, ...rows] = (await readFile(join(FIXTURE, "case_reviews.csv"), "utf8")).trimEnd().split("\n");
  return [head, ...rows.filter((r) => r.split(",")[1] === unit)].join("\n") + "\n";
}

describe("reviewers' 酌情扣分 in the workspace", () => {
  let ws: Workspace;
  let app: FastifyInstance;
  let admin: Client;
  let reviewer: Client;
  const units = new Map<string, Client>();

  beforeAll(async () => {
    ws = await makeWorkspace("sqlite");
    app = await makeApp(ws);
    admin = new Client(app);
    await admin.login("admin");
    await admin.get("/admin");
    const made = await admin.upload("/admin/assessments", { title: "依法行政考评（节选）", rubric: RUBRIC }, null);
    expect(made.status).toBe(303);
    await admin.get("/a/1");
    const imported = await admin.upload("/a/1/units", {}, { name: "units.csv", bytes: await readFile(join(FIXTURE, "units.csv")) });
    expect(imported.status).toBe(200);
    for (const id of UNITS) {
      const pw = new RegExp(`a1-${id}</td><td class="mono">([A-Za-z0-9]{12})</td>`).exec(imported.body)![1]!;
      const c = new Client(app);
      await c.login(`a1-${id}`, pw);
      await c.get("/password");
      expect((await c.post("/password", { current: pw, next: PASSWORD, repeat: PASSWORD })).status).toBe(303);
      units.set(id, c);
    }
    reviewer = new Client(app);
    await reviewer.login("reviewer");
  });
  afterAll(async () => {
    await app?.close();
    await ws?.close();
  });

  it("lists every reviewer's entry of the rubric: the 酌情扣分 rules of the deductions items, with their ranges", async () => {
    const { rubric } = await loadRubric(join(ROOT, "rubrics", RUBRIC));
    expect(manualItems(rubric).map((m) => [m.id, m.kind, m.indicator, m.range])).toEqual([
      ["Y1", "deduction", "system_deduction", "酌情扣分 6 分以内"],
      ["Y2", "deduction", "doc_deduction", "酌情扣分 6 分以内"],
      ["Y3", "deduction", "files_deduction", "酌情扣分 4 分以内"],
    ]);
    // a clause with a smallest deduction ("扣0.2—1分"): its range says so; a rule among several has its own id
    const y2Of = (r: typeof rubric) => r.areas.flatMap((a) => a.items).find((i) => i.id === "Y2")!;
    const rules = (y2Of(rubric).scoring as { rules: Record<string, unknown>[] }).rules;
    const narrowed = structuredClone(rubric);
    (y2Of(narrowed).scoring as { rules: Record<string, unknown>[] }).rules = [
      { ...rules[0], min: 0.2, max: 1 },
      { ...rules[0], indicator: "indicator.doc_deduction2", text: "另一情形" },
    ];
    expect(
      manualItems(narrowed)
        .filter((m) => m.item === "Y2")
        .map((m) => [m.id, m.min, m.max, m.range, m.indicator]),
    ).toEqual([
      ["Y2/1", 0.2, 1, "酌情扣分 0.2 至 1 分内", "doc_deduction"],
      ["Y2/2", 0, 6, "酌情扣分 6 分以内", "doc_deduction2"],
    ]);
    const list = await reviewer.get("/a/1/review");
    expect(list.status).toBe(200);
    expect(list.body).toContain("Y2 落实规范性文件制定程序规定和规范性文件备案规定：规范性文件有违法要求履行义务");
    expect(list.body).toContain("（酌情扣分 6 分以内）");
    const page = await reviewer.get("/a/1/review/YF-JT");
    expect(page.body).toContain("扣分（酌情扣分 4 分以内；不扣分填 0）");
    expect(page.body).toContain("仅在该情形存在时扣分；不属此情形的无需录入（或录入 0）");
  });

  it("a unit cannot report the reviewer's deduction itself; its own rows are accepted and submitted", async () => {
    const jt = units.get("YF-JT")!;
    await jt.get("/a/1/my");
    const own = await indicatorsCsv("YF-JT", "unit");
    const withEntry = own + (await indicatorsCsv("YF-JT", "reviewer")).split("\n").slice(1).join("\n");
    await jt.upload("/a/1/my/upload", { dataset: "indicators" }, { name: "indicators.csv", bytes: withEntry });
    const refused = await jt.get("/a/1/my");
    expect(refused.body).toContain("“doc_deduction”由评审人员录入，单位不能填报");
    for (const id of UNITS) {
      const c = units.get(id)!;
      await c.get("/a/1/my");
      await c.upload("/a/1/my/upload", { dataset: "indicators" }, { name: "indicators.csv", bytes: await indicatorsCsv(id, "unit") });
      await c.upload("/a/1/my/upload", { dataset: "case_reviews" }, { name: "case_reviews.csv", bytes: await caseReviewsCsv(id) });
      const page = await c.get("/a/1/my");
      expect(page.body, id).not.toContain('class="tag bad"');
      expect((await c.follow(await c.post("/a/1/my/submit", {}))).body, id).toContain("数据已提交并锁定");
    }
  });

  it("a deduction outside the clause's range, or without a reason, is refused; 0 means none", async () => {
    await reviewer.get("/a/1/review/YF-JT");
    const post = async (item: string, points: string, reason: string) =>
      (await reviewer.follow(await reviewer.post("/a/1/review/YF-JT", { item, points, reason }))).body;
    expect(await post("Y2", "7", "设定收费项目")).toContain("扣分 7 不在细则规定的 6 分以内（不扣分请填 0）");
    expect(await post("Y2", "2", "")).toContain("请填写评分理由");
    expect(await post("Y9", "2", "x理由")).toContain("细则中没有需评审录入的项目“Y9”");
    // the fixture's entries, as the indicators file of `fazhi evaluate` holds them
    expect(await post("Y2", "6", "《关于规范道路运输管理的通知》设定收费项目")).toContain("已录入");
    expect(await post("Y3", "1.5", "JT-2024-012 证据不足、程序违法")).toContain("已录入");
    expect(await post("Y1", "1", "公示信息2024年7月后未更新")).toContain("已录入");
    const page = await reviewer.get("/a/1/review/YF-JT");
    expect(page.body).toContain("已录入扣 <strong>6</strong> 分");
    await reviewer.get("/a/1/review/YF-SJ");
    await reviewer.post("/a/1/review/YF-SJ", { item: "Y2", points: "0", reason: "经审查未发现问题" });
    await reviewer.get("/a/1/review/YF-SJ");
    await reviewer.post("/a/1/review/YF-SJ", { item: "Y1", points: "0", reason: "抽查公示、回访台账，实施到位" });
    await reviewer.get("/a/1/review/YF-CG");
    await reviewer.post("/a/1/review/YF-CG", { item: "Y2", points: "0", reason: "经审查未发现违法、不当问题" });
    const list = await reviewer.get("/a/1/review");
    expect(list.body).toContain("扣 6");
  });

  it("a clause with a smallest deduction: less than it (but not 0) is refused", async () => {
    // the same rubric uploaded with Y2's reviewer's rule narrowed to 扣0.2—1分
    const json = JSON.parse(await readFile(join(ROOT, "rubrics", RUBRIC), "utf8")) as {
      areas: { items: { id: string; scoring: { rules: Record<string, unknown>[] } }[] }[];
    };
    const y2 = json.areas.flatMap((a) => a.items).find((i) => i.id === "Y2")!;
    y2.scoring.rules[0] = { ...y2.scoring.rules[0], min: 0.2, max: 1 };
    await admin.get("/admin");
    const made = await admin.upload(
      "/admin/assessments",
      { title: "窄幅" },
      { field: "rubric_file", name: "narrow.json", bytes: JSON.stringify(json) },
    );
    expect(made.status).toBe(303);
    const aid = /^\/a\/(\d+)/.exec(made.location!)![1]!;
    await admin.get(`/a/${aid}`);
    expect(
      (await admin.upload(`/a/${aid}/units`, {}, { name: "units.csv", bytes: await readFile(join(FIXTURE, "units.csv")) })).status,
    ).toBe(200);
    await reviewer.get(`/a/${aid}/review/YF-JT`);
    const post = async (points: string) =>
      (await reviewer.follow(await reviewer.post(`/a/${aid}/review/YF-JT`, { item: "Y2", points, reason: "设定收费项目" }))).body;
    expect(await post("0.1")).toContain("扣分 0.1 不在细则规定的 0.2 至 1 分内（不扣分请填 0）");
    expect(await post("1.5")).toContain("扣分 1.5 不在细则规定的 0.2 至 1 分内（不扣分请填 0）");
    expect(await post("0")).toContain("已录入");
    expect(await post("0.2")).toContain("已录入");
  });

  it("an entry for an item that does not apply to the unit's category is neither offered nor accepted", async () => {
    // the same rubric with Y2 limited to 县政府工作部门, and YF-CG a 乡镇人民政府
    const json = JSON.parse(await readFile(join(ROOT, "rubrics", RUBRIC), "utf8")) as {
      areas: { items: { id: string; categories?: string[] }[] }[];
    };
    json.areas.flatMap((a) => a.items).find((i) => i.id === "Y2")!.categories = ["县政府工作部门"];
    await admin.get("/admin");
    const made = await admin.upload(
      "/admin/assessments",
      { title: "分类" },
      { field: "rubric_file", name: "categories.json", bytes: JSON.stringify(json) },
    );
    expect(made.status).toBe(303);
    const aid = /^\/a\/(\d+)/.exec(made.location!)![1]!;
    await admin.get(`/a/${aid}`);
    const units = (await readFile(join(FIXTURE, "units.csv"), "utf8")).replace(
      "YF-CG,某县城市管理综合行政执法局,县政府工作部门",
      "YF-CG,某镇人民政府,乡镇人民政府",
    );
    expect(units).toContain("乡镇人民政府");
    expect((await admin.upload(`/a/${aid}/units`, {}, { name: "units.csv", bytes: Buffer.from(units) })).status).toBe(200);

    // the list marks Y2 不适用 for YF-CG only; YF-CG's page offers Y1 and Y3, not Y2
    const list = (await reviewer.get(`/a/${aid}/review`)).body;
    const row = (id: string) => new RegExp(`<tr><td>[^<]*<br><small>${id} [^]*?</tr>`).exec(list)![0];
    expect(row("YF-CG")).toContain("不适用");
    expect(row("YF-JT")).not.toContain("不适用");
    const page = (await reviewer.get(`/a/${aid}/review/YF-CG`)).body;
    expect(page).toContain('name="item" value="Y1"');
    expect(page).not.toContain('name="item" value="Y2"');
    expect(page).toContain('name="item" value="Y3"');

    // posted anyway (an old form, a crafted request): refused, nothing stored
    const post = async (uid: string) =>
      (await reviewer.follow(await reviewer.post(`/a/${aid}/review/${uid}`, { item: "Y2", points: "2", reason: "设定收费项目" }))).body;
    expect(await post("YF-CG")).toContain("项目“Y2”不适用于乡镇人民政府");
    const stored = await ws.db.selectFrom("manual_scores").selectAll().where("assessment_id", "=", Number(aid)).execute();
    expect(stored).toEqual([]);
    expect(await post("YF-JT")).toContain("已录入");
  });

  it("the run scores the items with the reviewer's deductions and reasons, as evaluate does on the fixture", async () => {
    await admin.get("/a/1");
    const ev = await admin.follow(await admin.post("/a/1/evaluate", {}));
    expect(ev.body).toContain("已评分：3 个单位");
    const run = await ws.db.selectFrom("runs").selectAll().executeTakeFirstOrThrow();
    const results = JSON.parse((await ws.blobs.get(run.results_sha256)).toString("utf8")) as {
      units: { id: string; items: { id: string; points: number | null; state: string; reason: string }[] }[];
    };
    const jt = results.units.find((u) => u.id === "YF-JT")!;
    const y2 = jt.items.find((i) => i.id === "Y2")!;
    expect(y2.state).toBe("scored");
    expect(y2.reason).toContain("酌情扣 6 分（细则规定 6 分以内）：《关于规范道路运输管理的通知》设定收费项目");
    const y3 = jt.items.find((i) => i.id === "Y3")!;
    expect(y3.reason).toContain("酌情扣 1.5 分（细则规定 4 分以内）：JT-2024-012 证据不足、程序违法");
    // the same entries in the indicators file: the same points
    const byHand = await import("../../src/cli/main.js");
    const { mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const out = await mkdtemp(join(tmpdir(), "fazhi-yifa-"));
    await byHand.runCli(["evaluate", "--rubric", join(ROOT, "rubrics", RUBRIC), "--data", FIXTURE, "--out", out], {
      out: () => {},
      err: () => {},
    });
    const cli = JSON.parse(await readFile(join(out, "results.json"), "utf8")) as typeof results;
    for (const id of UNITS)
      for (const item of ["Y1", "Y2", "Y3"])
        expect(results.units.find((u) => u.id === id)!.items.find((i) => i.id === item)!.points, `${id} ${item}`).toBe(
          cli.units.find((u) => u.id === id)!.items.find((i) => i.id === item)!.points,
        );
  });

  it("the audit log names the change as a 酌情扣分", async () => {
    const log = await admin.get("/a/1/audit");
    expect(log.body).toContain("Y2 落实规范性文件制定程序规定和规范性文件备案规定：规范性文件有违法要求履行义务");
    expect(log.body).toContain("（酌情扣分）");
  });
});
