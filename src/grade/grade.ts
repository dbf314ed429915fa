/** Stage 5a: grade bands per unit category, compound conditions, and veto caps. */
import type { GradeScale, Rubric } from "../rubric/schema.js";
import { inBound } from "../score/bound.js";
import { vetoApplies, type AreaResult, type VetoResult } from "../score/unit.js";

export function scaleFor(rubric: Rubric, category: string): GradeScale | undefined {
  return rubric.grades.find((g) => g.categories?.includes(category)) ?? rubric.grades.find((g) => !g.categories);
}

export interface GradeOutcome {
  grade: string | null;
  /** set when a veto lowered the grade */
  cappedBy?: string;
  reason: string;
}

export function gradeUnit(rubric: Rubric, category: string, total: number | null, areas: AreaResult[], vetoes: VetoResult[]): GradeOutcome {
  const scale = scaleFor(rubric, category);
  if (!scale) return { grade: null, reason: `细则未规定“${category}”类单位的等次标准。` };
  if (total === null) return { grade: null, reason: "没有适用的考评项目，不评定等次。" };
  const shares = areas.filter((a) => !a.bonus && a.share !== null).map((a) => a.share!);
  const idx = scale.bands.findIndex(
    (b) => (!b.total || inBound(total, b.total)) && (!b.everyAreaShare || shares.every((s) => s >= b.everyAreaShare!.gte - 1e-9)),
  );
  if (idx < 0) return { grade: null, reason: `总分 ${total} 不在任何等次范围内。` };
  let grade = scale.bands[idx]!.grade;
  // (a veto the rows not read could fire is applied until the data are whole: score/unit.ts)
  const how = (v: VetoResult) => (v.fired === true ? "一票否决" : "可能触发一票否决（数据不完整，暂按触发计）");
  const zero = vetoes.find((v) => vetoApplies(v) && v.zeroTotal);
  if (zero) return { grade, cappedBy: zero.id, reason: `因“${zero.title}”${how(zero)}，总分计为零，评为${grade}。` };
  for (const v of vetoes) {
    if (!vetoApplies(v) || v.capGrade === undefined) continue;
    const cap = scale.bands.findIndex((b) => b.grade === v.capGrade);
    if (cap > scale.bands.findIndex((b) => b.grade === grade)) {
      return { grade: v.capGrade, cappedBy: v.id, reason: `按分数为${grade}，因“${v.title}”${how(v)}，定为${v.capGrade}。` };
    }
  }
  return { grade, reason: `总分 ${total}，评为${grade}。` };
}
