/**
 * A warm PDF renderer: one browser, a few pages kept open (one per core by default), each page
 * loaded once with the report folder's fonts.css and report.css. A report is printed by putting
 * its HTML into a free page — title, the page-header <style> and the body swapped in place,
 * no navigation — so the stylesheets are parsed and the font files fetched and decoded once per
 * page, not once per report; then the fonts its text needs are awaited and the page is printed.
 * Every request outside the report folder is refused (and listed in `blocked`).
 * Where the time goes and what was measured: bench/README.md.
 */
import { availableParallelism } from "node:os";
import { join, resolve, sep } from "node:path";
import { rm } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
import type { Page } from "puppeteer-core";
import { launchBrowser, type LaunchedBrowser } from "./browser.js";
import { writeFileAtomic } from "../util/atomic.js";

export interface RendererOptions {
  /** the report folder: holds assets/ (fonts.css, report.css, fonts); the only folder pages may read */
  root: string;
  /** pages printing at once (default: the number of cores) */
  pages?: number;
}

/** The page every report is swapped into: the report head's fixed part, an empty body. */
const SHELL = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title></title>
<link rel="stylesheet" href="assets/fonts.css">
<link rel="stylesheet" href="assets/report.css">
</head>
<body></body>
</html>
`;

/** Reports printed by one page before it is loaded afresh (bounds what a long run accumulates). */
const RELOAD_AFTER = 200;

interface Slot {
  page: Page;
  printed: number;
}

export class PdfRenderer {
  /** requests refused: anything outside the report folder (a report should make none) */
  readonly blocked: string[] = [];
  private readonly free: Slot[] = [];
  private readonly waiting: ((s: Slot) => void)[] = [];
  private closed = false;

  private constructor(
    private readonly launched: LaunchedBrowser,
    private readonly root: string,
    private readonly shellUrl: string,
  ) {}

  static async open(opts: RendererOptions): Promise<PdfRenderer> {
    const root = resolve(opts.root);
    const launched = await launchBrowser();
    const shell = join(root, `.fazhi-print-${process.pid}.html`);
    try {
      await writeFileAtomic(shell, SHELL);
      const r = new PdfRenderer(launched, root, pathToFileURL(shell).href);
      const n = Math.max(1, opts.pages ?? availableParallelism());
      const slots = await Promise.all(Array.from({ length: n }, () => r.newSlot()));
      r.free.push(...slots);
      return r;
    } catch (err) {
      await launched.close();
      throw err;
    } finally {
      await rm(shell, { force: true });
    }
  }

  private allowed(url: string): boolean {
    if (!url.startsWith("file:")) return false;
    try {
      const path = resolve(fileURLToPath(url));
      return path === this.root || path.startsWith(this.root + sep);
    } catch {
      return false;
    }
  }

  private async newSlot(): Promise<Slot> {
    const page = await this.launched.browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      if (this.allowed(req.url())) void req.continue();
      else {
        this.blocked.push(req.url());
        void req.abort("blockedbyclient");
      }
    });
    await this.loadShell(page);
    return { page, printed: 0 };
  }

  private async loadShell(page: Page): Promise<void> {
    await page.goto(this.shellUrl, { waitUntil: "load" });
  }

  private acquire(): Promise<Slot> {
    const s = this.free.pop();
    if (s) return Promise.resolve(s);
    return new Promise((r) => this.waiting.push(r));
  }

  private release(s: Slot): void {
    const w = this.waiting.shift();
    if (w) w(s);
    else this.free.push(s);
  }

  /**
   * Prints one report: `html` is a whole report page as html.ts renders it; `header` is its page
   * header's text (margin boxes draw with the page's fonts, but only glyphs the page has loaded).
   */
  async print(html: string, header: string): Promise<Uint8Array> {
    if (this.closed) throw new Error("PDF renderer is closed");
    const slot = await this.acquire();
    try {
      if (slot.printed >= RELOAD_AFTER) {
        await this.loadShell(slot.page);
        slot.printed = 0;
      }
      slot.printed++;
      await slot.page.evaluate(
        async (html: string, header: string) => {
          const d = (globalThis as unknown as { document: Doc }).document;
          const doc = new (
            globalThis as unknown as { DOMParser: new () => { parseFromString(s: string, t: string): Doc } }
          ).DOMParser().parseFromString(html, "text/html");
          d.title = doc.title;
          d.documentElement.lang = doc.documentElement.lang;
          for (const s of d.head.querySelectorAll("style")) s.remove();
          for (const s of doc.head.querySelectorAll("style")) d.head.appendChild(d.adoptNode(s));
          d.body.replaceWith(d.adoptNode(doc.body));
          // a layout now starts the font loads the text needs; then wait for them
          void d.body.offsetHeight;
          const text = `${header}第页共0123456789`;
          await Promise.all([d.fonts.load(`400 9pt "Noto Sans SC"`, text), d.fonts.load(`700 9pt "Noto Sans SC"`, text)]);
          await d.fonts.ready;
        },
        html,
        header,
      );
      return await slot.page.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.launched.close();
  }
}

/** The little of the DOM the page function uses (the project compiles without the DOM types). */
interface El {
  remove(): void;
  querySelectorAll(s: string): Iterable<El>;
  appendChild(e: El): void;
  replaceWith(e: El): void;
  offsetHeight: number;
  lang: string;
}
interface Doc {
  title: string;
  documentElement: El;
  head: El;
  body: El;
  adoptNode(e: El): El;
  fonts: { load(font: string, text: string): Promise<unknown>; ready: Promise<unknown> };
}
