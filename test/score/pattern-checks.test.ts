/** The rubric checks each pattern carries (its `check` in score/<pattern>.ts), as `fazhi validate`
 * reports them through rubric/crossref.ts: path and message. */
import { describe, expect, it } from "vitest";
import { crossCheck } from "../../src/rubric/crossref.js";
import { Area, Item, Task, type RubricInput } from "../../src/rubric/schema.js";
import { rubricWith, src } from "../helpers.js";

type ItemInput = RubricInput["areas"][number]["items"][number];

const valid: ItemInput = {
  id: "OK",
  title: "持证",
  max: 10,
  source: src(),
  scoring: { type: "rateSteps", indicator: "certification.rate", target: 1, step: 0.01, points: 0.5 },
};

/** The problems of a rubric holding `item` (schema-valid, not yet cross-checked). */
function problems(item: ItemInput, extra: { bonus?: boolean; tasks?: unknown[] } = {}) {
  const rubric = rubricWith([valid], {
    reported: [
      { id: "score", label: "评审得分", type: "number" },
      { id: "done", label: "已完成", type: "boolean" },
    ],
  });
  rubric.areas.push(Area.parse({ id: "B", title: "其他", points: 1, bonus: extra.bonus ?? false, items: [item] }));
  if (!extra.bonus) rubric.totalPoints += 1;
  rubric.tasks.push(...(extra.tasks ?? []).map((t) => Task.parse(t)));
  Item.parse(item);
  const { errors, warnings } = crossCheck(rubric);
  const show = (p: { path: string; message: string }) => `${p.path}: ${p.message}`;
  return { errors: errors.map(show), warnings: warnings.map(show) };
}

const at = (id: string, field = "") => `areas[1]（B）.items[0]（${id}）.scoring${field}`;

describe("pattern checks", () => {
  it("deadline: the task exists and has a date", () => {
    expect(
      problems({ id: "D", title: "台账", max: 2, source: src(), scoring: { type: "deadline", task: "T9", late: { points: 1 } } }).errors,
    ).toEqual([`${at("D", ".task")}: 项目 D 引用了未定义的任务“T9”`]);
    const ongoing = { id: "T1", title: "长期任务", ongoing: true, source: src() };
    expect(
      problems(
        { id: "D", title: "台账", max: 2, source: src(), scoring: { type: "deadline", task: "T1", late: { points: 1 } } },
        { tasks: [ongoing] },
      ).errors,
    ).toEqual([
      `${at("D", ".task")}: 项目 D 按期限计分，但任务“T1”没有完成日期（deadline 或 recurring）；长期推进的任务请用评审录入（manual）或自报指标的阈值（threshold）计分`,
    ]);
  });

  it("manual and discretionary read a reviewer's entry in the indicators dataset", () => {
    expect(
      problems({ id: "M", title: "评审", max: 2, source: src(), scoring: { type: "manual", indicator: "certification.rate" } }).errors,
    ).toEqual([`${at("M", ".indicator")}: 项目 M 为评审录入项，其指标须为 indicator.<编号>（自报指标数据集中的评审得分）`]);
    expect(
      problems({
        id: "R",
        title: "酌情",
        max: 2,
        source: src(),
        scoring: { type: "discretionary", indicator: "indicator.done", min: 3, max: 2.5 },
      }).errors,
    ).toEqual([
      `${at("R", ".indicator")}: 项目 R 为酌情扣分项，自报指标“done”须为数值（number）`,
      `${at("R", ".max")}: 项目 R 酌情扣分上限 2.5 分超过本项满分 2 分`,
      `${at("R", ".min")}: 项目 R 酌情扣分下限 3 分高于上限 2.5 分`,
    ]);
  });

  it("a discretionary rule of a deductions item is checked as the discretionary pattern is, at its rule's path", () => {
    const rules = [
      { kind: "event" as const, when: { fact: "indicator.done", operator: "equal" as const, value: false }, points: 1, text: "未完成" },
      { kind: "discretionary" as const, indicator: "indicator.done", min: 3, max: 2.5, text: "落实不到位" },
      { kind: "discretionary" as const, indicator: "certification.rate", min: 0, text: "其他" },
    ];
    expect(problems({ id: "K", title: "扣分", max: 2, source: src(), scoring: { type: "deductions", rules } }).errors).toEqual([
      `${at("K", ".rules.1.indicator")}: 项目 K 第 2 条扣分规则为酌情扣分，自报指标“done”须为数值（number）`,
      `${at("K", ".rules.1.max")}: 项目 K 第 2 条扣分规则酌情扣分上限 2.5 分超过本项满分 2 分`,
      `${at("K", ".rules.1.min")}: 项目 K 第 2 条扣分规则酌情扣分下限 3 分高于上限 2.5 分`,
      `${at("K", ".rules.2.indicator")}: 项目 K 第 3 条扣分规则为酌情扣分，其指标须为 indicator.<编号>（评审在自报指标数据集中录入的扣分）`,
    ]);
  });

  it("counting patterns warn on a rate, rateSteps on a count; fromTotal that cannot reach the total", () => {
    const rate = "certification.rate";
    expect(
      problems({ id: "P", title: "次数", max: 2, source: src(), scoring: { type: "perOccurrence", indicator: rate, points: 1 } }).warnings,
    ).toContain(`${at("P")}: 项目 P 按次数计分，但指标“${rate}”是比率`);
    expect(
      problems({ id: "S", title: "次数", max: 2, source: src(), scoring: { type: "shortfall", indicator: rate, target: 6, points: 1 } })
        .warnings,
    ).toContain(`${at("S")}: 项目 S 按少于目标次数扣分，但指标“${rate}”是比率`);
    expect(
      problems({
        id: "Q",
        title: "比率",
        max: 2,
        source: src(),
        scoring: { type: "rateSteps", indicator: "indicator.score", target: 1, step: 0.01, points: 1 },
      }).warnings,
    ).toContain(`${at("Q")}: 项目 Q 按比率扣分，但指标“indicator.score”不是比率`);
    const event = {
      type: "event" as const,
      when: { fact: "indicator.done", operator: "equal" as const, value: false },
      points: 2,
      fromTotal: true,
    };
    expect(problems({ id: "E", title: "事件", max: 2, source: src(), scoring: event }).warnings).toContain(
      `${at("E", ".fromTotal")}: 项目 E 的扣分 2 分不超过本项满分 2 分，fromTotal 不起作用`,
    );
  });

  it("a bonus area takes only the patterns that may add points", () => {
    const bands = { type: "bands" as const, indicator: "certification.rate", bands: [{ value: { gte: 0.9 }, points: 1 }] };
    expect(problems({ id: "G", title: "加分", max: 1, source: src(), scoring: bands }, { bonus: true }).errors).toEqual([
      `${at("G")}: 加分领域中的项目只能用 perOccurrence、threshold 或 manual 计分`,
    ]);
    expect(
      problems(
        { id: "G", title: "加分", max: 1, source: src(), scoring: { type: "manual", indicator: "indicator.score" } },
        { bonus: true },
      ).errors,
    ).toEqual([]);
  });

  it("every read is checked, but a deadline's milestone only as its task", () => {
    const tiers = {
      type: "tiers" as const,
      tiers: [{ when: { fact: "indicator.nope", operator: "equal" as const, value: true }, points: 1, text: "有" }],
    };
    expect(problems({ id: "T", title: "分档", max: 1, source: src(), scoring: tiers }).errors).toEqual([
      `${at("T")}: 项目 T 引用了未定义的自报指标“nope”（reported 中没有该编号）`,
    ]);
  });
});
