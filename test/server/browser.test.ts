/**
 * End to end in a real browser (playwright-core driving Debian's Chromium, loopback only):
 * the admin creates an assessment, a unit uploads a file with bad rows, sees them, fixes them,
 * submits; a reviewer scores the manual item; the admin publishes; the unit sees its rank and
 * downloads its PDF. On the way: the unit fills the downloaded Excel template and uploads it back,
 * uploads 佐证材料 that the reviewer downloads beside the manual item, and the summary page shows
 * the summary PDF's charts as inline SVG. Screenshots of each page go to $FAZHI_SHOTS (default: a temp folder).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { serve, type Served } from "../../src/server/serve.js";
import { createAccount } from "../../src/server/workspace/users.js";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { DEMO, demoCsv, PASSWORD, UNIT_A, UNIT_DATASETS, unitsCsv } from "./helpers.js";

const EVIDENCE_PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

const CHROMIUM = process.env.FAZHI_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  "--lang=zh-CN",
];

let served: Served;
let browser: Browser;
let shots: string;
let files: string;
let n = 0;

const t0 = Date.now();
async function shot(page: Page, name: string) {
  if (process.env.FAZHI_E2E_TIMES) console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${name}`);
  await page.screenshot({ path: join(shots, `${String(++n).padStart(2, "0")}-${name}.png`), fullPage: true });
  // no page is wider than the window (a long sha256 once pushed the 操作记录 table past it)
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0], `${name}: page ${widths[0]} px wide in a ${widths[1]} px window`).toBeLessThanOrEqual(widths[1]!);
}

/** Waits until the locator shows the text (a page that never does fails the test after 20 s). */
async function see(loc: Locator, text: string) {
  await loc.filter({ hasText: text }).first().waitFor({ state: "visible", timeout: 20_000 });
}

async function login(page: Page, username: string, password: string) {
  await page.goto(`${served.url}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button:has-text("登录")');
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "fazhi-e2e-"));
  shots = process.env.FAZHI_SHOTS ?? join(dataDir, "shots");
  files = join(dataDir, "upload");
  await mkdir(shots, { recursive: true });
  await mkdir(files, { recursive: true });
  served = await serve({ dataDir: join(dataDir, "ws"), port: 0, log: () => {} });
  await createAccount(served.ws, { username: "chief", displayName: "区司法局", role: "admin", password: PASSWORD }, null);
  await createAccount(served.ws, { username: "judge", displayName: "评审人员", role: "reviewer", password: PASSWORD }, null);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe("in Chromium", () => {
  it("admin → unit → reviewer → admin → unit, without JavaScript in the pages", async () => {
    const admin = await (await browser.newContext({ acceptDownloads: true, locale: "zh-CN" })).newPage();
    await login(admin, "chief", PASSWORD);
    await admin.waitForURL(/\/admin/);
    await admin.fill('input[name="title"]', "2024 年度清新区法治政府建设考评");
    await admin.selectOption('select[name="rubric"]', "qingxin-2024.json");
    await shot(admin, "admin-new");
    await admin.click('button:has-text("创建考评")');
    await admin.waitForURL(/\/a\/1/);
    await writeFile(join(files, "units.csv"), await unitsCsv());
    await admin.setInputFiles('form[action="/a/1/units"] input[type="file"]', join(files, "units.csv"));
    await admin.click('button:has-text("导入并生成账号")');
    await see(admin.locator("h1"), "账号已创建");
    await shot(admin, "admin-accounts");
    const password = (await admin.locator(`tr:has(td:text-is("${UNIT_A}")) td.mono`).nth(1).textContent())!.trim();
    await admin.goto(`${served.url}/a/1`);
    await admin.setInputFiles('form[action="/a/1/shared"] input[type="file"]', join(DEMO, "documents.csv"));
    await admin.click('form[action="/a/1/shared"] button');
    await see(admin.locator(".flash.ok"), "已上传");

    // the unit: first login, new password, upload with bad rows, fix, submit
    const unit = await (await browser.newContext({ acceptDownloads: true, locale: "zh-CN" })).newPage();
    await login(unit, `a1-${UNIT_A}`, password);
    await unit.waitForURL(/\/password/);
    await shot(unit, "unit-password");
    await unit.fill('input[name="current"]', password);
    await unit.fill('input[name="next"]', PASSWORD);
    await unit.fill('input[name="repeat"]', PASSWORD);
    await unit.click('button:has-text("保存新密码")');
    await unit.waitForURL(/\/a\/1\/my/);
    const good = await demoCsv("officers", [UNIT_A]);
    const lines = good.trimEnd().split("\n");
    lines[3] = lines[3]!.replace(/\d{4}[-/]\d{1,2}[-/]\d{1,2}/, "2024-13-45");
    await writeFile(join(files, "officers.csv"), lines.join("\n") + "\n");
    await unit.setInputFiles('#ds-officers input[type="file"]', join(files, "officers.csv"));
    await unit.click('#ds-officers button:has-text("上传并检查")');
    const problem = unit.locator("#ds-officers table.problems-table tbody tr").first();
    await see(problem, "2024-13-45");
    expect(await problem.locator("td").first().textContent()).toBe("4");
    await shot(unit, "unit-rejected-rows");
    await writeFile(join(files, "officers.csv"), good);
    await unit.setInputFiles('#ds-officers input[type="file"]', join(files, "officers.csv"));
    await unit.click('#ds-officers button:has-text("上传并检查")');
    await see(unit.locator("#ds-officers .tag.good"), "通过检查");
    // the Excel template: downloaded, filled with the same rows, uploaded back: no warning, every row accepted
    const [tpl] = await Promise.all([unit.waitForEvent("download"), unit.click('#ds-officers a:has-text("下载 Excel 模板")')]);
    expect(tpl.suggestedFilename()).toBe(`行政执法人员-${UNIT_A}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await tpl.path())!)) as never);
    expect(book.worksheets.map((w) => w.name)).toContain("填表说明");
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows = parse(good, { columns: true, bom: true }) as Record<string, string>[];
    rows.forEach((r, i) => {
      for (const [k, v] of Object.entries(r)) if (header.includes(k) && v !== "") sheet.getCell(i + 2, header.indexOf(k) + 1).value = v;
    });
    await writeFile(join(files, `行政执法人员-${UNIT_A}.xlsx`), Buffer.from(await book.xlsx.writeBuffer()));
    await unit.setInputFiles('#ds-officers input[type="file"]', join(files, `行政执法人员-${UNIT_A}.xlsx`));
    await unit.click('#ds-officers button:has-text("上传并检查")');
    await see(unit.locator("#ds-officers .tag.good"), "通过检查");
    await see(unit.locator("#ds-officers"), `接受 ${rows.length} 行`);
    expect(await unit.locator("#ds-officers .flash.warn").count()).toBe(0);
    // 佐证材料 for the manual item
    await writeFile(join(files, "典型案例.pdf"), EVIDENCE_PDF);
    await unit.selectOption('#evidence select[name="target"]', "item:D3");
    await unit.setInputFiles('#evidence input[type="file"]', join(files, "典型案例.pdf"));
    await unit.click('#evidence button:has-text("上传佐证材料")');
    await see(unit.locator(".flash.ok").first(), "佐证材料已上传");
    await see(unit.locator("#evidence table"), "典型案例.pdf");
    await shot(unit, "unit-evidence");
    for (const ds of UNIT_DATASETS.filter((d) => d !== "officers")) {
      await writeFile(join(files, `${ds}.csv`), await demoCsv(ds, [UNIT_A]));
      await unit.setInputFiles(`#ds-${ds} input[type="file"]`, join(files, `${ds}.csv`));
      await unit.click(`#ds-${ds} button:has-text("上传并检查")`);
      await see(unit.locator(`#ds-${ds} .tag.good`), "通过检查");
    }
    await unit.locator("text=当前得分").waitFor({ timeout: 20_000 });
    await shot(unit, "unit-selfcheck");
    await unit.click('button:has-text("提交数据")');
    await see(unit.locator(".flash.ok").first(), "已提交");
    await shot(unit, "unit-submitted");

    // the reviewer scores the manual item
    const reviewer = await (await browser.newContext({ acceptDownloads: true, locale: "zh-CN" })).newPage();
    await login(reviewer, "judge", PASSWORD);
    await reviewer.goto(`${served.url}/a/1/review`);
    await shot(reviewer, "review-list");
    await reviewer.goto(`${served.url}/a/1/review/${UNIT_A}`);
    await see(reviewer.locator(".dataset .evidence"), "典型案例.pdf");
    const [ev] = await Promise.all([reviewer.waitForEvent("download"), reviewer.click('.dataset .evidence a:has-text("典型案例.pdf")')]);
    expect((await readFile((await ev.path())!)).equals(EVIDENCE_PDF)).toBe(true);
    await reviewer.fill('input[name="points"]', "3.5");
    await reviewer.fill('textarea[name="reason"]', "报送典型案例 2 件，组织考核评议 1 次");
    await reviewer.click('button:has-text("录入得分")');
    await see(reviewer.locator("text=已录入"), "3.5");
    await shot(reviewer, "review-unit");

    // the admin evaluates and publishes
    await admin.goto(`${served.url}/a/1`);
    await shot(admin, "admin-board");
    await admin.click('button:has-text("对已提交的单位评分")');
    await see(admin.locator(".flash.ok"), "已评分");
    await see(admin.locator(".flash.ok"), "1 个单位未提交，未评分");
    await admin.click('button:has-text("发布第")');
    await see(admin.locator(".flash.ok"), "结果已发布");
    await shot(admin, "admin-published");
    await admin.goto(`${served.url}/a/1/summary`);
    expect(await admin.locator("figure.chart svg").count()).toBeGreaterThanOrEqual(2);
    await shot(admin, "summary");
    await admin.goto(`${served.url}/a/1/audit`);
    await shot(admin, "admin-audit");

    // the unit sees its rank and downloads its PDF
    await unit.goto(`${served.url}/a/1/my/result`);
    await see(unit.locator(".score"), "同类第 1 名");
    await see(unit.locator("body"), "评审录入得分 3.5 分");
    await shot(unit, "unit-result");
    const [download] = await Promise.all([unit.waitForEvent("download"), unit.click('a:has-text("下载本单位报告")')]);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(20_000);
  }, 180_000);
});
