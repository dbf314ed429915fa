/** Headers and rows as people write them: hints, markers, synonyms, near misses, title rows,
 * two-row merged headers, 合计 and 说明 rows (src/data/headers.ts, src/data/layout.ts). */
import { describe, expect, it } from "vitest";
import { headerNamer, namedColumns, resolveHeaders } from "../../src/data/headers.js";
import { chooseHeader, combineHeader, noRecordReason } from "../../src/data/layout.js";
import { isPlaceholder } from "../../src/data/normalize.js";

const keys = (r: ReturnType<typeof resolveHeaders>) => r.columns.map((c) => c.key);

describe("headers with hints, markers and synonyms", () => {
  it("reads bracketed hints, *, （必填） and line breaks as the contract column", () => {
    const r = resolveHeaders("officers", [
      "*人员编号",
      "姓名（必填）",
      "单位\n编码",
      "是否执法岗位（是/否）",
      "执法证号（如有）",
      "证件有效期至",
      "证件状态（有效/暂扣/收回/注销）",
    ]);
    expect(r.error).toBeNull();
    expect(r.warnings).toEqual([]);
    expect(keys(r)).toEqual([
      "officer_id",
      "name",
      "unit_id",
      "in_enforcement_post",
      "certificate_no",
      "certificate_expires",
      "certificate_status",
    ]);
  });

  it("keeps 时长（分钟） as written and reads 学时（小时） as 学时", () => {
    expect(keys(resolveHeaders("training", ["人员编号", "培训日期", "培训名称", "培训类别", "学时（小时）", "时长（分钟）"]))).toEqual([
      "officer_id",
      "date",
      "course",
      "kind",
      "hours",
      "minutes",
    ]);
  });

  it("reads common synonyms", () => {
    const r = resolveHeaders("officers", ["人员编号", "姓名", "单位编码", "是否执法岗位", "执法证件号", "有效期至", "执法证状态"]);
    expect(keys(r)).toEqual([
      "officer_id",
      "name",
      "unit_id",
      "in_enforcement_post",
      "certificate_no",
      "certificate_expires",
      "certificate_status",
    ]);
    expect(keys(resolveHeaders("cases", ["案号", "单位编码", "案件类型", "是否线上办理", "承办人", "决定日期"])).slice(0, 1)).toEqual([
      "case_id",
    ]);
  });

  it("warns about a header close to a column it did not match, naming both", () => {
    const r = resolveHeaders("officers", ["人员编号", "姓名", "单位编码", "是否执法岗位", "执法证编码"]);
    expect(r.error).toBeNull();
    expect(r.warnings).toEqual([expect.stringContaining("表头「执法证编码」（第 5 列）与「执法证号」(certificate_no)相近")]);
  });

  it("a group title repeated over merged cells is no duplicate-column error", () => {
    const r = resolveHeaders("officers", ["人员编号", "姓名", "单位编码", "是否执法岗位", "证件信息", "证件信息", "证件信息"]);
    expect(r.error).toBeNull();
  });
});

describe("finding the header row", () => {
  const namer = headerNamer("officers");
  const count = (h: string[]) => namedColumns(namer, h);
  const names = (c: string) => namer(c) !== null;

  it("skips a title and a 填报单位 line", () => {
    const rows = [
      ["清新区行政执法人员名单"],
      ["填报单位：区司法局", "", "填报日期：2025-01-05"],
      ["人员编号", "姓名", "单位编码", "是否执法岗位"],
      ["P1", "张三", "U1", "是"],
    ];
    expect(chooseHeader(rows, count, names)).toEqual({ index: 2, rows: 1, header: rows[2] });
  });

  it("combines a two-row merged header (证件信息 over three columns)", () => {
    const rows = [
      ["人员编号", "姓名", "单位编码", "是否执法岗位", "证件信息", "", ""],
      ["", "", "", "", "执法证号", "证件有效期至", "证件状态"],
      ["P1", "张三", "U1", "是", "4418", "2026-01-01", "有效"],
    ];
    const c = chooseHeader(rows, count, names)!;
    expect(c.rows).toBe(2);
    expect(c.header).toEqual(["人员编号", "姓名", "单位编码", "是否执法岗位", "执法证号", "证件有效期至", "证件状态"]);
  });

  it("does not combine a title with the header below it", () => {
    const rows = [
      ["名单", "名单", "名单", "名单"],
      ["人员编号", "姓名", "单位编码", "是否执法岗位"],
      ["P1", "张三", "U1", "是"],
    ];
    expect(chooseHeader(rows, count, names)).toMatchObject({ index: 1, rows: 1 });
    expect(combineHeader(["a", ""], ["", "b"], () => false)).toEqual(["a", "b"]);
  });

  it("no row naming two columns: null (the first row is then read and its error says what is missing)", () => {
    expect(chooseHeader([["标题"], ["x", "y"]], count, names)).toBeNull();
  });
});

describe("rows that are no records", () => {
  it.each([
    [["合计", "", "", "120"], "合计行"],
    [["小 计", "3"], "合计行"],
    [["填表说明：1.单位编码须唯一；2.日期写作2024-01-01。", "", "", ""], "说明行"],
    [["注：本表由各单位填报", "", ""], "说明行"],
    [["", "备注：无"], "说明行"],
    [["※ 以上数据截至年底", "", ""], "说明行"],
  ])("%j is skipped", (cells, says) => {
    expect(noRecordReason(cells, 4)).toContain(says);
  });

  it.each([[["P001", "张三", "U1", "是"]], [["清远市清新区市场监督管理局", "", ""]], [["注册科", "x", "y"]]])("%j is data", (cells) => {
    expect(noRecordReason(cells, 4)).toBeNull();
  });

  it("placeholders are blank, except 无 in a 是/否 column", () => {
    for (const p of ["无", "暂无", "没有", "空", "/", "-", "—", "N/A", "n/a", "／"]) expect(isPlaceholder(p, "text")).toBe(true);
    expect(isPlaceholder("无", "boolean")).toBe(false);
    expect(isPlaceholder("—", "boolean")).toBe(true);
    expect(isPlaceholder("无锡", "text")).toBe(false);
  });
});

describe("isPlaceholder's first-character shortcut", () => {
  it("answers as the width fold does: every single character, and placeholders behind every first character", async () => {
    const { foldWidth, PLACEHOLDERS } = await import("../../src/data/normalize.js");
    const slow = (t: string, kind: "text" | "boolean") => {
      if (t.length > 6) return false;
      const f = foldWidth(t).toLowerCase();
      return PLACEHOLDERS.has(f) && !(kind === "boolean" && f === "无");
    };
    const texts: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (c < 0xd800 || c > 0xdfff) texts.push(String.fromCharCode(c));
    for (const p of PLACEHOLDERS)
      for (const lead of ["", " ", "\u3000", "\ufeff", "\u200b", "Ｎ", "ｎ", "Ｎ/Ａ", "／", "－"])
        texts.push(lead + p, p + lead, lead + p.toUpperCase());
    for (const t of ["张伟", "P000083", "是", "否", "无锡", "空白", "没收", "暂扣", "N/A", "n\u0303", "Null", "NULL", "-1", "/x", "\\"])
      texts.push(t);
    for (const t of texts) {
      expect(isPlaceholder(t, "text"), JSON.stringify(t)).toBe(slow(t, "text"));
      expect(isPlaceholder(t, "boolean"), JSON.stringify(t)).toBe(slow(t, "boolean"));
    }
  });
});
