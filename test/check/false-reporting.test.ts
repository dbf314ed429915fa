/** Self-reported vs verified: the result flags the discrepancy, and the rubric's penalty applies. */
import { describe, expect, it } from "vitest";
import { rubricWith, indicators, scoreOne, src } from "../helpers.js";
import { unitDiscrepancies } from "../../src/results/discrepancies.js";
import { evaluate } from "../../src/evaluate.js";

const rubric = rubricWith(
  [
    {
      id: "A3",
      title: "执法人员持证上岗",
      max: 10,
      source: src("二、(一)3"),
      scoring: { type: "rateSteps", indicator: "certification.rate", target: 1, step: 0.01, points: 0.5 },
      falseReporting: { reported: "indicator.cert_reported", verified: "certification.rate", tolerance: 0.005, points: 3 },
    },
  ],
  { reported: [{ id: "cert_reported", label: "持证率", type: "number", format: "rate" }] },
);

describe("false reporting", () => {
  it("scores the rubric's penalty on top of the shortfall, with both values in the reason", async () => {
    const ind = indicators({ "certification.rate": 0.942, "indicator.cert_reported": 1 }, { "certification.rate": { num: 49, den: 52 } });
    const s = await scoreOne(rubric, ind);
    const a3 = s.items[0]!;
    expect(a3.points).toBe(4.1); // 10 − 2.9 (5.8 steps × 0.5) − 3 (false report)
    expect(a3.reason).toMatchInlineSnapshot(
      `"执法人员持证率 94.2%（49/52），低于 100%，每低 1 个百分点扣 0.5 分，扣 2.9 分。自报持证率 100%，经核查为 94.2%（49/52），所报情况不实，从重扣 3 分。"`,
    );
    expect(unitDiscrepancies(rubric, ind)).toEqual([
      {
        reported: "indicator.cert_reported",
        verified: "certification.rate",
        reportedValue: 1,
        verifiedValue: 0.942,
        items: ["A3"],
        text: "自报执法人员持证率 100%，经核查为 94.2%（49/52），自报高于核查 5.8 个百分点。",
      },
    ]);
  });

  it("flags an understated figure too (no penalty: the rubric's direction is overstated), and nothing within tolerance", async () => {
    const low = indicators({ "certification.rate": 0.96, "indicator.cert_reported": 0.9 });
    expect((await scoreOne(rubric, low)).items[0]!.points).toBe(8);
    expect(unitDiscrepancies(rubric, low).map((d) => d.text)).toEqual(["自报执法人员持证率 90%，经核查为 96%，自报低于核查 6 个百分点。"]);
    expect(unitDiscrepancies(rubric, indicators({ "certification.rate": 0.996, "indicator.cert_reported": 1 }))).toEqual([]);
    expect(unitDiscrepancies(rubric, indicators({ "certification.rate": 0.9, "indicator.cert_reported": null }))).toEqual([]);
  });

  it("is recorded per unit in results (the small data: QX-SCJG reports 100% against 66.7%)", async () => {
    const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "test/fixtures/eval/small", workers: 0 });
    const scjg = results.units.find((u) => u.id === "QX-SCJG")!;
    expect(scjg.discrepancies).toEqual([
      {
        reported: "indicator.certification_rate_reported",
        verified: "certification.rate",
        reportedValue: 1,
        verifiedValue: 2 / 3,
        items: ["A3"],
        text: "自报执法人员持证率 100%，经核查为 66.7%（2/3），自报高于核查 33.3 个百分点。",
      },
    ]);
    expect(results.units.find((u) => u.id === "QX-THZ")!.discrepancies).toBeUndefined();
  });
});
