/**
 * yifa-xingzheng-excerpt (五、(一), 六、(一), 第十一条(二): a fixed deduction and a reviewer's
 * discretionary deduction in one item) on the hand-checked data in test/fixtures/yifa-excerpt.
 * Hand arithmetic (test/fixtures/yifa-excerpt/HAND-COMPUTATION.md):
 *   YF-SJ  Y1 6−0 = 6;            Y2 6−0−0 = 6;          Y3 no 不合格 file, 4        → 16
 *   YF-JT  Y1 6−3(one system)−1 = 2; Y2 6−6−1 = −1 → 0;   Y3 one file 55<60, 4−1.5 = 2.5 → 4.5
 *   YF-CG  Y1 no system 6−6 = 0;  Y2 6−0−2×1 = 4;        Y3 one file 40<60, entry missing → pending → 4, provisional
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/evaluate.js";
import type { Results } from "../../src/results/types.js";

const HAND: Record<string, { items: (number | null)[]; total: number; complete: boolean }> = {
  "YF-SJ": { items: [6, 6, 4], total: 16, complete: true },
  "YF-JT": { items: [2, 0, 2.5], total: 4.5, complete: true },
  "YF-CG": { items: [0, 4, null], total: 4, complete: false },
};
const DOCS = "规范性文件有违法要求履行义务、设定行政处罚或收费项目等违法、不当行为";

let results: Results;
beforeAll(async () => {
  results = (await evaluate({ rubric: "rubrics/yifa-xingzheng-excerpt.json", data: "test/fixtures/yifa-excerpt", workers: 0 })).results;
}, 30_000);

const unit = (id: string) => results.units.find((u) => u.id === id)!;
const item = (id: string, it: string) => unit(id).items.find((i) => i.id === it)!;

describe("yifa-xingzheng-excerpt on the hand-checked data", () => {
  it.each(Object.keys(HAND))("%s: every item and the total as computed by hand", (id) => {
    const u = unit(id);
    const hand = HAND[id]!;
    expect(u.items.map((i) => i.points)).toEqual(hand.items);
    expect(u.total).toBe(hand.total);
    expect(u.complete).toBe(hand.complete);
  });

  it("accepts every row", () => {
    expect(results.units).toHaveLength(3);
    for (const i of results.inputs) expect(i.rejected).toEqual([]);
  });

  it("五、(一): the case the unit is in, then the reviewer's deduction with its reason, in one sentence", () => {
    expect(item("YF-JT", "Y1").reason).toBe(
      "已建立行政执法公示制度，未建立行政执法回访制度；属“只实行了行政执法公示制度或者回访制度”，扣 3 分；评审认定属“建立了相应制度但实施不到位”，酌情扣 1 分（细则规定 6 分以内）：公示信息2024年7月后未更新；合计扣 4 分。",
    );
    expect(item("YF-SJ", "Y1").reason).toBe(
      "已建立行政执法公示制度，已建立行政执法回访制度；评审认定无需就“建立了相应制度但实施不到位”扣分：抽查公示、回访台账，实施到位；不扣分。",
    );
    // nothing built: 不得分, and the reviewer's rule (which needs a system) says nothing and needs no entry
    expect(item("YF-CG", "Y1")).toMatchObject({ state: "scored", reason: "未建立行政执法公示制度，未建立行政执法回访制度，扣 6 分。" });
  });

  it("六、(一): 不得分 entered by the reviewer plus a document per 件, floored at zero", () => {
    expect(item("YF-JT", "Y2").reason).toBe(
      `评审认定属“${DOCS}”，酌情扣 6 分（细则规定 6 分以内）：《关于规范道路运输管理的通知》设定收费项目；未按要求报送备案的规范性文件 1 件，每件扣 1 分，扣 1 分；合计扣 7 分，超过本项 6 分，扣完为止。`,
    );
    expect(item("YF-CG", "Y2").reason).toBe(
      `评审认定不属“${DOCS}”：经审查未发现违法、不当问题；未按要求报送备案的规范性文件 2 件，每件扣 1 分，扣 2 分。`,
    );
  });

  it("第十一条(二): the reviewer's deduction only with a 不合格 file; pending while not entered, never full", () => {
    expect(item("YF-SJ", "Y3").reason).toBe("不合格案卷 0 份；已按要求报送行政执法案卷；不扣分。");
    expect(item("YF-JT", "Y3").reason).toBe(
      "不合格案卷 1 份，评审认定属“出现不合格案卷”，酌情扣 1.5 分（细则规定 4 分以内）：JT-2024-012 证据不足、程序违法；已按要求报送行政执法案卷。",
    );
    expect(item("YF-CG", "Y3")).toMatchObject({
      state: "manual",
      points: null,
      reason: "不合格案卷 1 份，“出现不合格案卷”由评审人员在 4 分以内酌情扣分，尚未录入；已按要求报送行政执法案卷；本项暂不计分。",
    });
    expect(unit("YF-CG").pending).toEqual(["Y3"]);
  });
});
