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

  it("bands that score worst in the middle of the range: tried beside their bounds, not at the ends only", async () => {
    // 0–2 件 or 10 件以上: 6 分; otherwise 1 分 (a valley: the ends of a range across it both score 6)
    const item = {
      ...perCase,
      id: "C1",
      max: 6,
      scoring: {
        type: "bands" as const,
        indicator: "cases.total",
        bands: [
          { value: { gte: 0, lte: 2 }, points: 6 },
          { value: { gte: 10 }, points: 6 },
        ],
        otherwise: 1,
      },
    };
    const at = async (lo: number, hi: number) =>
      (await scoreOne(rubricWith([item]), incomplete(indicators({ "cases.total": lo }), { "cases.total": { lo, hi } }))).items[0]!;
    // 2 read, up to 10 more: 3 to 9 score 1
    expect(await at(2, 12)).toMatchObject({ points: 1, asRead: 6 });
    // a count is whole: 2 and 3 are beside the bound 2, so 3 is tried even when it is the only value inside
    expect(await at(2, 4)).toMatchObject({ points: 1, asRead: 6 });
    // every value from 10 to 14 is in the 6-point band: no lower
    expect(await at(10, 14)).toMatchObject({ points: 6, provisional: true });
    expect((await at(10, 14)).asRead).toBeUndefined();
  });

  it("a condition true only inside a range is tried inside it, beside its numbers", async () => {
    // 网上办案率低于 50% 或高于 80% → 4 分 (a rate is not whole: tried 1e-6 beside its numbers)
    const item = {
      ...perCase,
      id: "C2",
      max: 4,
      scoring: {
        type: "threshold" as const,
        when: {
          any: [
            { fact: "cases.onlineRate", operator: "lessThan" as const, value: 0.5 },
            { fact: "cases.onlineRate", operator: "greaterThan" as const, value: 0.8 },
          ],
        },
      },
    };
    // read 0.4 (holds); range 0.3..0.9: both ends hold, the middle (0.5..0.8) does not
    const s = await scoreOne(
      rubricWith([item]),
      incomplete(indicators({ "cases.onlineRate": 0.4 }), { "cases.onlineRate": { lo: 0.3, hi: 0.9 } }),
    );
    expect(s.items[0]).toMatchObject({ points: 0, asRead: 4 });
    // a veto that fires only in the middle of a range the missing rows allow: applied provisionally
    const r = rubricWith([{ ...perCase, max: 100 }], {
      vetoes: [
        {
          id: "V2",
          title: "中段",
          source: src(),
          when: {
            all: [
              { fact: "cases.total", operator: "greaterThan", value: 10 },
              { fact: "cases.total", operator: "lessThan", value: 12 },
            ],
          },
          capGrade: "不合格",
        },
      ],
    });
    const ind = indicators({ "cases.invalidBasis": 0, "cases.total": 5 });
    const fires = await scoreOne(r, incomplete(ind, { "cases.total": { lo: 5, hi: 20 } }));
    expect(fires.vetoes[0]).toMatchObject({ fired: null, provisional: true });
    const cannot = await scoreOne(r, incomplete(ind, { "cases.total": { lo: 5, hi: 10 } }));
    expect(cannot.vetoes[0]!.provisional).toBeUndefined();
  });

  it("too many combinations to try: the item's floor, never the rows read", async () => {
    // six incomplete indicators: both ends of each (64) are tried; with a number inside each range,
    // five values each (15,625) are more than can be tried
    const keys = Array.from({ length: 6 }, (_, i) => `indicator.k${i}`);
    const item = {
      ...perCase,
      id: "C3",
      max: 5,
      scoring: { type: "threshold" as const, when: { all: keys.map((k) => ({ fact: k, operator: "lessThan" as const, value: 5 })) } },
    };
    const r = rubricWith([item], {
      reported: keys.map((k) => ({ id: k.slice(10), label: k, type: "number" as const, format: "count" as const })),
    });
    const values = indicators(Object.fromEntries(keys.map((k) => [k, 1])));
    const s = await scoreOne(r, incomplete(values, Object.fromEntries(keys.map((k) => [k, { lo: 1, hi: 2 }]))));
    expect(s.items[0]).toMatchObject({ points: 5, provisional: true });
    const wide = await scoreOne(r, incomplete(values, Object.fromEntries(keys.map((k) => [k, { lo: 1, hi: 9 }]))));
    expect(wide.items[0]).toMatchObject({ points: 0, asRead: 5 });
    // the reason does not claim a lowest it did not work out
    expect(wide.items[0]!.reason).toContain(
      `${GAP}，涉及的指标过多，无法逐一推算这些数据计入后的得分，数据补全前暂按 0 分计（按已读数据为 5 分）。`,
    );
    expect(wide.items[0]!.reason).not.toContain("最低可得");
  });
});
