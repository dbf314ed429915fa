/**
 * Static SVG charts, rendered on the server by ECharts' SSR renderer (no browser, no script in
 * the report). ECharts escapes the text it draws, so unit names are safe inside the SVG.
 */
import * as echarts from "echarts";

const FONT = "'Noto Sans SC', sans-serif";
const BLUE = "#2f5597";
const GREY = "#d9dee8";
const RED = "#c0392b";

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, fontSize: 11, color: "#333" }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** 各领域得分: points against the applicable maximum, one bar pair per area. */
export function areaChart(labels: string[], points: number[], max: number[]): string {
  const height = 60 + labels.length * 34;
  return render(
    {
      grid: { left: 150, right: 50, top: 30, bottom: 20 },
      legend: { data: ["得分", "满分"], top: 0, right: 10, textStyle: { fontFamily: FONT } },
      xAxis: { type: "value", axisLabel: { fontFamily: FONT } },
      yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontFamily: FONT, width: 140, overflow: "truncate" } },
      series: [
        { name: "满分", type: "bar", data: max, itemStyle: { color: GREY }, barGap: "-100%", barWidth: 16, z: 1 },
        {
          name: "得分",
          type: "bar",
          data: points,
          itemStyle: { color: BLUE },
          barWidth: 16,
          z: 2,
          label: { show: true, position: "right", fontFamily: FONT, textBorderWidth: 0, textBorderColor: "transparent" },
        },
      ],
    },
    620,
    height,
  );
}

/** One horizontal bar per unit, lowest first; `unit` follows the value label ("%" or "分"). */
export function comparisonChart(labels: string[], values: number[], unit: string, target?: number): string {
  const height = 46 + labels.length * 16;
  return render(
    {
      grid: { left: 210, right: 60, top: 12, bottom: 22 },
      xAxis: { type: "value", max: unit === "%" ? 100 : undefined, axisLabel: { fontFamily: FONT, formatter: `{value}${unit}` } },
      yAxis: { type: "category", data: labels, inverse: true, axisLabel: { fontFamily: FONT, width: 200, overflow: "truncate" } },
      series: [
        {
          type: "bar",
          data: values.map((v) => ({ value: v, itemStyle: { color: target !== undefined && v < target ? RED : BLUE } })),
          barWidth: 9,
          label: {
            show: true,
            position: "right",
            fontFamily: FONT,
            textBorderWidth: 0,
            textBorderColor: "transparent",
            formatter: `{c}${unit}`,
          },
        },
      ],
    },
    660,
    height,
  );
}

/** 等次分布: one bar per grade. */
export function gradeChart(grades: string[], counts: number[]): string {
  return render(
    {
      grid: { left: 50, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "category", data: grades, axisLabel: { fontFamily: FONT } },
      yAxis: { type: "value", minInterval: 1, axisLabel: { fontFamily: FONT } },
      series: [
        {
          type: "bar",
          data: counts,
          itemStyle: { color: BLUE },
          barWidth: 40,
          label: { show: true, position: "top", fontFamily: FONT, textBorderWidth: 0, textBorderColor: "transparent" },
        },
      ],
    },
    420,
    240,
  );
}
