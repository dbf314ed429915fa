/** What an incomplete indicator could have been had its missing rows been read (indicators/ranges.ts). */
import { describe, expect, it } from "vitest";
import { indicatorRange, UNBOUNDED } from "../../src/indicators/ranges.js";
import { indicatorMeta } from "../../src/indicators/describe.js";
import type { UnitDataGap } from "../../src/indicators/gaps.js";
import type { DatasetId } from "../../src/data/contract.js";
import { loadRubric } from "../../src/rubric/load.js";

const { rubric } = await loadRubric("rubrics/qingxin-2024.json");
const gap = (dataset: DatasetId, rows: number, unread = false): UnitDataGap => ({
  dataset,
  file: `${dataset}.csv`,
  rows,
  lines: [],
  ...(unread ? { unreadFrom: 100 } : {}),
  reason: "",
});
const range = (key: string, value: number | boolean, gaps: UnitDataGap[], detail?: { num: number; den: number }, values = {}) =>
  indicatorRange(rubric, indicatorMeta(rubric, key)!, value, detail, gaps, values);

describe("indicatorRange", () => {
  it("a count of the dataset's rows: at most one more per row missing; any number when the file was not read to the end", () => {
    expect(range("cases.total", 5, [gap("cases", 2)])).toEqual({ lo: 5, hi: 7 });
    expect(range("cases.total", 5, [gap("cases", 1, true)])).toEqual({ lo: 5, hi: UNBOUNDED });
  });

  it("a gap in a dataset looked up: handlers found in officers can only lower a count, documents only raise it", () => {
    expect(range("cases.uncertifiedHandling", 3, [gap("officers", 1), gap("cases", 2)])).toEqual({ lo: 0, hi: 5 });
    expect(range("cases.invalidBasis", 1, [gap("documents", 1)])).toEqual({ lo: 1, hi: UNBOUNDED });
    // officers in post, whatever their training
    expect(range("training.officers", 10, [gap("training", 4)])).toBeUndefined();
    expect(range("training.officers", 10, [gap("officers", 1)])).toEqual({ lo: 10, hi: 11 });
  });

  it("a share: each missing row in the denominator, in the numerator or not; [0, 1] when uncountable", () => {
    expect(range("cases.onlineRate", 0.9, [gap("cases", 1)], { num: 9, den: 10 })).toEqual({ lo: 9 / 11, hi: 10 / 11 });
    expect(range("cases.onlineRate", 0.9, [gap("cases", 1, true)], { num: 9, den: 10 })).toEqual({ lo: 0, hi: 1 });
  });

  it("training: more rows only add hours; another officer in post may have none", () => {
    expect(range("training.compliantRate", 0.8, [gap("training", 1)], { num: 8, den: 10 })).toEqual({ lo: 0.8, hi: 0.9 });
    expect(range("training.compliantRate", 0.8, [gap("officers", 2), gap("training", 1)], { num: 8, den: 10 })).toEqual({
      lo: 8 / 12,
      hi: 1,
    });
  });

  it("a milestone: the earliest report is kept, so a missing row cannot make it later", () => {
    const key = `milestone.${rubric.tasks[0]!.id}`;
    expect(range(key, 3, [gap("milestones", 1)])).toEqual({ lo: -UNBOUNDED, hi: 3 });
  });

  it("the mean review score with r more files scored 0 to 100", () => {
    expect(range("reviews.averageScore", 80, [gap("case_reviews", 1)], undefined, { "reviews.count": 3 })).toEqual({ lo: 60, hi: 85 });
  });

  it("a self-reported yes/no: either; no range without a gap in its datasets", () => {
    expect(range("indicator.funding_guaranteed", true, [gap("indicators", 1)])).toEqual({ either: true });
    expect(range("cases.total", 5, [gap("training", 1)])).toBeUndefined();
  });
});
