/** Cross-references of the published-细则 patterns: every id they name must exist, every declaration fit. */
import { describe, expect, it } from "vitest";
import { parseRubric } from "../../src/rubric/load.js";
import { RubricError } from "../../src/errors.js";
import { rubricWith, src } from "../helpers.js";

function problems(json: unknown): string {
  try {
    parseRubric(json, "bad.json");
  } catch (err) {
    if (err instanceof RubricError) return err.message;
    throw err;
  }
  throw new Error("expected a RubricError");
}
const base = () =>
  JSON.parse(
    JSON.stringify(
      rubricWith(
        [{ id: "A1", title: "t", max: 2, source: src(), scoring: { type: "perOccurrence", indicator: "cases.invalidBasis", points: 1 } }],
        {
          datasets: ["units", "cases", "documents", "indicators"],
        },
      ),
    ),
  );

describe("cross-references of the published patterns", () => {
  it("an unknown activity type, and activity types without the activities dataset", () => {
    const r = base();
    r.activityTypes = [{ id: "专题学法", label: "专题学法" }];
    r.areas[0].items[0].scoring = { type: "shortfall", indicator: "activity.学法", target: 6, points: 0.3 };
    const msg = problems(r);
    expect(msg).toContain("引用了未定义的活动类型“学法”（activityTypes 中没有该编号）");
    expect(msg).toContain("细则定义了活动类型（activityTypes），但 datasets 未包含 activities");
  });

  it("a not-reported default of the wrong type, and a boolean's wording given by halves", () => {
    const r = base();
    r.reported = [
      { id: "n", label: "次数", type: "number", ifNotReported: false },
      { id: "b", label: "小组", type: "boolean", ifNotReported: 0, yes: "已成立" },
    ];
    const msg = problems(r);
    expect(msg).toContain("自报指标 n 不是是/否值，未报送时不能视为“否”（false）");
    expect(msg).toContain("自报指标 b 不是数值，未报送时不能视为 0");
    expect(msg).toContain("自报指标 b：yes 与 no（是/否的表述）须成对给出");
  });

  it("a discretionary deduction reads a reviewer's number within the item's points", () => {
    const r = base();
    r.reported = [{ id: "d", label: "扣分", type: "boolean" }];
    r.areas[0].items[0].scoring = { type: "discretionary", indicator: "indicator.d", min: 0.2, max: 3 };
    const msg = problems(r);
    expect(msg).toContain("为酌情扣分项，自报指标“d”须为数值（number）");
    expect(msg).toContain("酌情扣分上限 3 分超过本项满分 2 分");
    r.areas[0].items[0].scoring = { type: "discretionary", indicator: "cases.total" };
    expect(problems(r)).toContain("为酌情扣分项，其指标须为 indicator.<编号>");
  });

  it("facts inside several deductions and tiers are checked", () => {
    const r = base();
    r.areas[0].items[0].scoring = {
      type: "deductions",
      rules: [{ kind: "event", when: { fact: "indicator.nope", operator: "equal", value: false }, points: 0.5, text: "x" }],
    };
    expect(problems(r)).toContain("引用了未定义的自报指标“nope”");
    r.areas[0].items[0].scoring = {
      type: "tiers",
      tiers: [{ when: { fact: "milestone.T9", operator: "lessThanInclusive", value: 0 }, points: 2, text: "按时" }],
    };
    expect(problems(r)).toContain("引用了未定义的任务“T9”");
  });

  it("a veto caps the grade or zeroes the total, one of the two", () => {
    const r = base();
    r.reported = [{ id: "v", label: "基本标准", type: "boolean" }];
    r.vetoes = [{ id: "V1", title: "基本标准", source: src(), when: { fact: "indicator.v", operator: "equal", value: true } }];
    expect(problems(r)).toContain("否决项须给出 capGrade（封顶等次）或 zeroTotal: true（总分为零）之一");
    r.vetoes[0].zeroTotal = true;
    expect(() => parseRubric(r)).not.toThrow();
  });
});
