/**
 * Every xlsx fazhi writes stays a valid workbook whatever the data holds (issue 14, item 8):
 * characters XML 1.0 forbids (U+FFFE, U+FFFF, C0 controls, lone surrogates) are removed, and a
 * cell over Excel's 32,767 characters is cut with a visible mark. Checked by reading the file
 * back with exceljs AND by a strict XML parse of every part.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { evaluate } from "../../src/evaluate.js";
import { writeScoresXlsx } from "../../src/report/xlsx.js";
import { writeLedger } from "../../src/check/ledger.js";
import { runCheck } from "../../src/check/check.js";
import { xlsxText, XLSX_CELL_MAX, TRUNCATED_MARK } from "../../src/util/xlsx-text.js";
import type { Results } from "../../src/results/types.js";

const SMALL = "test/fixtures/eval/small";
const RUBRIC = "rubrics/qingxin-2024.json";
const ILLEGAL = "\uFFFE\uFFFF\x00\x01\x1b\x0b\ud800";
const LONG = "局".repeat(40_000);

/** Parses every XML part of the workbook with a strict XML 1.0 parser; throws on the first error. */
async function strictXml(file: string): Promise<number> {
  const zip = await JSZip.loadAsync(await readFile(file));
  let parts = 0;
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith(".xml") || n.endsWith(".rels"))) {
    const xml = await zip.file(name)!.async("string");
    const p = new SaxesParser({ xmlns: false });
    p.on("error", (e) => {
      throw new Error(`${name}: ${e.message}`);
    });
    p.write(xml).close();
    parts++;
  }
  return parts;
}

async function cells(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text ?? "")))));
  return out;
}

let small: Results;
beforeAll(async () => {
  small = (await evaluate({ rubric: RUBRIC, data: SMALL })).results;
});

describe("xlsxText", () => {
  it("removes XML-illegal characters and keeps the rest", () => {
    expect(xlsxText(`A${ILLEGAL}局\t\n😀`)).toBe("A局\t\n😀");
  });
  it("cuts a cell over 32,767 characters with a visible mark", () => {
    const t = xlsxText(LONG);
    expect(t.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
    expect(t.endsWith(TRUNCATED_MARK)).toBe(true);
    expect(TRUNCATED_MARK).toBe("…（已截断）");
    expect(xlsxText("😀".repeat(20_000)).length).toBeLessThanOrEqual(XLSX_CELL_MAX); // never half a surrogate pair
    expect(xlsxText("😀".repeat(20_000))).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("scores.xlsx", () => {
  it("a unit name with U+FFFE/U+FFFF and a 40,000-character name: readable, valid XML, cut with a mark", async () => {
    const r: Results = JSON.parse(JSON.stringify(small));
    r.units[0]!.name = `清新区${ILLEGAL}司法局`;
    r.units[1]!.name = LONG;
    r.units[1]!.category = `镇${ILLEGAL}`;
    const file = join(await mkdtemp(join(tmpdir(), "fazhi-xlsx-")), "scores.xlsx");
    await writeScoresXlsx(r, file);
    expect(await strictXml(file)).toBeGreaterThan(3);
    const all = await cells(file);
    expect(all).toContain("清新区司法局");
    const long = all.find((c) => c.startsWith("局局局"))!;
    expect(long.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
    expect(long.endsWith("…（已截断）")).toBe(true);
    for (const c of all) expect(c).not.toMatch(/[\uFFFE\uFFFF\x00-\x08\x0b\x0c\x0e-\x1f]/);
  });
});

describe("整改台账", () => {
  it("hostile text in the unit's name and a problem description: readable, valid XML, cut with a mark", async () => {
    const report = await runCheck({ rubric: RUBRIC, data: SMALL, unit: "QX-SCJG" });
    report.unit.name = `市场监管${ILLEGAL}局`;
    report.shortfalls[0]!.problem = `问题${ILLEGAL}${LONG}`;
    report.shortfalls[0]!.actions = [`P001 张三${ILLEGAL}`];
    const file = join(await mkdtemp(join(tmpdir(), "fazhi-ledger-")), "台账.xlsx");
    await writeLedger(file, report);
    expect(await strictXml(file)).toBeGreaterThan(3);
    const all = await cells(file);
    expect(all.some((c) => c.startsWith("市场监管局"))).toBe(true);
    expect(all).toContain("P001 张三");
    const long = all.find((c) => c.startsWith("问题局局"))!;
    expect(long.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
    expect(long.endsWith("…（已截断）")).toBe(true);
  }, 30_000);
});
