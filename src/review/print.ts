/** 案卷评查 as the CLI prints it: a unit's reviewed files, one file's 评查表, files worth fixing. */
import type { Results, UnitResult } from "../results/types.js";
import type { ReviewedFile } from "./files.js";
import { renderTable } from "../util/table.js";
import { fmtNum } from "../util/format.js";

const scoreText = (f: ReviewedFile) => (f.score === null ? "待核" : fmtNum(f.score));

/** "评查案卷 4 份（优秀 2，合格 1，不合格 1）" and a table of the files. */
export function unitReviewsText(u: UnitResult, maxFiles = 50): string[] {
  const r = u.reviews;
  if (!r) return [];
  const out: string[] = [];
  const grades = Object.entries(r.byGrade)
    .map(([g, n]) => `${g} ${n}`)
    .join("，");
  out.push(
    `【案卷评查】按评查标准评查案卷 ${r.count} 份${grades ? `（${grades}${r.errors ? `，待核 ${r.errors}` : ""}）` : r.errors ? `（待核 ${r.errors}）` : ""}`,
  );
  if (r.count === 0) return out;
  const shown = r.files.slice(0, maxFiles);
  out.push(
    renderTable(
      ["案件编号", "评查日期", "评查人", "得分", "等次", "扣分项", "说明"],
      shown.map((f) => [
        f.caseId,
        f.date,
        f.reviewer ?? "—",
        scoreText(f),
        f.grade ?? "—",
        String(f.deductions.length + f.vetoes.length),
        f.state === "error" ? "评查记录无法使用" : (f.discrepancy ?? ""),
      ]),
      new Set([3, 5]),
    ),
  );
  const more = r.count - shown.length;
  if (more > 0) out.push(`…… 另有 ${more} 份，详见 results.json 或报告`);
  out.push("用 fazhi explain --results <results.json> --unit <单位编码> --file <案件编号> 查看一份案卷的评查表。");
  return out;
}

/** One file's 评查表 as text: basic items, each deduction with its reason and notes, total and grade. */
export function fileReviewText(results: Results, u: UnitResult, f: ReviewedFile): string {
  const std = results.rubric.reviewStandard;
  const out: string[] = [];
  out.push(`${std?.title ?? "案卷评查"} · 评查表`);
  out.push(
    `案件编号 ${f.caseId}，${u.name}（${u.id}），评查日期 ${f.date}${f.kind ? `，${f.kind}` : ""}${f.reviewer ? `，评查人 ${f.reviewer}` : ""}`,
  );
  out.push(`得分 ${scoreText(f)}，等次 ${f.grade ?? "—"}`);
  out.push(f.reason);
  for (const e of f.errors) out.push(`  ✖ ${e}`);
  if (f.discrepancy) out.push(`  ! ${f.discrepancy}`);
  if (f.vetoes.length) {
    out.push("");
    out.push(`【${std?.basic?.title ?? "基本标准"}】${std?.basic?.effect ?? ""}`);
    for (const v of f.vetoes) {
      out.push(`  ✖ ${v.reason}`);
      for (const n of v.notes) out.push(`     说明：${n}`);
    }
  }
  for (const s of f.sections) {
    out.push("");
    out.push(`【${s.title}】${fmtNum(s.score)}/${fmtNum(s.points)} 分${s.floored ? "（扣完为止，不计负分）" : ""}`);
    const ds = f.deductions.filter((d) => d.section === s.id);
    const listed = std?.sections.find((x) => x.id === s.id)?.items.length ?? 1;
    if (ds.length === 0) out.push(listed === 0 ? "  （评查标准未录入此部分的评查项目）" : "  未发现问题");
    for (const d of ds) {
      out.push(`  ${d.item} ${d.text}  扣 ${fmtNum(d.points)} 分`);
      out.push(`     ${d.reason}`);
      for (const n of d.notes) out.push(`     说明：${n}`);
      out.push(`     评查问题表第 ${d.lines.join("、")} 行`);
    }
  }
  return out.join("\n");
}

/** Files worth fixing for a self-check: errors first, then by points lost, with each deduction. */
export function filesToFix(u: UnitResult): ReviewedFile[] {
  const files = u.reviews?.files ?? [];
  // lowest score first: errors (no score) before all
  const key = (f: ReviewedFile) => (f.state === "error" ? -Infinity : (f.score ?? 0));
  return files
    .filter((f) => f.state === "error" || f.deductions.length > 0 || f.vetoes.length > 0)
    .sort((a, b) => key(a) - key(b) || (a.caseId < b.caseId ? -1 : 1));
}

export function filesToFixText(u: UnitResult, maxFiles = 10): string[] {
  if (!u.reviews) return [];
  const files = filesToFix(u);
  const out: string[] = [""];
  if (files.length === 0) {
    out.push(`评查案卷 ${u.reviews.count} 份，均未发现评查标准所列问题。`);
    return out;
  }
  out.push(`评查案卷 ${u.reviews.count} 份，其中 ${files.length} 份有问题需整改（按失分排序）：`);
  for (const f of files.slice(0, maxFiles)) {
    out.push(`  ${f.caseId}  ${scoreText(f)} 分  ${f.grade ?? "待核"}`);
    for (const e of f.errors) out.push(`     ✖ ${e}`);
    for (const v of f.vetoes) out.push(`     ✖ ${v.reason}`);
    for (const d of f.deductions) out.push(`     · ${d.item} ${d.reason}`);
  }
  if (files.length > maxFiles) out.push(`  …… 另有 ${files.length - maxFiles} 份（见 fazhi explain --file）`);
  return out;
}

/** "案卷评查（测绘…评查标准）：评查案卷 60 份，优秀 48，合格 9，不合格 2，待核 1" for evaluate's output; null without a standard. */
export function reviewsSummaryLine(results: Results): string | null {
  const std = results.rubric.reviewStandard;
  if (!std) return null;
  const byGrade: Record<string, number> = {};
  let count = 0;
  let errors = 0;
  for (const u of results.units) {
    if (!u.reviews) continue;
    count += u.reviews.count;
    errors += u.reviews.errors;
    for (const [g, n] of Object.entries(u.reviews.byGrade)) byGrade[g] = (byGrade[g] ?? 0) + n;
  }
  const parts = [...Object.entries(byGrade).map(([g, n]) => `${g} ${n}`), ...(errors ? [`待核 ${errors}`] : [])];
  return `案卷评查（${std.title}）：评查案卷 ${count} 份${parts.length ? `，${parts.join("，")}` : ""}。逐卷评查表：fazhi explain --unit <单位编码> --file <案件编号>，或 fazhi report。`;
}
