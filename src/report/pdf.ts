/**
 * Turning a report folder's HTML into PDF: I/O only. One warm renderer (renderer.ts: one
 * browser, a page per core, fonts and stylesheets loaded once per page) prints every job; each
 * PDF is written atomically as soon as it is printed.
 */
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { PdfRenderer } from "./renderer.js";
import { writeFileAtomic } from "../util/atomic.js";

export { BROWSER_ARGS } from "./browser.js";

export interface PdfJob {
  /** absolute path of the HTML file */
  html: string;
  /** the HTML itself, when the caller has it (otherwise read from `html`) */
  content?: string;
  /** absolute path of the PDF to write */
  pdf: string;
  /** the page header's text, whose glyphs are loaded before printing */
  header: string;
}

export interface PdfOptions {
  /** the only folder pages may read from (the report folder, holding assets/) */
  root: string;
  /** pages printing at once (default: the number of cores) */
  concurrency?: number;
  onDone?: (job: PdfJob) => void;
}

export interface PdfOutcome {
  /** requests refused: anything outside `root` (a report should make none) */
  blocked: string[];
}

export async function printPdfs(jobs: readonly PdfJob[], opts: PdfOptions): Promise<PdfOutcome> {
  if (jobs.length === 0) return { blocked: [] };
  const pages = Math.max(1, Math.min(opts.concurrency ?? availableParallelism(), jobs.length));
  const renderer = await PdfRenderer.open({ root: opts.root, pages });
  try {
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < jobs.length && !failed) {
        const job = jobs[next++]!;
        try {
          const pdf = await renderer.print(job.content ?? (await readFile(job.html, "utf8")), job.header);
          await writeFileAtomic(job.pdf, pdf);
        } catch (err) {
          failed = true;
          throw err;
        }
        opts.onDone?.(job);
      }
    };
    await Promise.all(Array.from({ length: pages }, worker));
    return { blocked: renderer.blocked };
  } finally {
    await renderer.close();
  }
}
