import { describe, expect, it } from "vitest";
import { loadRubric } from "../../src/rubric/load.js";
import { diffRubrics, formatRubricDiff } from "../../src/rubric/diff.js";
import { runCli } from "../../src/cli/main.js";
import type { Rubric } from "../../src/rubric/schema.js";

async function pair(): Promise<[Rubric, Rubric]> {
  const { rubric: a } = await loadRubric("rubrics/qingxin-2024.json");
  const b = structuredClone(a);
  b.id = "qingxin-2025";
  b.period = { start: "2025-01-01", end: "2025-12-31" };
  b.asOf = "2025-12-31";
  b.parameters.trainingMinHours = 72;
  b.tasks.find((t) => t.id === "QX-TAIZHANG")!.deadline = "2025-03-31";
  b.tasks.push({
    id: "QX-PINGGU",
    title: "完成三年行动实施情况评估",
    deadline: "2025-10-31",
    source: { plan: a.plans[0]!.file, clause: "三、(二)" },
  });
  const f = b.areas.find((x) => x.id === "F")!;
  f.items = f.items.filter((i) => i.id !== "F2");
  f.items.push({ ...structuredClone(f.items[0]!), id: "F3", title: "执法装备配备", max: 3 });
  const a1 = b.areas[0]!.items[0]!;
  if (a1.scoring.type === "rateSteps") a1.scoring.points = 0.3;
  b.grades[1]!.bands[0]!.total = { gte: 88 };
  return [a, b];
}

describe("rubric diff", () => {
  it("lists what was added, removed and changed, in Chinese, with old → new", async () => {
    const [a, b] = await pair();
    expect(formatRubricDiff(a, b)).toMatchInlineSnapshot(`
      "细则对比：qingxin-2024（清远市清新区提升行政执法质量三年行动2024年度考评细则） → qingxin-2025（清远市清新区提升行政执法质量三年行动2024年度考评细则）
      【基本信息】
        ~ 修改 编号（id）：qingxin-2024 → qingxin-2025
        ~ 修改 考核期起（period.start）：2024-01-01 → 2025-01-01
        ~ 修改 考核期止（period.end）：2024-12-31 → 2025-12-31
        ~ 修改 评判日（asOf）：2024-12-31 → 2025-12-31
      【参数】
        ~ 修改 年度培训学时（trainingMinHours）：60 → 72
      【任务】
        + 新增 QX-PINGGU “完成三年行动实施情况评估”（期限 2025-10-31）
        ~ 修改 QX-TAIZHANG 完成期限（deadline）：2024-03-31 → 2025-03-31
      【项目】
        + 新增 F3 “执法装备配备”（F 领域，3 分，threshold）
        - 删除 F2 “配备公职律师或法律顾问”（F 领域，3 分，threshold）
        ~ 修改 A1 扣分分值（scoring.points）：0.2 → 0.3
      【等次】
        ~ 修改 镇人民政府 bands[0].total.gte：85 → 88
      共 11 处差异：新增 2，删除 1，修改 8。"
    `);
  });

  it("no difference", async () => {
    const [a] = await pair();
    expect(diffRubrics(a, a)).toEqual([]);
    expect(formatRubricDiff(a, a)).toContain("两份细则没有差异。");
  });

  it("fazhi rubric show prints the resolved rubric; diff needs two files", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await runCli(["rubric", "show", "rubrics/lianshan-2024.json"], io)).toBe(0);
    const shown = JSON.parse(out.join("\n"));
    expect(shown.extends).toBeUndefined();
    expect(shown.areas.find((x: { id: string }) => x.id === "A").items[0].scoring.type).toBe("rateSteps");
    out.length = 0;
    expect(await runCli(["rubric", "diff", "rubrics/qingxin-2024.json", "rubrics/lianshan-2024.json"], io)).toBe(0);
    expect(out.join("\n")).toContain("~ 修改 B1 名称（title）：专项整治台账按时报区司法局备案 → 专项整治台账按时报县司法局备案");
    expect(await runCli(["rubric", "diff", "rubrics/qingxin-2024.json"], io)).toBe(2);
    expect(err.join("\n")).toContain("rubric diff 需要两个细则文件");
  });
});
