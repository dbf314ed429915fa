/**
 * fazhi draft on the five real plans in test/fixtures/real-plans: every numbered task found, clause
 * paths, the measurable targets of that folder's README, deadlines, a valid rubric, and the
 * same draft from a GBK-encoded copy.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import iconv from "iconv-lite";
import { draftFromBytes, draftFromFile, splitEvenly, type Draft } from "../../src/draft/draft.js";
import { parseRubric } from "../../src/rubric/load.js";
import type { RubricInput, Target } from "../../src/rubric/schema.js";

const PLANS = resolve("test/fixtures/real-plans");
const HAVE = existsSync(PLANS);
if (!HAVE) console.warn(`跳过方案起草测试：找不到方案文件夹 ${PLANS}（应在 test/fixtures/real-plans）`);

const FILES = {
  qingxin: "qingxin-2024-invalidated-docs-and-plan.txt",
  lianshan: "lianshan-2023-2025-plan.txt",
  meizhou: "meizhou-2023-2025-plan.txt",
  taishan: "taishan-2023-2025-task-list.txt",
  qingyuan: "qingyuan-2017-fazhi-zhengfu-plan.txt",
} as const;
type Plan = keyof typeof FILES;

const items = (r: RubricInput) => r.areas.flatMap((a) => a.items);
const item = (d: Draft, clause: string) => {
  const it = items(d.rubric).find((i) => i.source.clause === clause);
  if (!it) throw new Error(`no item for clause ${clause}`);
  return it;
};
const targets = (d: Draft, clause: string) => (item(d, clause).targets ?? []) as Target[];
const tasksOf = (d: Draft, clause: string) => (d.rubric.tasks ?? []).filter((t) => t.source.clause === clause);
const target = (d: Draft, clause: string, unit: string) => targets(d, clause).find((t) => t.unit === unit);

describe.skipIf(!HAVE)("drafts from the five plans", () => {
  const drafts = {} as Record<Plan, Draft>;
  beforeAll(async () => {
    for (const [k, f] of Object.entries(FILES)) drafts[k as Plan] = await draftFromFile(resolve(PLANS, f));
  });

  it("finds every numbered task: 16, 16, 16, 55 measures, 48", () => {
    const counts = Object.fromEntries(Object.entries(drafts).map(([k, d]) => [k, items(d.rubric).length]));
    expect(counts).toEqual({ qingxin: 16, lianshan: 16, meizhou: 16, taishan: 55, qingyuan: 48 });
    expect(drafts.taishan.summary.shape).toBe("table");
    expect(items(drafts.taishan.rubric).map((i) => i.source.clause)).toEqual(Array.from({ length: 55 }, (_, i) => `(${i + 1})`));
    expect(drafts.qingyuan.rubric.areas.map((a) => a.items.length)).toEqual([11, 6, 6, 6, 6, 5, 4, 4]);
  });

  it("gives every item its clause path, words and 责任单位", () => {
    const q2 = item(drafts.qingxin, "二、(一)2");
    expect(q2.title).toBe("加强业务学习培训");
    expect(q2.source.plan).toBe(FILES.qingxin);
    expect(q2.source.quote).toContain("确保每人每年接受不少于60学时的公共法律知识");
    expect(q2.responsible).toEqual(["区司法局", "区各行政执法部门", "各镇"]);
    expect(
      items(drafts.qingxin.rubric)
        .map((i) => i.source.clause)
        .slice(0, 4),
    ).toEqual(["二、(一)1", "二、(一)2", "二、(一)3", "二、(二)4"]);
    expect(item(drafts.qingxin, "二、(六)16").title).toBe("强化权益保障");
    expect(item(drafts.meizhou, "二、(一)1").responsible).toEqual(["各县（市、区）人民政府", "市司法局", "市各行政执法单位"]);
    expect(item(drafts.lianshan, "二、(一)1").responsible).toEqual(["县司法局", "县各行政执法部门", "各镇人民政府"]);
    expect(item(drafts.qingyuan, "二、(七)42").title).toBe("加强对政府工作人员的法治教育培训");
    expect(item(drafts.qingyuan, "三、45").title).toBe("加强党对法治政府建设的领导");
    const t45 = item(drafts.taishan, "(45)");
    expect(t45.responsible).toEqual(["市司法局", "市政务服务数据管理局", "各行政执法单位"]);
    expect(item(drafts.taishan, "(5)").responsible).toEqual(["下放执法职权事项的市直行政执法部门"]);
    expect(drafts.taishan.rubric.areas.map((a) => a.title)[4]).toBe("健全行政执法和行政执法监督科技保障体系");
  });

  it("extracts the training targets: 60 学时 a year, 45 分钟 = 1 学时", () => {
    for (const p of ["qingxin", "lianshan", "meizhou"] as const) {
      expect(target(drafts[p], "二、(一)2", "学时")).toEqual({ text: "不少于60学时", value: 60, unit: "学时", kind: "min", per: "year" });
      expect(target(drafts[p], "二、(一)2", "分钟")).toMatchObject({ value: 45, kind: "conversion" });
      expect(drafts[p].rubric.parameters).toMatchObject({ trainingMinHours: 60, minutesPerHour: 45 });
    }
    expect(target(drafts.taishan, "(3)", "学时")).toMatchObject({ value: 60, kind: "min", per: "year" });
  });

  it("extracts 台山 (45): 线上办理率 100% by 2024-06-30", () => {
    expect(targets(drafts.taishan, "(45)")).toEqual([{ text: "达到100%", value: 100, unit: "%", kind: "min", by: "2024-06-30" }]);
    expect(tasksOf(drafts.taishan, "(45)")).toMatchObject([{ deadline: "2024-06-30", ongoing: true }]);
  });

  it("extracts 清远2017: 法律顾问 3名以上 (聘期3至5年), 每年一期以上培训班 and 两期以上讲座, 征求意见不少于30日", () => {
    expect(targets(drafts.qingyuan, "二、(三)21")).toEqual([
      { text: "3名以上", value: 3, unit: "名", kind: "min" },
      { text: "3至5年", value: 3, upTo: 5, unit: "年", kind: "range" },
    ]);
    expect(targets(drafts.qingyuan, "二、(七)42")).toEqual([
      { text: "一期以上", value: 1, unit: "期", kind: "min", per: "year" },
      { text: "两期以上", value: 2, unit: "期", kind: "min", per: "year" },
    ]);
    expect(targets(drafts.qingyuan, "二、(二)15")).toEqual([{ text: "不少于30日", value: 30, unit: "日", kind: "min" }]);
  });

  it("finds the milestones with deadlines of the README", () => {
    const dates = (d: Draft, clause: string) => tasksOf(d, clause).map((t) => t.deadline ?? t.recurring);
    // 专项整治台账 and 情况
    expect(dates(drafts.qingxin, "二、(二)4")).toEqual(["2024-03-31", "2024-06-30"]);
    expect(dates(drafts.lianshan, "二、(二)4")).toEqual(["2023-12-31", "2024-06-30"]);
    expect(dates(drafts.meizhou, "二、(二)4")).toEqual(["2024-05-31"]);
    expect(dates(drafts.taishan, "(13)")).toEqual(["2024-02-29"]);
    expect(dates(drafts.taishan, "(14)")).toEqual([["05-31", "11-30"]]);
    // 权责清单事项认领并公布
    for (const p of ["qingxin", "lianshan", "meizhou"] as const) expect(dates(drafts[p], "二、(三)7")).toEqual(["2024-06-30"]);
    expect(dates(drafts.taishan, "(27)")).toEqual(["2024-04-30", "2024-05-15"]);
    // 下放事项评估, 全员轮训, 备案登记
    expect(dates(drafts.qingxin, "二、(三)8")).toEqual(["2024-12-31"]);
    expect(targets(drafts.qingxin, "二、(三)8")).toEqual([{ text: "至少进行一次", value: 1, unit: "次", kind: "min", by: "2024-12-31" }]);
    expect(dates(drafts.lianshan, "二、(三)8")).toEqual(["2024-12-31"]);
    expect(dates(drafts.taishan, "(29)")).toEqual(["2024-11-30"]);
    expect(dates(drafts.qingxin, "二、(一)2")).toEqual(["2024-06-30"]);
    expect(dates(drafts.taishan, "(4)")).toEqual(["2024-06-30", "2025-03-31"]);
    // 清远2017: 清理 by 2017-12-31, Q1 reports, the plan's default 2019-12-31
    expect(dates(drafts.qingyuan, "二、(二)17")).toEqual(["2017-12-31"]);
    expect(dates(drafts.qingyuan, "三、46")).toEqual([["03-31"]]);
    expect(dates(drafts.qingyuan, "二、(七)42")).toEqual(["2019-12-31"]);
    expect(drafts.qingyuan.summary.defaultDeadline).toMatchObject({ date: "2019-12-31" });
  });

  it("gives every 台山 measure its 完成时限", () => {
    for (const it of items(drafts.taishan.rubric))
      expect(tasksOf(drafts.taishan, it.source.clause).length, it.source.clause).toBeGreaterThan(0);
    expect(tasksOf(drafts.taishan, "(17)")).toMatchObject([{ ongoing: true }]);
    expect(tasksOf(drafts.taishan, "(17)")[0]!.deadline).toBeUndefined();
    expect(tasksOf(drafts.taishan, "(5)")).toMatchObject([{ recurring: ["11-15"], ongoing: true }]);
    expect(tasksOf(drafts.taishan, "(15)")).toMatchObject([{ deadline: "2024-12-31" }]);
    expect(tasksOf(drafts.taishan, "(15)")[0]!.ongoing).toBeUndefined();
  });

  it("invents nothing: an item whose words hold no number has no target", () => {
    for (const d of Object.values(drafts))
      for (const it of items(d.rubric))
        if (!/\d|[一两二三四五六七八九十][期次名人]/.test(it.source.quote + (tasksOf(d, it.source.clause)[0]?.title ?? "")))
          expect(it.targets).toBeUndefined();
    expect(item(drafts.qingxin, "二、(一)1").targets).toBeUndefined();
    expect(item(drafts.qingxin, "二、(一)3").targets).toBeUndefined();
  });

  it("writes a valid draft rubric: draft flags, even points summing to 100, deadline or manual scoring", () => {
    for (const [k, d] of Object.entries(drafts)) {
      const { rubric } = parseRubric(structuredClone(d.rubric), `${k}.json`);
      expect(rubric.draft).toBe(true);
      expect(rubric.areas.flatMap((a) => a.items).every((i) => i.draft === true)).toBe(true);
      const cents = rubric.areas.flatMap((a) => a.items).reduce((s, i) => s + Math.round(i.max * 100), 0);
      expect(cents, k).toBe(10000);
      for (const i of rubric.areas.flatMap((a) => a.items)) {
        if (i.scoring.type === "deadline")
          expect(rubric.tasks.find((t) => t.id === (i.scoring as { task: string }).task)?.deadline).toBeDefined();
        else expect(i.scoring.type).toBe("manual");
      }
    }
    expect(item(drafts.taishan, "(17)").scoring).toMatchObject({ type: "manual", indicator: "indicator.M17_score" });
    expect(drafts.taishan.rubric.reported?.find((r) => r.id === "M17_score")).toMatchObject({ type: "number", format: "score" });
    expect(item(drafts.taishan, "(45)").scoring).toMatchObject({ type: "deadline", task: "M45-1" });
  });

  it("reads the plan's title, 文号, date and year", () => {
    expect(drafts.qingxin.rubric.plans[0]).toEqual({
      file: FILES.qingxin,
      title: "清远市清新区提升行政执法质量三年行动实施方案（2023—2025年）",
      docNo: "清新府办〔2024〕4号",
      date: "2024-03-01",
    });
    expect(drafts.qingxin.summary).toMatchObject({ year: 2024, yearSource: "取自发文日期 2024-03-01" });
    expect(drafts.meizhou.rubric.plans[0]).toMatchObject({ docNo: "梅市府办〔2023〕14号", date: "2024-01-02" });
    expect(drafts.lianshan.summary).toMatchObject({ year: 2023, yearSource: "取自方案期限 2023—2025 年的首年" });
    expect(drafts.taishan.summary.year).toBe(2024);
    expect(drafts.qingyuan.rubric.period).toEqual({ start: "2017-01-01", end: "2017-12-31" });
  });

  it("reports what it could not place: 连山's annex list after the plan", () => {
    expect(drafts.lianshan.summary.unplaced).toEqual([
      { line: 88, text: "2. 司法部办公厅关于印发《关于行政裁量权基准制定和管理的工作指引》的通知", why: "编号 2 不接续上一项（应为 17）" },
    ]);
    for (const p of ["qingxin", "meizhou", "taishan", "qingyuan"] as const) expect(drafts[p].summary.unplaced, p).toEqual([]);
  });

  it("--year sets the year of deadlines that name none", async () => {
    const d = await draftFromFile(resolve(PLANS, FILES.qingxin), { year: 2025 });
    expect(d.summary).toMatchObject({ year: 2025, yearSource: "--year 指定" });
    expect(d.rubric.period).toEqual({ start: "2025-01-01", end: "2025-12-31" });
  });

  it("gives the same draft from a GBK-encoded copy", async () => {
    for (const p of ["qingxin", "meizhou", "taishan"] as const) {
      const text = await readFile(resolve(PLANS, FILES[p]), "utf8");
      const gbk = iconv.encode(text, "gbk");
      expect(iconv.decode(gbk, "gbk")).toBe(text); // every character survives GBK
      const d = draftFromBytes(gbk, { planFile: FILES[p] });
      expect(d.summary.encoding).toBe("GBK/GB18030");
      expect(d.rubric).toEqual(drafts[p].rubric);
    }
  });
});

describe("splitEvenly", () => {
  it("splits in hundredths and sums exactly", () => {
    expect(splitEvenly(100, 16)).toEqual(Array(16).fill(6.25));
    const p = splitEvenly(100, 55);
    expect(p.filter((x) => x === 1.82)).toHaveLength(45);
    expect(p.filter((x) => x === 1.81)).toHaveLength(10);
    expect(p.reduce((s, x) => s + Math.round(x * 100), 0)).toBe(10000);
    expect(splitEvenly(100, 3)).toEqual([33.34, 33.33, 33.33]);
  });
});
