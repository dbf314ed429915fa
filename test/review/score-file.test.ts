/** One file against a standard: ranges with required notes, caps, section floors, basic items. */
import { describe, expect, it } from "vitest";
import { parseStandard } from "../../src/standard/load.js";
import { scoreFile, type Finding } from "../../src/review/score-file.js";
import { RubricError } from "../../src/errors.js";

const { standard } = parseStandard({
  id: "t",
  title: "测试评查标准",
  source: { title: "测试", issuer: "测试", year: 2024, url: "test" },
  total: 10,
  basic: {
    clause: "一",
    effect: "任何一项存在问题，评查总分即为零分",
    items: [{ id: "B1", text: "主体是否合法", problem: "主体不合法", clause: "一、1" }],
  },
  sections: [
    {
      id: "S",
      title: "内容",
      points: 4,
      clause: "二",
      items: [
        { id: "R", text: "裁量适当", max: 3, problem: "裁量不当", deduction: { type: "range", min: 0.2, max: 1 }, clause: "二、1" },
        {
          id: "P",
          text: "证据目录规范",
          max: 3,
          problem: "证据目录不规范",
          deduction: { type: "perDefect", points: 1, unit: "处", cap: 2 },
          clause: "二、2",
        },
      ],
    },
    {
      id: "F",
      title: "卷面",
      points: 6,
      clause: "三",
      items: [{ id: "X", text: "封面", max: 6, problem: "封面不统一", deduction: { type: "fixed", points: 1 }, clause: "三、1" }],
    },
  ],
  floor: "扣完为止，不计负分",
});
const f = (line: number, item: string, extra: Partial<Finding> = {}): Finding => ({
  line,
  item,
  count: null,
  deduction: null,
  note: null,
  ...extra,
});

describe("scoreFile", () => {
  it("says the issue's sentence for a per-defect item", () => {
    const s = scoreFile(standard, [f(2, "P", { count: 2 })]);
    expect(s.deductions[0]!.reason).toBe("证据目录不规范，2 处，每处扣 1 分，扣 2 分");
    expect(s.score).toBe(8);
  });

  it("names the rule's cap when it bites before the item's points", () => {
    const s = scoreFile(standard, [f(2, "P", { count: 3 })]);
    expect(s.deductions[0]!.reason).toBe("证据目录不规范，3 处，每处扣 1 分，累计扣分不超过 2 分，扣 2 分");
  });

  it("takes a reviewer's deduction within the range, with the note", () => {
    const s = scoreFile(standard, [f(2, "R", { deduction: 0.5, note: "罚款数额接近上限，未说明理由" })]);
    expect(s.deductions[0]!.reason).toBe("裁量不当，酌情扣 0.5 分（标准 0.2—1 分）");
    expect(s.deductions[0]!.notes).toEqual(["罚款数额接近上限，未说明理由"]);
    expect(s.score).toBe(9.5);
  });

  it("refuses a deduction outside the range, a missing one, or one without a note: the score is an error", () => {
    expect(scoreFile(standard, [f(2, "R", { deduction: 1.5, note: "x" })]).errors).toEqual([
      "第 2 行：评查项目 R 扣分 1.5 分超出标准的 0.2—1 分",
    ]);
    expect(scoreFile(standard, [f(3, "R", { note: "x" })]).errors).toEqual([
      "第 3 行：评查项目 R 由评查人酌情扣分（0.2—1 分），须填写扣分",
    ]);
    const s = scoreFile(standard, [f(4, "R", { deduction: 0.5 })]);
    expect(s.errors).toEqual(["第 4 行：评查项目 R 酌情扣分，须在说明中写明理由"]);
    expect([s.score, s.state]).toEqual([null, "error"]);
  });

  it("floors a section at zero (扣完为止，不计负分) and names it", () => {
    const s = scoreFile(standard, [
      f(2, "R", { deduction: 1, note: "a" }),
      f(3, "R", { deduction: 1, note: "b" }),
      f(4, "R", { deduction: 1, note: "c" }),
      f(5, "P", { count: 2 }),
    ]);
    expect(s.sections[0]).toMatchObject({ deducted: 4, score: 0, floored: true });
    expect(s.reason).toBe("内容扣 4 分（4 分扣完为止，不计负分），得 6 分。");
    expect(s.score).toBe(6);
  });

  it("zeroes the file on a basic item", () => {
    const s = scoreFile(standard, [f(2, "B1"), f(3, "X")]);
    expect([s.score, s.vetoes.map((v) => v.problem)]).toEqual([0, ["主体不合法"]]);
  });

  it("refuses a count that is not a whole number, and errors from outside the file", () => {
    expect(scoreFile(standard, [f(2, "P", { count: 1.5 })]).errors).toEqual(["第 2 行：问题数 1.5 应为正整数"]);
    expect(scoreFile(standard, [], ["review_findings.csv 有 1 行未被接受"]).score).toBeNull();
  });
});

describe("parseStandard", () => {
  it("checks section points against the total and deductions against their item", () => {
    const bad = {
      id: "t",
      title: "t",
      source: { title: "t", issuer: "t", year: null, url: "u" },
      total: 100,
      floor: "扣完为止",
      sections: [
        {
          id: "S",
          title: "卷面",
          points: 20,
          clause: "二",
          items: [{ id: "A", text: "a", max: 1, problem: "p", deduction: { type: "fixed", points: 2 }, clause: "二、1" }],
        },
      ],
    };
    try {
      parseStandard(bad, "bad.json");
      expect.unreachable();
    } catch (e) {
      expect((e as RubricError).problems.map((p) => p.message)).toEqual([
        "各部分分值合计 20 分，与总分 100 分不一致",
        "扣分 2 分大于该项分值 1 分",
      ]);
    }
  });
});
