/** Quantitative targets: what the plans state, and nothing from a sentence without a number. */
import { describe, expect, it } from "vitest";
import { findTargets } from "../../src/draft/targets.js";

describe("findTargets", () => {
  it("training hours and the minutes per 学时", () => {
    expect(
      findTargets(
        "确保每人每年接受不少于60学时的公共法律知识、业务知识和行政执法技能培训（未明确具体学时的教育培训按45分钟为1个学时计算）",
      ),
    ).toEqual([
      { text: "不少于60学时", value: 60, unit: "学时", kind: "min", per: "year" },
      { text: "45分钟为1个学时", value: 45, unit: "分钟", kind: "conversion" },
    ]);
  });

  it("a rate with the date it is due by", () => {
    expect(findTargets("2024年6月底前实现行政处罚案件线上办理率达到100%，持续推进")).toEqual([
      { text: "达到100%", value: 100, unit: "%", kind: "min", by: "2024-06-30" },
    ]);
  });

  it("counts with 以上, Chinese numerals, per year", () => {
    expect(findTargets("各级政府应当聘请3名以上的专家和律师担任本级政府法律顾问，聘期3至5年")).toEqual([
      { text: "3名以上", value: 3, unit: "名", kind: "min" },
      { text: "3至5年", value: 3, upTo: 5, unit: "年", kind: "range" },
    ]);
    expect(
      findTargets("市政府各部门、各级政府每年应当举办一期以上领导干部法治专题培训班，各级政府领导班子每年应当举办两期以上法治专题讲座。"),
    ).toEqual([
      { text: "一期以上", value: 1, unit: "期", kind: "min", per: "year" },
      { text: "两期以上", value: 2, unit: "期", kind: "min", per: "year" },
    ]);
  });

  it("durations, maxima, 至少一次, 连续N年", () => {
    expect(findTargets("法规规章草案要通过网络、报纸等媒体向社会公开征求意见，期限一般不少于30日。")).toEqual([
      { text: "不少于30日", value: 30, unit: "日", kind: "min" },
    ]);
    expect(findTargets("办理期限不超过15个工作日")).toEqual([{ text: "不超过15个工作日", value: 15, unit: "工作日", kind: "max" }]);
    expect(findTargets("区政府2024年底前对已经下放各镇的行政执法事项至少进行一次评估")).toEqual([
      { text: "至少进行一次", value: 1, unit: "次", kind: "min", by: "2024-12-31" },
    ]);
    expect(findTargets("对连续2年评定为不合格的行政执法人员，按程序退出行政执法队伍。")).toEqual([
      { text: "连续2年", value: 2, unit: "年", kind: "exact" },
    ]);
  });

  it("no number, no target; dates and document numbers are no targets", () => {
    expect(findTargets("加强执法行为规范和职业道德教育。")).toEqual([]);
    expect(findTargets("全面落实行政执法公示、执法全过程记录和重大行政执法决定法制审核“三项制度”。")).toEqual([]);
    expect(findTargets("未经法制审核或者审核未通过的，不得作出决定。")).toEqual([]);
    expect(
      findTargets("贯彻实施《广东省一体化行政执法平台管理办法》（粤府〔2023〕73号），与粤省心12345政务服务便民热线联动，2024年6月底前完成"),
    ).toEqual([]);
  });
});

describe("findTargets on text as extracted from PDF", () => {
  it("reads numbers spaced and full-width", () => {
    expect(findTargets("确保每人每年接受不少于 60 学时的培训（按 ４５ 分钟为 1 个学时计算）").map((t) => [t.text, t.value])).toEqual([
      ["不少于60学时", 60],
      ["45分钟为1个学时", 45],
    ]);
  });
});
