/** scores.xlsx: one row per unit, one column per item, totals, grades, ranks; numbers as numbers.
 * An item scored on incomplete data keeps its number, shaded, with a note saying it is provisional. */
import type { IndicatorDescription, Results } from "../results/types.js";
import { writeFileAtomic } from "../util/atomic.js";
import { sanitizeWorkbook } from "../util/xlsx-text.js";
import { indicatorOf } from "../results/indicators.js";
import { fmtNum } from "../util/format.js";
import { vetoApplies } from "../score/unit.js";

/** The shade of a provisional item's cell (a pale yellow, as Excel's "Neutral" style). */
const PROVISIONAL_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFFFEB9C" } };

/** How the 指标 sheet shows an indicator's numbers, by its format (the rest as Excel's General). */
const XLSX_FORMAT: Partial<Record<IndicatorDescription["format"], string>> = { rate: "0.0%", hours: "0.0" };

const STATE_ZH = { notApplicable: "不适用", manual: "待录入", error: "无法评分" } as const;

export async function writeScoresXlsx(results: Results, file: string): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "fazhi";
  const items = results.units[0]?.items ?? [];
  const ws = wb.addWorksheet("得分");
  const header = [
    "总排名",
    "类别内排名",
    "单位编码",
    "单位名称",
    "单位类别",
    ...items.map((i) => `${i.id} ${i.title}`),
    "总分",
    "等次",
    "总分是否完整",
    "一票否决",
  ];
  ws.addRow(header);
  for (const u of results.units) {
    const byId = new Map(u.items.map((i) => [i.id, i]));
    const row = ws.addRow([
      u.rank.overall,
      u.rank.category,
      u.id,
      u.name,
      u.category,
      ...items.map((it) => {
        const i = byId.get(it.id);
        if (!i) return null;
        if (i.points !== null && (i.state === "scored" || i.state === "notApplicable")) return i.points;
        return STATE_ZH[i.state as keyof typeof STATE_ZH] ?? null;
      }),
      u.total,
      u.grade,
      u.complete ? "是" : "否（暂计）",
      u.vetoes
        .filter(vetoApplies)
        .map((v) => `${v.fired === true ? "否决" : "暂按否决（数据不完整）"}：${v.title}`)
        .join("；") || null,
    ]);
    items.forEach((it, k) => {
      const i = byId.get(it.id);
      if (!i?.provisional || i.points === null) return;
      const cell = row.getCell(6 + k); // (the items' columns follow the five of the unit)
      cell.fill = PROVISIONAL_FILL;
      cell.note =
        i.asRead !== undefined
          ? `暂计：数据不完整，按已读数据为 ${fmtNum(i.asRead)} 分，数据补全前暂按 ${fmtNum(i.points)} 分计（说明见报告）`
          : "暂计：数据不完整，数据补全后可能变化（说明见报告）";
    });
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", xSplit: 4, ySplit: 1 }];
  ws.columns.forEach((c, i) => (c.width = i === 3 ? 32 : i < 5 ? 12 : 14));

  const info = wb.addWorksheet("项目说明");
  info.addRow(["项目编号", "项目名称", "满分", "出处（方案及条款）"]);
  for (const i of items) info.addRow([i.id, i.title, i.max, `${i.source.plan} ${i.source.clause}`]);
  info.addRow([]);
  info.addRow(["说明", "“得分”表中底色为黄色的得分为暂计：该单位相关数据有行被拒绝或未能读取，批注写明按已读数据的得分"]);
  info.getRow(1).font = { bold: true };
  info.columns.forEach((c, i) => (c.width = i === 1 ? 40 : i === 3 ? 50 : 12));

  // the indicators by their Chinese names (results.json's table), each key beside it; rates shown
  // as percentages, hours to one decimal (the cells keep the numbers)
  const keys = Object.keys(results.units[0]?.metrics ?? {});
  const described = keys.map((k) => indicatorOf(results, k));
  const m = wb.addWorksheet("指标");
  m.addRow(["单位编码", "单位名称", ...keys.map((k, i) => `${described[i]!.label}（${k}）`)]);
  for (const u of results.units) m.addRow([u.id, u.name, ...keys.map((k) => u.metrics[k] ?? null)]);
  m.getRow(1).font = { bold: true };
  m.views = [{ state: "frozen", xSplit: 2, ySplit: 1 }];
  m.columns.forEach((c, i) => (c.width = i === 1 ? 32 : i < 2 ? 12 : 16));
  described.forEach((d, i) => {
    const numFmt = XLSX_FORMAT[d.format];
    if (numFmt) m.getColumn(i + 3).numFmt = numFmt;
  });

  sanitizeWorkbook(wb);
  await writeFileAtomic(file, Buffer.from(await wb.xlsx.writeBuffer()));
}
