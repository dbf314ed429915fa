import { describe, expect, it } from "vitest";
import { parseIsoDay } from "../../src/data/dates.js";
import {
  cellText,
  cleanText,
  excelSerialToDay,
  foldWidth,
  normalizeCell,
  normalizeDocNo,
  plainCellValue,
  splitIdList,
  parseBoolean,
  parseDate,
  parseDocNo,
  parseIdList,
  parseNumber,
  parseText,
  type Normalized,
} from "../../src/data/normalize.js";

const value = <T>(r: Normalized<T>): T => {
  if (!r.ok) throw new Error(`expected a value, got: ${r.reason}`);
  return r.value;
};
const reason = (r: Normalized<unknown>): string => {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.reason;
};

const D = parseIsoDay("2024-06-30");

describe("text helpers", () => {
  it("trims full-width and zero-width spaces", () => {
    expect(cleanText("\u3000人员编号\u3000\u200b")).toBe("人员编号");
    expect(cleanText(" \t a b \n")).toBe("a b");
  });
  it("folds full-width to half-width", () => {
    expect(foldWidth("时长（分钟）")).toBe("时长(分钟)");
    expect(foldWidth("ＡＢＣ１２３％")).toBe("ABC123%");
    expect(foldWidth("〔2015〕")).toBe("〔2015〕");
  });
});

describe("dates", () => {
  it.each([
    "2024-06-30",
    "2024/6/30",
    "2024/06/30",
    "2024.6.30",
    "2024年6月30日",
    "2024年6月30",
    "2024 年 6 月 30 日",
    "２０２４－０６－３０",
    "２０２４年６月３０日",
    "  2024-06-30\u3000",
  ])("%s", (text) => {
    expect(value(parseDate(text))).toBe(D);
  });

  it("blank is null", () => {
    expect(value(parseDate(""))).toBeNull();
    expect(value(parseDate("  "))).toBeNull();
  });

  it("refuses dates that do not exist", () => {
    expect(reason(parseDate("2024-02-30"))).toBe("日期不存在（2024年2月只有 29 天）");
    expect(reason(parseDate("2023-02-29"))).toBe("日期不存在（2023年2月只有 28 天）");
    expect(reason(parseDate("2024-13-01"))).toBe("日期不存在（没有 13 月）");
    expect(reason(parseDate("2024-00-10"))).toBe("日期不存在（没有 0 月）");
    expect(reason(parseDate("2024-06-00"))).toContain("日期不存在");
  });

  it.each(["30/6/2024", "6/30/2024", "24-6-30", "2024-6/30", "2024年6月", "abc", "45473", "2024063", "2024-06-30 25"])(
    "refuses %s",
    (text) => {
      expect(reason(parseDate(text))).toBe("不是日期，应为 2024-06-30、2024/6/30、2024.6.30、2024年6月30日 或 20240630 的形式");
    },
  );

  it.each(["20240630", "2024-06-30 10:00", "2024/6/30 0:00", "2024-06-30 00:00:00", "2024年6月30日 8:30", "２０２４/６/３０ ０:００"])(
    "reads %s (a time part is dropped)",
    (text) => {
      expect(value(parseDate(text))).toBe(D);
    },
  );

  it("refuses 20240230 and 2024/2/30 0:00 as dates that do not exist", () => {
    expect(reason(parseDate("20240230"))).toBe("日期不存在（2024年2月只有 29 天）");
    expect(reason(parseDate("2024/2/30 0:00"))).toBe("日期不存在（2024年2月只有 29 天）");
  });

  it("converts Excel serial numbers (1900 and 1904 systems)", () => {
    expect(value(excelSerialToDay(45473))).toBe(D);
    expect(value(excelSerialToDay(45473.75))).toBe(D);
    expect(value(excelSerialToDay(1))).toBe(parseIsoDay("1900-01-01"));
    expect(value(excelSerialToDay(59))).toBe(parseIsoDay("1900-02-28"));
    expect(value(excelSerialToDay(61))).toBe(parseIsoDay("1900-03-01"));
    expect(value(excelSerialToDay(25569))).toBe(0);
    expect(reason(excelSerialToDay(60))).toContain("1900年2月29日");
    expect(reason(excelSerialToDay(0))).toContain("超出范围");
    expect(reason(excelSerialToDay(-5))).toContain("超出范围");
    expect(value(excelSerialToDay(44011, true))).toBe(D);
    expect(value(excelSerialToDay(0, true))).toBe(parseIsoDay("1904-01-01"));
  });
});

describe("booleans", () => {
  it.each([
    ["是", true],
    ["否", false],
    ["Y", true],
    ["n", false],
    ["yes", true],
    ["NO", false],
    ["True", true],
    ["false", false],
    ["1", true],
    ["0", false],
    ["√", true],
    ["×", false],
    ["有", true],
    ["无", false],
    ["Ｙ", true],
    ["ｎｏ", false],
    ["１", true],
    [" 是 ", true],
  ])("%s → %s", (text, expected) => {
    expect(value(parseBoolean(text))).toBe(expected);
  });
  it("blank is unknown, not false", () => {
    expect(value(parseBoolean(""))).toBeNull();
    expect(value(parseBoolean("\u3000"))).toBeNull();
  });
  it.each(["可能", "2", "对", "yes no"])("refuses %s", (text) => {
    expect(reason(parseBoolean(text))).toMatchInlineSnapshot(`"不是是/否值，应为 是/否、Y/N、yes/no、true/false、1/0、√/× 或 有/无"`);
  });
});

describe("numbers", () => {
  it.each([
    ["60", 60],
    ["60.5", 60.5],
    ["６０", 60],
    ["1,200", 1200],
    ["１，２００", 1200],
    ["1,234,567.25", 1234567.25],
    ["-3", -3],
    ["+3", 3],
    [".5", 0.5],
    ["95%", 0.95],
    ["９５％", 0.95],
    ["12.5%", 0.125],
    [" 60 ", 60],
    ["0", 0],
  ])("%s → %s", (text, expected) => {
    expect(value(parseNumber(text))).toBe(expected);
  });
  it("blank is null", () => {
    expect(value(parseNumber(""))).toBeNull();
  });
  it.each(["abc", "1,20", "12,3456", "1.2.3", "60分", "1e3", "--3", "%", "-", "1 200", "60.", "十"])("refuses %s", (text) => {
    expect(reason(parseNumber(text))).toBe("不是数字，应为如 60、60.5、1,200 或 95% 的数值");
  });
  it("says what the column takes when it refuses a text: no percentage where one is refused, a whole number for a count, a share for a rate", () => {
    expect(reason(parseNumber("两", { min: 0, percent: false }))).toBe("不是数字，应为如 60、60.5 或 1,200 的数值");
    expect(reason(parseNumber("三个", { min: 0, integer: true, percent: false }))).toBe("不是数字，应为如 3、12 或 1,200 的整数");
    expect(reason(parseNumber("九成", { rate: true }))).toBe("不是数字，应为如 95% 或 0.95 的比例");
  });
  it("checks the range", () => {
    expect(reason(parseNumber("120", { min: 0, max: 100, label: "得分" }))).toBe("得分应在 0 到 100 之间");
    expect(reason(parseNumber("-1", { min: 0, max: 100 }))).toBe("应在 0 到 100 之间");
    expect(reason(parseNumber("-1", { min: 0 }))).toBe("不能小于 0");
    expect(reason(parseNumber("101", { max: 100 }))).toBe("不能大于 100");
    expect(value(parseNumber("100", { min: 0, max: 100 }))).toBe(100);
    expect(value(parseNumber("0", { min: 0, max: 100 }))).toBe(0);
  });
});

describe("id lists", () => {
  it.each(["P1;P2", "P1；P2", "P1、P2", "P1,P2", "P1，P2", "P1/P2", " P1 ; ; P2 ", "P1\nP2", "P1；\u3000P2；"])("%j", (text) => {
    expect(value(parseIdList(text))).toEqual(["P1", "P2"]);
  });
  it("blank is an empty list", () => {
    expect(value(parseIdList(""))).toEqual([]);
    expect(value(parseIdList(" ; ")).length).toBe(0);
  });
});

describe("document numbers (文号)", () => {
  it.each([
    "清新府办〔2015〕18号",
    "清新府办〔2015〕18 号",
    " 清新府办 〔2015〕 18 号 ",
    "清新府办[2015]18号",
    "清新府办［2015］18号",
    "清新府办(2015)18号",
    "清新府办（2015）18号",
    "清新府办【2015】18号",
    "清新府办﹝2015﹞18号",
    "清新府办〔２０１５〕１８号",
    "清新府办[ 2015 ]18号",
  ])("%s", (text) => {
    expect(normalizeDocNo(text)).toBe("清新府办〔2015〕18号");
  });
  it("keeps other brackets as they are", () => {
    expect(normalizeDocNo("粤府令第(5)号")).toBe("粤府令第(5)号");
  });
  it("as a cell: blank is null", () => {
    expect(value(parseDocNo(" "))).toBeNull();
    expect(value(parseDocNo("清新府办〔2015〕18 号"))).toBe("清新府办〔2015〕18号");
  });
  it("works with Array.map", () => {
    expect(["a [2015] 1号", "b（2016）2号"].map(normalizeDocNo)).toEqual(["a〔2015〕1号", "b〔2016〕2号"]);
  });
});

describe("text", () => {
  it("trims; blank is null", () => {
    expect(value(parseText("  张三 "))).toBe("张三");
    expect(value(parseText("\u3000"))).toBeNull();
  });
  it("checks a closed vocabulary", () => {
    const states = ["有效", "暂扣", "收回", "注销"];
    expect(value(parseText(" 暂扣 ", states))).toBe("暂扣");
    expect(value(parseText("", states))).toBeNull();
    expect(reason(parseText("过期", states, "证件状态"))).toBe("证件状态应为 有效、暂扣、收回、注销 之一");
  });
});

describe("normalizeCell", () => {
  const date = { kind: "date", required: true } as const;
  it("reports a blank required cell", () => {
    expect(reason(normalizeCell(date, "  ", "决定日期"))).toBe("「决定日期」为必填项，不能为空");
    expect(reason(normalizeCell(date, null, "决定日期"))).toBe("「决定日期」为必填项，不能为空");
    expect(reason(normalizeCell({ kind: "idList", required: true }, "；", "承办人"))).toBe("「承办人」为必填项，不能为空");
  });
  it("names the column and the value", () => {
    expect(reason(normalizeCell(date, "2024-02-30", "决定日期"))).toMatchInlineSnapshot(
      `"「决定日期」为「2024-02-30」：日期不存在（2024年2月只有 29 天）"`,
    );
    expect(reason(normalizeCell({ kind: "number", required: true, min: 0, max: 100 }, 120, "得分"))).toMatchInlineSnapshot(
      `"「得分」为「120」：应在 0 到 100 之间"`,
    );
  });
  it("reads spreadsheet cells", () => {
    expect(value(normalizeCell(date, new Date(Date.UTC(2024, 5, 30, 18)), "d"))).toBe(D);
    expect(value(normalizeCell(date, 45473, "d"))).toBe(D);
    expect(value(normalizeCell(date, 44011, "d", { date1904: true }))).toBe(D);
    expect(value(normalizeCell({ kind: "boolean", required: false }, true, "b"))).toBe(true);
    expect(value(normalizeCell({ kind: "boolean", required: false }, 0, "b"))).toBe(false);
    expect(value(normalizeCell({ kind: "text", required: false }, 1001, "t"))).toBe("1001");
    expect(value(normalizeCell({ kind: "text", required: false }, new Date(Date.UTC(2024, 5, 30)), "t"))).toBe("2024-06-30");
    expect(value(normalizeCell({ kind: "idList", required: false }, 1001, "t"))).toEqual(["1001"]);
    expect(value(normalizeCell({ kind: "number", required: false }, 0.95, "n"))).toBe(0.95);
    expect(reason(normalizeCell({ kind: "number", required: false }, new Date(0), "n"))).toBe("「n」为「1970-01-01」：是日期，不是数字");
    expect(reason(normalizeCell({ kind: "number", required: false }, { error: "#N/A" }, "n"))).toBe(
      "「n」为「#N/A」：单元格是错误值 #N/A，请在 Excel 中改正公式或填入数值",
    );
  });
  it("shows cells as text", () => {
    expect(cellText(null)).toBeNull();
    expect(cellText(true)).toBe("TRUE");
    expect(cellText(12.5)).toBe("12.5");
    expect(cellText(new Date(Date.UTC(2024, 5, 30)))).toBe("2024-06-30");
  });
});

describe("plainCellValue (the loader's fast path)", () => {
  it("gives normalizeCell's value whenever it gives one, else undefined", () => {
    const specs = [
      { kind: "date", required: true },
      { kind: "date", required: false },
      { kind: "number", required: false },
      { kind: "number", required: true, min: 0, max: 100 },
      { kind: "boolean", required: false },
      { kind: "text", required: true },
      { kind: "text", required: false, oneOf: ["有效", "失效"] },
      { kind: "idList", required: false },
      { kind: "idList", required: true },
      { kind: "docNo", required: false },
    ] as const;
    const cells = [
      "2024-06-30",
      "2024-02-30",
      "2024-6-30",
      "２０２４-06-30",
      " 2024-06-30",
      "60",
      "60.5",
      "101",
      "-3",
      "1,200",
      "95%",
      "0",
      "1",
      "是",
      "否",
      "Y",
      "yes",
      "TRUE",
      "x",
      "有效",
      "失效 ",
      "\u3000有效",
      "其他",
      "",
      " ",
      "\u200b",
      "P1；P2",
      "P00002、P00003",
      " P1 , P2/P3\nP4\r\nP5；；",
      "、P1、、\u200bP2\u3000、",
      "；",
      " ／ ",
      "无",
      "N/A",
      "／",
      "清新府规2017001；清新府规2021002",
      "清新府办［2015］18 号",
      "abc",
    ];
    for (const spec of specs) {
      for (const cell of [...cells, null, 3, true]) {
        const fast = plainCellValue(spec, cell);
        if (fast === undefined) continue;
        const r = normalizeCell(spec, cell, "列");
        expect(r, `${spec.kind} ${JSON.stringify(cell)}`).toEqual({ ok: true, value: fast });
      }
    }
    expect(plainCellValue({ kind: "date", required: true }, "2024-06-30")).toBe(parseIsoDay("2024-06-30"));
    expect(plainCellValue({ kind: "number", required: true, min: 0, max: 100 }, "101")).toBeUndefined();
    expect(plainCellValue({ kind: "text", required: false, oneOf: ["有效"] }, "其他")).toBeUndefined();
    expect(plainCellValue({ kind: "idList", required: true }, " P1 , P2/P3\nP4")).toEqual(["P1", "P2", "P3", "P4"]);
    expect(plainCellValue({ kind: "idList", required: true }, "；")).toBeUndefined();
  });
  it("splits an id list as the separator regex does, on random texts", () => {
    const alphabet = ["P", "1", " ", "\u3000", "\u200b", ";", "；", "、", ",", "，", "/", "／", "\r", "\n", "案", "\t", "-"];
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let k = 0; k < 3000; k++) {
      let t = "";
      for (let i = rand(12); i > 0; i--) t += alphabet[rand(alphabet.length)];
      const expected = t
        .split(/[;；、,，/／\r\n]+/)
        .map(cleanText)
        .filter((s) => s !== "");
      expect(splitIdList(t), JSON.stringify(t)).toEqual(expected);
    }
  });
});
