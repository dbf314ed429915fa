/**
 * The review stage (案卷评查 against a standard), between loading and indicators: every case
 * file of case_reviews reviewed in the period is scored from its review_findings rows. Findings
 * that name no reviewed file become rejected rows; findings that cannot be used (a rejected row
 * no file can be told from, an unknown item, a deduction outside its range, a missing note) make
 * the file's score an error, never full marks.
 */
import type { LoadedData, Row, DatasetLoad, RejectedRow } from "../data/types.js";
import type { Rubric } from "../rubric/schema.js";
import type { ReviewStandard } from "../standard/schema.js";
import { parseIsoDay, formatDay } from "../data/dates.js";
import { scoreFile, fileGrade, pts, type Finding, type FileScore } from "./score-file.js";

/** One reviewed case file, as results.json lists it. */
export interface ReviewedFile extends Omit<FileScore, "provisional"> {
  caseId: string;
  unitId: string;
  /** 评查日期, YYYY-MM-DD */
  date: string;
  reviewer: string | null;
  kind: string | null;
  /** line of the file in case_reviews */
  line: number;
  grade: string | null;
  /** 得分 as entered in case_reviews (null when blank) */
  given: number | null;
  /** "填报得分 85 分，按评查标准计算为 83 分" when the entered score differs */
  discrepancy?: string;
}

export interface ReviewedFiles {
  /** per unit, files in case-id then line order */
  byUnit: Map<string, ReviewedFile[]>;
  /** by case_reviews line: the score and veto the reviews indicators use */
  byLine: Map<number, { score: number | null; veto: string | null }>;
}

export function scoreReviewedFiles(standard: ReviewStandard, rubric: Rubric, data: LoadedData): ReviewedFiles {
  const start = parseIsoDay(rubric.period.start);
  const end = parseIsoDay(rubric.period.end);
  const reviews = data.datasets.case_reviews;
  const findingsLoad = data.datasets.review_findings;
  const rows = reviews && !reviews.error ? reviews.records : [];

  const lines = new Map<string, number>(); // case id → how many case_reviews rows
  for (const r of rows) lines.set(r.values.case_id as string, (lines.get(r.values.case_id as string) ?? 0) + 1);

  // findings of files no row of case_reviews names are row errors; the others grouped by file
  const byCase = new Map<string, Finding[]>();
  const allErrors: string[] = [];
  if (!findingsLoad || findingsLoad.error) {
    allErrors.push(findingsLoad?.error ?? "缺少案卷评查问题表（review_findings）");
  } else {
    // rows the loader refused (a bad number, a blank 案件编号 …): no file can be told from them
    const refused = findingsLoad.rejectedRows ?? 0;
    const refusedLines = findingsLoad.rejected.slice(0, 5).map((x) => x.line);
    const kept: Row[] = [];
    for (const r of findingsLoad.records) {
      const caseId = r.values.case_id as string;
      if (reviews && !reviews.error && !lines.has(caseId)) {
        rejectFinding(findingsLoad, r, "case_id", caseId, `案件编号 ${caseId} 不在案卷评查表（${reviews.file}）中`);
        continue;
      }
      kept.push(r);
      const list = byCase.get(caseId) ?? [];
      list.push({
        line: r.line,
        item: r.values.standard_item as string,
        count: (r.values.count as number | null) ?? null,
        deduction: (r.values.deduction as number | null) ?? null,
        note: (r.values.note as string | null) ?? null,
      });
      byCase.set(caseId, list);
    }
    // an unknown item id is a row error too; its file's score is then an error (scoreFile says so)
    const known = new Set([
      ...(standard.basic?.items ?? []).map((b) => b.id),
      ...standard.sections.flatMap((s) => s.items.map((i) => i.id)),
    ]);
    for (const r of kept) {
      const item = r.values.standard_item as string;
      if (!known.has(item)) rejectFinding(findingsLoad, r, "standard_item", item, `评查项目 ${item} 不在评查标准“${standard.title}”中`);
    }
    findingsLoad.records = kept.filter((r) => known.has(r.values.standard_item as string));
    if (refused > 0)
      allErrors.push(
        `${findingsLoad.file} 有 ${refused} 行未被接受（第 ${[...new Set(refusedLines)].join("、")}${refused > refusedLines.length ? " 等" : ""} 行），无法确定属于哪份案卷`,
      );
  }

  const byUnit = new Map<string, ReviewedFile[]>();
  const byLine = new Map<number, { score: number | null; veto: string | null }>();
  const p = rubric.parameters;
  for (const r of rows) {
    const v = r.values;
    const day = v.date as number;
    if (day < start || day > end) continue;
    const caseId = v.case_id as string;
    const fs = byCase.get(caseId) ?? [];
    const extra = [...allErrors];
    if ((lines.get(caseId) ?? 0) > 1 && fs.length > 0)
      extra.push(`案件编号 ${caseId} 在案卷评查表中出现 ${lines.get(caseId)} 次，评查问题无法对应到其中一次`);
    const s = scoreFile(standard, fs, extra);
    const given = (v.score as number | null) ?? null;
    const grade = fileGrade(standard, s, p.reviewExcellent, p.reviewPass);
    const vetoGiven = (v.veto as string | null) ?? null;
    const veto = [...s.vetoes.map((x) => x.problem), ...(vetoGiven ? [vetoGiven] : [])].join("；") || null;
    // (the score of the usable findings alone is not kept: it would read as a score)
    const { provisional: _p, ...rest } = s;
    const file: ReviewedFile = {
      caseId,
      unitId: v.unit_id as string,
      date: formatDay(day),
      reviewer: (v.reviewer as string | null) ?? null,
      kind: (v.review_kind as string | null) ?? null,
      line: r.line,
      ...rest,
      grade: vetoGiven && grade ? "不合格" : grade,
      given,
    };
    if (given !== null && s.score !== null && Math.abs(given - s.score) > 1e-9)
      file.discrepancy = `填报得分 ${pts(given)} 分，按评查标准计算为 ${pts(s.score)} 分`;
    byLine.set(r.line, { score: s.score, veto });
    const list = byUnit.get(file.unitId) ?? [];
    list.push(file);
    byUnit.set(file.unitId, list);
  }
  for (const list of byUnit.values()) list.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.line - b.line));
  return { byUnit, byLine };
}

function rejectFinding(load: DatasetLoad, row: Row, key: string, value: string, reason: string): void {
  const column = load.headers.find((h) => h.key === key)?.source ?? key;
  const rej: RejectedRow = { line: row.line, column, value, reason };
  // the dataset's line, and the line of the file (and sheet) the row came from
  const source = load.sources?.[row.src ?? 0];
  for (const target of source ? [load, source] : [load]) {
    let at = target.rejected.findIndex((x) => x.line > row.line);
    if (at < 0) at = target.rejected.length;
    target.rejected.splice(at, 0, rej);
    target.accepted--;
    target.rejectedRows = (target.rejectedRows ?? 0) + 1;
    if (target.rejectedTotal !== undefined) target.rejectedTotal++;
  }
}
