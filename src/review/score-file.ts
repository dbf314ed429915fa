/**
 * One case file scored against a review standard (评查标准) from its findings: a deduction per
 * item with a Chinese sentence, capped by the item (and its cap), floored per section
 * (扣完为止，不计负分); a failed basic item makes the file 不合格 with 0 points. A finding that
 * cannot be used makes the file's score an error, never full marks.
 */
import type { ReviewStandard, StandardItem, Section } from "../standard/schema.js";

/** One row of review_findings, as accepted by the loader. */
export interface Finding {
  line: number;
  item: string;
  /** 问题数; null = 1 */
  count: number | null;
  /** 扣分, for range items */
  deduction: number | null;
  note: string | null;
}

export interface FileDeduction {
  item: string;
  section: string;
  /** 评查内容 */
  text: string;
  count: number;
  /** points deducted from the item, after its caps */
  points: number;
  reason: string;
  notes: string[];
  /** lines of review_findings behind it */
  lines: number[];
}

export interface FileVeto {
  item: string;
  problem: string;
  reason: string;
  notes: string[];
  lines: number[];
}

export interface SectionScore {
  id: string;
  title: string;
  points: number;
  deducted: number;
  score: number;
  /** the section floor bit (扣完为止) */
  floored: boolean;
}

export interface FileScore {
  /** null when a finding could not be used */
  score: number | null;
  state: "scored" | "error";
  /** what the usable findings alone give (an upper bound when state is error) */
  provisional: number;
  vetoes: FileVeto[];
  sections: SectionScore[];
  deductions: FileDeduction[];
  /** why findings could not be used, one sentence each */
  errors: string[];
  /** "卷面标准扣 3 分，内容标准扣 0 分，得 97 分。" / "基本标准不符合（实施主体不合法），评查总分为 0 分。" */
  reason: string;
}

const S = 1000; // points as integers of 1/1000 so sums do not drift
const toInt = (x: number) => Math.round(x * S);
const fromInt = (n: number) => n / S;
/** A number as a sentence shows it: 2, 0.5, 1.25. */
export const pts = (x: number) => String(Math.round(x * 100) / 100);

export function scoreFile(standard: ReviewStandard, findings: readonly Finding[], outsideErrors: readonly string[] = []): FileScore {
  const errors = [...outsideErrors];
  const basic = new Map((standard.basic?.items ?? []).map((b) => [b.id, b]));
  const items = new Map<string, { item: StandardItem; section: Section }>();
  for (const section of standard.sections) for (const item of section.items) items.set(item.id, { item, section });

  const byItem = new Map<string, Finding[]>();
  for (const f of [...findings].sort((a, b) => a.line - b.line)) {
    if (!basic.has(f.item) && !items.has(f.item)) {
      errors.push(`第 ${f.line} 行：评查项目“${f.item}”不在评查标准中`);
      continue;
    }
    const list = byItem.get(f.item) ?? [];
    list.push(f);
    byItem.set(f.item, list);
  }

  const vetoes: FileVeto[] = [];
  for (const b of standard.basic?.items ?? []) {
    const fs = byItem.get(b.id);
    if (!fs) continue;
    vetoes.push({
      item: b.id,
      problem: b.problem,
      reason: `${b.problem}（${b.text}，基本标准 ${b.clause}），不合格卷`,
      notes: notesOf(fs),
      lines: fs.map((f) => f.line),
    });
  }

  const deductions: FileDeduction[] = [];
  const sections: SectionScore[] = [];
  for (const section of standard.sections) {
    let raw = 0;
    for (const item of section.items) {
      const fs = byItem.get(item.id);
      if (!fs) continue;
      const d = itemDeduction(item, fs, errors);
      if (!d) continue;
      raw += toInt(d.points);
      deductions.push({ item: item.id, section: section.id, text: item.text, ...d, notes: notesOf(fs), lines: fs.map((f) => f.line) });
    }
    const cap = toInt(section.points);
    const deducted = Math.min(raw, cap);
    sections.push({
      id: section.id,
      title: section.title,
      points: section.points,
      deducted: fromInt(deducted),
      score: fromInt(cap - deducted),
      floored: raw > cap,
    });
  }

  const deductedAll = sections.reduce((a, s) => a + toInt(s.deducted), 0);
  const provisional = vetoes.length > 0 ? 0 : fromInt(Math.max(0, toInt(standard.total) - deductedAll));
  const state = errors.length > 0 ? "error" : "scored";
  const reason =
    vetoes.length > 0
      ? `基本标准不符合（${vetoes.map((v) => v.problem).join("；")}），评查总分为 0 分，不合格卷。`
      : deductedAll === 0
        ? `未发现评查标准所列问题，得满分 ${pts(standard.total)} 分。`
        : sections
            .filter((s) => s.deducted > 0)
            .map((s) => `${s.title}扣 ${pts(s.deducted)} 分${s.floored ? `（${pts(s.points)} 分扣完为止，不计负分）` : ""}`)
            .join("，") + `，得 ${pts(provisional)} 分。`;
  errors.sort((a, b) => lineOf(a) - lineOf(b));
  return {
    score: state === "error" ? null : provisional,
    state,
    provisional,
    vetoes,
    sections,
    deductions,
    errors,
    reason: state === "error" ? `有 ${errors.length} 条评查记录无法使用，得分待核：${errors.join("；")}。` : reason,
  };
}

/** The item's deduction and its sentence, or null (with an error pushed) when a finding cannot be used. */
function itemDeduction(
  item: StandardItem,
  fs: readonly Finding[],
  errors: string[],
): Omit<FileDeduction, "item" | "section" | "text" | "notes" | "lines"> | null {
  const d = item.deduction;
  let bad = false;
  let count = 0;
  for (const f of fs) {
    const n = f.count ?? 1;
    if (!Number.isInteger(n) || n < 1) {
      errors.push(`第 ${f.line} 行：问题数 ${n} 应为正整数`);
      bad = true;
    }
    count += n;
  }
  if (d.type === "range") {
    let sum = 0;
    for (const f of fs) {
      if (f.deduction === null) {
        errors.push(`第 ${f.line} 行：评查项目 ${item.id} 由评查人酌情扣分（${pts(d.min)}—${pts(d.max)} 分），须填写扣分`);
        bad = true;
      } else if (f.deduction < d.min - 1e-9 || f.deduction > d.max + 1e-9) {
        errors.push(`第 ${f.line} 行：评查项目 ${item.id} 扣分 ${pts(f.deduction)} 分超出标准的 ${pts(d.min)}—${pts(d.max)} 分`);
        bad = true;
      } else sum += toInt(f.deduction);
      if (!f.note) {
        errors.push(`第 ${f.line} 行：评查项目 ${item.id} 酌情扣分，须在说明中写明理由`);
        bad = true;
      }
    }
    if (bad) return null;
    const capped = Math.min(sum, toInt(item.max));
    const given = fs.map((f) => pts(f.deduction!)).join(" + ");
    return {
      count,
      points: fromInt(capped),
      reason: `${item.problem}，酌情扣 ${given} 分（标准 ${pts(d.min)}—${pts(d.max)} 分）${capped < sum ? `，该项 ${pts(item.max)} 分扣完为止，扣 ${pts(fromInt(capped))} 分` : ""}`,
    };
  }
  // fixed / perDefect: the standard sets the deduction; a 扣分 entered must agree with it
  for (const f of fs) {
    if (f.deduction === null) continue;
    const n = f.count ?? 1;
    const expected = d.type === "fixed" ? d.points : n * d.points;
    if (Math.abs(f.deduction - expected) > 1e-9) {
      errors.push(
        `第 ${f.line} 行：评查项目 ${item.id} 的扣分由标准确定（${d.type === "fixed" ? `扣 ${pts(d.points)} 分` : `每${d.unit}扣 ${pts(d.points)} 分`}），填写的 ${pts(f.deduction)} 分与之不符`,
      );
      bad = true;
    }
  }
  if (bad) return null;
  if (d.type === "fixed") {
    const p = Math.min(toInt(d.points), toInt(item.max));
    return { count, points: fromInt(p), reason: `${item.problem}${count > 1 ? `（${count} 处）` : ""}，扣 ${pts(fromInt(p))} 分` };
  }
  const raw = count * toInt(d.points);
  const capByRule = d.cap !== undefined ? toInt(d.cap) : Infinity;
  const capByItem = toInt(item.max);
  const p = Math.min(raw, capByRule, capByItem);
  let tail = "";
  if (p < raw) tail = capByRule <= capByItem ? `，累计扣分不超过 ${pts(d.cap!)} 分` : `，该项 ${pts(item.max)} 分扣完为止`;
  return {
    count,
    points: fromInt(p),
    reason: `${item.problem}，${count} ${d.unit}，每${d.unit}扣 ${pts(d.points)} 分${tail}，扣 ${pts(fromInt(p))} 分`,
  };
}

/** The line a message starts with ("第 17 行：…"), or 0: messages about the whole file come first. */
function lineOf(message: string): number {
  const m = /^第 (\d+) 行/.exec(message);
  return m ? Number(m[1]) : 0;
}

function notesOf(fs: readonly Finding[]): string[] {
  return fs.map((f) => f.note).filter((n): n is string => !!n);
}

/** The file's grade: the standard's bands, else the rubric's 优秀 / 合格 thresholds; any veto is 不合格. */
export function fileGrade(standard: ReviewStandard, score: FileScore, excellent: number, pass: number): string | null {
  if (score.state === "error") return null;
  if (score.vetoes.length > 0) return "不合格";
  const s = score.score!;
  if (standard.grades) return standard.grades.find((g) => s >= g.min - 1e-9)?.grade ?? "不合格";
  return s >= excellent - 1e-9 ? "优秀" : s >= pass - 1e-9 ? "合格" : "不合格";
}
