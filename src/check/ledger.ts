/**
 * 整改台账: the rectification ledger a department files — one row per problem (an item short
 * of full points), in the column order such ledgers use, with Chinese headers; 责任人 and
 * 整改完成情况 are left blank to fill in. A second sheet lists the warnings (预警事项), a third
 * (数据问题, only when there are any) the unit's rejected rows by kind of problem.
 */
import { writeFileAtomic } from "../util/atomic.js";
import { sanitizeWorkbook } from "../util/xlsx-text.js";
import { fmtNum } from "../util/format.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";
import type { CheckReport } from "./types.js";

export const LEDGER_HEADERS = [
  "序号",
  "考评项目",
  "问题描述",
  "涉及记录",
  "扣分",
  "整改建议",
  "责任人",
  "整改时限",
  "整改完成情况",
] as const;

export interface LedgerRow {
  序号: number;
  考评项目: string;
  问题描述: string;
  涉及记录: string;
  /** points deducted (recoverable) on the item; for an item awaiting review: its max */
  扣分: number;
  整改建议: string;
  责任人: string;
  /** 2024年12月31日前 */
  整改时限: string;
  整改完成情况: string;
}

/** The ledger rows, in the check's order (most points first). */
export function ledgerRows(report: CheckReport): LedgerRow[] {
  return report.shortfalls.map((s, i) => ({
    序号: i + 1,
    考评项目: `${s.item} ${s.title}`,
    问题描述: s.problem,
    涉及记录: s.actions.join("\n"),
    扣分: s.recoverable,
    整改建议: [...s.steps, ...(s.remediation ? [s.remediation] : [])].join("\n"),
    责任人: "",
    整改时限: `${formatDayZh(parseIsoDay(s.deadline))}前`,
    整改完成情况: "",
  }));
}

export function ledgerTitle(report: CheckReport): string {
  return `${report.unit.name}${report.results.rubric.title.replace(/考评细则$/, "")}考评问题整改台账`;
}

/** Writes the ledger as an .xlsx file (atomically): title row, header row, one row per problem. */
export async function writeLedger(file: string, report: CheckReport): Promise<void> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = "fazhi";
  const ws = wb.addWorksheet("整改台账", { views: [{ state: "frozen", ySplit: 2 }] });
  const widths = [6, 24, 50, 50, 8, 50, 10, 18, 20];
  ws.columns = widths.map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, LEDGER_HEADERS.length);
  const title = ws.getCell(1, 1);
  title.value = ledgerTitle(report);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: "center", vertical: "middle" };
  ws.getRow(1).height = 28;
  const header = ws.getRow(2);
  header.values = [...LEDGER_HEADERS];
  header.font = { bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  const border = { style: "thin" as const };
  for (const r of ledgerRows(report)) {
    // blank cells stay empty (责任人, 整改完成情况: to fill in)
    const row = ws.addRow(LEDGER_HEADERS.map((h) => (r[h] === "" ? null : r[h])));
    row.alignment = { vertical: "top", wrapText: true };
    row.getCell(5).numFmt = "0.##";
  }
  for (let i = 2; i <= ws.rowCount; i++)
    for (let c = 1; c <= LEDGER_HEADERS.length; c++) ws.getCell(i, c).border = { top: border, left: border, bottom: border, right: border };
  const note = ws.addRow([
    `自查日期：${formatDayZh(parseIsoDay(report.asOf))}；总分 ${report.unit.total === null ? "—" : fmtNum(report.unit.total)}，等次 ${report.unit.grade ?? "—"}。扣分为该项目可挽回的分数；整改时限取细则所定任务期限，未定的取默认期限。`,
  ]);
  ws.mergeCells(note.number, 1, note.number, LEDGER_HEADERS.length);
  note.alignment = { wrapText: true };

  const w = report.warnings;
  const warn = wb.addWorksheet("预警事项");
  warn.columns = [{ width: 6 }, { width: 16 }, { width: 80 }];
  warn.addRow(["序号", "类别", "内容"]).font = { bold: true };
  let n = 0;
  for (const c of w.certificates) warn.addRow([++n, "执法证到期", c.text]);
  for (const h of w.hours) warn.addRow([++n, "培训学时进度", h.text]);
  for (const m of w.milestones) warn.addRow([++n, "任务即将到期", m.text]);
  for (const d of report.discrepancies) warn.addRow([++n, "自报数据不实", d.text]);
  if (n === 0) warn.addRow(["", "", "暂无预警事项"]);

  // rows of the unit's files that were rejected, by kind: fixed a kind at a time
  const problems = report.dataProblems ?? [];
  if (problems.length > 0) {
    const sheet = wb.addWorksheet("数据问题");
    sheet.columns = [{ width: 6 }, { width: 28 }, { width: 8 }, { width: 90 }];
    sheet.addRow(["序号", "问题类别", "行数", "示例"]).font = { bold: true };
    problems.forEach((g, i) => {
      const more = g.count > g.examples.length ? `\n…… 另有 ${g.count - g.examples.length} 行` : "";
      sheet.addRow([i + 1, g.title, g.count, g.examples.join("\n") + more]).alignment = { vertical: "top", wrapText: true };
    });
  }

  sanitizeWorkbook(wb);
  const buf = await wb.xlsx.writeBuffer();
  await writeFileAtomic(file, new Uint8Array(buf as ArrayBuffer));
}
