/**
 * One report's PDF on demand (for a server): a warm renderer kept open between requests, its
 * assets in a temporary folder of its own (`fazhi-warm-<pid>-*` in the temp dir, removed at close
 * and on Ctrl-C; one left by a killed run is removed at the next open). The PDF comes back as
 * bytes; nothing is written elsewhere.
 *
 *   const r = await openReportRenderer();
 *   const pdf = await r.renderUnitPdf(results, "QX-SFJ");
 *   await r.close();
 */
import { mkdtemp, rm } from "node:fs/promises";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Results } from "../results/types.js";
import { renderSummaryHtml, renderUnitHtml, summaryTitle, type TotalDeltas } from "./html.js";
import { templates } from "./templates.js";
import { areaChart } from "./charts.js";
import { writeAssets } from "./assets.js";
import { PdfRenderer } from "./renderer.js";
import { onStop, sweepStale } from "../util/cleanup.js";
import { InputError } from "../errors.js";

export interface ReportRenderer {
  /** a unit's report as PDF bytes */
  renderUnitPdf(results: Results, unitId: string): Promise<Uint8Array>;
  /** the summary report as PDF bytes (`deltas`: 同比, see totalDeltas) */
  renderSummaryPdf(results: Results, deltas?: TotalDeltas): Promise<Uint8Array>;
  close(): Promise<void>;
}

const WARM = /^fazhi-warm-(\d+)-/;

const WARM_UP = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>考评报告</title></head>
<body><h1>考评报告</h1><h2>一、考评结果</h2><table class="data"><thead><tr><th>项目</th><th>满分</th><th>得分</th></tr></thead>
<tbody><tr><td>行政执法人员能力素质 总分 等次 排名 优秀 良好 合格 不合格 单位 局 镇 区</td><td class="num">0123456789</td><td>.%</td></tr></tbody></table></body></html>`;

export interface OpenOptions {
  /** pages printing at once (default 1) */
  pages?: number;
  /**
   * results the renderer will be asked about: one of its units' reports is printed (and thrown
   * away) at open, so the first request finds the rubric's glyphs loaded and the report model's
   * code warm — it then costs what later ones do (bench/README.md)
   */
  warm?: Results;
}

export async function openReportRenderer(opts: OpenOptions = {}): Promise<ReportRenderer> {
  sweepStale(tmpdir(), WARM);
  const dir = await mkdtemp(join(tmpdir(), `fazhi-warm-${process.pid}-`));
  const drop = onStop(() => rmSync(dir, { recursive: true, force: true }));
  let renderer: PdfRenderer;
  try {
    await writeAssets(dir);
    const opening = PdfRenderer.open({ root: dir, pages: opts.pages ?? 1 });
    // the HTML side warmed too while Chromium starts: templates compiled, ECharts' SVG renderer run
    // once (the first report's HTML otherwise pays ≈ 0.5 s of it; bench/README.md)
    try {
      templates();
      areaChart(["考评"], [1], [2]);
    } catch (err) {
      await opening.then(
        (r) => r.close(),
        () => undefined,
      );
      throw err;
    }
    renderer = await opening;
    // one print at open: Chromium's print pipeline and the common glyphs are ready before the first request
    await renderer.print(WARM_UP, "考评报告");
    const u = opts.warm?.units[0];
    if (opts.warm && u) await renderer.print(renderUnitHtml(opts.warm, u.id), `${u.name} · ${opts.warm.rubric.title}`);
  } catch (err) {
    drop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const checked = async (html: string, header: string) => {
    const pdf = await renderer.print(html, header);
    if (renderer.blocked.length > 0) throw new Error(`报告页面试图访问外部资源，已拦截：${renderer.blocked.slice(0, 3).join("、")}`);
    return pdf;
  };
  return {
    async renderUnitPdf(results, unitId) {
      const u = results.units.find((x) => x.id === unitId);
      if (!u) throw new InputError(`结果中没有单位“${unitId}”，无法生成报告`);
      return checked(renderUnitHtml(results, unitId), `${u.name} · ${results.rubric.title}`);
    },
    async renderSummaryPdf(results, deltas) {
      return checked(renderSummaryHtml(results, deltas), summaryTitle(results));
    },
    async close() {
      drop();
      await renderer.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
