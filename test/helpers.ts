/** Small builders for tests: a minimal valid rubric, and scoring one unit on given indicator values. */
import { parseRubric } from "../src/rubric/load.js";
import type { Rubric, RubricInput } from "../src/rubric/schema.js";
import { buildConditions, scoreUnit, type UnitScore } from "../src/score/unit.js";
import type { UnitIndicators, IndicatorDetail } from "../src/indicators/types.js";

export const PLAN = "qingxin-2024-invalidated-docs-and-plan.txt";
export const src = (clause = "二、(一)2") => ({ plan: PLAN, clause });

type ItemInput = RubricInput["areas"][number]["items"][number];

export function rubricWith(items: ItemInput[], extra: Partial<RubricInput> = {}): Rubric {
  const max = items.reduce((s, i) => s + i.max, 0);
  const input: RubricInput = {
    id: "test",
    title: "测试细则",
    issuer: "测试司法局",
    plans: [{ file: PLAN, title: "测试方案" }],
    period: { start: "2024-01-01", end: "2024-12-31" },
    totalPoints: max,
    notApplicable: "rescale",
    datasets: ["units", "officers", "training", "cases", "case_reviews", "milestones", "documents", "indicators"],
    parameters: {
      trainingMinHours: 60,
      minutesPerHour: 45,
      trainingKinds: ["公共法律知识", "业务知识", "执法技能"],
      minCertifiedHandlers: 2,
      publicityWorkingDays: 7,
      reviewExcellent: 90,
      reviewPass: 60,
    },
    grades: [
      {
        bands: [
          { grade: "优秀", total: { gte: 90 } },
          { grade: "良好", total: { gte: 80 } },
          { grade: "合格", total: { gte: 60 } },
          { grade: "不合格" },
        ],
      },
    ],
    areas: [{ id: "A", title: "领域", points: max, items }],
    ...extra,
  };
  return parseRubric(input).rubric;
}

export function indicators(
  values: Record<string, number | boolean | null>,
  details: Record<string, IndicatorDetail> = {},
  errors: Record<string, string> = {},
): UnitIndicators {
  return { values, details, errors };
}

export async function scoreOne(rubric: Rubric, ind: UnitIndicators, category = "区直部门"): Promise<UnitScore> {
  return scoreUnit(rubric, buildConditions(rubric), { id: "U1", name: "测试单位", category, parentId: null }, ind);
}
