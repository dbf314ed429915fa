import { describe, expect, it } from "vitest";
import { indicators, rubricWith, scoreOne, src } from "../helpers.js";

describe("rateSteps", () => {
  const item = (extra = {}) => ({
    id: "A3",
    title: "持证上岗",
    max: 10,
    source: src("二、(一)3"),
    scoring: { type: "rateSteps" as const, indicator: "certification.rate", target: 1, step: 0.01, points: 0.5, ...extra },
  });

  it("deducts in proportion to the shortfall and says so in one sentence (scoring.md example)", async () => {
    const r = rubricWith([item()], { precision: 1 });
    const s = await scoreOne(r, indicators({ "certification.rate": 49 / 52 }, { "certification.rate": { num: 49, den: 52 } }));
    expect(s.items[0]!.points).toBe(7.1);
    expect(s.items[0]!.reason).toBe("执法人员持证率 94.2%（49/52），低于 100%，每低 1 个百分点扣 0.5 分，扣 2.9 分。");
  });

  it("full points at the target, and never below zero", async () => {
    const r = rubricWith([item()]);
    expect((await scoreOne(r, indicators({ "certification.rate": 1 }))).items[0]!.points).toBe(10);
    const low = await scoreOne(r, indicators({ "certification.rate": 0.5 }));
    expect(low.items[0]!.points).toBe(0);
    expect(low.items[0]!.reason).toContain("扣 10 分（扣完为止）");
  });

  it("ceil counts a started step whole, floor only whole steps", async () => {
    const ceil = rubricWith([item({ step: 0.1, points: 2, rounding: "ceil" })]);
    const floor = rubricWith([item({ step: 0.1, points: 2, rounding: "floor" })]);
    const v = indicators({ "certification.rate": 0.85 });
    expect((await scoreOne(ceil, v)).items[0]!.points).toBe(6);
    expect((await scoreOne(floor, v)).items[0]!.points).toBe(8);
    // exactly one step short: both agree despite binary noise (1 - 0.9 = 0.09999…)
    const w = indicators({ "certification.rate": 0.9 });
    expect((await scoreOne(ceil, w)).items[0]!.points).toBe(8);
    expect((await scoreOne(floor, w)).items[0]!.points).toBe(8);
  });

  it("scores zero at or below the floor rate", async () => {
    const r = rubricWith([item({ floorRate: 0.6 })]);
    const s = await scoreOne(r, indicators({ "certification.rate": 0.6 }));
    expect(s.items[0]!.points).toBe(0);
    expect(s.items[0]!.reason).toContain("不高于 60%，不得分");
  });
});

describe("perOccurrence", () => {
  const item = (cap?: number) => ({
    id: "B5",
    title: "引用失效文件",
    max: 8,
    source: src(),
    scoring: { type: "perOccurrence" as const, indicator: "cases.invalidBasis", points: 2, ...(cap ? { cap } : {}) },
  });
  it("deducts per occurrence up to the cap", async () => {
    const s = await scoreOne(rubricWith([item(5)]), indicators({ "cases.invalidBasis": 3 }));
    expect(s.items[0]!.points).toBe(3);
    expect(s.items[0]!.reason).toBe("引用已失效规范性文件作出决定的案件 3 件，每件扣 2 分，累计扣分不超过 5 分，扣 5 分。");
  });
  it("no occurrence, no deduction; many empty the item", async () => {
    expect((await scoreOne(rubricWith([item()]), indicators({ "cases.invalidBasis": 0 }))).items[0]).toMatchObject({
      points: 8,
      reason: "引用已失效规范性文件作出决定的案件 0 件，不扣分。",
    });
    expect((await scoreOne(rubricWith([item()]), indicators({ "cases.invalidBasis": 7 }))).items[0]!.points).toBe(0);
  });
  it("adds points in a bonus area, capped, outside the maximum", async () => {
    const r = rubricWith(
      [{ id: "A1", title: "基础", max: 10, source: src(), scoring: { type: "perOccurrence", indicator: "cases.invalidBasis", points: 1 } }],
      {
        totalPoints: 10,
        capTotal: false,
        reported: [{ id: "awards", label: "获评省级示范", type: "number", format: "count", unit: "项" }],
        areas: [
          {
            id: "A",
            title: "基础",
            points: 10,
            items: [
              {
                id: "A1",
                title: "基础",
                max: 10,
                source: src(),
                scoring: { type: "perOccurrence", indicator: "cases.invalidBasis", points: 1 },
              },
            ],
          },
          {
            id: "G",
            title: "加分",
            points: 5,
            bonus: true,
            items: [
              {
                id: "G1",
                title: "示范",
                max: 5,
                source: src(),
                scoring: { type: "perOccurrence", indicator: "indicator.awards", points: 2 },
              },
            ],
          },
        ],
      },
    );
    void r;
    const s = await scoreOne(r, indicators({ "cases.invalidBasis": 1, "indicator.awards": 3 }));
    expect(s.items[1]).toMatchObject({ points: 5, bonus: true, reason: "获评省级示范 3 项，每项加 2 分，加 5 分。" });
    expect(s.total).toBe(14);
  });
});

describe("threshold, bands, event", () => {
  it("threshold: all or nothing on a json-rules-engine condition", async () => {
    const r = rubricWith([
      {
        id: "D1",
        title: "评查",
        max: 4,
        source: src(),
        scoring: {
          type: "threshold",
          when: {
            all: [
              { fact: "reviews.averageScore", operator: "greaterThanInclusive", value: 90 },
              { fact: "reviews.failed", operator: "equal", value: 0 },
            ],
          },
        },
      },
    ]);
    const pass = await scoreOne(r, indicators({ "reviews.averageScore": 90, "reviews.failed": 0 }));
    expect(pass.items[0]).toMatchObject({
      points: 4,
      reason: "案卷评查平均分 90 分，不合格案卷 0 份，符合“案卷评查平均分不低于 90 分且不合格案卷为 0 份”的要求，得 4 分。",
    });
    const fail = await scoreOne(r, indicators({ "reviews.averageScore": 95, "reviews.failed": 1 }));
    expect(fail.items[0]!.points).toBe(0);
  });

  it("bands: explicit inclusive and exclusive bounds", async () => {
    const r = rubricWith([
      {
        id: "B4",
        title: "公示",
        max: 5,
        source: src(),
        scoring: {
          type: "bands",
          indicator: "cases.publicityTimelyRate",
          bands: [
            { value: { gte: 0.95 }, points: 5 },
            { value: { gte: 0.9, lt: 0.95 }, points: 2 },
          ],
        },
      },
    ]);
    const at = (v: number) => scoreOne(r, indicators({ "cases.publicityTimelyRate": v }));
    expect((await at(0.95)).items[0]!.points).toBe(5);
    expect((await at(0.9499)).items[0]!.points).toBe(2);
    expect((await at(0.9)).items[0]!.reason).toBe("行政处罚决定按时公示率 90%，属“不低于 90%且低于 95%”一档，得 2 分。");
    expect((await at(0.8999)).items[0]!.points).toBe(0);
  });

  it("event: a fixed deduction when the condition holds", async () => {
    const r = rubricWith(
      [
        {
          id: "E",
          title: "应报未报",
          max: 4,
          source: src(),
          scoring: {
            type: "event",
            when: { fact: "indicator.reported", operator: "equal", value: false },
            points: 4,
            text: "应报送而不报",
          },
        },
      ],
      { reported: [{ id: "reported", label: "按要求报送", type: "boolean" }] },
    );
    expect((await scoreOne(r, indicators({ "indicator.reported": false }))).items[0]).toMatchObject({
      points: 0,
      reason: "按要求报送 否，出现“应报送而不报”的情形，扣 4 分。",
    });
    expect((await scoreOne(r, indicators({ "indicator.reported": true }))).items[0]!.points).toBe(4);
  });
});

describe("deadline", () => {
  const r = (late: { perDay: number; cap?: number } | { points: number }) =>
    rubricWith([{ id: "B1", title: "台账", max: 4, source: src(), scoring: { type: "deadline", task: "T1", late, missing: 0 } }], {
      tasks: [{ id: "T1", title: "专项整治台账报区司法局备案", deadline: "2024-03-31", source: src("二、(二)4") }],
    });
  it("on time scores full", async () => {
    const s = await scoreOne(r({ perDay: 0.1 }), indicators({ "milestone.T1": -3 }));
    expect(s.items[0]).toMatchObject({
      points: 4,
      reason: "“专项整治台账报区司法局备案”要求2024年3月31日前完成，2024年3月28日完成，按时完成，得满分。",
    });
  });
  it("late: per-day deduction, capped", async () => {
    const s = await scoreOne(r({ perDay: 0.1, cap: 2 }), indicators({ "milestone.T1": 5 }));
    expect(s.items[0]).toMatchObject({
      points: 3.5,
      reason:
        "“专项整治台账报区司法局备案”要求2024年3月31日前完成，2024年4月5日完成，逾期 5 天，每逾期 1 天扣 0.1 分，最多扣 2 分，扣 0.5 分。",
    });
    expect((await scoreOne(r({ perDay: 0.1, cap: 2 }), indicators({ "milestone.T1": 50 }))).items[0]!.points).toBe(2);
  });
  it("late: fixed points", async () => {
    expect((await scoreOne(r({ points: 2 }), indicators({ "milestone.T1": 1 }))).items[0]!.points).toBe(2);
  });
  it("missing scores `missing` points, never silently full", async () => {
    const s = await scoreOne(r({ perDay: 0.1 }), indicators({ "milestone.T1": null }));
    expect(s.items[0]).toMatchObject({
      points: 0,
      state: "scored",
      reason: "“专项整治台账报区司法局备案”要求2024年3月31日前完成，未报送完成情况，不得分。",
    });
  });
  it("a deadline after the as-of day is not yet due", async () => {
    const rr = rubricWith(
      [{ id: "B1", title: "台账", max: 4, source: src(), scoring: { type: "deadline", task: "T1", late: { perDay: 0.1 } } }],
      {
        asOf: "2024-03-01",
        tasks: [{ id: "T1", title: "台账", deadline: "2024-03-31", source: src() }],
      },
    );
    const s = await scoreOne(rr, indicators({ "milestone.T1": null }));
    expect(s.items[0]).toMatchObject({ state: "notApplicable", points: null });
    expect(s.total).toBeNull();
  });
});

describe("manual items and false reporting", () => {
  const manual = rubricWith(
    [
      {
        id: "D3",
        title: "案例指导",
        max: 4,
        source: src(),
        scoring: { type: "manual", indicator: "indicator.score", guidance: "由区司法局评分" },
      },
      {
        id: "A1",
        title: "持证",
        max: 6,
        source: src(),
        scoring: { type: "rateSteps", indicator: "certification.rate", target: 1, step: 0.01, points: 0.5 },
      },
    ],
    { reported: [{ id: "score", label: "评审得分", type: "number" }] },
  );
  it("pending until entered; the total is marked incomplete", async () => {
    const s = await scoreOne(manual, indicators({ "indicator.score": null, "certification.rate": 1 }));
    expect(s.items[0]).toMatchObject({ state: "manual", points: null });
    expect(s.complete).toBe(false);
    expect(s.pending).toEqual(["D3"]);
    expect(s.total).toBe(6);
  });
  it("entered points count; out-of-range entries are errors", async () => {
    expect((await scoreOne(manual, indicators({ "indicator.score": 3.5, "certification.rate": 1 }))).total).toBe(9.5);
    const bad = await scoreOne(manual, indicators({ "indicator.score": 7, "certification.rate": 1 }));
    expect(bad.items[0]).toMatchObject({ state: "error", points: null });
  });
  it("a self-reported figure that the records contradict loses the item's points", async () => {
    const r = rubricWith(
      [
        {
          id: "A3",
          title: "持证",
          max: 10,
          source: src(),
          scoring: { type: "rateSteps", indicator: "certification.rate", target: 1, step: 0.01, points: 0.5 },
          falseReporting: { reported: "indicator.rate", verified: "certification.rate", tolerance: 0.005 },
        },
      ],
      { reported: [{ id: "rate", label: "持证率", type: "number", format: "rate" }] },
    );
    const s = await scoreOne(
      r,
      indicators({ "indicator.rate": 1, "certification.rate": 49 / 52 }, { "certification.rate": { num: 49, den: 52 } }),
    );
    expect(s.items[0]!.points).toBe(0);
    expect(s.items[0]!.reason).toContain("自报持证率 100%，经核查为 94.2%（49/52），所报情况不实，从重扣 7.12 分。");
    const honest = await scoreOne(
      r,
      indicators({ "indicator.rate": 0.94, "certification.rate": 49 / 52 }, { "certification.rate": { num: 49, den: 52 } }),
    );
    expect(honest.items[0]!.points).toBe(7.12);
  });
});

describe("applicability, missing data and errors", () => {
  const two = (extra = {}) =>
    rubricWith(
      [
        {
          id: "C2",
          title: "下放事项评估",
          max: 6,
          source: src(),
          categories: ["镇人民政府"],
          scoring: { type: "perOccurrence", indicator: "reviews.failed", points: 1 },
        },
        {
          id: "E1",
          title: "线上办理",
          max: 4,
          source: src(),
          scoring: { type: "rateSteps", indicator: "cases.onlineRate", target: 1, step: 0.01, points: 1 },
        },
      ],
      extra,
    );
  it("an item for another category is not applicable and the total is rescaled", async () => {
    const s = await scoreOne(two(), indicators({ "reviews.failed": 0, "cases.onlineRate": 0.98 }), "区直部门");
    expect(s.items[0]).toMatchObject({ state: "notApplicable", points: null, reason: "本项适用于镇人民政府，不适用于区直部门。" });
    // 2/4 lost → 2 of 4 points = 50% of the applicable maximum, rescaled to 10
    expect(s.total).toBe(5);
    expect(s.areas[0]).toMatchObject({ max: 4, points: 2 });
  });
  it("or scores full when the rubric says so", async () => {
    const s = await scoreOne(two({ notApplicable: "full" }), indicators({ "reviews.failed": 0, "cases.onlineRate": 0.98 }), "区直部门");
    expect(s.items[0]).toMatchObject({ state: "notApplicable", points: 6 });
    expect(s.total).toBe(8);
  });
  it("a null indicator (no case to rate) makes the item not applicable, never 0 or full", async () => {
    const s = await scoreOne(two(), indicators({ "reviews.failed": 0, "cases.onlineRate": null }), "镇人民政府");
    expect(s.items[1]).toMatchObject({ state: "notApplicable", points: null, reason: "行政处罚案件线上办理率无适用数据，本项不适用。" });
    expect(s.total).toBe(10);
  });
  it("unusable data makes the item an error and the total incomplete", async () => {
    const s = await scoreOne(
      two(),
      indicators(
        { "reviews.failed": 0, "cases.onlineRate": null },
        {},
        { "cases.onlineRate": "cases.csv：缺少必填列「决定日期」(decided)" },
      ),
      "镇人民政府",
    );
    expect(s.items[1]).toMatchObject({ state: "error", points: null });
    expect(s.items[1]!.reason).toContain("缺少必填列「决定日期」");
    expect(s.complete).toBe(false);
    expect(s.total).toBe(6);
  });
});
