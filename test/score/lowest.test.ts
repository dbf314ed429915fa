/**
 * An item reading incomplete data scores the lowest its indicators' ranges allow (score/item.ts,
 * indicators/ranges.ts): the ends of every range tried together, a rescaled "not applicable"
 * counted as nothing, the false-reporting check included, a veto that could fire applied.
 */
import { describe, expect, it } from "vitest";
import { indicators, rubricWith, scoreOne, src } from "../helpers.js";
import type { IndicatorRange, UnitIndicators } from "../../src/indicators/types.js";
import { gradeUnit } from "../../src/grade/grade.js";

const GAP = "行政执法案件有 2 行无法读取（第 5、9 行）";

/** Indicators of which `ranges` are incomplete, each with the gap sentence above. */
function incomplete(base: UnitIndicators, ranges: Record<string, IndicatorRange>, also: string[] = []): UnitIndicators {
  const keys = [...Object.keys(ranges), ...also];
  return { ...base, incomplete: Object.fromEntries(keys.map((k) => [k, GAP])), ranges };
}

const perCase = {
  id: "B5",
  title: "引用失效文件",
  max: 8,
  source: src(),
  scoring: { type: "perOccurrence" as const, indicator: "cases.invalidBasis", points: 2 },
};

describe("the lowest the missing rows allow", () => {
  it("a deduction per case: two rows not read may be two more cases", async () => {
    const s = await scoreOne(
      rubricWith([perCase]),
      incomplete(indicators({ "cases.invalidBasis": 1 }), { "cases.invalidBasis": { lo: 1, hi: 3 } }),
    );
    expect(s.items[0]).toMatchObject({ points: 2, asRead: 6, provisional: true, state: "scored" });
    expect(s.items[0]!.reason).toBe(
      `引用已失效规范性文件作出决定的案件 1 件，每件扣 2 分，扣 2 分。${GAP}，这些数据计入后本项最低可得 2 分（按已读数据为 6 分），数据补全前暂按 2 分计。`,
    );
    expect(s.complete).toBe(false);
  });

  it("no lower than the rows read: the points stand, marked provisional, without asRead", async () => {
    // a share that the missing rows can only raise
    const rate = { ...perCase, scoring: { type: "rateSteps" as const, indicator: "cases.onlineRate", target: 1, step: 0.01, points: 0.4 } };
    const s = await scoreOne(
      rubricWith([rate]),
      incomplete(indicators({ "cases.onlineRate": 0.9 }), { "cases.onlineRate": { lo: 0.9, hi: 1 } }),
    );
    expect(s.items[0]).toMatchObject({ points: 4, provisional: true });
    expect(s.items[0]!.asRead).toBeUndefined();
    expect(s.items[0]!.reason.endsWith(`${GAP}，本项得分暂计。`)).toBe(true);
  });

  it("an item the missing rows could make not applicable under rescale counts as nothing meanwhile", async () => {
    const item = { ...perCase, applicableWhen: { fact: "cases.total", operator: "greaterThan" as const, value: 0 } };
    const values = indicators({ "cases.invalidBasis": 0, "cases.total": 2 });
    const rescale = await scoreOne(
      rubricWith([item]),
      incomplete(values, { "cases.total": { lo: 0, hi: 4 }, "cases.invalidBasis": { lo: 0, hi: 0 } }),
    );
    expect(rescale.items[0]).toMatchObject({ points: 0, asRead: 8 });
    // where the rubric gives full points to an item that does not apply, nothing is lower than the rows read
    const full = await scoreOne(
      rubricWith([item], { notApplicable: "full" }),
      incomplete(values, { "cases.total": { lo: 0, hi: 4 }, "cases.invalidBasis": { lo: 0, hi: 0 } }),
    );
    expect(full.items[0]).toMatchObject({ points: 8, provisional: true });
  });

  it("the false-reporting check at the ends too, and the reason says so", async () => {
    const item = {
      id: "A3",
      title: "持证上岗",
      max: 10,
      source: src("二、(一)3"),
      scoring: { type: "rateSteps" as const, indicator: "certification.rate", target: 1, step: 0.01, points: 0.5 },
      falseReporting: { reported: "indicator.cert", verified: "certification.rate", tolerance: 0.005, points: "all" as const },
    };
    const r = rubricWith([item], { reported: [{ id: "cert", label: "自报持证率", type: "number", format: "rate" }] });
    const s = await scoreOne(
      r,
      incomplete(indicators({ "certification.rate": 1, "indicator.cert": 1 }, { "certification.rate": { num: 20, den: 20 } }), {
        "certification.rate": { lo: 20 / 21, hi: 1 },
      }),
    );
    expect(s.items[0]).toMatchObject({ points: 0, asRead: 10 });
    expect(s.items[0]!.reason).toContain("（按已读数据为 10 分；若如此，自报的自报持证率将与核查结果不符而从重扣分）");
    expect(s.items[0]!.reason).not.toContain("所报情况不实");
  });

  it("a veto the missing rows could fire is applied, its grade cap marked as provisional", async () => {
    const r = rubricWith([{ ...perCase, max: 100 }], {
      reported: [{ id: "major", label: "发生重大违法行政行为", type: "boolean" }],
      vetoes: [
        {
          id: "V1",
          title: "重大违法",
          source: src(),
          when: { fact: "indicator.major", operator: "equal", value: true },
          capGrade: "不合格",
        },
      ],
    });
    const ind = indicators({ "cases.invalidBasis": 0, "indicator.major": false });
    const s = await scoreOne(r, incomplete(ind, { "indicator.major": { either: true } }));
    expect(s.vetoes[0]).toMatchObject({ fired: null, provisional: true, capGrade: "不合格" });
    expect(s.total).toBe(100);
    expect(gradeUnit(r, "区直部门", s.total, s.areas, s.vetoes)).toMatchObject({ grade: "不合格", cappedBy: "V1" });
    // a gap that cannot change the value (no range) leaves it undecided, not applied
    const never = await scoreOne(r, incomplete(ind, {}, ["indicator.major"]));
    expect(never.vetoes[0]!.fired).toBe(null);
    expect(never.vetoes[0]!.provisional).toBeUndefined();
    expect(gradeUnit(r, "区直部门", never.total, never.areas, never.vetoes).grade).toBe("优秀");
  });
});
