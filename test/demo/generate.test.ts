import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, parseArgs, type GenerateResult } from "../../scripts/demo/generate.js";
import { INVALIDATED } from "../../scripts/demo/qingxin-docs.js";

const PLAN = fileURLToPath(new URL("../fixtures/real-plans/qingxin-2024-invalidated-docs-and-plan.txt", import.meta.url));
const FILES = [
  "units.csv",
  "officers.csv",
  "training.csv",
  "cases.csv",
  "case_reviews.xlsx",
  "milestones.csv",
  "documents.csv",
  "indicators.csv",
  "README.md",
];

type Row = Record<string, string>;

function readCsv(path: string, encoding: "utf8" | "gb18030" = "utf8"): Row[] {
  const text = new TextDecoder(encoding).decode(readFileSync(path)).replace(/^\ufeff/, "");
  return parse(text, { columns: true }) as Row[];
}

/** the physical line `n` (1-based) of a file */
function lineOf(path: string, n: number, encoding: "utf8" | "gb18030" = "utf8"): string {
  return new TextDecoder(encoding).decode(readFileSync(path)).split("\r\n")[n - 1] ?? "";
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "fazhi-demo-"));
  dirs.push(d);
  return d;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("demo set (defaults)", () => {
  let dir: string;
  let result: GenerateResult;

  beforeAll(async () => {
    dir = await tempDir();
    result = await generate({ out: dir });
  });

  it("writes every file, and the same seed gives the same bytes", async () => {
    expect(result.files.map((f) => f.slice(dir.length + 1))).toEqual(FILES);
    const again = await tempDir();
    await generate({ out: again });
    for (const f of FILES) {
      const a = await readFile(join(dir, f));
      const b = await readFile(join(again, f));
      expect(a.equals(b), f).toBe(true);
    }
  });

  it("gives different data for a different seed", async () => {
    const other = await tempDir();
    await generate({ out: other, seed: 7 });
    const a = await readFile(join(dir, "officers.csv"));
    const b = await readFile(join(other, "officers.csv"));
    expect(a.equals(b)).toBe(false);
  });

  it("stamps the xlsx zip entries with a fixed time, not the clock", async () => {
    const bytes = await readFile(join(dir, "case_reviews.xlsx"));
    // first local file header: DOS time at offset 10, date at 12 → 2025-01-01 00:00
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(10)).toBe(0);
    expect(bytes.readUInt16LE(12)).toBe(((2025 - 1980) << 9) | (1 << 5) | 1);
  });

  it("has the 24 real units of 清新区", () => {
    const units = readCsv(join(dir, "units.csv"));
    expect(units).toHaveLength(24);
    expect(units.filter((u) => u.单位类别 === "区直部门")).toHaveLength(16);
    expect(units.filter((u) => u.单位类别 === "镇人民政府")).toHaveLength(8);
    expect(units[0]).toEqual({ 单位编码: "QX-SCJG", 单位名称: "清远市清新区市场监督管理局", 单位类别: "区直部门", 上级单位编码: "QX" });
    expect(units.map((u) => u.单位名称)).toContain("清远市生态环境局清新分局");
    expect(units.map((u) => u.单位名称)).toContain("清远市清新区太和镇人民政府");
  });

  it("lists the 27 documents invalidated by 清新府办〔2024〕2号 with their real 文号", () => {
    const docs = readCsv(join(dir, "documents.csv"));
    const invalid = docs.filter((d) => d.状态 === "失效");
    expect(invalid).toHaveLength(27);
    expect(invalid.every((d) => d.失效日期 === "2024-01-29")).toBe(true);
    const nos = invalid.map((d) => d.文号);
    expect(nos).toContain("清新府办〔2015〕18号");
    expect(nos).toContain("清新府〔2015〕98号");
    expect(nos).toContain("清新府规2017001");
    expect(nos).toContain("清新府规2021005");
    expect(new Set(docs.map((d) => d.文号)).size).toBe(docs.length);
    expect(docs.filter((d) => d.状态 === "有效").length).toBeGreaterThanOrEqual(10);
  });

  it.skipIf(!existsSync(PLAN))("takes 文号 and titles verbatim from the published plan", () => {
    const plan = readFileSync(PLAN, "utf8").replace(/\s+/g, "");
    let from = 0;
    for (const d of INVALIDATED) {
      // title then 文号, in the annex's order
      const t = plan.indexOf(d.title + d.docNo, from);
      expect(t, d.docNo).toBeGreaterThanOrEqual(0);
      from = t;
    }
  });

  it("saves training.csv in GBK, not UTF-8", () => {
    const bytes = readFileSync(join(dir, "training.csv"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder("gb18030").decode(bytes);
    expect(text.split("\r\n")[0]).toBe("人员编号,培训日期,培训名称,培训类别,学时,时长（分钟）");
    expect(text).toContain("公共法律知识");
  });

  it("writes officers.csv with a BOM and the other CSVs without", () => {
    expect(readFileSync(join(dir, "officers.csv")).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readFileSync(join(dir, "cases.csv"))[0]).not.toBe(0xef);
  });

  it("puts the broken rows where the result says", () => {
    const files = new Set(result.badRows.map((b) => b.file));
    expect([...files].sort()).toEqual(["cases.csv", "milestones.csv", "officers.csv", "training.csv"]);
    for (const b of result.badRows) {
      const line = lineOf(join(dir, b.file), b.line, b.file === "training.csv" ? "gb18030" : "utf8");
      expect(line, `${b.file}:${b.line}`).toContain(b.value);
    }
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const b of result.badRows) expect(readme).toContain(`| ${b.file} | ${b.line} |`);
  });

  it("has an officer with exactly 60.0 counted hours through 45-minute rows", () => {
    const rows = readCsv(join(dir, "training.csv"), "gb18030");
    const hours = new Map<string, number>();
    const minuteRows = new Map<string, number>();
    for (const r of rows) {
      if (!["公共法律知识", "业务知识", "执法技能"].includes(r.培训类别!)) continue;
      const m = /^(2024)[-/.年](\d+)[-/.月](\d+)日?$/.exec(r.培训日期!);
      if (!m) continue;
      const h = r.学时 !== "" ? Number(r.学时) : Number(r["时长（分钟）"]) / 45;
      if (Number.isNaN(h)) continue;
      hours.set(r.人员编号!, (hours.get(r.人员编号!) ?? 0) + h);
      if (r.学时 === "") minuteRows.set(r.人员编号!, (minuteRows.get(r.人员编号!) ?? 0) + 1);
    }
    const exact = [...hours].filter(([id, h]) => h === 60 && (minuteRows.get(id) ?? 0) >= 3);
    expect(exact.length).toBeGreaterThanOrEqual(1);
    const inPost = readCsv(join(dir, "officers.csv")).filter((o) => o.是否执法岗位 === "是");
    const compliant = inPost.filter((o) => (hours.get(o.人员编号!) ?? 0) >= 60).length / inPost.length;
    expect(compliant).toBeGreaterThan(0.75);
    expect(compliant).toBeLessThan(0.97);
  });

  it("has two units reporting 100% certification that their records contradict", () => {
    const officers = readCsv(join(dir, "officers.csv"));
    const reported = readCsv(join(dir, "indicators.csv")).filter((r) => r.指标编码 === "certification_rate_reported");
    const falseReports = reported.filter((r) => {
      const post = officers.filter((o) => o.单位编码 === r.单位编码 && o.是否执法岗位 === "是");
      const valid = post.filter((o) => o.执法证号 && (o.证件状态 === "有效" || o.证件状态 === "") && o.证件有效期至! >= "2024-12-31");
      return r.数值 === "100%" && valid.length < post.length * 0.9;
    });
    expect(falseReports.map((r) => r.单位编码).sort()).toEqual(["QX-LYJ", "QX-SKZ"]);
  });

  it("reviews only cases that exist, with real date cells", async () => {
    const ids = new Set(readCsv(join(dir, "cases.csv")).map((c) => c.案件编号));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "case_reviews.xlsx"));
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, "案件编号", "单位编码", "评查日期", "评查方式", "得分", "否决项", "问题描述"]);
    expect(ws.rowCount - 1).toBe(result.counts.case_reviews);
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      expect(ids.has(String(row.getCell(1).value))).toBe(true);
      expect(row.getCell(3).value).toBeInstanceOf(Date);
      expect(Number(row.getCell(5).value)).toBeGreaterThanOrEqual(50);
    }
  });

  it("has a handful of cases citing an invalidated document after 2024-01-29", () => {
    const invalid = new Set(INVALIDATED.map((d) => d.docNo));
    const cases = readCsv(join(dir, "cases.csv"));
    const citing = cases.filter((c) => c.执法依据!.split("；").some((d) => invalid.has(d)));
    const after = citing.filter((c) => c.决定日期! >= "2024-01-29" && c.决定日期! <= "2024-12-31");
    expect(after.length).toBeGreaterThanOrEqual(5);
    expect(after.length).toBeLessThanOrEqual(12);
    // and one decided before the invalidation, when the document was still in force
    expect(citing.some((c) => c.决定日期! < "2024-01-29")).toBe(true);
  });

  it("uses the milestone task ids the rubric defines", () => {
    const tasks = new Set(readCsv(join(dir, "milestones.csv")).map((m) => m.任务编号));
    expect([...tasks].sort()).toEqual(["QX-LUNXUN", "QX-QUANZE", "QX-TAIZHANG", "QX-XIAFANG", "QX-ZHENGZHI"]);
  });
});

describe("a medium data set", () => {
  it("has exactly the rows asked for, unique ids and resolvable references", async () => {
    const dir = await tempDir();
    const r = await generate({ out: dir, seed: 3, units: 200, officers: 5000, training: 50_000, cases: 20_000, reviews: 1500 });
    expect(r.counts).toMatchObject({ units: 200, officers: 5000, training: 50_000, cases: 20_000, case_reviews: 1500 });

    const units = readCsv(join(dir, "units.csv"));
    const officers = readCsv(join(dir, "officers.csv"));
    const cases = readCsv(join(dir, "cases.csv"));
    const training = readCsv(join(dir, "training.csv"), "gb18030");
    expect([units.length, officers.length, cases.length, training.length]).toEqual([200, 5000, 20_000, 50_000]);

    const unitIds = new Set(units.map((u) => u.单位编码));
    expect(unitIds.size).toBe(200);
    expect(new Set(units.map((u) => u.单位名称)).size).toBe(200);
    const officerIds = new Set(officers.map((o) => o.人员编号));
    expect(officerIds.size).toBe(5000);
    // exactly one duplicated case id, put there on purpose
    expect(cases.length - new Set(cases.map((c) => c.案件编号)).size).toBe(1);
    // unknown references are only the broken rows
    expect(officers.filter((o) => !unitIds.has(o.单位编码!))).toHaveLength(1);
    expect(training.filter((t) => !officerIds.has(t.人员编号!))).toHaveLength(1);
    const unknownHandlers = cases.filter((c) => c.承办人!.split("、").some((h) => !officerIds.has(h)));
    expect(unknownHandlers).toHaveLength(1);
    expect(r.badRows).toHaveLength(10);
  }, 120_000);
});

describe("parseArgs", () => {
  it("reads counts and requires --out", () => {
    expect(parseArgs(["--out", "x", "--officers", "100_000", "--seed=5"])).toEqual({ out: "x", officers: 100000, seed: 5 });
    expect(() => parseArgs(["--units", "3"])).toThrow(/--out/);
    expect(() => parseArgs(["--out", "x", "--colour", "red"])).toThrow(/unknown option/);
    expect(() => parseArgs(["--out", "x", "extra"])).toThrow("unexpected argument extra");
    expect(() => parseArgs(["--out"])).toThrow("--out needs a value");
    expect(() => parseArgs(["--out", "x", "--seed", "-5"])).toThrow('--seed\'s value starts with "-": write --seed=<value>');
    expect(parseArgs(["--out=x", "--seed=-5", "--cases", "1,000", "--rubric", "r.json", "--region", "taishan"])).toEqual({
      out: "x",
      seed: -5,
      cases: 1000,
      rubric: "r.json",
      region: "taishan",
    });
    expect(() => parseArgs(["--out", "x", "--units", "many"])).toThrow("--units must be a number, got many");
  });
});
