// Bench for the report writer (issue 3): 200 unit reports + the summary as PDF, against a bare
// puppeteer page.pdf() loop over the very same HTML files, in the same run.
// Prints both times, their ratio (target ≤ 1.3) and reports per second.
//   npm run build && node bench/report.mjs [--units 200]
import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { availableParallelism } from "node:os";

const args = process.argv.slice(2);
const units = Number(args[args.indexOf("--units") + 1] || 200) || 200;
const root = resolve("bench/data", `report-${units}`);
const data = join(root, "data");

const { generate } = await import("../dist/demo/generate.js");
const { evaluate } = await import("../dist/evaluate.js");
const { writeReports } = await import("../dist/report/index.js");
const { findChromium } = await import("../dist/report/browser.js");
const { BROWSER_ARGS } = await import("../dist/report/pdf.js");
const { default: puppeteer } = await import("puppeteer-core");

if (!existsSync(join(data, "units.csv"))) {
  console.log(`generating data for ${units} units …`);
  await generate({ out: data, units, officers: units * 20, training: units * 300, cases: units * 60, reviews: units * 8 });
}
const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data });

// 1. fazhi: render HTML and print every PDF (one browser per batch, a page per report, both cores)
const outA = join(root, "fazhi");
await rm(outA, { recursive: true, force: true });
let t = process.hrtime.bigint();
await writeReports(results, outA, { formats: ["pdf"] });
const fazhiSec = Number(process.hrtime.bigint() - t) / 1e9;

// 2. the bare loop: the same HTML (written beforehand, not timed), one page, page.pdf() in turn
const outB = join(root, "bare");
await rm(outB, { recursive: true, force: true });
await writeReports(results, outB, { formats: ["html"] });
const pages = (await readdir(outB)).filter((f) => f.endsWith(".html")).sort();
await mkdir(join(outB, "pdf"), { recursive: true });
t = process.hrtime.bigint();
const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: BROWSER_ARGS });
const page = await browser.newPage();
for (const f of pages) {
  await page.goto(pathToFileURL(join(outB, f)).href, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  await page.pdf({ path: join(outB, "pdf", f.replace(/\.html$/, ".pdf")), preferCSSPageSize: true, printBackground: true });
}
await browser.close();
const bareSec = Number(process.hrtime.bigint() - t) / 1e9;

const n = pages.length;
const ratio = fazhiSec / bareSec;
console.log(`reports: ${n} (${units} units + summary), cores: ${availableParallelism()}`);
console.log(`fazhi report (pdf)      ${fazhiSec.toFixed(1)} s   ${(n / fazhiSec).toFixed(1)} reports/s`);
console.log(`bare page.pdf() loop    ${bareSec.toFixed(1)} s   ${(n / bareSec).toFixed(1)} reports/s`);
console.log(`ratio fazhi / bare      ${ratio.toFixed(2)}   (target ≤ 1.3)`);
if (ratio > 1.3) process.exitCode = 1;
