/**
 * View models of 案卷评查 for the reports, pure functions of results.json: a unit's table of
 * reviewed files, and per file the filled 评查表 a reviewer signs (every item of the standard,
 * its deduction, reason and notes, section and file totals, grade, signature lines).
 */
import type { Results, UnitResult } from "../results/types.js";
import type { ReviewedFile } from "./files.js";
import { fmtNum } from "../util/format.js";

/** Files a unit report lists before counting the rest (the 评查表 pages have them all). */
export const FILES_SHOWN = 60;

export interface ReviewsBlock {
  standard: string;
  source: string;
  count: number;
  summary: string;
  rows: { caseId: string; date: string; reviewer: string; score: string; grade: string; gradeClass: string; problems: string }[];
  more: number;
}

const score = (f: ReviewedFile) => (f.score === null ? "待核" : fmtNum(f.score));
const gradeClass = (f: ReviewedFile) => (f.state === "error" ? "error" : f.grade === "不合格" ? "bad" : "");

function problemsOf(f: ReviewedFile): string {
  if (f.state === "error") return `评查记录无法使用：${f.errors.join("；")}`;
  const parts = [...f.vetoes.map((v) => v.reason), ...f.deductions.map((d) => d.reason)];
  if (f.discrepancy) parts.push(f.discrepancy);
  return parts.length ? parts.join("；") : "未发现评查标准所列问题";
}

export function reviewsBlock(results: Results, u: UnitResult): ReviewsBlock | null {
  const r = u.reviews;
  const std = results.rubric.reviewStandard;
  if (!r || !std) return null;
  const grades = Object.entries(r.byGrade).map(([g, n]) => `${g} ${n} 份`);
  if (r.errors) grades.push(`待核 ${r.errors} 份`);
  return {
    standard: std.title,
    source: `${std.source.issuer}《${std.source.title}》${std.source.year ? `（${std.source.year}年）` : ""}`,
    count: r.count,
    summary:
      r.count === 0 ? "考核期内没有评查案卷。" : `考核期内按评查标准评查案卷 ${r.count} 份：${grades.join("，")}。每份案卷的评查表附后。`,
    rows: r.files.slice(0, FILES_SHOWN).map((f) => ({
      caseId: f.caseId,
      date: f.date,
      reviewer: f.reviewer ?? "—",
      score: score(f),
      grade: f.grade ?? "—",
      gradeClass: gradeClass(f),
      problems: problemsOf(f),
    })),
    more: Math.max(0, r.count - FILES_SHOWN),
  };
}

export interface SheetRow {
  id: string;
  text: string;
  max: string;
  rule: string;
  deducted: string;
  score: string;
  reason: string;
  notes: string[];
  hit: boolean;
}

export interface Sheet {
  caseId: string;
  /** two label/value pairs a row */
  factRows: { label: string; value: string }[][];
  basic: {
    title: string;
    effect: string;
    rows: { id: string; text: string; problem: string; result: string; notes: string[]; hit: boolean }[];
  } | null;
  sections: { title: string; points: string; score: string; floored: boolean; empty: boolean; rows: SheetRow[] }[];
  total: string;
  totalMax: string;
  grade: string;
  conclusion: string;
  errors: string[];
  discrepancy: string;
}

/** Every reviewed file of the unit, as the 评查表 pages show them. */
export function reviewSheets(results: Results, u: UnitResult): Sheet[] {
  const std = results.rubric.reviewStandard;
  if (!std || !u.reviews) return [];
  return u.reviews.files.map((f) => {
    const basic = std.basic
      ? {
          title: std.basic.title,
          effect: std.basic.effect,
          rows: std.basic.items.map((b) => {
            const v = f.vetoes.find((x) => x.item === b.id);
            return { id: b.id, text: b.text, problem: b.problem, result: v ? "不合格卷" : "符合", notes: v?.notes ?? [], hit: !!v };
          }),
        }
      : null;
    const sections = std.sections.map((s) => {
      const got = f.sections.find((x) => x.id === s.id);
      return {
        title: `${s.title}（${fmtNum(s.points)} 分）`,
        points: fmtNum(s.points),
        score: f.state === "error" ? "待核" : got ? fmtNum(got.score) : "—",
        floored: got?.floored ?? false,
        empty: s.items.length === 0,
        rows: s.items.map((i) => {
          const d = f.deductions.find((x) => x.item === i.id);
          return {
            id: i.id,
            text: i.text,
            max: fmtNum(i.max),
            rule: i.quote ?? ruleText(i.deduction),
            deducted: d ? fmtNum(d.points) : "",
            score: f.state === "error" ? "" : fmtNum(i.max - (d?.points ?? 0)),
            reason: d?.reason ?? "",
            notes: d?.notes ?? [],
            hit: !!d,
          };
        }),
      };
    });
    return {
      caseId: f.caseId,
      factRows: [
        [
          { label: "案件编号", value: f.caseId },
          { label: "评查日期", value: f.date },
        ],
        [
          { label: "被评查单位", value: `${u.name}（${u.id}）` },
          { label: "评查方式", value: f.kind ?? "—" },
        ],
      ],
      basic,
      sections,
      total: score(f),
      totalMax: fmtNum(std.total),
      grade: f.grade ?? "待核",
      conclusion: f.state === "error" ? `有 ${f.errors.length} 条评查记录无法使用，得分待核：` : f.reason,
      errors: f.errors,
      discrepancy: f.discrepancy ?? "",
    };
  });
}

function ruleText(d: NonNullable<Results["rubric"]["reviewStandard"]>["sections"][number]["items"][number]["deduction"]): string {
  if (d.type === "fixed") return `扣 ${fmtNum(d.points)} 分`;
  if (d.type === "perDefect") return `每${d.unit}扣 ${fmtNum(d.points)} 分${d.cap !== undefined ? `，累计不超过 ${fmtNum(d.cap)} 分` : ""}`;
  return `酌情扣 ${fmtNum(d.min)}—${fmtNum(d.max)} 分，须写明理由`;
}
