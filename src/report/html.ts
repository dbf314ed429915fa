/**
 * HTML reports: a pure function of results.json (plus an optional earlier results for 同比).
 * The PDF step (pdf.ts) only prints these pages.
 */
import type { Results } from "../results/types.js";
import { summaryReport, unitReport } from "./model.js";
import { areaChart, comparisonChart, gradeChart } from "./charts.js";
import { safe, templates } from "./templates.js";
import { fmtNum } from "../util/format.js";
import { reviewSheets, reviewsBlock } from "../review/report-model.js";

/** Year-on-year: total change per unit id, from an earlier results file. */
export type TotalDeltas = ReadonlyMap<string, number | null>;

/** Relative path from a report to the shared assets folder. */
const ASSETS = "assets";

export function unitTitle(results: Results, unitId: string): string {
  const u = results.units.find((x) => x.id === unitId);
  return `${u?.name ?? unitId} ${results.rubric.title}考评报告`;
}

export function summaryTitle(results: Results): string {
  return `${results.rubric.title}汇总报告`;
}

export function renderUnitHtml(results: Results, unitId: string): string {
  const u = results.units.find((x) => x.id === unitId);
  if (!u) throw new Error(`结果中没有单位“${unitId}”`);
  const r = unitReport(results, u);
  const ranked = results.units.length > 1;
  return templates().unit({
    title: unitTitle(results, unitId),
    header: `${u.name} · ${results.rubric.title}`,
    assets: ASSETS,
    cover: r.cover,
    subtitle: `${u.name}考评报告`,
    facts: [
      { label: "被考评单位", value: `${u.name}（${u.id}）` },
      { label: "单位类别", value: u.category },
      { label: "考核期", value: r.cover.period },
      // a provisional total says so on the cover too, not only inside the report
      { label: "总分 / 等次", value: `${r.total} 分${r.complete ? "" : "（暂计）"} / ${r.grade}` },
    ],
    r,
    ranked,
    areaChart: safe(areaChart(r.chart.labels, r.chart.points, r.chart.max)),
    reviews: reviewsBlock(results, u),
  });
}

/** The filled 评查表 of every case file the unit had reviewed against the standard, a page each
 * (null when the rubric names no standard or the unit had no file reviewed). */
export function renderReviewSheetsHtml(results: Results, unitId: string): string | null {
  const u = results.units.find((x) => x.id === unitId);
  const std = results.rubric.reviewStandard;
  if (!u || !std) return null;
  const sheets = reviewSheets(results, u);
  if (sheets.length === 0) return null;
  return templates().reviewSheet({
    title: `${u.name} 案卷评查表`,
    header: reviewSheetsHeader(results, u.name),
    assets: ASSETS,
    issuer: results.rubric.issuer,
    standardTitle: std.title,
    sheets,
  });
}

export function reviewSheetsHeader(results: Results, unitName: string): string {
  return `${unitName} · 案卷评查表 · ${results.rubric.reviewStandard?.title ?? ""}`;
}

export function renderSummaryHtml(results: Results, deltas?: TotalDeltas): string {
  const s = summaryReport(results);
  const compared = deltas !== undefined;
  const categories = s.categories.map((c) => ({
    ...c,
    rows: c.rows.map((row) => {
      const d = deltas?.get(row.id);
      return { ...row, yoy: d === undefined ? "新增" : d === null ? "—" : d > 0 ? `+${fmtNum(d)}` : fmtNum(d) };
    }),
  }));
  return templates().summary({
    title: summaryTitle(results),
    header: summaryTitle(results),
    assets: ASSETS,
    cover: s.cover,
    subtitle: "汇总报告",
    facts: [
      { label: "考评单位", value: `${s.unitCount} 个` },
      { label: "考核期", value: s.cover.period },
      { label: "等次分布", value: s.grades.map((g) => `${g.grade} ${g.count}`).join("，") },
    ],
    s: { ...s, categories },
    compared,
    incomplete: s.unitCount - s.completeCount,
    gradeChart: safe(
      gradeChart(
        s.grades.map((g) => g.grade),
        s.grades.map((g) => g.count),
      ),
    ),
    indicators: s.indicators.map((i) => ({
      label: i.label,
      note: i.note,
      chart: safe(comparisonChart(i.labels, i.values, i.unit)),
    })),
    costlyChart: safe(comparisonChart(s.costlyChart.labels, s.costlyChart.values, "分")),
  });
}
