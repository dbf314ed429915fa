/**
 * Every shipped rubric: valid, every item citing a real plan file and clause, points summing to
 * totalPoints, and scored end to end on data generated for its region (small, in a temp dir).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRubric, type LoadedRubric } from "../../src/rubric/load.js";
import { evaluate } from "../../src/evaluate.js";
import { generateForRubric } from "../../scripts/demo/region.js";
import type { Results } from "../../src/results/types.js";

const PLANS = "test/fixtures/real-plans";
const SHIPPED = [
  "qingxin-2024",
  "lianshan-2024",
  "meizhou-2024",
  "taishan-2024",
  "qingyuan-2017",
  "kaijiang-2018",
  "daxing-yfxz",
  "yifa-xingzheng-excerpt",
];
// 清新区: inputs/demo (test/golden); 开江县, 大兴区 and the 酌情扣分 excerpt: the hand-checked data in
// test/fixtures/kaijiang, test/fixtures/daxing and test/fixtures/yifa-excerpt (test/rubric/kaijiang.test.ts,
// test/rubric/daxing.test.ts, test/rubric/yifa-excerpt.test.ts)
const HAND_CHECKED = ["qingxin-2024", "kaijiang-2018", "daxing-yfxz", "yifa-xingzheng-excerpt"];
const GENERATED = SHIPPED.filter((r) => !HAND_CHECKED.includes(r));

let tmp: string;
const loaded = new Map<string, LoadedRubric>();
const results = new Map<string, Results>();

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "fazhi-shipped-"));
  for (const id of SHIPPED) loaded.set(id, await loadRubric(`rubrics/${id}.json`));
  for (const id of GENERATED) {
    const out = join(tmp, id);
    await generateForRubric({ out, rubric: `rubrics/${id}.json` });
    results.set(id, (await evaluate({ rubric: loaded.get(id)!, data: out })).results);
  }
}, 60_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("shipped rubrics", () => {
  it("every rubric file in rubrics/ (but the abstract bases) is in this list", async () => {
    const files = (await readdir("rubrics")).filter((f) => f.endsWith(".json") && f !== "rubric.schema.json");
    expect(files.map((f) => f.replace(/\.json$/, "")).sort()).toEqual([...SHIPPED].sort());
  });

  it.each(SHIPPED)("%s validates without errors or warnings, cites real plans, and its points add up", async (id) => {
    const { rubric, warnings } = loaded.get(id)!;
    expect(warnings).toEqual([]);
    expect(rubric.id).toBe(id);
    expect(rubric.areas.filter((a) => !a.bonus).reduce((s, a) => s + a.points, 0)).toBe(rubric.totalPoints);
    for (const a of rubric.areas.filter((x) => !x.bonus)) expect(a.items.reduce((s, i) => s + i.max, 0)).toBeCloseTo(a.points, 9);
    const cited = [
      ...rubric.areas.flatMap((a) => a.items.map((i) => i.source)),
      ...rubric.tasks.map((t) => t.source),
      ...rubric.vetoes.map((v) => v.source),
    ];
    for (const s of cited) {
      expect(s.clause).not.toBe("");
      expect(rubric.plans.map((p) => p.file)).toContain(s.plan);
    }
    // a plan found on the web (not in test/fixtures/real-plans) names where: its URL
    if (existsSync(PLANS)) for (const p of rubric.plans) expect(existsSync(join(PLANS, p.file)) || p.url !== undefined, p.file).toBe(true);
  });

  it("quotes are the plans' words (up to an ellipsis)", async () => {
    for (const id of GENERATED) {
      const { rubric } = loaded.get(id)!;
      for (const p of new Set(rubric.plans.map((x) => x.file))) {
        if (!existsSync(join(PLANS, p))) continue;
        const text = (await readFile(join(PLANS, p), "utf8")).replace(/\s+/g, "").replace(/<\/?p>/g, "");
        const sources = [...rubric.areas.flatMap((a) => a.items.map((i) => i.source)), ...rubric.tasks.map((t) => t.source)].filter(
          (s) => s.plan === p && s.quote,
        );
        for (const s of sources)
          for (const piece of s.quote!.replace(/（(责任单位|完成时限)：.*$/, "").split("……")) {
            const words = piece.replace(/\s+/g, "").replace(/[“”]/g, "");
            if (words.length >= 6) expect(text.replace(/[“”]/g, ""), `${id} ${s.clause}: ${words}`).toContain(words.replace(/(的)?$/, ""));
          }
      }
    }
  });

  it.each(GENERATED)("%s scores end to end on data generated for its region", (id) => {
    const r = results.get(id)!;
    expect(r.rubric.id).toBe(id);
    expect(r.units.length).toBeGreaterThan(10);
    for (const i of r.inputs) {
      expect(i.error).toBeNull();
      expect(i.rejected).toEqual([]);
    }
    for (const u of r.units) {
      expect(u.grade).toBeTruthy();
      expect(u.total).toBeGreaterThan(0);
      for (const it of u.items) {
        expect(it.state).not.toBe("error");
        expect(it.reason).toMatch(/。$/);
      }
    }
    expect(r.units.filter((u) => u.items.some((it) => it.state === "scored" && it.points! < it.max)).length).toBeGreaterThan(0);
  });
});

describe("lianshan / meizhou / qingxin extend the three-year-plan base", () => {
  it("with their own deadlines for 专项整治台账", () => {
    const deadline = (id: string, item: string) => {
      const r = loaded.get(id)!.rubric;
      const s = r.areas.flatMap((a) => a.items).find((i) => i.id === item)!.scoring;
      return r.tasks.find((t) => s.type === "deadline" && t.id === s.task)!.deadline;
    };
    expect(deadline("qingxin-2024", "B1")).toBe("2024-03-31");
    expect(deadline("lianshan-2024", "B1")).toBe("2023-12-31");
    expect(deadline("meizhou-2024", "B1")).toBe("2024-05-31");
    expect(loaded.get("meizhou-2024")!.bases).toEqual(["base/three-year-plan.json"]);
    // 梅州's plan sets no 下放事项评估 deadline: C2 is removed
    expect(loaded.get("meizhou-2024")!.rubric.areas.flatMap((a) => a.items.map((i) => i.id))).not.toContain("C2");
  });
});

describe("taishan-2024", () => {
  const measures = () =>
    loaded
      .get("taishan-2024")!
      .rubric.areas.flatMap((a) => a.items)
      .filter((i) => /^M\d\d$/.test(i.id));

  it("has exactly 55 measure items, each citing its clause (n) of the task list", () => {
    const m = measures();
    expect(m).toHaveLength(55);
    m.forEach((item, k) => {
      expect(item.source.plan).toBe("taishan-2023-2025-task-list.txt");
      expect(item.source.clause).toBe(`(${k + 1})`);
    });
  });

  it("parses 完成时限 into deadlines, recurring dates and 长期推进, and keeps 责任单位", () => {
    const tasks = new Map(loaded.get("taishan-2024")!.rubric.tasks.map((t) => [t.id, t]));
    expect(tasks.get("TS13")).toMatchObject({ deadline: "2024-02-29", ongoing: true, responsible: ["市司法局", "各行政执法单位"] });
    expect(tasks.get("TS14")).toMatchObject({ recurring: ["05-31", "11-30"], responsible: ["各行政执法单位"] });
    expect(tasks.get("TS14")!.deadline).toBeUndefined();
    expect(tasks.get("TS17")).toMatchObject({ ongoing: true });
    expect(tasks.get("TS17")!.deadline).toBeUndefined();
    expect(tasks.get("TS45")).toMatchObject({ deadline: "2024-06-30" });
    // 长期推进 measures are a reviewer's entry
    expect(measures().find((i) => i.id === "M17")!.scoring.type).toBe("manual");
  });

  it("applicability follows 责任单位: a 市司法局-only measure does not apply to a town", () => {
    const r = results.get("taishan-2024")!;
    const town = r.units.find((u) => u.id === "TS-DJZ")!;
    const sfj = r.units.find((u) => u.id === "TS-SFJ")!;
    const dept = r.units.find((u) => u.id === "TS-SCJG")!;
    const item = (u: typeof town, id: string) => u.items.find((i) => i.id === id)!;
    expect(item(town, "M15").state).toBe("notApplicable"); // 市司法局, 2024年12月底前
    expect(item(town, "M15").reason).toContain("本项适用于市司法局");
    expect(item(sfj, "M15").state).not.toBe("notApplicable");
    expect(item(dept, "M15").state).toBe("notApplicable");
    expect(item(town, "M31").reason).toContain("尚未到期"); // 市司法局 各镇（街）, 2025年12月底前
    expect(item(dept, "M31").reason).toContain("不适用于市直部门");
    expect(item(town, "M25").state).toBe("notApplicable"); // named departments
    expect(item(dept, "M25").state).not.toBe("notApplicable");
    // measures due after the period are not yet due
    expect(item(dept, "M10").state).toBe("notApplicable");
    expect(item(dept, "M10").reason).toContain("尚未到期");
  });

  it("counts political training outside the 60 学时 (Q1) and online handling from 2024-07-01 (Q2)", () => {
    const r = loaded.get("taishan-2024")!.rubric;
    expect(r.parameters.trainingKinds).not.toContain("政治理论");
    expect(r.parameters.trainingKinds).not.toContain("党性教育");
    const q2 = r.areas.flatMap((a) => a.items).find((i) => i.id === "Q2")!;
    expect(q2.scoring).toMatchObject({ type: "rateSteps", indicator: "custom.onlineRateFromJuly", target: 1 });
  });
});

describe("qingyuan-2017", () => {
  it("covers 2017–2019 with its measurable clauses and manual items for the rest", () => {
    const r = loaded.get("qingyuan-2017")!.rubric;
    expect(r.period).toEqual({ start: "2017-01-01", end: "2019-12-31" });
    const items = r.areas.flatMap((a) => a.items);
    expect(items.find((i) => i.id === "A1")!.scoring).toMatchObject({
      type: "threshold",
      when: { fact: "indicator.legal_advisers", value: 3 },
    });
    expect(r.tasks.find((t) => t.id === "QY-QINGLI")!.deadline).toBe("2017-12-31");
    expect(r.tasks.find((t) => t.id === "QY-NIANBAO")!.recurring).toEqual(["03-31"]);
    expect(r.tasks.filter((t) => t.deadline === "2019-12-31").length).toBeGreaterThan(0);
    expect(items.filter((i) => i.scoring.type === "manual").length).toBeGreaterThan(0);
    const d1 = results.get("qingyuan-2017")!.units[0]!.items.find((i) => i.id === "D1")!;
    expect(d1.reason).toContain("考核期内已到期 3 次");
  });
});
