/** The self-check as the CLI prints it, in Chinese. */
import { fmtNum } from "../util/format.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";
import { renderTable } from "../util/table.js";
import type { CheckReport } from "./types.js";
import { filesToFixText } from "../review/print.js";
import { vetoApplies } from "../score/unit.js";

export function printCheck(report: CheckReport, maxRecords = 10): string {
  const { unit: u, results } = report;
  const out: string[] = [];
  out.push(`${results.rubric.title} · 自查`);
  out.push(`${u.name}（${u.id}，${u.category}），自查日期 ${formatDayZh(parseIsoDay(report.asOf))}`);
  const rank = report.singleUnit
    ? "（仅本单位数据，不排名）"
    : u.rank.overall === null
      ? "未排名"
      : `总排名 ${u.rank.overall}/${results.units.length}，${u.category}中排名 ${u.rank.category}`;
  out.push(`总分 ${u.total === null ? "—" : fmtNum(u.total)}${u.complete ? "" : "（暂计）"}，等次 ${u.grade ?? "—"}，${rank}`);
  for (const v of u.vetoes) if (vetoApplies(v)) out.push(`! 否决项“${v.title}”：${v.reason}`);

  const s = report.shortfalls;
  out.push("");
  if (s.length === 0) out.push("各项目均已得满分。");
  else {
    const sum = s.reduce((a, x) => a + x.recoverableTotal, 0);
    out.push(`未得满分的项目 ${s.length} 项，整改后最多可挽回总分约 ${fmtNum(sum)} 分（按可挽回分数排序）：`);
    out.push("");
    out.push(
      renderTable(
        ["序号", "项目", "名称", "得分", "满分", "可挽回", "折合总分"],
        s.map((x, i) => [
          String(i + 1),
          x.item,
          x.title,
          x.points === null ? (x.state === "manual" ? "待录入" : "无法评分") : fmtNum(x.points),
          fmtNum(x.max),
          fmtNum(x.recoverable),
          fmtNum(x.recoverableTotal),
        ]),
        new Set([0, 3, 4, 5, 6]),
      ),
    );
    s.forEach((x, i) => {
      out.push("");
      out.push(
        `${i + 1}. ${x.item} ${x.title}  可挽回 ${fmtNum(x.recoverable)} 分${x.recoverableTotal !== x.recoverable ? `（折合总分 ${fmtNum(x.recoverableTotal)} 分）` : ""}`,
      );
      out.push(`   问题：${x.problem}`);
      if (x.steps.length || x.actions.length) {
        out.push(`   需整改：`);
        for (const a of x.steps) out.push(`     · ${a}`);
        for (const a of x.actions.slice(0, maxRecords)) out.push(`     · ${a}`);
        if (x.actions.length > maxRecords) out.push(`     · …… 另有 ${x.actions.length - maxRecords} 条（见整改台账）`);
      }
      if (x.remediation) out.push(`   整改建议：${x.remediation}`);
      out.push(`   整改时限：${formatDayZh(parseIsoDay(x.deadline))}前；出处：${x.source.clause}`);
    });
  }

  out.push(...filesToFixText(u));

  if (report.discrepancies.length) {
    out.push("");
    out.push("自报数据与核查不符：");
    for (const d of report.discrepancies) out.push(`  ! ${d.text}`);
  }
  const w = report.warnings;
  out.push("");
  if (w.certificates.length + w.hours.length + w.milestones.length === 0) out.push("预警：暂无。");
  else {
    out.push("预警：");
    if (w.certificates.length) {
      out.push("  执法证到期（已到期或 90 天内到期）：");
      for (const c of w.certificates) out.push(`    · ${c.text}`);
    }
    if (w.hours.length) {
      out.push(`  按目前进度年底达不到 ${fmtNum(w.hours[0]!.target)} 学时的人员：`);
      for (const h of w.hours) out.push(`    · ${h.text}`);
    }
    if (w.milestones.length) {
      out.push("  30 天内到期、尚未报送的任务：");
      for (const m of w.milestones) out.push(`    · ${m.text}`);
    }
  }
  return out.join("\n");
}
