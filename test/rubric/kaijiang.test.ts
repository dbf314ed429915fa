/**
 * kaijiang-2018 (开江县法治政府建设考核细则, clauses 一、(一)1 – 一、(四)2) on the hand-checked data in
 * test/fixtures/kaijiang: fazhi must give, item by item, the points computed by hand in
 * test/fixtures/kaijiang/HAND-COMPUTATION.md.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/evaluate.js";
import type { Results } from "../../src/results/types.js";

const HAND: Record<string, { items: Record<string, number>; total: number }> = {
  "KJ-SCJG": { items: { K1: 3, K2: 0.5, K3: 0.5, K4: 1, K5: 1, K6: 1.5, K7: 1.5 }, total: 9 },
  "KJ-JTYS": { items: { K1: 1.5, K2: 0.5, K3: 0, K4: 0.5, K5: 0, K6: 0.9, K7: 0.3 }, total: 3.7 },
  "KJ-PAZ": { items: { K1: 2.5, K2: 0, K3: 0, K4: 0.5, K5: 0, K6: 0, K7: 1.5 }, total: 4.5 },
};

let results: Results;
beforeAll(async () => {
  results = (await evaluate({ rubric: "rubrics/kaijiang-2018.json", data: "test/fixtures/kaijiang", workers: 0 })).results;
}, 30_000);

describe("kaijiang-2018 on the hand-checked data", () => {
  it.each(Object.keys(HAND))("%s: every item and the total as computed by hand", (id) => {
    const u = results.units.find((x) => x.id === id)!;
    expect(Object.fromEntries(u.items.map((i) => [i.id, i.points]))).toEqual(HAND[id]!.items);
    expect(u.items.every((i) => i.state === "scored")).toBe(true);
    expect(u.total).toBe(HAND[id]!.total);
    expect(u.complete).toBe(true);
  });

  it("ranks as by hand, every row accepted", () => {
    expect(results.units.map((u) => [u.id, u.rank.overall])).toEqual(
      expect.arrayContaining([
        ["KJ-SCJG", 1],
        ["KJ-PAZ", 2],
        ["KJ-JTYS", 3],
      ]),
    );
    for (const i of results.inputs) expect(i.rejected).toEqual([]);
  });

  it("explains in the rubric's own logic: not-reported values counted as declared, the cap named when it bites", () => {
    const paz = results.units.find((x) => x.id === "KJ-PAZ")!;
    expect(paz.items.find((i) => i.id === "K6")!.reason).toBe(
      "未建立学法制度（未报送，按细则视为未开展），扣 0.3 分；专题学法 0 次，少于 6 次，少 6 次，每少 1 次扣 0.3 分，累计扣分不超过 1.2 分，扣 1.2 分；合计扣 1.5 分。",
    );
    const jt = results.units.find((x) => x.id === "KJ-JTYS")!;
    expect(jt.items.find((i) => i.id === "K6")!.reason).toBe("已建立学法制度；专题学法 4 次，少于 6 次，少 2 次，扣 0.6 分。");
    // the 2017 专题研究 is outside the period
    expect(jt.metrics["activity.专题研究"]).toBe(1);
  });
});
