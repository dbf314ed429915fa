import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { loadRubric, parseRubric } from "../../src/rubric/load.js";
import { RubricError } from "../../src/errors.js";
import { rubricJsonSchema } from "../../src/rubric/write-schema.js";
import { rubricWith, src } from "../helpers.js";

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof RubricError) return err.message;
    throw err;
  }
  throw new Error("expected a RubricError");
}

describe("rubric validation", () => {
  it("the shipped rubrics are valid", async () => {
    const { rubric, warnings } = await loadRubric("rubrics/qingxin-2024.json");
    expect(rubric.areas.filter((a) => !a.bonus).reduce((s, a) => s + a.points, 0)).toBe(100);
    expect(warnings).toEqual([]);
    for (const item of rubric.areas.flatMap((a) => a.items)) expect(item.source.clause).not.toBe("");
  });

  it("schema errors are all reported, in Chinese, with paths that name item ids", () => {
    const base = JSON.parse(
      JSON.stringify(
        rubricWith([
          { id: "A1", title: "t", max: 10, source: src(), scoring: { type: "perOccurrence", indicator: "cases.invalidBasis", points: 1 } },
        ]),
      ),
    );
    base.areas[0].items[0].scoring.points = -1;
    base.areas[0].items[0].source = { plan: "x.txt" };
    base.period.start = "2024-02-30";
    expect(problems(() => parseRubric(base, "bad.json"))).toMatchInlineSnapshot(`
      "细则文件 bad.json 有 3 处错误：
      ✖ 日期不存在  → bad.json，位置 period.start
      ✖ 缺少必填项“clause”  → bad.json，位置 areas[0]（A）.items[0]（A1）.source.clause
      ✖ 数值过小：期望 number >0  → bad.json，位置 areas[0]（A）.items[0]（A1）.scoring.points"
    `);
  });

  it("cross-references name the unknown id", () => {
    const r = JSON.parse(
      JSON.stringify(
        rubricWith([
          { id: "A1", title: "t", max: 10, source: src(), scoring: { type: "perOccurrence", indicator: "cases.invalidBasis", points: 1 } },
        ]),
      ),
    );
    r.areas[0].items.push(
      {
        id: "A2",
        title: "t",
        max: 1,
        source: src(),
        scoring: { type: "rateSteps", indicator: "cases.onlinRate", target: 1, step: 0.01, points: 1 },
      },
      { id: "A3", title: "t", max: 1, source: src(), scoring: { type: "deadline", task: "NOPE", late: { perDay: 1 } } },
      {
        id: "A1",
        title: "dup",
        max: 1,
        source: { plan: "other.txt", clause: "1" },
        scoring: { type: "threshold", when: { fact: "indicator.x", operator: "equal", value: true } },
      },
    );
    r.areas[0].points = 13;
    r.totalPoints = 13;
    r.datasets = ["units", "cases"];
    r.indicators = [{ id: "custom.fines", label: "罚款", dataset: "cases", aggregate: "sum", column: "fine" }];
    expect(problems(() => parseRubric(r, "x.json"))).toMatchInlineSnapshot(`
      "细则文件 x.json 有 7 处错误：
      ✖ 编号“A1”重复  → x.json，位置 areas[].items
      ✖ 项目 A1 引用的指标“cases.invalidBasis”需要数据集 documents，但细则的 datasets 未包含  → x.json，位置 areas[0]（A）.items[0]（A1）.scoring
      ✖ 项目 A2 引用了未知指标“cases.onlinRate”  → x.json，位置 areas[0]（A）.items[1]（A2）.scoring
      ✖ 项目 A3 引用了未定义的任务“NOPE”  → x.json，位置 areas[0]（A）.items[2]（A3）.scoring.task
      ✖ 项目 A1 的出处“other.txt”不在细则的 plans 列表中  → x.json，位置 areas[0]（A）.items[3]（A1）
      ✖ 项目 A1 引用了未定义的自报指标“x”（reported 中没有该编号）  → x.json，位置 areas[0]（A）.items[3]（A1）.scoring
      ✖ 自定义指标 custom.fines 引用了数据集 cases 中不存在的列“fine”（可在 extraColumns 中声明）  → x.json，位置 indicators[0]（custom.fines）.column"
    `);
  });

  it("JSON syntax errors give line and column", async () => {
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(`${tmpdir()}/fazhi-`);
    await writeFile(`${dir}/r.json`, '{\n  "id": "x",\n  "title" "y"\n}\n');
    await expect(loadRubric(`${dir}/r.json`)).rejects.toThrow(/r\.json:3:11/);
  });

  it("the JSON Schema in rubrics/ is the one the zod schema generates", async () => {
    const onDisk = JSON.parse(await readFile("rubrics/rubric.schema.json", "utf8"));
    expect(onDisk).toEqual(rubricJsonSchema());
  });
});
