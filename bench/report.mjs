// Bench for the report writer (issue 16): N unit reports + the summary as PDF, against a bare
// puppeteer page.pdf() loop over the very same HTML files (one page, one report after another),
// in the same run; then one unit's PDF on demand from a warm renderer.
// Prints both times, their ratio (target ≤ 0.6), the warm single-report times (target < 1 s)
// and the machine's load average, which says how far to trust the seconds (ratios are taken
// within one run; with --rounds 2 the two are run A B A B and summed).
//   npm run build && node bench/report.mjs [--units 200] [--rounds 1]
//   node bench/report.mjs --one [--units 20] [--picks 12]: only the warm single-unit PDFs, with each
//   one's time split into HTML (Node) and print (Chromium), the first request shown apart
// Method and past runs: bench/README.md.
import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { availableParallelism, loadavg } from "node:os";

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || dflt : dflt);
const one = args.includes("--one");
const units = opt("--units", one ? 20 : 200);
const nPicks = opt("--picks", one ? 12 : 6);
const rounds = opt("--rounds", 1);
const root = resolve("bench/data", `report-${units}`);
const data = join(root, "data");

const { generate } = await import("../build/demo/generate.js");
const { evaluate } = await import("../dist/evaluate.js");
const { writeReports } = await import("../dist/report/index.js");
const { findChromium, BROWSER_ARGS } = await import("../dist/report/browser.js");
const { openReportRenderer } = await import("../dist/report/on-demand.js");
const { renderUnitHtml } = await import("../dist/report/html.js");
const { default: puppeteer } = await import("puppeteer-core");

if (!existsSync(join(data, "units.csv"))) {
  console.log(`generating data for ${units} units …`);
  await generate({ out: data, units, officers: units * 20, training: units * 300, cases: units * 60, reviews: units * 8 });
}
const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const since = (t) => Number(process.hrtime.bigint() - t) / 1e9;
console.log(`load average before: ${load()} (cores: ${availableParallelism()})`);

let fazhiSec = 0;
let bareSec = 0;
let pages = [];
if (!one) {
  // the bare loop's HTML, written beforehand (not timed)
  const outB = join(root, "bare");
  await rm(outB, { recursive: true, force: true });
  await writeReports(results, outB, { formats: ["html"] });
  pages = (await readdir(outB)).filter((f) => f.endsWith(".html")).sort();
  await mkdir(join(outB, "pdf"), { recursive: true });

  // 1. fazhi: render the HTML and print every PDF (report/index.ts → pdf.ts → renderer.ts)
  async function fazhi() {
    const outA = join(root, "fazhi");
    await rm(outA, { recursive: true, force: true });
    const t = process.hrtime.bigint();
    await writeReports(results, outA, { formats: ["pdf"] });
    return since(t);
  }

  // 2. the bare loop: one browser, one page, goto + fonts + page.pdf() for each report in turn
  async function bare() {
    const t = process.hrtime.bigint();
    const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: BROWSER_ARGS });
    const page = await browser.newPage();
    for (const f of pages) {
      await page.goto(pathToFileURL(join(outB, f)).href, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      await page.pdf({ path: join(outB, "pdf", f.replace(/\.html$/, ".pdf")), preferCSSPageSize: true, printBackground: true });
    }
    await browser.close();
    return since(t);
  }

  for (let r = 0; r < rounds; r++) {
    const a = await fazhi();
    const b = await bare();
    console.log(`round ${r + 1}: fazhi ${a.toFixed(1)} s, bare ${b.toFixed(1)} s, ratio ${(a / b).toFixed(2)}   (load ${load()})`);
    fazhiSec += a;
    bareSec += b;
  }
}

// 3. on demand: a warm renderer (opened once, timed apart), then single units' PDFs
let t = process.hrtime.bigint();
// --one: opened with the results, as a server would (one report printed at open)
const warm = await openReportRenderer(one ? { warm: results } : {});
const openSec = since(t);
const ids = results.units.map((u) => u.id);
const picks = Array.from({ length: nPicks }, (_, i) => ids[Math.floor((i * ids.length) / nPicks) % ids.length]);
const single = [];
for (const [i, id] of picks.entries()) {
  t = process.hrtime.bigint();
  await warm.renderUnitPdf(results, id);
  single.push(since(t));
  if (one) {
    // the same unit again, split: its HTML in Node, then the whole request minus that
    const h = process.hrtime.bigint();
    renderUnitHtml(results, id);
    const html = since(h);
    console.log(
      `${i === 0 ? "first request" : "request " + (i + 1)}: ${id} ${single[i].toFixed(2)} s (HTML in Node ≈ ${(html * 1000).toFixed(0)} ms when repeated)`,
    );
  }
}
await warm.close();
const first = single[0];
single.sort((x, y) => x - y);
const median = single[Math.floor(single.length / 2)];
if (one) {
  // A/B in the same run: a renderer opened without results — its first request pays for the cold HTML side and glyphs
  t = process.hrtime.bigint();
  const cold = await openReportRenderer();
  const coldOpen = since(t);
  const coldTimes = [];
  for (const id of picks.slice(0, 2)) {
    t = process.hrtime.bigint();
    await cold.renderUnitPdf(results, id);
    coldTimes.push(since(t));
  }
  await cold.close();
  console.log(`warm renderer open      ${openSec.toFixed(2)} s (once; with { warm: results })`);
  console.log(
    `without warm: results   open ${coldOpen.toFixed(2)} s, first request ${coldTimes[0].toFixed(2)} s, second ${coldTimes[1].toFixed(2)} s`,
  );
  console.log(
    `one unit's PDF, warm    median ${median.toFixed(2)} s, first ${first.toFixed(2)} s, max ${single[single.length - 1].toFixed(2)} s over ${single.length}   (target < 1 s)`,
  );
  console.log(`load average after: ${load()}`);
  if (median >= 1) process.exitCode = 1;
  process.exit();
}

const n = pages.length;
const ratio = fazhiSec / bareSec;
console.log(`reports: ${n} (${units} units + summary) × ${rounds} round(s), cores: ${availableParallelism()}`);
console.log(`fazhi report (pdf)      ${fazhiSec.toFixed(1)} s   ${((n * rounds) / fazhiSec).toFixed(2)} reports/s`);
console.log(`bare page.pdf() loop    ${bareSec.toFixed(1)} s   ${((n * rounds) / bareSec).toFixed(2)} reports/s`);
console.log(`ratio fazhi / bare      ${ratio.toFixed(2)}   (target ≤ 0.6)`);
console.log(`warm renderer open      ${openSec.toFixed(2)} s (once)`);
console.log(
  `one unit's PDF, warm    median ${median.toFixed(2)} s, max ${single[single.length - 1].toFixed(2)} s over ${single.length}   (target < 1 s)`,
);
console.log(`load average after: ${load()}`);
if (ratio > 0.6 || median >= 1) process.exitCode = 1;
