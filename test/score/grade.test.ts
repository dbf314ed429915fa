import { describe, expect, it } from "vitest";
import { gradeUnit } from "../../src/grade/grade.js";
import { rankUnits } from "../../src/grade/rank.js";
import { indicators, rubricWith, scoreOne, src } from "../helpers.js";

const rubric = rubricWith(
  [
    {
      id: "A1",
      title: "持证",
      max: 100,
      source: src(),
      scoring: { type: "rateSteps", indicator: "certification.rate", target: 1, step: 0.01, points: 1 },
    },
  ],
  {
    reported: [{ id: "illegal", label: "发生重大违法行政行为", type: "boolean" }],
    grades: [
      {
        categories: ["县区政府"],
        bands: [{ grade: "优秀", total: { gte: 75 } }, { grade: "合格", total: { gte: 60 } }, { grade: "不合格" }],
      },
      {
        bands: [
          { grade: "优秀", total: { gte: 90 }, everyAreaShare: { gte: 0.7 } },
          { grade: "良好", total: { gt: 80 } },
          { grade: "合格", total: { gte: 60 } },
          { grade: "不合格" },
        ],
      },
    ],
    vetoes: [
      {
        id: "V1",
        title: "重大违法行政行为",
        source: src(),
        when: { fact: "indicator.illegal", operator: "equal", value: true },
        capGrade: "不合格",
      },
    ],
  },
);
const area = (share: number) => [{ id: "A", title: "A", max: 100, points: share * 100, share }];

describe("grades", () => {
  it("bands differ by unit group", () => {
    expect(gradeUnit(rubric, "县区政府", 76, area(0.76), []).grade).toBe("优秀");
    expect(gradeUnit(rubric, "市直部门", 76, area(0.76), []).grade).toBe("合格");
  });
  it("inclusive and exclusive bounds are explicit", () => {
    expect(gradeUnit(rubric, "市直部门", 90, area(0.9), []).grade).toBe("优秀");
    expect(gradeUnit(rubric, "市直部门", 80, area(0.8), []).grade).toBe("合格"); // 良好 needs > 80
    expect(gradeUnit(rubric, "市直部门", 80.01, area(0.8), []).grade).toBe("良好");
  });
  it("compound condition: ≥ 90 and every area ≥ 70% of its points", () => {
    const areas = [
      { id: "A", title: "A", max: 50, points: 50, share: 1 },
      { id: "B", title: "B", max: 50, points: 41, share: 0.69 },
    ];
    expect(gradeUnit(rubric, "市直部门", 91, areas, []).grade).toBe("良好");
  });
  it("a veto caps the grade whatever the points", async () => {
    const s = await scoreOne(rubric, indicators({ "certification.rate": 1, "indicator.illegal": true }));
    expect(s.total).toBe(100);
    expect(s.vetoes[0]).toMatchObject({ fired: true, reason: "发生重大违法行政行为 是，触发一票否决，等次最高为不合格。" });
    const g = gradeUnit(rubric, "市直部门", s.total, s.areas, s.vetoes);
    expect(g).toMatchObject({ grade: "不合格", cappedBy: "V1" });
    expect(g.reason).toBe("按分数为优秀，因“重大违法行政行为”一票否决，定为不合格。");
  });
  it("a veto without data is reported as undetermined, not as passed", async () => {
    const s = await scoreOne(rubric, indicators({ "certification.rate": 1, "indicator.illegal": null }));
    expect(s.vetoes[0]!.fired).toBeNull();
    expect(gradeUnit(rubric, "市直部门", s.total, s.areas, s.vetoes).grade).toBe("优秀");
  });
});

describe("ranks", () => {
  it("ties share a rank (1, 1, 3), per category and overall; units without a total are unranked", () => {
    const r = rankUnits([
      { id: "a", category: "X", total: 90 },
      { id: "b", category: "Y", total: 95 },
      { id: "c", category: "X", total: 90 },
      { id: "d", category: "X", total: 80 },
      { id: "e", category: "X", total: null },
    ]);
    expect(Object.fromEntries(r)).toEqual({
      a: { category: 1, overall: 2 },
      b: { category: 1, overall: 1 },
      c: { category: 1, overall: 2 },
      d: { category: 3, overall: 4 },
      e: { category: null, overall: null },
    });
  });
});
