/** The CLI as a user runs it: real files, the built launcher, exit codes and messages. */
import { describe, expect, it, beforeAll } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, readFile, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import type { Results } from "../../src/results/types.js";
import { resolveRubricFile } from "../../src/rubric/extends.js";

const run = promisify(execFile);
const SMALL = "test/fixtures/eval/small";
const RUBRIC = "rubrics/qingxin-2024.json";

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A copy of the small data folder, changed by `edit`, in a fresh temporary folder. */
async function variant(edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fazhi-data-"));
  await cp(SMALL, dir, { recursive: true });
  await edit(dir);
  return dir;
}

describe("fazhi evaluate", () => {
  let results: Results;
  let out: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-out-"));
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", SMALL, "--out", dir);
    expect(r.code).toBe(0);
    out = r.out;
    results = JSON.parse(await readFile(join(dir, "results.json"), "utf8"));
  });

  it("prints the ranked table and writes results.json", () => {
    expect(out).toContain("   1  QX-THZ    清远市清新区太和镇人民政府  镇人民政府  85.51  良好             1");
    expect(out).toContain("   2  QX-SCJG   清远市清新区市场监督管理局  区直部门    56.2*  不合格           1");
    expect(results.units.map((u) => [u.id, u.total, u.grade, u.rank])).toEqual([
      ["QX-THZ", 85.51, "良好", { category: 1, overall: 1 }],
      ["QX-SCJG", 56.2, "不合格", { category: 1, overall: 2 }],
    ]);
  });

  it("scores a hand-checked unit item by item", () => {
    const u = results.units.find((x) => x.id === "QX-SCJG")!;
    const pts = Object.fromEntries(u.items.map((i) => [i.id, i.state === "scored" ? i.points : i.state]));
    expect(pts).toEqual({
      A1: 3.33, // P003 has 30 counted hours (党性教育 does not count); P002's 2700 minutes are 60 学时
      A2: 4,
      A3: 0, // P003's certificate expired 2024-05-31; P002's expires on the as-of day and is valid
      A4: 4, // SC-002 (P003 expired), SC-003 (one handler)
      B1: 3.5, // 5 days late × 0.1
      B2: 3,
      B3: 6,
      B4: 5,
      B5: 6, // SC-002 cites 清新府办〔2015〕18 号, invalid since 2024-01-29
      C1: 6,
      C2: "notApplicable", // towns only
      D1: 2, // mean 75
      D2: 4, // one file under 60
      D3: "manual", // no reviewer entry yet
      E1: 0, // 1 of 2 penalty cases online
      F1: 3,
      F2: 3,
      G1: 0,
    });
    // (52.83 of an applicable 94) × 100 / 94, manual item pending
    expect(u.total).toBe(56.2);
    expect(u.complete).toBe(false);
    expect(u.pending).toEqual(["D3"]);
    expect(u.metrics["certification.rate"]).toBe(2 / 3);
    expect(u.items.find((i) => i.id === "A3")!.reason).toBe(
      "执法人员持证率 66.7%（2/3），低于 100%，每低 1 个百分点扣 0.5 分，扣 10 分（扣完为止）。自报持证率 100%，经核查为 66.7%（2/3），所报情况不实（本项已无分可扣）。",
    );
    expect(u.items.find((i) => i.id === "A4")!.records!.map((r) => r.id)).toEqual(["SC-002", "SC-003"]);
  });

  it("records every input file", () => {
    expect(results.inputs.map((i) => [i.dataset, i.file, i.rows, i.accepted, i.rejected.length])).toEqual([
      ["units", "units.csv", 2, 2, 0],
      ["officers", "officers.csv", 6, 6, 0],
      ["training", "training.csv", 7, 7, 0],
      ["cases", "cases.csv", 4, 4, 0],
      ["case_reviews", "case_reviews.csv", 3, 3, 0],
      ["milestones", "milestones.csv", 9, 9, 0],
      ["documents", "documents.csv", 2, 2, 0],
      ["indicators", "indicators.csv", 10, 10, 0],
    ]);
  });

  it("many rejected rows of a file: each kind of problem once, with its count and lines — one row of another kind is not hidden", async () => {
    // a clerk's training sheet: 12 dates typed with 号 down the column, then one unknown officer
    const dir = await variant(async (d) => {
      const lines = (await readFile(join(d, "training.csv"), "utf8")).trimEnd().split("\n");
      const rows = Array.from({ length: 12 }, (_, k) => `P001,2024年3月${k + 1}号,执法文书规范,执法技能,2,`);
      await writeFile(join(d, "training.csv"), `${[...lines, ...rows, "P999,2024-05-01,执法文书规范,执法技能,2,"].join("\n")}\n`);
    });
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", dir, "--out", await mkdtemp(join(tmpdir(), "fazhi-out-")));
    expect(r.code).toBe(1);
    const report = r.out.split("\n");
    const at = report.findIndex((l) => l.startsWith("! training.csv："));
    expect(report.slice(at, at + 6)).toEqual([
      "! training.csv：20 行，接受 7 行，拒绝 13 行，编码 UTF-8",
      "    ✖ training.csv:9：「培训日期」为「2024年3月1号」：不是日期，应为 2024-06-30、2024/6/30、2024.6.30、2024年6月30日 或 20240630 的形式",
      "      同类问题（「培训日期」日期格式不对）另有 11 处：第 10、11、12、13、14、15、16、17 行……",
      "    ✖ training.csv:21：人员编号 P999 不在行政执法人员表（officers.csv）中",
      "    （每类问题只列出第一处，全部问题见 results.json 的 inputs）",
      "    培训类别不在细则计入学时的类别（公共法律知识、业务知识、执法技能）之内的 1 行，学时不计入：党性教育 1 行",
    ]);
    expect(report[at + 6]).toMatch(/^[✔!] cases\.csv/);
  });
});

describe("bad input gets a clear message, never a stack trace", () => {
  it("bad rows are reported with file, line, column and value, and the rest is still scored", async () => {
    const dir = await variant(async (d) => {
      const f = join(d, "training.csv");
      await writeFile(f, (await readFile(f, "utf8")) + "P001,2024-02-30,补训,业务知识,8,\nP999,2024-03-01,补训,业务知识,8,\n");
    });
    const out = await mkdtemp(join(tmpdir(), "fazhi-out-"));
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", dir, "--out", out);
    // rejected rows make the totals that read them provisional, and the run exits 1
    expect(r.code).toBe(1);
    expect(r.err).toContain("数据不完整，其总分为暂计");
    expect(r.out).toContain("! training.csv：9 行，接受 7 行，拒绝 2 行，编码 UTF-8");
    expect(r.out).toContain("    ✖ training.csv:9：「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）");
    expect(r.out).toContain("    ✖ training.csv:10：人员编号 P999 不在行政执法人员表（officers.csv）中");
    const res: Results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    expect(res.inputs.find((i) => i.dataset === "training")!.rejected).toEqual([
      {
        line: 9,
        column: "培训日期",
        value: "2024-02-30",
        code: "no_such_date",
        reason: "「培训日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）",
      },
      {
        line: 10,
        column: "人员编号",
        value: "P999",
        code: "unknown_officer",
        reason: "人员编号 P999 不在行政执法人员表（officers.csv）中",
      },
    ]);
    const scjg = res.units.find((u) => u.id === "QX-SCJG")!;
    expect(scjg.total).toBe(56.2);
    expect(scjg.complete).toBe(false);
    expect(scjg.incompleteData?.map((g) => g.reason)).toEqual(["培训登记有 2 行无法读取（第 9、10 行）"]);
    expect(
      scjg.items.filter((i) => i.provisional).map((i) => i.reason.endsWith("培训登记有 2 行无法读取（第 9、10 行），本项得分暂计。")),
    ).toContain(true);
    expect((await cli("evaluate", "--rubric", RUBRIC, "--data", dir, "--out", out, "--strict")).code).toBe(1);
    await rm(dir, { recursive: true });
  });

  it("a missing required column makes the dependent items errors and exits 1", async () => {
    const dir = await variant(async (d) => {
      const f = join(d, "cases.csv");
      const lines = (await readFile(f, "utf8"))
        .trim()
        .split("\n")
        .map((l) =>
          l
            .split(",")
            .filter((_, i) => i !== 6)
            .join(","),
        );
      await writeFile(f, lines.join("\n") + "\n");
    });
    const out = await mkdtemp(join(tmpdir(), "fazhi-out-"));
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", dir, "--out", out);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✖ cases.csv：缺少必填列「决定日期」(decided)");
    expect(r.err).toBe("✖ 有 1 个数据文件无法使用，相关项目标为“无法评分”。");
    const res: Results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    const e1 = res.units[0]!.items.find((i) => i.id === "E1")!;
    expect(e1).toMatchObject({ state: "error", points: null });
    expect(e1.reason).toBe(
      "所需数据无法使用（cases.csv：缺少必填列「决定日期」(decided)（文件表头为：案件编号、单位编码、案件类型、是否线上办理、承办人、立案日期、是否重大案件、法制审核日期、公示日期、执法依据）），本项无法评分。",
    );
    expect(res.units[0]!.metrics["cases.onlineRate"]).toBeNull();
    expect(res.units.every((u) => !u.complete)).toBe(true);
    await rm(dir, { recursive: true });
  });

  it("no units file", async () => {
    const dir = await variant((d) => rm(join(d, "units.csv")));
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", dir, "--out", `${dir}-out`);
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(
      `"无法读取执法单位名单（units）：未找到数据文件 units.csv 或 units.xlsx（数据集「执法单位」units）"`,
    );
  });

  it("a data folder that does not exist", async () => {
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", "/nonexistent/data", "--out", "/tmp/x");
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(`"数据文件夹不存在：/nonexistent/data"`);
  });

  it("an invalid rubric", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-rubric-"));
    // the rubric with its base resolved (the file itself only overrides the base)
    const rubric = (await resolveRubricFile(RUBRIC)).json as { areas: { items: { scoring: Record<string, unknown> }[] }[] };
    rubric.areas[0].items[0].scoring.indicator = "training.compliantRat";
    rubric.areas[1].items[0].scoring.task = "QX-TAIZHANG2";
    await writeFile(join(dir, "r.json"), JSON.stringify(rubric));
    const r = await cli("validate", "--rubric", join(dir, "r.json"));
    expect(r.code).toBe(1);
    expect(r.err.replace(dir, "<dir>")).toMatchInlineSnapshot(`
      "细则文件 <dir>/r.json 有 2 处错误：
      ✖ 项目 A1 引用了未知指标“training.compliantRat”  → r.json，位置 areas[0]（A）.items[0]（A1）.scoring
      ✖ 项目 B1 引用了未定义的任务“QX-TAIZHANG2”  → r.json，位置 areas[1]（B）.items[0]（B1）.scoring.task"
    `);
  });

  it("validate --data checks data without scoring", async () => {
    const ok = await cli("validate", "--rubric", RUBRIC, "--data", SMALL);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(
      "✔ 细则 qingxin-2024（清远市清新区提升行政执法质量三年行动2024年度考评细则）有效：7 个领域，18 个项目，5 项任务，1 个否决项。",
    );
    expect(ok.out).toContain("✔ 数据符合细则要求。");
    const dir = await variant(async (d) => {
      await writeFile(join(d, "milestones.csv"), "单位编码,任务编号,完成日期\nQX-SCJG,QX-NOPE,2024-01-01\n");
    });
    const bad = await cli("validate", "--rubric", RUBRIC, "--data", dir);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("    ✖ milestones.csv:2：任务编号 QX-NOPE 不是评分细则中定义的任务");
  });

  it("explain prints a unit's items; an unknown unit is a clear error", async () => {
    const out = await mkdtemp(join(tmpdir(), "fazhi-out-"));
    await cli("evaluate", "--rubric", RUBRIC, "--data", SMALL, "--out", out);
    const r = await cli("explain", "--results", join(out, "results.json"), "--unit", "QX-SCJG");
    expect(r.code).toBe(0);
    expect(r.out).toContain("  B5 不得引用已宣布失效的规范性文件作出执法决定  6/8  已评分");
    expect(r.out).toContain("       · SC-002：2024年6月20日作出决定，引用已失效的清新府办〔2015〕18号（2024年1月29日起失效）");
    expect(r.out).toContain("  D3 行政执法案例指导和考核评议  —/4  待录入");
    const missing = await cli("explain", "--results", join(out, "results.json"), "--unit", "QX-XXX");
    expect(missing).toMatchObject({ code: 1, err: "结果中没有单位“QX-XXX”。已有单位如：QX-THZ、QX-SCJG" });
  });
});

describe("the launcher", () => {
  it("--help on every command, exit 0; usage errors exit 2", async () => {
    for (const args of [["--help"], ["evaluate", "--help"], ["validate", "--help"], ["explain", "--help"]]) {
      const { stdout } = await run("node", ["bin/fazhi.js", ...args]);
      expect(stdout).toContain("用法");
    }
    await expect(run("node", ["bin/fazhi.js", "evaluate", "--rubric", RUBRIC])).rejects.toMatchObject({
      code: 2,
      stderr: "用法错误：缺少必需的选项 --data\n运行 fazhi --help 查看用法。\n",
    });
    await expect(run("node", ["bin/fazhi.js", "frobnicate"])).rejects.toMatchObject({ code: 2 });
    await expect(run("node", ["bin/fazhi.js", "evaluate", "--bogus"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("未知选项 --bogus"),
    });
  });
});

describe("a rubric's own indicators over extra columns, English headers and a column mapping", () => {
  it("computes them without code changes and scales items to weighted areas (30/50/20)", async () => {
    const out = await mkdtemp(join(tmpdir(), "fazhi-out-"));
    const r = await cli(
      "evaluate",
      "--rubric",
      "test/fixtures/eval/custom-rubric.json",
      "--data",
      "test/fixtures/eval/custom",
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    // the weighted areas are said once, as warnings
    expect(r.err).toContain("! 领域“通用标准”各项目满分合计 10 分，与领域分值 30 分不同，将按比例折算");
    const res: Results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    const [u1, u2] = res.units;
    expect(u1!.metrics).toMatchObject({ "custom.fines": 2000.5, "custom.hearingShare": 0.5, "custom.recentCases": 0, "cases.total": 3 });
    // B2 is 2023 and outside the period: U2 has one penalty case, without a hearing
    expect(u2!.metrics).toMatchObject({ "custom.fines": 300, "custom.hearingShare": 0, "cases.total": 1 });
    // U1: A 0/10 → 0/30, B 5/5 → 50/50, C 20/20
    expect(u1!.areas.map((a) => [a.id, a.max, a.points])).toEqual([
      ["A", 30, 0],
      ["B", 50, 50],
      ["C", 20, 20],
    ]);
    expect(u1!.total).toBe(70);
    // U2: A 10/10 → 30, B 0 of 4 + 1 of 1 → 10/50, C 20
    expect(u2!.total).toBe(60);
    expect(u1!.items.find((i) => i.id === "B2")!.reason).toBe("罚没金额合计 2000.5 元，符合“罚没金额合计低于 5000 元”的要求，得 1 分。");
  });

  it("an optional column an indicator needs is never guessed: no 公示日期 column, no publicity rate", async () => {
    const out = await mkdtemp(join(tmpdir(), "fazhi-out-"));
    await cli("evaluate", "--rubric", "test/fixtures/eval/custom-rubric.json", "--data", "test/fixtures/eval/custom", "--out", out);
    const res: Results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    expect(res.units[0]!.metrics["cases.publicityTimelyRate"]).toBeNull();
    expect(res.units[0]!.metricErrors).toEqual({
      "cases.closingRate": "cases.csv 没有「立案日期」列，无法计算案件结案率",
      "cases.legalReviewRate": "cases.csv 没有「法制审核日期」列，无法计算重大执法决定法制审核率",
      "cases.publicityTimelyRate": "cases.csv 没有「公示日期」列，无法计算行政处罚决定按时公示率",
    });
  });
});
