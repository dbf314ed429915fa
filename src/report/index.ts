/**
 * Writing a report folder from results.json: HTML per unit and a summary (pure renderers), then
 * PDFs from that HTML (pdf.ts), and scores.xlsx. Every file is written atomically.
 */
import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Results } from "../results/types.js";
import { renderReviewSheetsHtml, renderSummaryHtml, renderUnitHtml, reviewSheetsHeader, summaryTitle, type TotalDeltas } from "./html.js";
import { writeAssets } from "./assets.js";
import { printPdfs, type PdfJob } from "./pdf.js";
import { writeScoresXlsx } from "./xlsx.js";
import { writeFileAtomic } from "../util/atomic.js";
import { safeOutputPath, safeFileName } from "../util/safe-path.js";
import { reportFileBases } from "./names.js";
import { InputError } from "../errors.js";
import { compareResults } from "../compare/compare.js";
import type { ProgressLine } from "../util/progress.js";
import { HTML_SCRATCH, onStop, sweepStale } from "../util/cleanup.js";
import { rmSync } from "node:fs";

export type ReportFormat = "pdf" | "html" | "xlsx";

export interface ReportOptions {
  /** unit ids to report on (default: all) */
  units?: string[];
  formats?: ReportFormat[];
  /** write the leadership summary (default: when no unit list is given) */
  summary?: boolean;
  /** an earlier year's results, for the summary's 同比 column */
  earlier?: Results;
  /** progress for the PDF batch */
  progress?: (total: number) => ProgressLine | null;
}

/** `<unit id>-<unit name>`, safe for any file system (reports use reportFileBases, which also keeps names unique). */
export function unitFileBase(id: string, name: string): string {
  return safeFileName(`${id}-${name}`);
}

/** 同比: each later unit's change in total against the earlier results (absent: a new unit). */
export function totalDeltas(earlier: Results, later: Results): TotalDeltas {
  // units present in both years only; compareResults matches them by id
  return new Map(compareResults(earlier, later).units.map((u) => [u.id, u.totalDelta]));
}

export async function writeReports(results: Results, outDir: string, opts: ReportOptions = {}): Promise<{ files: string[] }> {
  const formats = new Set(opts.formats ?? ["pdf", "html", "xlsx"]);
  const ids = [...new Set(opts.units ?? results.units.map((u) => u.id))];
  for (const id of ids) if (!results.units.some((u) => u.id === id)) throw new InputError(`结果中没有单位“${id}”，无法生成报告`);
  const withSummary = opts.summary ?? opts.units === undefined;
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });
  // what a killed run left here: its scratch HTML folder and the PDF step's shell page
  sweepStale(out, HTML_SCRATCH);
  sweepStale(out, /^\.fazhi-print-(\d+)\.html$/);
  const files: string[] = [];

  // HTML: kept when asked for, otherwise rendered into a scratch folder for the PDF step
  const needHtml = formats.has("html") || formats.has("pdf");
  const htmlDir = formats.has("html") ? out : join(out, `.fazhi-html-${process.pid}`);
  const jobs: PdfJob[] = [];
  const scratch = !formats.has("html") && needHtml;
  const dropScratch = scratch ? onStop(() => rmSync(htmlDir, { recursive: true, force: true })) : () => {};
  try {
    if (needHtml) {
      await writeAssets(htmlDir);
      const bases = reportFileBases(results);
      const pages: { base: string; html: string; header: string }[] = ids.map((id) => {
        const u = results.units.find((x) => x.id === id)!;
        return { base: bases.get(u.id)!, html: renderUnitHtml(results, id), header: `${u.name} · ${results.rubric.title}` };
      });
      // per unit with case files reviewed against a standard: their filled 评查表, a page each
      for (const id of ids) {
        const u = results.units.find((x) => x.id === id)!;
        const html = renderReviewSheetsHtml(results, id);
        if (html) pages.push({ base: safeFileName(`评查表-${u.id}-${u.name}`), html, header: reviewSheetsHeader(results, u.name) });
      }
      if (withSummary) {
        const deltas = opts.earlier ? totalDeltas(opts.earlier, results) : undefined;
        pages.push({ base: "summary", html: renderSummaryHtml(results, deltas), header: summaryTitle(results) });
      }
      for (const p of pages) {
        const html = safeOutputPath(htmlDir, p.base, ".html");
        await writeFileAtomic(html, p.html);
        if (formats.has("html")) files.push(html);
        if (formats.has("pdf")) jobs.push({ html, content: p.html, pdf: safeOutputPath(out, p.base, ".pdf"), header: p.header });
      }
    }
    if (jobs.length > 0) {
      const line = opts.progress?.(jobs.length) ?? null;
      let done = 0;
      const { blocked } = await printPdfs(jobs, { root: htmlDir, onDone: () => line?.update(0, ++done) });
      line?.done();
      if (blocked.length > 0) throw new Error(`报告页面试图访问外部资源，已拦截：${[...new Set(blocked)].slice(0, 3).join("、")}`);
      files.push(...jobs.map((j) => j.pdf));
    }
  } finally {
    if (scratch) await rm(htmlDir, { recursive: true, force: true });
    dropScratch();
  }
  if (formats.has("xlsx")) {
    const file = safeOutputPath(out, "scores", ".xlsx");
    await writeScoresXlsx(results, file);
    files.push(file);
  }
  return { files };
}
