import { describe, expect, it } from "vitest";
import { foldHeader, headerMatchKey, resolveHeaders } from "../../src/data/headers.js";

const keys = (r: ReturnType<typeof resolveHeaders>) => r.columns.map((c) => c.key);

describe("header matching", () => {
  it("folds headers", () => {
    expect(foldHeader("\u3000时长（分钟）\u3000")).toBe("时长(分钟)");
    expect(headerMatchKey(" Officer_ID ")).toBe("officer_id");
    expect(headerMatchKey("人员 编号")).toBe("人员编号");
  });

  it("matches Chinese names and English aliases, case-insensitively and width-folded", () => {
    const r = resolveHeaders("training", ["\u3000人员编号\u3000", "ＤＡＴＥ", "Course", "培训类别", "时长（分钟）", "学时"]);
    expect(r.error).toBeNull();
    expect(keys(r)).toEqual(["officer_id", "date", "course", "kind", "minutes", "hours"]);
    expect(r.headers[0]).toEqual({ source: "人员编号", key: "officer_id" });
    expect(resolveHeaders("training", ["人员编号", "培训日期", "培训名称", "培训类别", "时长(分钟)"]).error).toBeNull();
  });

  it("keeps unknown and blank headers as extra columns", () => {
    const r = resolveHeaders("units", ["单位编码", "单位名称", "单位类别", "", "备注（内部）"]);
    expect(r.error).toBeNull();
    expect(keys(r)).toEqual(["unit_id", "unit_name", "category", "第4列", "备注(内部)"]);
    expect(r.columns[4]!.spec).toBeNull();
    expect(r.headers.slice(3)).toEqual([
      { source: "", key: null },
      { source: "备注（内部）", key: null },
    ]);
  });

  it("types extra columns the rubric declares", () => {
    const r = resolveHeaders("cases", ["案件编号", "单位编码", "案件类型", "是否线上办理", "承办人", "决定日期", "加分"], {
      extra: [{ key: "bonus", name: "加分", kind: "number", required: false }],
    });
    expect(r.error).toBeNull();
    expect(r.columns[6]).toMatchObject({ key: "bonus", source: "加分", spec: { kind: "number" } });
  });

  it("证件号码 is the certificate only when nothing in the header says it is another 证件", () => {
    // alone, it is the 执法证号 (many staff sheets)
    const alone = resolveHeaders("officers", ["人员编号", "姓名", "单位编码", "是否执法岗位", "证件号码", "证件有效期至"]);
    expect(alone.columns.find((c) => c.source === "证件号码")!.key).toBe("certificate_no");
    expect(alone.warnings).toEqual([]);
    // beside 执法证件编号: that is the certificate, 证件号码 an extra column, said
    const both = resolveHeaders("officers", ["人员编号", "姓名", "证件号码", "单位编码", "是否执法岗位", "执法证件编号", "证件有效期至"]);
    expect(both.error).toBeNull();
    expect(both.columns.find((c) => c.source === "执法证件编号")!.key).toBe("certificate_no");
    expect(both.columns.find((c) => c.source === "证件号码")!.spec).toBeNull();
    expect(both.warnings).toEqual([
      "表头「证件号码」（第 3 列）与「执法证号」(certificate_no)相近，但没有对应到它，按额外列保留；如是同一列，请改名为「执法证号」或写入列映射",
    ]);
    // beside 证件类型 (居民身份证): an identity card's number, not the certificate
    const id = resolveHeaders("officers", ["人员编号", "姓名", "证件类型", "证件号码", "单位编码", "是否执法岗位"]);
    expect(id.error).toBeNull();
    expect(id.columns.some((c) => c.key === "certificate_no")).toBe(false);
    expect(id.warnings).toHaveLength(1);
    // a mapping says what it is
    const mapped = resolveHeaders("officers", ["人员编号", "姓名", "证件类型", "证件号码", "单位编码", "是否执法岗位"], {
      mapping: { 证件号码: "执法证号" },
    });
    expect(mapped.columns.find((c) => c.source === "证件号码")!.key).toBe("certificate_no");
  });

  it("applies the mapping first (target: key or Chinese name)", () => {
    const r = resolveHeaders("cases", ["案件编号", "单位编码", "案件类型", "是否线上办理", "办案人员", "处罚决定日期", "决定日期"], {
      mapping: { 处罚决定日期: "decided", 办案人员: "承办人", 决定日期: "opened" },
    });
    expect(r.error).toBeNull();
    expect(keys(r)).toEqual(["case_id", "unit_id", "case_type", "online", "handlers", "decided", "opened"]);
  });

  it("a mapping to no column is an error", () => {
    const r = resolveHeaders("units", ["单位代码", "单位名称", "单位类别"], { mapping: { 单位代码: "单位号" } });
    expect(r.error).toContain("列映射把「单位代码」对应到「单位号」，但数据集「执法单位」没有这一列");
  });

  it("two columns for one key is an error naming both", () => {
    const r = resolveHeaders("units", ["单位编码", "单位名称", "单位类别", "UNIT_ID"]);
    expect(r.error).toMatchInlineSnapshot(
      `"「单位编码」（第 1 列）和「UNIT_ID」（第 4 列）都对应「单位编码」(unit_id)，请删除或改名其中一列"`,
    );
  });

  it("lists every missing required column, header groups as one", () => {
    const r = resolveHeaders("training", ["人员编号", "培训名称"]);
    expect(r.error).toMatchInlineSnapshot(
      `"缺少必填列「培训日期」(date)、「培训类别」(kind)、「学时」(hours) 或 「时长（分钟）」(minutes)（文件表头为：人员编号、培训名称）"`,
    );
  });
});
