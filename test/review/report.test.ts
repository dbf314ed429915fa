/**
 * 案卷评查 in the reports: the unit report's table of reviewed files, and per unit the filled
 * 评查表 (a page per file, signature lines) printed by real Chromium and read back with pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../src/evaluate.js";
import { renderReviewSheetsHtml, renderUnitHtml } from "../../src/report/html.js";
import { writeReports } from "../../src/report/index.js";
import type { Results } from "../../src/results/types.js";

const run = promisify(execFile);
const squash = (s: string) => s.replace(/\s+/g, "");
let results: Results;
let out: string;

beforeAll(async () => {
  results = (await evaluate({ rubric: "test/fixtures/review-standard/rubric.json", data: "test/fixtures/review-standard/data" })).results;
  out = await mkdtemp(join(tmpdir(), "fazhi-review-report-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("案卷评查 in the reports", () => {
  it("the unit report lists each reviewed file with its score, grade and deductions", () => {
    const html = renderUnitHtml(results, "U1");
    expect(html).toContain("<h2>案卷评查</h2>");
    expect(html).toContain("考核期内按评查标准评查案卷 4 份：优秀 2 份，合格 1 份，不合格 1 份。");
    expect(html).toContain("未编页码号或页码号混乱，3 项，每项扣 1 分，该项 2 分扣完为止，扣 2 分");
    // a file whose findings could not be used reads 待核, never a score
    expect(renderUnitHtml(results, "U2")).toMatch(/B-02<\/td><td class="id">2024-11-03<\/td><td>王五<\/td><td class="num">待核<\/td>/);
  });

  it("the 评查表 has every item of the standard, the deductions, the total, the grade and signature lines", () => {
    const html = renderReviewSheetsHtml(results, "U1")!;
    expect(html.match(/<section class="sheet">/g)).toHaveLength(4);
    for (const id of ["基本-1", "基本-9", "卷面-1", "卷面-7"]) expect(html).toContain(`<td class="id">${id}</td>`);
    expect(html).toContain("评查人（签字）");
    expect(html).toContain("评查标准未录入此部分的评查项目，本部分不扣分。");
    expect(renderReviewSheetsHtml({ ...results, rubric: { ...results.rubric, reviewStandard: undefined } } as Results, "U1")).toBeNull();
  });

  it("prints one 评查表 PDF per unit, a page per file, beside the unit reports", async () => {
    await writeReports(results, out, { formats: ["pdf"], units: ["U1"] });
    expect((await readdir(out)).sort()).toEqual(["U1-测试市场监督管理局.pdf", "评查表-U1-测试市场监督管理局.pdf"]);
    const pdf = join(out, "评查表-U1-测试市场监督管理局.pdf");
    expect((await run("pdfinfo", [pdf])).stdout).toMatch(/Pages:\s+4\n/);
    const page3 = squash((await run("pdftotext", ["-f", "3", "-l", "3", pdf, "-"])).stdout);
    expect(page3).toContain(squash("案件编号 A-03"));
    expect(page3).toContain(squash("评查总分 87 / 100"));
    expect(page3).toContain(squash("等次 合格"));
    expect(page3).toContain(squash("评查人（签字）"));
    const page4 = squash((await run("pdftotext", ["-f", "4", "-l", "4", pdf, "-"])).stdout);
    expect(page4).toContain(squash("基本标准不符合（执法人员少于 2 人），评查总分为 0 分，不合格卷。"));
  }, 60_000);
});
