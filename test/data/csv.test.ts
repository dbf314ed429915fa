import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectDelimiter, readCsvRecords, type CsvItem } from "../../src/data/csv.js";
import { binaryReason, decodeText } from "../../src/data/encoding.js";

async function items(text: string, chunkSize?: number): Promise<CsvItem[]> {
  const out: CsvItem[] = [];
  for await (const item of readCsvRecords(text, chunkSize)) out.push(item);
  return out;
}
const lines = (xs: CsvItem[]) => xs.map((x) => (x.type === "record" ? [x.line, x.fields] : [x.line, "error"]));

describe("encodings", () => {
  const text = "人员编号,姓名\r\nP001,张三〔2015〕√×；\r\n";
  it("UTF-8", () => {
    expect(decodeText(Buffer.from(text, "utf8"))).toEqual({ ok: true, text, encoding: "utf-8" });
  });
  it("UTF-8 with BOM (the BOM is removed)", () => {
    expect(decodeText(Buffer.from("\ufeff" + text, "utf8"))).toEqual({ ok: true, text, encoding: "utf-8-bom" });
  });
  it("GBK as Chinese Excel saves it", () => {
    expect(decodeText(iconv.encode(text, "gbk"))).toEqual({ ok: true, text, encoding: "gb18030" });
  });
  it("GB18030 four-byte characters", () => {
    const rare = "𠀀䶮,€";
    expect(decodeText(iconv.encode(rare, "gb18030"))).toEqual({ ok: true, text: rare, encoding: "gb18030" });
  });
  it("an empty file is empty UTF-8 text", () => {
    expect(decodeText(new Uint8Array())).toEqual({ ok: true, text: "", encoding: "utf-8" });
  });
  it("refuses binary files", () => {
    expect(binaryReason(Buffer.from([0x61, 0x00, 0x62]))).toContain("不是文本文件");
    expect(binaryReason(Buffer.from("PK\u0003\u0004rest", "latin1"))).toContain("xlsx");
    expect(binaryReason(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toContain(".xls");
    expect(binaryReason(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toContain("UTF-16");
    const controls = Buffer.alloc(200, 0x01);
    expect(decodeText(controls)).toEqual({
      ok: false,
      reason: "不是文本文件（含有大量控制字符，可能是二进制文件）",
      problem: { code: "not_text", looks: "control" },
    });
    expect(binaryReason(Buffer.from("a,b\n1,2\x1a", "latin1"))).toBeNull();
  });
  it("refuses bytes that are neither UTF-8 nor GB18030", () => {
    expect(decodeText(Buffer.from([0x61, 0xff, 0xff, 0x62]))).toMatchObject({ ok: false, reason: expect.stringContaining("编码无法识别") });
  });
});

describe("CSV records and their lines", () => {
  it("header = line 1; a record spanning lines is numbered by its first line", async () => {
    const got = await items('a,b\n1,2\n"x\ny\nz",3\n4,5\n');
    expect(lines(got)).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "2"]],
      [3, ["x\ny\nz", "3"]],
      [6, ["4", "5"]],
    ]);
  });

  it("counts \\r\\n, \\r and \\n line ends alike, blank lines included", async () => {
    for (const eol of ["\r\n", "\r", "\n"]) {
      const got = await items(["a,b", "1,2", "", `"p${eol}q",3`, "4,5"].join(eol));
      expect(lines(got).filter(([, f]) => (f as string[]).join("") !== "")).toEqual([
        [1, ["a", "b"]],
        [2, ["1", "2"]],
        [4, [`p${eol}q`, "3"]],
        [6, ["4", "5"]],
      ]);
    }
  });

  it("counts lines in multi-byte text read in tiny chunks", async () => {
    const text = '编号,名称\n甲,"乙\n丙"\n丁,戊\n';
    expect(lines(await items(text, 3))).toEqual(lines(await items(text)));
    expect(lines(await items(text, 3))).toEqual([
      [1, ["编号", "名称"]],
      [2, ["甲", "乙\n丙"]],
      [4, ["丁", "戊"]],
    ]);
  });

  it("keeps rows with a wrong field count (the caller rejects them)", async () => {
    expect(lines(await items("a,b\n1\n1,2,3\n"))).toEqual([
      [1, ["a", "b"]],
      [2, ["1"]],
      [3, ["1", "2", "3"]],
    ]);
  });

  it("keeps a quote inside an unquoted field as it is", async () => {
    expect(lines(await items('a,b\n1,5"号\n'))).toEqual([
      [1, ["a", "b"]],
      [2, ["1", '5"号']],
    ]);
  });

  it("an unclosed quote: the rows before it are kept, the rest is one error at the line it starts", async () => {
    const got = await items('a,b\n1,2\n\n3,"abc\n4,5\n');
    expect(got).toEqual([
      { type: "record", line: 1, fields: ["a", "b"] },
      { type: "record", line: 2, fields: ["1", "2"] },
      { type: "record", line: 3, fields: [""] },
      {
        type: "error",
        line: 4,
        value: '3,"abc\n4,5',
        reason: "从第 4 行开始引号没有闭合（直到文件末尾也没有找到配对的引号），第 4 行及之后的内容都无法读取",
        problem: { code: "unclosed_quote", line: 4 },
      },
    ]);
  });

  it("reads tab- or semicolon-separated files", async () => {
    expect(detectDelimiter("a\tb\n1,2\t3")).toBe("\t");
    expect(detectDelimiter("a;b\n")).toBe(";");
    expect(detectDelimiter("a,b\tc\n")).toBe(",");
    expect(lines(await items("a\tb\n1,5\t2\n"))).toEqual([
      [1, ["a", "b"]],
      [2, ["1,5", "2"]],
    ]);
  });
});
