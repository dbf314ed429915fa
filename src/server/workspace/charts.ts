/**
 * The summary PDF's charts for the leadership page: the same model (summaryReport) and the same
 * ECharts server-side SVG (report/charts.ts), inline in the page. The page's Content Security
 * Policy allows no inline styles, so each SVG's style attributes become presentation attributes
 * and its hover-only <style> block is dropped; no script is ever in the SVG.
 */
import { comparisonChart, gradeChart } from "../../report/charts.js";
import { summaryReport } from "../../report/model.js";
import type { Results } from "../../results/types.js";

export interface SummaryCharts {
  grades: string;
  indicators: { label: string; note?: string; chart: string }[];
  costly: string | null;
}

/** An ECharts SVG rewritten without <style> blocks and style="…" attributes (CSP style-src 'self'). */
export function cspSafeSvg(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<script[\s\S]*?<\/script>/gi, "")
    .replace(/ style="([^"]*)"/g, (_m, decl: string) =>
      decl
        .split(";")
        .map((d) => d.trim())
        .filter((d) => /^[a-z-]+\s*:/.test(d))
        .map((d) => {
          const i = d.indexOf(":");
          return ` ${d.slice(0, i).trim()}="${d
            .slice(i + 1)
            .trim()
            .replace(/"/g, "'")}"`;
        })
        .join(""),
    );
}

export function summaryCharts(results: Results): SummaryCharts {
  const s = summaryReport(results);
  return {
    grades: cspSafeSvg(
      gradeChart(
        s.grades.map((g) => g.grade),
        s.grades.map((g) => g.count),
      ),
    ),
    indicators: s.indicators.map((i) => ({
      label: i.label,
      note: i.note,
      chart: cspSafeSvg(comparisonChart(i.labels, i.values, i.key === "reviews.averageScore" ? "分" : "%")),
    })),
    costly: s.costlyChart.labels.length ? cspSafeSvg(comparisonChart(s.costlyChart.labels, s.costlyChart.values, "分")) : null,
  };
}
