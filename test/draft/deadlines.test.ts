/** Deadline normalisation: every form the plans use. */
import { describe, expect, it } from "vitest";
import { normaliseDeadline, normaliseDeadlines } from "../../src/draft/deadlines.js";

const n = (text: string, year = 2024) => normaliseDeadline(text, year);

describe("deadlines without a year take the given year", () => {
  it.each([
    ["年底前完成", { deadline: "2024-12-31" }],
    ["6月底前报送", { deadline: "2024-06-30" }],
    ["第一季度", { deadline: "2024-03-31" }],
    ["第三季度前", { deadline: "2024-09-30" }],
    ["5月中旬前报送", { deadline: "2024-05-15" }],
    ["2月底前", { deadline: "2024-02-29" }],
  ])("%s", (text, want) => expect(n(text)).toEqual(want));

  it("uses the year given, not a fixed one", () => {
    expect(n("年底前", 2026)).toEqual({ deadline: "2026-12-31" });
    expect(n("2月底前", 2025)).toEqual({ deadline: "2025-02-28" });
  });
});

describe("deadlines with a year", () => {
  it.each([
    ["2024年2月底前将突出问题清单和专项整治台账报送市司法局备案，持续推进", { deadline: "2024-02-29", ongoing: true }],
    ["2024 年 12 月底前形成阶段性成果，持续推进", { deadline: "2024-12-31", ongoing: true }],
    ["原则上于 2024 年 6 月前完成", { deadline: "2024-06-30" }],
    ["2024年底前对已经下放各镇的行政执法事项至少进行一次评估", { deadline: "2024-12-31" }],
    ["2017年年底前，各级政府…完成清理工作", { deadline: "2017-12-31" }],
    ["到2017年底形成可复制、可推广的制度性经验", { deadline: "2017-12-31" }],
    ["应当在2017年3月底前完成", { deadline: "2017-03-31" }],
    ["2024年10月中旬前完成调研报告", { deadline: "2024-10-15" }],
    ["2024年3月31日前", { deadline: "2024-03-31" }],
    ["2025年第一季度", { deadline: "2025-03-31" }],
  ])("%s", (text, want) => expect(n(text)).toEqual(want));

  it("keeps every date of a clause in text order, once each", () => {
    const d = normaliseDeadlines("2024年4月底前完成权责清单事项认领及公布，2024年5月中旬前报送市司法行政部门，持续推进", 2024);
    expect(d.dates.map((x) => x.date)).toEqual(["2024-04-30", "2024-05-15"]);
    expect(d.ongoing).toBe(true);
    expect(
      normaliseDeadlines("公安、交通运输等部门于2024年6月底前，其他行政执法单位于2024年12月底前完成", 2024).dates.map((x) => x.date),
    ).toEqual(["2024-06-30", "2024-12-31"]);
  });
});

describe("recurring and ongoing", () => {
  it.each([
    ["每年5月底和11月底前", { recurring: ["05-31", "11-30"] }],
    ["每年11月中旬前将培训情况报市司法局，持续推进", { recurring: ["11-15"], ongoing: true }],
    ["每年第一季度要向同级党委报告", { recurring: ["03-31"] }],
    ["长期推进", { ongoing: true }],
    ["持续推进", { ongoing: true }],
  ])("%s", (text, want) => expect(n(text)).toEqual(want));
});

describe("no deadline where there is none", () => {
  it.each([
    "加强执法行为规范和职业道德教育。",
    "2016年度法治广东建设考核标准",
    "《清远市提升行政执法质量三年行动实施方案（2023—2025年）》",
    "粤府〔2023〕73号",
    "2024年6月印发",
  ])("%s", (text) => expect(n(text)).toEqual({}));
});
