/**
 * daxing-yfxz (大兴区依法行政工作考核标准, items 一、1 – 三、2) on the hand-checked data in
 * test/fixtures/daxing: fazhi must give, item by item, per area and in total, the points computed by
 * hand in test/fixtures/daxing/HAND-COMPUTATION.md.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/evaluate.js";
import type { Results } from "../../src/results/types.js";

type Hand = { items: number[]; areas: [number, number, number]; total: number; rank: number };
const HAND: Record<string, Hand> = {
  "DX-SFJ": { items: [3, 1, 1, 2, 2, 3, 2, 1, 2, 1, 3, 1], areas: [12, 6, 4], total: 22, rank: 1 },
  "DX-WSJ": { items: [2, 1, 1, 1, 1, 0, 1, 1, 1, 1, 2, 1], areas: [6, 4, 3], total: 13, rank: 2 },
  "DX-HCZ": { items: [2, 0, 1, 0, 0, 2.5, 0, 0, 0, 0, 3, 0], areas: [5.5, 0, 3], total: 8.5, rank: 3 },
  "DX-CGJ": { items: [0, 1, 0, 2, 0, 0, 2, 0, 0, 1, 0, 1], areas: [3, 3, 1], total: 7, rank: 4 },
};
const ITEMS = Array.from({ length: 12 }, (_, i) => `D${i + 1}`);

let results: Results;
beforeAll(async () => {
  results = (await evaluate({ rubric: "rubrics/daxing-yfxz.json", data: "test/fixtures/daxing", workers: 0 })).results;
}, 30_000);

const unit = (id: string) => results.units.find((u) => u.id === id)!;
const reason = (id: string, item: string) => unit(id).items.find((i) => i.id === item)!.reason;

describe("daxing-yfxz on the hand-checked data", () => {
  it.each(Object.keys(HAND))("%s: every item, every area, the total and the rank as computed by hand", (id) => {
    const u = unit(id);
    const hand = HAND[id]!;
    expect(Object.fromEntries(u.items.map((i) => [i.id, i.points]))).toEqual(Object.fromEntries(ITEMS.map((k, n) => [k, hand.items[n]])));
    expect(u.items.every((i) => i.state === "scored")).toBe(true);
    expect(u.areas.map((a) => a.points)).toEqual(hand.areas);
    expect(u.total).toBe(hand.total);
    expect(u.rank.overall).toBe(hand.rank);
  });

  it("accepts every row", () => {
    expect(results.units).toHaveLength(4);
    for (const i of results.inputs) expect(i.rejected).toEqual([]);
  });

  it("explains each deduction in the published words, with 扣完为止 when the count runs past the item", () => {
    expect(reason("DX-WSJ", "D6")).toBe(
      "依法行政计划、总结、报表、信息等材料迟报 3 次，每次扣 0.5 分，扣 1.5 分；依法行政计划、总结、报表、信息等材料漏报 2 次，每次扣 1 分，扣 2 分；合计扣 3.5 分，超过本项 3 分，扣完为止。",
    );
    expect(reason("DX-CGJ", "D6")).toContain("漏报 4 次，每次扣 1 分，扣完为止，扣 3 分");
    // 兼管科室 stands in for the 法制机构 ("没有条件的要明确一个科室兼管法制工作")
    expect(reason("DX-WSJ", "D4")).toContain("法制工作分管领导不明确，扣 1 分");
    expect(reason("DX-WSJ", "D4")).not.toContain("法制机构不健全");
    // what a unit did not report counts as not done, and says so
    expect(reason("DX-HCZ", "D2")).toContain("未报送");
  });

  it("a rule that applies only with an earlier fact (备案 of a plan, lateness of a summary) neither repeats that fact nor speaks when the earlier deduction covers it", () => {
    expect(reason("DX-SFJ", "D1")).toBe("已制定推进依法行政总体方案和年度工作计划；已及时报法制办备案；不扣分。");
    expect(reason("DX-WSJ", "D5")).toBe("有依法行政年终总结；年终总结未按时上报，扣 1 分。");
    expect(reason("DX-CGJ", "D1")).toBe("没有推进依法行政总体方案和年度工作计划，扣 3 分。");
    expect(reason("DX-HCZ", "D5")).toBe("没有依法行政年终总结（未报送，按细则视为未开展），扣 2 分。");
  });

  it("a missing document finding gives 0 for 三、1, never a rescaled total", () => {
    expect(reason("DX-CGJ", "D11")).toContain("无数据");
    expect(unit("DX-CGJ").items.every((i) => i.state !== "notApplicable")).toBe(true);
  });
});
