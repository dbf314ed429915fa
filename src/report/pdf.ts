/**
 * Turning report HTML into PDF: I/O only. One browser per batch of reports (recycled after a
 * fixed number), a fresh page per report, as many pages at once as the machine has cores, fonts
 * awaited before printing, and every request refused except the report folder's own files.
 */
import { availableParallelism } from "node:os";
import { resolve, sep } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { findChromium } from "./browser.js";
import { writeFileAtomic } from "../util/atomic.js";

export interface PdfJob {
  /** absolute path of the HTML file */
  html: string;
  /** absolute path of the PDF to write */
  pdf: string;
  /** the page header's text, whose glyphs are loaded before printing */
  header: string;
}

export interface PdfOptions {
  /** the only folder pages may read from (the report folder) */
  root: string;
  concurrency?: number;
  /** reports printed by one browser before it is replaced */
  recycleAfter?: number;
  onDone?: (job: PdfJob) => void;
}

export interface PdfOutcome {
  /** requests refused: anything outside `root` (a report should make none) */
  blocked: string[];
}

export const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--no-first-run",
  "--no-default-browser-check",
  "--font-render-hinting=none",
];

export async function printPdfs(jobs: readonly PdfJob[], opts: PdfOptions): Promise<PdfOutcome> {
  const blocked: string[] = [];
  if (jobs.length === 0) return { blocked };
  const executablePath = findChromium();
  const { default: puppeteer } = await import("puppeteer-core");
  const root = resolve(opts.root);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? availableParallelism(), jobs.length));
  const recycleAfter = Math.max(1, opts.recycleAfter ?? 50);

  const allowed = (url: string): boolean => {
    if (!url.startsWith("file:")) return false;
    try {
      const path = resolve(fileURLToPath(url));
      return path === root || path.startsWith(root + sep);
    } catch {
      return false;
    }
  };

  for (let start = 0; start < jobs.length; start += recycleAfter) {
    const batch = jobs.slice(start, start + recycleAfter);
    const browser = await puppeteer.launch({ executablePath, headless: true, args: BROWSER_ARGS });
    try {
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const job = batch[next++]!;
          const page = await browser.newPage();
          try {
            await page.setRequestInterception(true);
            page.on("request", (req) => {
              if (allowed(req.url())) void req.continue();
              else {
                blocked.push(req.url());
                void req.abort("blockedbyclient");
              }
            });
            await page.goto(pathToFileURL(job.html).href, { waitUntil: "load" });
            await page.evaluate(async (header: string) => {
              // margin boxes draw with the page's fonts, but only glyphs the page has loaded
              const fonts = (globalThis as unknown as { document: { fonts: { load(f: string, t: string): Promise<unknown>; ready: Promise<unknown> } } })
                .document.fonts;
              const text = `${header}第页共0123456789`;
              await Promise.all([fonts.load(`400 9pt "Noto Sans SC"`, text), fonts.load(`700 9pt "Noto Sans SC"`, text)]);
              await fonts.ready;
            }, job.header);
            const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
            await writeFileAtomic(job.pdf, pdf);
            opts.onDone?.(job);
          } finally {
            await page.close();
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    } finally {
      await browser.close();
    }
  }
  return { blocked };
}
