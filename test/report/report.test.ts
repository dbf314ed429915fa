/**
 * Reports as a user gets them: real Chromium prints real PDFs, read back with pdftotext,
 * pdfinfo and pdffonts; the HTML is compared with golden files; scores.xlsx is read back.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../src/evaluate.js";
import { writeReports, unitFileBase, totalDeltas } from "../../src/report/index.js";
import { renderSummaryHtml, renderUnitHtml } from "../../src/report/html.js";
import { cssString } from "../../src/report/templates.js";
import { findChromium } from "../../src/report/browser.js";
import type { Results } from "../../src/results/types.js";

const run = promisify(execFile);
const text = async (pdf: string) => (await run("pdftotext", ["-layout", pdf, "-"])).stdout;
/** pdftotext breaks table cells across lines: compare without white space */
const squash = (s: string) => s.replace(/\s+/g, "");

/** Whether `needle` stands in `hay` (both squashed), allowing it to be wrapped over table lines:
 * each next piece must follow within `gap` characters, as a wrapped cell's next line does. */
function appearsWrapped(hay: string, needle: string, from = 0, gap = Infinity): boolean {
  if (needle === "") return true;
  for (let len = needle.length; len >= 2 || len === needle.length; len--) {
    let at = hay.indexOf(needle.slice(0, len), from);
    while (at >= 0 && at - from <= gap) {
      if (appearsWrapped(hay, needle.slice(len), at + len, 400)) return true;
      at = hay.indexOf(needle.slice(0, len), at + 1);
    }
    if (len <= 2) break;
  }
  return false;
}

let small: Results;
beforeAll(async () => {
  small = (await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "test/fixtures/eval/small" })).results;
});

describe("HTML reports are a pure function of results.json", () => {
  it("match the golden HTML for the demo data", async () => {
    const demo: Results = JSON.parse(await readFile("test/golden/demo-results.json", "utf8"));
    const unit = renderUnitHtml(demo, "QX-SCJG");
    const summary = renderSummaryHtml(demo);
    if (process.env.UPDATE_GOLDEN) {
      await writeFile("test/golden/report-unit-QX-SCJG.html", unit);
      await writeFile("test/golden/report-summary.html", summary);
    }
    expect(unit).toBe(await readFile("test/golden/report-unit-QX-SCJG.html", "utf8"));
    expect(summary).toBe(await readFile("test/golden/report-summary.html", "utf8"));
  });

  it("templates never insert data unescaped", async () => {
    const dir = "templates";
    const files = [
      ...(await readdir(dir)).map((f) => join(dir, f)),
      ...(await readdir(join(dir, "partials"))).map((f) => join(dir, "partials", f)),
    ];
    for (const f of files.filter((x) => x.endsWith(".hbs"))) expect(await readFile(f, "utf8"), f).not.toMatch(/\{\{\{/);
  });

  it("a CSS string for the page header cannot be broken out of", () => {
    expect(cssString('a"b</style><script>x</script>\\')).toBe('"a\\22 b\\3c /style\\3e \\3c script\\3e x\\3c /script\\3e \\5c "');
  });

  it("the summary names indicators as results.json's indicators table does", () => {
    const renamed: Results = JSON.parse(JSON.stringify(small));
    renamed.indicators!["cases.onlineRate"] = { label: "网上办案率", format: "rate" };
    const html = renderSummaryHtml(renamed);
    expect(html).toContain("网上办案率");
    expect(html).not.toContain("行政处罚案件线上办理率");
    // a results.json written before the table: the standard catalogue's label
    const { indicators: _i, ...old } = small;
    expect(renderSummaryHtml(old)).toContain("行政处罚案件线上办理率");
  });

  it("not-applicable, manual and error items are shown as such, never as zeros", () => {
    const html = renderUnitHtml(small, "QX-SCJG");
    expect(html).toMatch(
      /<td class="id">C2<\/td><td>[^<]*<div class="clause">[^<]*<\/div><\/td><td class="num">6<\/td><td class="num">—<\/td><td class="state notApplicable">不适用<\/td>/,
    );
    expect(html).toMatch(/<td class="id">D3<\/td>.*?<td class="num">—<\/td><td class="state manual">待评审录入<\/td>/);
  });

  it("the summary shows 同比 against an earlier year, and new units as such", () => {
    const earlier: Results = JSON.parse(JSON.stringify(small));
    earlier.units = earlier.units.filter((u) => u.id === "QX-SCJG");
    earlier.units[0]!.total = 50;
    const html = renderSummaryHtml(small, totalDeltas(earlier, small));
    expect(html).toContain('<th class="num">同比</th>');
    expect(html).toMatch(/清远市清新区市场监督管理局<\/td><td class="num">56\.2<\/td><td>不合格<\/td><td class="num">\+6\.2<\/td>/);
    expect(html).toMatch(/清远市清新区太和镇人民政府<\/td><td class="num">85\.51<\/td><td>良好<\/td><td class="num">新增<\/td>/);
    expect(renderSummaryHtml(small)).not.toContain("同比");
  });

  it("a department's own data (one unit) is not ranked", () => {
    const one: Results = { ...small, units: small.units.filter((u) => u.id === "QX-SCJG") };
    const html = renderUnitHtml(one, "QX-SCJG");
    expect(html).toContain("数据仅含本单位，不排名。");
    expect(html).not.toContain("总排名");
  });
});

describe("PDF reports with real Chromium", () => {
  let out: string;
  let files: string[];
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "fazhi-report-"));
    ({ files } = await writeReports(small, out));
  }, 120_000);

  it("writes a PDF and an HTML per unit, the summary, and scores.xlsx, and no temporary file", async () => {
    const names = (await readdir(out)).sort();
    expect(names).toEqual([
      "QX-SCJG-清远市清新区市场监督管理局.html",
      "QX-SCJG-清远市清新区市场监督管理局.pdf",
      "QX-THZ-清远市清新区太和镇人民政府.html",
      "QX-THZ-清远市清新区太和镇人民政府.pdf",
      "assets",
      "scores.xlsx",
      "summary.html",
      "summary.pdf",
    ]);
    expect(files).toHaveLength(7);
  });

  it("a unit's PDF says its name, total, grade and every item title, on A4 pages numbered 第 X 页 共 Y 页", async () => {
    const pdf = join(out, "QX-SCJG-清远市清新区市场监督管理局.pdf");
    const t = await text(pdf);
    const u = small.units.find((x) => x.id === "QX-SCJG")!;
    expect(t).toContain("清远市清新区市场监督管理局");
    // the score cards: 总分, 等次, 排名 (pdftotext reads the cards' labels, then their values)
    expect(squash(t)).toContain("56.2/100不合格");
    expect(squash(t)).toContain(squash("总分 56.2，评为不合格。"));
    // a title may wrap inside its table cell: its pieces then follow each other line by line
    for (const item of u.items) expect(appearsWrapped(squash(t), squash(item.title)), item.title).toBe(true);
    expect(appearsWrapped(squash(t), "不存在的项目标题甲乙丙丁")).toBe(false);
    // the records behind a deduction and the rectification list
    expect(squash(t)).toContain(squash("P003 王五 执法证已于2024年5月31日到期"));
    expect(t).toContain("整改清单");
    const info = (await run("pdfinfo", [pdf])).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(info).toMatch(/Page size:\s+594\.96 x 841\.92 pts \(A4\)/);
    expect(squash(t)).toContain(`第${pages}页共${pages}页`);
    // the cover has no page header; the next page does
    const cover = (await run("pdftotext", ["-f", "1", "-l", "1", pdf, "-"])).stdout;
    expect(cover).not.toContain("市场监督管理局 ·");
    expect((await run("pdftotext", ["-f", "2", "-l", "2", pdf, "-"])).stdout).toContain(
      "清远市清新区市场监督管理局 · 清远市清新区提升行政执法质量三年行动2024年度考评细则",
    );
  });

  it("embeds the bundled Noto Sans SC and no other font", async () => {
    const fonts = (await run("pdffonts", [join(out, "summary.pdf")])).stdout.split("\n").slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/NotoSansSC/);
      expect(line).toMatch(/\s+yes\s+yes\s+yes\s+/); // embedded, subset, unicode
    }
  });

  it("the summary ranks units by category and lists vetoes and data problems", async () => {
    const t = squash(await text(join(out, "summary.pdf")));
    expect(t).toContain(squash("清远市清新区太和镇人民政府 85.51 良好"));
    expect(t).toContain("等次分布");
    expect(t).toContain("失分较多的项目");
    expect(t).toContain("无单位触发一票否决");
  });

  it("scores.xlsx holds one row per unit with numbers as numbers", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "scores.xlsx"));
    const ws = wb.getWorksheet("得分")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(["总排名", "类别内排名", "单位编码", "单位名称", "单位类别"]);
    expect(header.slice(-4)).toEqual(["总分", "等次", "总分是否完整", "一票否决"]);
    for (const [n, u] of small.units.entries()) {
      const row = (ws.getRow(n + 2).values as unknown[]).slice(1);
      expect(row.slice(0, 5)).toEqual([u.rank.overall, u.rank.category, u.id, u.name, u.category]);
      expect(row[header.length - 4]).toBe(u.total);
      expect(row[header.length - 3]).toBe(u.grade);
      for (const item of u.items) {
        const cell = row[header.indexOf(`${item.id} ${item.title}`)];
        if (item.state === "scored") expect(cell, item.id).toBe(item.points);
        else if (item.state === "manual") expect(cell).toBe("待录入");
        else expect(cell).toBe(item.points ?? "不适用");
      }
    }
  });

  it("scores.xlsx' 指标 sheet names each indicator in Chinese beside its key, rates as percentages, hours to one decimal", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "scores.xlsx"));
    const ws = wb.getWorksheet("指标")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const keys = Object.keys(small.units[0]!.metrics);
    expect(header).toEqual(["单位编码", "单位名称", ...keys.map((k) => `${small.indicators![k]!.label}（${k}）`)]);
    const rate = keys.find((k) => small.indicators![k]!.format === "rate")!;
    const count = keys.find((k) => small.indicators![k]!.format === "count")!;
    expect(rate).toBeDefined();
    const col = header.indexOf(`${small.indicators![rate]!.label}（${rate}）`) + 1;
    const countCol = header.indexOf(`${small.indicators![count]!.label}（${count}）`) + 1;
    for (const [n, u] of small.units.entries()) {
      const row = ws.getRow(n + 2);
      expect(row.getCell(1).value).toBe(u.id);
      expect(row.getCell(col).value).toBe(u.metrics[rate] ?? null);
      expect(row.getCell(col).numFmt).toBe("0.0%");
      expect(row.getCell(countCol).numFmt ?? "General").not.toBe("0.0%");
    }
    const hours = keys.find((k) => small.indicators![k]!.format === "hours")!;
    expect(hours).toBeDefined();
    const hoursCol = header.indexOf(`${small.indicators![hours]!.label}（${hours}）`) + 1;
    expect(ws.getRow(2).getCell(hoursCol).numFmt).toBe("0.0");
    expect(ws.getRow(2).getCell(hoursCol).value).toBe(small.units[0]!.metrics[hours] ?? null);
  });
});

describe("hostile data", () => {
  it("a unit name with markup renders as text, fetches nothing and names a safe file", async () => {
    const evil = '<img src="http://x.invalid/a.png"><script>fetch("http://y.invalid")</script>/../..\\局';
    const hostile: Results = JSON.parse(JSON.stringify(small));
    hostile.units[0]!.name = evil;
    const out = await mkdtemp(join(tmpdir(), "fazhi-evil-"));
    // writeReports throws when a page asks for anything outside the report folder
    await writeReports(hostile, out, { units: [hostile.units[0]!.id], formats: ["pdf", "html"] });
    const names = await readdir(out);
    const base = unitFileBase(hostile.units[0]!.id, evil);
    expect(base).not.toMatch(/[/\\<>"]/);
    expect(names).toContain(`${base}.pdf`);
    const html = await readFile(join(out, `${base}.html`), "utf8");
    expect(html).not.toContain("<img src=");
    expect(html).toContain("&lt;img src&#x3D;&quot;http://x.invalid/a.png&quot;&gt;");
    const t = await text(join(out, `${base}.pdf`));
    expect(squash(t)).toContain(squash('<img src="http://x.invalid/a.png">'));
  }, 60_000);
});

describe("Chromium", () => {
  it("is found on this machine", () => {
    expect(findChromium()).toMatch(/chrom/);
  });
  it("when absent, the error names the install command", () => {
    expect(() => findChromium({ FAZHI_CHROMIUM: "/nonexistent/chromium" })).toThrow(
      "环境变量 FAZHI_CHROMIUM 指向的浏览器不存在或不可执行：/nonexistent/chromium",
    );
    expect(() => findChromium({ PATH: "" } as NodeJS.ProcessEnv)).not.toThrow(); // the usual paths are absolute
  });
});
