/**
 * The patterns of published 细则 (issue 12), each as the README's rubric-language section shows
 * it: the item's scoring, the unit's facts, and the sentence fazhi writes.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { indicators, rubricWith, scoreOne, src } from "../helpers.js";
import { gradeUnit } from "../../src/grade/grade.js";

const reported = [
  {
    id: "leading_group",
    label: "法治政府建设领导小组",
    type: "boolean" as const,
    ifNotReported: false as const,
    yes: "已成立法治政府建设领导小组",
    no: "未成立法治政府建设领导小组",
  },
  {
    id: "leader_named",
    label: "分管领导",
    type: "boolean" as const,
    ifNotReported: false as const,
    yes: "已明确分管领导",
    no: "未明确分管领导",
  },
  { id: "own_office", label: "独立法制机构", type: "boolean" as const, yes: "已设立独立法制机构", no: "未设立独立法制机构" },
  { id: "shared_office", label: "兼管法制机构", type: "boolean" as const, yes: "已设立兼管法制机构", no: "未设立兼管法制机构" },
  { id: "meetings", label: "常务会议学法", type: "number" as const, unit: "次", ifNotReported: 0 as const },
  { id: "doc_deduction", label: "规范性文件酌情扣分", type: "number" as const },
  { id: "major_fault", label: "重大执法过错案件", type: "number" as const, unit: "件" },
  { id: "unfiled_docs", label: "未按要求报送备案的规范性文件", type: "number" as const, unit: "件", ifNotReported: 0 as const },
  {
    id: "files_withheld",
    label: "应报送案卷而不报",
    type: "boolean" as const,
    yes: "应报送行政执法案卷而未报送",
    no: "已按要求报送行政执法案卷",
  },
  { id: "files_deduction", label: "不合格案卷酌情扣分", type: "number" as const },
  { id: "basic_failed", label: "基本标准", type: "boolean" as const, yes: "基本标准有一项存在问题", no: "基本标准均无问题" },
];
const activityTypes = [
  { id: "专题研究", label: "专题研究法治政府建设重点工作" },
  { id: "专题学法", label: "专题学法" },
];
const extra = { reported, activityTypes, datasets: ["units" as const, "indicators" as const, "activities" as const] };

describe("several deductions inside one item, floored at zero", () => {
  const r = rubricWith(
    [
      {
        id: "A1",
        title: "加强组织领导",
        max: 3,
        source: src("一、(一)1"),
        scoring: {
          type: "deductions",
          rules: [
            {
              kind: "event",
              when: { fact: "indicator.leading_group", operator: "equal", value: false },
              points: 0.5,
              text: "未成立领导小组",
            },
            {
              kind: "event",
              when: { fact: "indicator.leader_named", operator: "equal", value: false },
              points: 0.5,
              text: "未明确分管领导",
            },
            { kind: "shortfall", indicator: "activity.专题研究", target: 3, points: 0.5 },
          ],
        },
      },
    ],
    extra,
  );
  it("names every part and the sum (README example)", async () => {
    const s = await scoreOne(r, indicators({ "indicator.leading_group": false, "indicator.leader_named": true, "activity.专题研究": 1 }));
    expect(s.items[0]).toMatchObject({
      points: 1.5,
      state: "scored",
      reason:
        "未成立法治政府建设领导小组，扣 0.5 分；已明确分管领导；专题研究法治政府建设重点工作 1 次，少于 3 次，少 2 次，扣 1 分；合计扣 1.5 分。",
    });
    expect(s.items).toHaveLength(1); // one item, never split
  });
  it("no deduction when all is done; floored at zero past the item's points", async () => {
    const ok = await scoreOne(r, indicators({ "indicator.leading_group": true, "indicator.leader_named": true, "activity.专题研究": 3 }));
    expect(ok.items[0]).toMatchObject({
      points: 3,
      reason: "已成立法治政府建设领导小组；已明确分管领导；专题研究法治政府建设重点工作 3 次，不少于 3 次；不扣分。",
    });
    const r2 = rubricWith([{ ...r.areas[0]!.items[0]!, max: 2 }], extra);
    const none = await scoreOne(
      r2,
      indicators({ "indicator.leading_group": false, "indicator.leader_named": false, "activity.专题研究": 0 }),
    );
    expect(none.items[0]!.points).toBe(0);
    expect(none.items[0]!.reason).toMatch(/合计扣 2\.5 分，超过本项 2 分，扣完为止。$/);
  });
});

describe("shortfall below a count target, capped", () => {
  const r = rubricWith(
    [
      {
        id: "A6",
        title: "专题学法",
        max: 1.5,
        source: src("一、(四)1"),
        scoring: { type: "shortfall", indicator: "activity.专题学法", target: 6, points: 0.3, cap: 1.2 },
      },
    ],
    extra,
  );
  const at = async (n: number) => (await scoreOne(r, indicators({ "activity.专题学法": n }))).items[0]!;
  it("says the count, the target and the shortfall (README example)", async () => {
    expect(await at(4)).toMatchObject({ points: 0.9, reason: "专题学法 4 次，少于 6 次，少 2 次，扣 0.6 分。" });
  });
  it("names the cap when it bites, and at zero does not contradict itself", async () => {
    expect(await at(0)).toMatchObject({
      points: 0.3,
      reason: "专题学法 0 次，少于 6 次，少 6 次，每少 1 次扣 0.3 分，累计扣分不超过 1.2 分，扣 1.2 分。",
    });
    expect(await at(6)).toMatchObject({ points: 1.5, reason: "专题学法 6 次，不少于 6 次，不扣分。" });
    expect((await at(9)).points).toBe(1.5);
  });
});

describe("a missing self-reported value counts as the rubric declares", () => {
  const r = rubricWith(
    [
      {
        id: "A7",
        title: "常务会议学法",
        max: 2,
        source: src(),
        scoring: { type: "shortfall", indicator: "indicator.meetings", target: 4, points: 0.5 },
      },
    ],
    extra,
  );
  it("not reported, declared 0: scored as none, never not applicable (README example)", async () => {
    const s = await scoreOne(r, indicators({ "indicator.meetings": 0 }, { "indicator.meetings": { notReported: true } }));
    expect(s.items[0]).toMatchObject({
      state: "scored",
      points: 0,
      reason: "常务会议学法 0 次（未报送，按细则视为 0），少于 4 次，少 4 次，扣 2 分。",
    });
    expect(s.total).toBe(0);
  });
  it("a declared false reads as not done in the item's own words", async () => {
    const d = rubricWith(
      [
        {
          id: "A1",
          title: "领导小组",
          max: 1,
          source: src(),
          scoring: { type: "event", when: { fact: "indicator.leading_group", operator: "equal", value: false }, points: 1 },
        },
      ],
      extra,
    );
    const s = await scoreOne(d, indicators({ "indicator.leading_group": false }, { "indicator.leading_group": { notReported: true } }));
    expect(s.items[0]).toMatchObject({ points: 0, reason: "未成立法治政府建设领导小组（未报送，按细则视为未开展），扣 1 分。" });
  });
});

describe("any: one alternative present decides", () => {
  const item = (ifNoData?: "zero") => ({
    id: "A2",
    title: "充实法制力量",
    max: 1,
    source: src("一、(二)"),
    ...(ifNoData ? { ifNoData } : {}),
    scoring: {
      type: "threshold" as const,
      when: {
        any: [
          { fact: "indicator.own_office", operator: "equal" as const, value: true },
          { fact: "indicator.shared_office", operator: "equal" as const, value: true },
        ],
      },
    },
  });
  it("a reported alternative passes though the other is missing (README example)", async () => {
    const s = await scoreOne(rubricWith([item()], extra), indicators({ "indicator.own_office": true, "indicator.shared_office": null }));
    expect(s.items[0]).toMatchObject({
      state: "scored",
      points: 1,
      reason: "已设立独立法制机构，兼管法制机构 无数据，符合“已设立独立法制机构或已设立兼管法制机构”的要求，得 1 分。",
    });
  });
  it("a reported false with the other missing is undecided, and all missing is never a pass", async () => {
    const half = await scoreOne(
      rubricWith([item("zero")], extra),
      indicators({ "indicator.own_office": false, "indicator.shared_office": null }),
    );
    expect(half.items[0]!.points).toBe(0);
    const none = await scoreOne(rubricWith([item()], extra), indicators({ "indicator.own_office": null, "indicator.shared_office": null }));
    expect(none.items[0]!.state).toBe("notApplicable");
    expect(none.items[0]!.points).toBeNull();
    const zero = await scoreOne(
      rubricWith([item("zero")], extra),
      indicators({ "indicator.own_office": null, "indicator.shared_office": null }),
    );
    expect(zero.items[0]!.points).toBe(0);
  });
});

describe("a veto that zeroes the score, and 扣100分", () => {
  const base = {
    id: "A1",
    title: "专题学法",
    max: 2,
    source: src(),
    scoring: { type: "shortfall" as const, indicator: "activity.专题学法", target: 2, points: 1 },
  };
  it("zeroes the total whatever the points (README example)", async () => {
    const r = rubricWith([base], {
      ...extra,
      vetoes: [
        {
          id: "V0",
          title: "基本标准存在问题",
          source: src(),
          when: { fact: "indicator.basic_failed", operator: "equal", value: true },
          zeroTotal: true,
        },
      ],
    });
    const s = await scoreOne(r, indicators({ "activity.专题学法": 2, "indicator.basic_failed": true }));
    expect(s.total).toBe(0);
    expect(s.vetoes[0]).toMatchObject({ fired: true, zeroTotal: true, reason: "基本标准有一项存在问题，触发一票否决，总分为零。" });
    expect(gradeUnit(r, "区直部门", s.total, s.areas, s.vetoes)).toMatchObject({
      grade: "不合格",
      reason: "因“基本标准存在问题”一票否决，总分计为零，评为不合格。",
    });
    expect((await scoreOne(r, indicators({ "activity.专题学法": 2, "indicator.basic_failed": false }))).total).toBe(2);
  });
  it("扣100分 takes the rest off the total, floored at 0", async () => {
    const r = rubricWith(
      [
        base,
        {
          id: "A9",
          title: "重大执法过错",
          max: 2,
          source: src(),
          scoring: {
            type: "event",
            when: { fact: "indicator.major_fault", operator: "greaterThan", value: 0 },
            points: 100,
            fromTotal: true,
            text: "发生重大执法过错案件",
          },
        },
      ],
      extra,
    );
    const s = await scoreOne(r, indicators({ "activity.专题学法": 2, "indicator.major_fault": 1 }));
    expect(s.items[1]).toMatchObject({
      points: 0,
      totalDeduction: 98,
      reason: "重大执法过错案件 1 件，出现“发生重大执法过错案件”的情形，扣 100 分（本项 2 分扣完，其余 98 分从总分中扣除，总分最低为 0）。",
    });
    expect(s.total).toBe(0);
  });
});

describe("discretionary deduction within a range", () => {
  const r = rubricWith(
    [
      {
        id: "C3",
        title: "规范性文件合法",
        max: 2,
        source: src(),
        scoring: {
          type: "discretionary",
          indicator: "indicator.doc_deduction",
          min: 0.2,
          max: 1,
          guidance: "规范性文件有违法、不当问题的，扣0.2—1分",
        },
      },
    ],
    extra,
  );
  const at = async (v: number | null, note?: string) =>
    (await scoreOne(r, indicators({ "indicator.doc_deduction": v }, note ? { "indicator.doc_deduction": { note } } : {}))).items[0]!;
  it("the reviewer's deduction within the range, with the reason (README example)", async () => {
    expect(await at(0.5, "《某某管理办法》第五条设定罚款，超越权限")).toMatchObject({
      state: "scored",
      points: 1.5,
      reason: "评审酌情扣 0.5 分（细则规定 0.2 至 1 分内）：《某某管理办法》第五条设定罚款，超越权限。",
    });
    expect(await at(0)).toMatchObject({ points: 2, reason: "评审认定不扣分。" });
  });
  it("pending until entered; outside the range or without a reason is an error, never clamped", async () => {
    expect(await at(null)).toMatchObject({
      state: "manual",
      points: null,
      reason: "本项由评审人员在 0.2 至 1 分内酌情扣分（规范性文件有违法、不当问题的，扣0.2—1分），尚未录入，暂不计分。",
    });
    expect(await at(1.5, "理由")).toMatchObject({
      state: "error",
      points: null,
      reason: "评审录入扣 1.5 分，不在细则规定的 0.2 至 1 分内（不扣分请录入 0），本项无法计分。",
    });
    expect(await at(0.1, "理由")).toMatchObject({ state: "error", points: null });
    expect(await at(0.5)).toMatchObject({
      state: "error",
      points: null,
      reason: "评审录入扣 0.5 分，但未在「佐证材料」中写明扣分理由，本项无法计分。",
    });
    const s = await scoreOne(r, indicators({ "indicator.doc_deduction": 1.5 }, { "indicator.doc_deduction": { note: "x" } }));
    expect(s.complete).toBe(false);
  });
});

describe("a reviewer's deduction among the deductions of one item", () => {
  // 六(一) (6 分) “…违法、不当行为的，不得分或酌情扣分；规范性文件未按要求报送备案的，每件扣1分。”
  // the scoring is the README's own block, the sentences below the README's words
  const readme = readFileSync("README.md", "utf8");
  const block =
    /```json\n(\{ "type": "deductions", "rules": \[\n  \{ "kind": "discretionary", "indicator": "indicator\.doc_deduction"[\s\S]*?)```/.exec(
      readme,
    )?.[1];
  const docs = rubricWith(
    [
      {
        id: "F1",
        title: "规范性文件管理",
        max: 6,
        source: src("六(一)"),
        scoring: {
          ...JSON.parse(block ?? "null"),
        },
      },
    ],
    extra,
  );
  const at = async (v: number | null, unfiled: number, note?: string) =>
    (
      await scoreOne(
        docs,
        indicators(
          { "indicator.doc_deduction": v, "indicator.unfiled_docs": unfiled },
          note ? { "indicator.doc_deduction": { note } } : {},
        ),
      )
    ).items[0]!;
  it("names the reviewer's deduction with its reason beside the fixed one (README example)", async () => {
    const reason =
      "评审认定属“规范性文件有违法、不当行为”，酌情扣 2 分（细则规定 6 分以内）：《某某管理办法》第五条设定收费项目；未按要求报送备案的规范性文件 1 件，每件扣 1 分，扣 1 分；合计扣 3 分。";
    expect(await at(2, 1, "《某某管理办法》第五条设定收费项目。")).toMatchObject({ state: "scored", points: 3, reason });
    expect(readme).toContain(`→ **3 分**: “${reason}”`);
    expect(await at(0, 0)).toMatchObject({
      points: 6,
      reason: "评审认定不属“规范性文件有违法、不当行为”；未按要求报送备案的规范性文件 0 件；不扣分。",
    });
    // 不得分 (the whole 6) and two unfiled: floored at zero with the cap wording of any deductions item
    expect(await at(6, 2, "设定行政处罚")).toMatchObject({
      points: 0,
      reason: expect.stringMatching(/合计扣 8 分，超过本项 6 分，扣完为止。$/),
    });
  });
  it("pending while not entered (never scored from the fixed rules alone); outside the range or without a reason is an error", async () => {
    const s = await scoreOne(docs, indicators({ "indicator.doc_deduction": null, "indicator.unfiled_docs": 1 }));
    expect(s.items[0]).toMatchObject({
      state: "manual",
      points: null,
      reason:
        "“规范性文件有违法、不当行为”由评审人员在 6 分以内酌情扣分，尚未录入；未按要求报送备案的规范性文件 1 件，每件扣 1 分，扣 1 分；本项暂不计分。",
    });
    expect(s.complete).toBe(false);
    expect(readme).toContain(`“${s.items[0]!.reason}”`);
    expect(await at(7, 0, "理由")).toMatchObject({
      state: "error",
      points: null,
      reason: "“规范性文件有违法、不当行为”评审录入扣 7 分，不在细则规定的 6 分以内（不扣分请录入 0），本项无法计分。",
    });
    expect(await at(1, 0)).toMatchObject({
      state: "error",
      points: null,
      reason: "“规范性文件有违法、不当行为”评审录入扣 1 分，但未在「佐证材料」中写明扣分理由，本项无法计分。",
    });
  });

  // 第十一条(二) (4 分) “全部合格的，记4分，出现不合格案卷的，扣减相应分数。…应报送而不报的，扣4分。”
  const FILES_RULE =
    '{ "kind": "discretionary", "when": { "fact": "reviews.failed", "operator": "greaterThan", "value": 0 }, "indicator": "indicator.files_deduction", "text": "出现不合格案卷" }';
  const files = rubricWith(
    [
      {
        id: "F2",
        title: "案卷评查",
        max: 4,
        source: src("第十一条(二)"),
        scoring: {
          type: "deductions",
          rules: [
            JSON.parse(FILES_RULE),
            { kind: "event", when: { fact: "indicator.files_withheld", operator: "equal", value: true }, points: 4, text: "应报送而不报" },
          ],
        },
      },
    ],
    { ...extra, datasets: [...extra.datasets, "case_reviews" as const] },
  );
  const file = async (failed: number | null, v: number | null, withheld: boolean | null, note?: string) =>
    (
      await scoreOne(
        files,
        indicators(
          { "reviews.failed": failed, "indicator.files_deduction": v, "indicator.files_withheld": withheld },
          note ? { "indicator.files_deduction": { note } } : {},
        ),
      )
    ).items[0]!;
  it("a rule that applies only when its condition holds needs no entry otherwise", async () => {
    expect(await file(0, null, false)).toMatchObject({
      state: "scored",
      points: 4,
      reason: "不合格案卷 0 份；已按要求报送行政执法案卷；不扣分。",
    });
    expect(readme).toContain("needs no entry: “不合格案卷 0 份；已按要求报送行政执法案卷；不扣分。”");
    expect(readme).toContain(`is \`${FILES_RULE}\``);
    expect(await file(2, 1.5, false, "2份案卷证据不足")).toMatchObject({
      points: 2.5,
      reason:
        "不合格案卷 2 份，评审认定属“出现不合格案卷”，酌情扣 1.5 分（细则规定 4 分以内）：2份案卷证据不足；已按要求报送行政执法案卷。",
    });
    expect(await file(2, null, false)).toMatchObject({ state: "manual", points: null });
    expect(await file(2, 1, true, "x")).toMatchObject({
      points: 0,
      reason: expect.stringMatching(/应报送行政执法案卷而未报送，扣 4 分；合计扣 5 分，超过本项 4 分，扣完为止。$/),
    });
  });
  it("a deduction entered where the facts rule the case out is an error; an unknown condition with no entry waits for it", async () => {
    expect(await file(0, 1, false, "x")).toMatchObject({
      state: "error",
      reason: "评审就“出现不合格案卷”录入扣 1 分，但不合格案卷 0 份，不属此情形，本项无法计分。",
    });
    expect(await file(null, null, false)).toMatchObject({ state: "manual", points: null });
  });
});

describe("tiered credit by kind", () => {
  const r = rubricWith(
    [
      {
        id: "A2",
        title: "法制机构",
        max: 3,
        source: src(),
        scoring: {
          type: "tiers",
          tiers: [
            { when: { fact: "indicator.own_office", operator: "equal", value: true }, points: 3, text: "有专门机构" },
            { when: { fact: "indicator.shared_office", operator: "equal", value: true }, points: 2, text: "有兼管机构" },
          ],
          otherwise: 0,
          otherwiseText: "无专门或兼管机构",
        },
      },
    ],
    extra,
  );
  const at = async (own: boolean | null, shared: boolean | null) =>
    (await scoreOne(r, indicators({ "indicator.own_office": own, "indicator.shared_office": shared }))).items[0]!;
  it("the first tier that holds (README example)", async () => {
    expect(await at(false, true)).toMatchObject({ points: 2, reason: "未设立独立法制机构，已设立兼管法制机构，属“有兼管机构”，得 2 分。" });
    expect((await at(true, null)).points).toBe(3);
    expect(await at(false, false)).toMatchObject({
      points: 0,
      reason: "未设立独立法制机构，未设立兼管法制机构，属“无专门或兼管机构”，得 0 分。",
    });
  });
  it("a better tier that cannot be ruled out is never passed over", async () => {
    expect((await at(null, true)).state).toBe("notApplicable");
  });
});

describe("sentences", () => {
  it("a cap equal to the item's max says 扣完为止", async () => {
    const r = rubricWith(
      [
        {
          id: "A8",
          title: "培训纪律",
          max: 0.9,
          source: src(),
          scoring: { type: "perOccurrence", indicator: "indicator.meetings", points: 0.3, cap: 0.9, unit: "人次" },
        },
      ],
      { ...extra, reported: [{ id: "meetings", label: "无故迟到、早退、缺席", type: "number", unit: "人次" }] },
    );
    const s = await scoreOne(r, indicators({ "indicator.meetings": 4 }));
    expect(s.items[0]).toMatchObject({ points: 0, reason: "无故迟到、早退、缺席 4 人次，每人次扣 0.3 分，扣 0.9 分（扣完为止）。" });
  });
  it("a reported boolean carries its own wording", async () => {
    const r = rubricWith(
      [
        {
          id: "A1",
          title: "领导小组",
          max: 1,
          source: src(),
          scoring: { type: "threshold", when: { fact: "indicator.leading_group", operator: "equal", value: true } },
        },
      ],
      extra,
    );
    expect((await scoreOne(r, indicators({ "indicator.leading_group": false }))).items[0]!.reason).toBe(
      "未成立法治政府建设领导小组，不符合“已成立法治政府建设领导小组”的要求，得 0 分。",
    );
  });
});
