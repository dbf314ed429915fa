/**
 * Open cases (no 决定日期) are accepted and counted only by cases.closingRate; the activities
 * dataset gives activity.<type>; a custom count's records name the record (id, date, kind).
 * Real CSV files in test/fixtures/eval/open-cases, through evaluate().
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/evaluate.js";
import type { Results } from "../../src/results/types.js";
import { OfficerList } from "../../src/indicators/context.js";

let results: Results;
beforeAll(async () => {
  results = (await evaluate({ rubric: "test/fixtures/eval/open-cases-rubric.json", data: "test/fixtures/eval/open-cases", workers: 0 }))
    .results;
}, 30_000);
const unit = (id: string) => results.units.find((u) => u.id === id)!;
const item = (u: string, id: string) => unit(u).items.find((i) => i.id === id)!;

describe("open cases", () => {
  it("a case without 决定日期 is accepted, not rejected", () => {
    const cases = results.inputs.find((i) => i.dataset === "cases")!;
    expect(cases.accepted).toBe(6);
    expect(cases.rejected).toEqual([]);
  });
  it("indicators that need a decision skip it; cases.closingRate counts cases opened in the period decided by the as-of day", () => {
    // U1: 4 opened in 2024; 2 decided in 2024, one open, one decided in 2025 (after the as-of day)
    expect(unit("U1").metrics["cases.total"]).toBe(2);
    expect(unit("U1").metrics["cases.closingRate"]).toBe(0.5);
    // U2: the case opened in 2023 is not in the denominator
    expect(unit("U2").metrics["cases.closingRate"]).toBe(1);
    expect(item("U1", "A1")).toMatchObject({
      points: 0,
      reason: "案件结案率 50%（2/4），低于 90%，每低 10 个百分点扣 1 分（不足 1 档按 1 档计），扣 3 分（扣完为止）。",
      records: [
        { id: "U1-003", detail: "2024年11月2日立案，至2024年12月31日未结案" },
        { id: "U1-004", detail: "2024年12月1日立案，2025年1月15日结案，晚于2024年12月31日" },
      ],
    });
  });
});

describe("activities", () => {
  it("activity.<type> counts the unit's activities of that type dated in the period (extra columns allowed)", () => {
    expect(unit("U1").metrics["activity.专题学法"]).toBe(2);
    expect(unit("U1").metrics["activity.集中培训"]).toBe(1);
    expect(unit("U2").metrics["activity.专题学法"]).toBe(0); // its one session was in 2023
    expect(item("U1", "A2")).toMatchObject({ points: 2, reason: "专题学法 2 次，不少于 2 次，不扣分。" });
  });
  it("a type the rubric does not define is a row error naming it", () => {
    const a = results.inputs.find((i) => i.dataset === "activities")!;
    expect(a.rejected).toEqual([
      expect.objectContaining({ line: 6, column: "活动类型", value: "例会", reason: "活动类型 例会 不是评分细则中定义的活动类型" }),
    ]);
  });
});

describe("records behind a custom count", () => {
  it("name the record's id, date and kind, not its line", () => {
    expect(item("U1", "A3").records).toEqual([
      { id: "U1-001", detail: "2024年3月1日，行政处罚" },
      { id: "U1-002", detail: "2024年6月20日，行政处罚" },
    ]);
  });
});

describe("a training row among the records", () => {
  it("is named by the officer's id and name, the date and the course", async () => {
    const { recordOf } = await import("../../src/indicators/record-label.js");
    const { parseIsoDay } = await import("../../src/data/dates.js");
    const ctx = {
      officers: new OfficerList([
        { id: "P00025", name: "梁雪梅", unitId: "U1", inPost: true, certificateNo: null, expires: null, status: null },
      ]),
    } as never;
    const row = {
      line: 5,
      values: {
        officer_id: "P00025",
        date: parseIsoDay("2024-03-05"),
        course: "行政处罚法专题培训",
        kind: "业务知识",
        hours: 4,
        minutes: null,
      },
    };
    expect(recordOf(ctx, "training", row as never, "date")).toEqual({
      id: "P00025",
      name: "梁雪梅",
      detail: "2024年3月5日，行政处罚法专题培训",
    });
  });
});

describe("a reviewer's discretionary deduction, from the indicators file", () => {
  it("reads the deduction from 数值 and the reason from 佐证材料", () => {
    expect(item("U1", "A4")).toMatchObject({
      state: "scored",
      points: 1.5,
      reason: "评审酌情扣 0.5 分（细则规定 0.2 至 1 分内）：《一局行政检查办法》第五条设定罚款，超越权限。",
    });
  });
  it("outside the rubric's range: an error, the total provisional", () => {
    expect(item("U2", "A4")).toMatchObject({ state: "error", points: null });
    expect(unit("U2").complete).toBe(false);
    // A2 reads activities, of which U2's row 6 was rejected: provisional too (the incomplete-data rule)
    expect(unit("U2").pending).toEqual(["A2", "A4"]);
    expect(item("U2", "A2")).toMatchObject({ provisional: true });
  });
});
