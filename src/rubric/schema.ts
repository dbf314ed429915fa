/**
 * The rubric language: one zod schema, the single source of truth for rubric types and for
 * the JSON Schema in rubrics/rubric.schema.json (see write-schema.ts).
 *
 * A rubric carries every number of a plan (targets, deductions, deadlines, parameters), each
 * item citing the plan clause it comes from. Conditions use json-rules-engine's syntax over
 * a unit's indicators ("facts" are indicator keys such as "training.compliantRate").
 */
import { z } from "zod";
import { DATASET_IDS } from "../data/contract.js";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期应写作 YYYY-MM-DD，如 2024-06-30")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "日期不存在");

const id = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fff]+$/, "编号只能包含字母、数字、汉字、点、下划线和连字符");

/** Where a rubric item comes from: the plan file in ../shared/plans and the clause. */
export const Source = z
  .object({
    plan: z.string().min(1).describe("plan file name in plans/, e.g. qingxin-2024-invalidated-docs-and-plan.txt"),
    clause: z.string().min(1).describe("clause path in the plan, e.g. 二、(一)2"),
    quote: z.string().optional().describe("the clause's words, as short as is useful"),
  })
  .strict();

// ---- conditions (json-rules-engine syntax) ------------------------------------------------

export const OPERATORS = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
] as const;

export interface FactCondition {
  fact: string;
  operator: (typeof OPERATORS)[number];
  value: unknown;
  path?: string;
}
export type Condition = FactCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

const FactConditionSchema = z
  .object({
    fact: z.string().min(1).describe("indicator key (unit conditions) or column key (row filters)"),
    operator: z.enum(OPERATORS),
    value: z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.union([z.number(), z.string(), z.boolean()]))]),
    path: z.string().optional(),
  })
  .strict();

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    FactConditionSchema,
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
  ]),
) as z.ZodType<Condition>;

// ---- scoring patterns ---------------------------------------------------------------------

/** Deduction (or, in a bonus area, addition) per occurrence of a counted indicator, capped. */
const PerOccurrence = z
  .object({
    type: z.literal("perOccurrence"),
    indicator: z.string().describe("a count indicator, e.g. cases.invalidBasis"),
    points: z.number().positive().describe("points deducted (bonus: added) per occurrence"),
    cap: z.number().positive().optional().describe("at most this many points (default: the item's max)"),
    unit: z.string().optional().describe("measure word for the sentence: 件, 人, 项 …"),
  })
  .strict();

/** Rate → points by shortfall below a target: 每低 step 扣 points. */
const RateSteps = z
  .object({
    type: z.literal("rateSteps"),
    indicator: z.string(),
    target: z.number().min(0).max(1).describe("the rate that scores full points, e.g. 1 for 100%"),
    step: z.number().positive().max(1).describe("size of one step as a fraction: 0.01 = 1 个百分点"),
    points: z.number().positive().describe("points deducted per step of shortfall"),
    rounding: z
      .enum(["proportional", "ceil", "floor"])
      .default("proportional")
      .describe("proportional: a part step deducts its part; ceil: any started step counts whole; floor: only whole steps"),
    floorRate: z.number().min(0).max(1).optional().describe("at or below this rate the item scores 0"),
  })
  .strict();

/** All or nothing on a condition over the unit's indicators. */
const Threshold = z
  .object({
    type: z.literal("threshold"),
    when: ConditionSchema.describe("when true the item scores `pass` points (default max), else `fail` (default 0)"),
    pass: z.number().min(0).optional(),
    fail: z.number().min(0).optional(),
    text: z.string().optional().describe("what the condition means, for the sentence; generated when absent"),
  })
  .strict();

const Bound = z
  .object({
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
  })
  .strict()
  .refine(
    (b) => !(b.gte !== undefined && b.gt !== undefined) && !(b.lte !== undefined && b.lt !== undefined),
    "同一端只能给 gte 或 gt（lte 或 lt）之一",
  );

/** Bands: the first band whose bounds hold gives the points. */
const Bands = z
  .object({
    type: z.literal("bands"),
    indicator: z.string(),
    bands: z
      .array(
        z
          .object({
            value: Bound.describe("bounds on the indicator value, each end explicitly inclusive (gte/lte) or exclusive (gt/lt)"),
            points: z.number().min(0),
          })
          .strict(),
      )
      .min(1),
    otherwise: z.number().min(0).default(0).describe("points when no band holds"),
  })
  .strict();

/** A task with a deadline, read from the milestones dataset. */
const Deadline = z
  .object({
    type: z.literal("deadline"),
    task: z.string().describe("a task id defined in the rubric's tasks"),
    late: z
      .union([
        z.object({ perDay: z.number().positive(), cap: z.number().positive().optional() }).strict(),
        z.object({ points: z.number().min(0).describe("points awarded when late") }).strict(),
      ])
      .describe("late: per-day deduction (capped, default cap = max) or fixed points awarded"),
    missing: z.number().min(0).default(0).describe("points when not reported done"),
  })
  .strict();

/** A fixed deduction when a condition (an event) holds. */
const Event = z
  .object({
    type: z.literal("event"),
    when: ConditionSchema,
    points: z.number().positive().describe("points deducted when the condition holds (扣100分: more than the item's max)"),
    text: z.string().optional(),
    fromTotal: z
      .boolean()
      .optional()
      .describe("the deduction beyond the item's own points is taken off the unit's total (floored at 0): \"扣100分\""),
  })
  .strict();

/** A reviewer's entry: points read from the indicators dataset, pending until entered. */
const Manual = z
  .object({
    type: z.literal("manual"),
    indicator: z.string().describe("indicator.<id> holding the reviewer's points"),
    guidance: z.string().optional().describe("what the reviewer judges"),
  })
  .strict();

/** Shortfall below a count target: "每年专题学法不少于6次…每少一次扣0.3分，累计扣分不超过1.2分". */
const ShortfallFields = {
  indicator: z.string().describe("a count indicator, e.g. activity.专题学法 or indicator.meetings"),
  target: z.number().positive().describe("the count the clause requires: 不少于 target"),
  points: z.number().positive().describe("points deducted per one short of the target (每少一次)"),
  cap: z.number().positive().optional().describe("at most this many points (累计扣分不超过; default: the item's max)"),
  unit: z.string().optional().describe("measure word for the sentence: 次, 人, 件 …"),
};
const Shortfall = z.object({ type: z.literal("shortfall"), ...ShortfallFields }).strict();

/** One deduction among several inside one item (see Deductions). */
const DeductionRule = z.union([
  z
    .object({
      kind: z.literal("event"),
      when: ConditionSchema.describe("the deduction applies when this holds"),
      points: z.number().positive(),
      text: z.string().min(1).describe("the clause's words for the case, e.g. 未成立领导小组"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("perOccurrence"),
      indicator: z.string(),
      points: z.number().positive(),
      cap: z.number().positive().optional(),
      unit: z.string().optional(),
    })
    .strict(),
  z.object({ kind: z.literal("shortfall"), ...ShortfallFields }).strict(),
  z
    .object({
      kind: z.literal("discretionary"),
      indicator: z.string().describe("indicator.<id> holding the reviewer's deduction (0 = no deduction), its reason in 佐证材料"),
      min: z.number().min(0).default(0).describe("the smallest deduction the clause allows when it deducts"),
      max: z.number().positive().optional().describe("the largest deduction (default: the item's max; 不得分 → the item's max)"),
      text: z.string().min(1).describe("the case the reviewer judges, in the clause's words, e.g. 建立了相应制度但实施不到位"),
      when: ConditionSchema.optional().describe(
        "the rule applies only when this holds (出现不合格案卷的，扣减相应分数); otherwise no entry is needed, and a deduction entered is an error",
      ),
    })
    .strict(),
]);

/** Several deductions inside one item, summed and floored at zero (扣完为止): "未成立领导小组的扣0.5分；
 * 未明确分管领导的扣0.5分；专题研究每少一次扣0.5分"（3分）. A `discretionary` rule is a reviewer's
 * deduction within a range among them: "…不得分或酌情扣分；规范性文件未按要求报送备案的，每件扣1分". */
const Deductions = z
  .object({
    type: z.literal("deductions"),
    rules: z.array(DeductionRule).min(1).describe("each deduction of the clause, in its order"),
  })
  .strict();

/** Tiered credit by kind: "有专门机构的得3分，有兼管机构的得2分，否则不得分". */
const Tiers = z
  .object({
    type: z.literal("tiers"),
    tiers: z
      .array(
        z
          .object({
            when: ConditionSchema,
            points: z.number().min(0),
            text: z.string().min(1).describe("the case in the clause's words, e.g. 有专门法制机构"),
          })
          .strict(),
      )
      .min(1)
      .describe("best first: the first tier that holds gives the points"),
    otherwise: z.number().min(0).default(0),
    otherwiseText: z.string().min(1).optional().describe("the case when no tier holds, e.g. 无专门或兼管法制机构"),
  })
  .strict();

/** Discretionary deduction within a range ("酌情扣分", "扣0.2—1分", "扣减相应分数"): a reviewer enters
 * the deduction in the indicators dataset (数值) with the reason (佐证材料). */
const Discretionary = z
  .object({
    type: z.literal("discretionary"),
    indicator: z.string().describe("indicator.<id> holding the reviewer's deduction (0 = no deduction)"),
    min: z.number().min(0).default(0).describe("the smallest deduction the clause allows when it deducts (扣0.2—1分 → 0.2)"),
    max: z.number().positive().optional().describe("the largest deduction (default: the item's max)"),
    guidance: z.string().optional().describe("what the reviewer judges, e.g. 根据工作开展情况酌情扣分"),
  })
  .strict();

export const Scoring = z.discriminatedUnion("type", [
  PerOccurrence,
  RateSteps,
  Threshold,
  Bands,
  Deadline,
  Event,
  Manual,
  Shortfall,
  Deductions,
  Tiers,
  Discretionary,
]);

/** "提供的情况经核查不实的，从重扣分": a self-reported figure compared with the records. */
export const FalseReporting = z
  .object({
    reported: z.string().describe("the self-reported indicator, e.g. indicator.certification_rate_reported"),
    verified: z.string().describe("the indicator the records yield, e.g. certification.rate"),
    tolerance: z.number().min(0).default(0).describe("allowed absolute difference"),
    direction: z
      .enum(["overstated", "understated", "either"])
      .default("overstated")
      .describe("which discrepancy is 不实: a reported figure above the verified one (default), below it, or either"),
    points: z
      .union([z.literal("all"), z.number().positive()])
      .default("all")
      .describe("deducted within the item's points"),
  })
  .strict();

/** A quantitative target a plan clause states: 不少于60学时, 45分钟为1个学时, 100%, 3名以上 … */
export const Target = z
  .object({
    text: z.string().min(1).describe("the words as the plan states them, e.g. 不少于60学时"),
    value: z.number().describe("the number: 60, 45, 100, 3 …"),
    upTo: z.number().optional().describe("range: the upper end (聘期3至5年 → value 3, upTo 5)"),
    unit: z.string().optional().describe("学时, 分钟, %, 名, 期, 日 …"),
    kind: z
      .enum(["min", "max", "exact", "range", "conversion"])
      .describe("min: 不少于/以上/达到; max: 不超过/以内; conversion: 45分钟为1个学时"),
    per: z.literal("year").optional().describe("每年: the target holds for every year"),
    by: isoDate.optional().describe("the date the target is to be reached by, when the clause states one"),
  })
  .strict();

export const Item = z
  .object({
    id,
    title: z.string().min(1),
    max: z.number().positive().describe("full points (in a bonus area: the item's cap)"),
    source: Source,
    scoring: Scoring,
    categories: z.array(z.string().min(1)).min(1).optional().describe("unit categories the item applies to (default: all)"),
    applicableWhen: ConditionSchema.optional().describe("the item applies only when this holds"),
    ifNotApplicable: z.enum(["rescale", "full"]).optional().describe("overrides the rubric's notApplicable rule"),
    ifNoData: z
      .enum(["notApplicable", "zero", "full"])
      .default("notApplicable")
      .describe("when an indicator the item reads is null (no case to rate, …)"),
    falseReporting: FalseReporting.optional(),
    remediation: z.string().optional().describe("advice shown with a deduction"),
    draft: z.boolean().optional().describe("drafted from a plan's text: points and scoring still to be set by the author"),
    targets: z
      .array(Target)
      .optional()
      .describe("quantitative targets the clause states (fazhi draft fills them in), for the author to turn into scoring"),
    responsible: z.array(z.string().min(1)).optional().describe("责任单位 the clause names"),
  })
  .strict();

export const Area = z
  .object({
    id,
    title: z.string().min(1),
    points: z.number().positive().describe("the area's points; item maxima are scaled to it when they sum differently"),
    bonus: z.boolean().default(false).describe("a bonus area: items add points, capped at `points`, outside the total's maximum"),
    items: z.array(Item).min(1),
  })
  .strict();

export const Task = z
  .object({
    id,
    title: z.string().min(1),
    deadline: isoDate.optional().describe("a fixed completion date, e.g. 2024-06-30"),
    recurring: z
      .array(z.string().regex(/^\d{2}-\d{2}$/, "应写作 MM-DD，如 05-31"))
      .min(1)
      .optional()
      .describe('every year on these dates (MM-DD) that fall inside the period: 每年5月底和11月底前 → ["05-31", "11-30"]'),
    ongoing: z.boolean().optional().describe("长期推进 / 持续推进: the task goes on after its deadline, or has none"),
    responsible: z.array(z.string().min(1)).optional().describe("责任单位 as the plan names them"),
    source: Source,
  })
  .strict()
  .refine(
    (t) => t.deadline !== undefined || t.recurring !== undefined || t.ongoing === true,
    "任务须有 deadline、recurring 或 ongoing 之一",
  );

export const GradeBand = z
  .object({
    grade: z.string().min(1),
    total: Bound.optional().describe("bounds on the total, each end explicit"),
    everyAreaShare: z
      .object({ gte: z.number().min(0).max(1) })
      .strict()
      .optional()
      .describe("every (non-bonus) area scores at least this share of its applicable points"),
  })
  .strict();

export const GradeScale = z
  .object({
    categories: z.array(z.string().min(1)).min(1).optional().describe("unit categories (omit for the default scale)"),
    bands: z.array(GradeBand).min(1).describe("best first; the first band that holds gives the grade"),
  })
  .strict();

export const Veto = z
  .object({
    id,
    title: z.string().min(1),
    source: Source,
    when: ConditionSchema,
    capGrade: z.string().min(1).optional().describe("the grade is at most this one when the veto fires"),
    zeroTotal: z.boolean().optional().describe('the total is 0 when the veto fires ("任何一项存在问题，总分即为零分")'),
  })
  .strict()
  .refine(
    (v) => (v.capGrade !== undefined) !== (v.zeroTotal === true),
    "否决项须给出 capGrade（封顶等次）或 zeroTotal: true（总分为零）之一",
  );

export const CustomIndicator = z
  .object({
    id: z.string().regex(/^custom\.[A-Za-z0-9_.\-\u4e00-\u9fff]+$/, "自定义指标编号须以 custom. 开头"),
    label: z.string().min(1),
    dataset: z.enum(DATASET_IDS),
    where: ConditionSchema.optional().describe("row filter over column keys, same syntax as item conditions"),
    inPeriod: z.string().optional().describe("a date column: only rows dated inside the assessment period count"),
    aggregate: z.enum(["count", "countDistinct", "sum", "mean", "min", "max", "ratio"]),
    column: z.string().optional().describe("the column for countDistinct, sum, mean, min, max"),
    numerator: ConditionSchema.optional().describe("ratio: rows (of those `where` selects) that count in the numerator"),
    format: z.enum(["rate", "count", "number", "hours", "score", "days"]).default("number"),
    unit: z.string().optional(),
  })
  .strict();

export const ReportedIndicator = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_\-]+$/),
    label: z.string().min(1),
    type: z.enum(["number", "boolean", "date"]),
    format: z.enum(["rate", "count", "number", "hours", "score", "days", "boolean", "date"]).optional(),
    unit: z.string().optional(),
    ifNotReported: z
      .union([z.literal(0), z.literal(false), z.literal("missing")])
      .default("missing")
      .describe("what a unit that reported nothing counts as: 0 (a number), false (未开展, a boolean) or missing (no data)"),
    yes: z.string().min(1).optional().describe("a boolean's wording when true, e.g. 已成立领导小组"),
    no: z.string().min(1).optional().describe("a boolean's wording when false, e.g. 未成立领导小组"),
  })
  .strict();

/** A kind of activity units record in the activities dataset (activity.<id>). */
export const ActivityType = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_\-\u4e00-\u9fff]+$/)
      .describe("the 活动类型 units write, e.g. 专题学法"),
    label: z.string().min(1).describe("the indicator's name, e.g. 专题学法次数"),
    unit: z.string().optional().describe("measure word, default 次"),
  })
  .strict();

export const ExtraColumn = z
  .object({
    key: z.string().regex(/^[A-Za-z0-9_]+$/),
    name: z.string().min(1).describe("the Chinese header"),
    kind: z.enum(["text", "date", "boolean", "number", "idList"]),
    required: z.boolean().default(false),
  })
  .strict();

export const WorkingDays = z
  .object({
    holidays: z.array(isoDate).default([]).describe("public holidays (法定节假日) that fall on weekdays or not"),
    workdays: z.array(isoDate).default([]).describe("weekend days that are working days (调休上班)"),
  })
  .strict();

export const Parameters = z
  .object({
    trainingMinHours: z.number().positive().describe("学时 a year each officer must reach (plans: 60)"),
    minutesPerHour: z.number().positive().describe("minutes per 学时 where no 学时 is stated (plans: 45)"),
    trainingKinds: z.array(z.string().min(1)).min(1).describe("培训类别 that count toward the hours"),
    caseTypes: z.array(z.string().min(1)).optional().describe("cases.total counts only these types (default all)"),
    minCertifiedHandlers: z.number().int().positive().describe("handlers with a valid certificate a case needs (行政处罚法: 2)"),
    publicityWorkingDays: z.number().int().positive().describe("行政处罚 decisions are published within this many working days"),
    reviewExcellent: z.number().describe("a reviewed file scoring at least this, with no veto, is 优秀"),
    reviewPass: z.number().describe("a reviewed file scoring below this, or with a veto, is 不合格"),
    workingDays: WorkingDays.default({ holidays: [], workdays: [] }),
  })
  .strict();

export const Rubric = z
  .object({
    $schema: z.string().optional(),
    extends: z
      .string()
      .min(1)
      .optional()
      .describe(
        'a base rubric this one overrides (path relative to this file): objects merge, arrays of objects with id merge by id, {"id": "X", "$remove": true} removes X',
      ),
    abstract: z.boolean().optional().describe("a base rubric, incomplete on its own: only extended, never scored or validated alone"),
    draft: z.boolean().optional().describe("a draft made by fazhi draft: validate warns until an author has set points and scoring"),
    id,
    title: z.string().min(1),
    issuer: z.string().min(1).describe("the body that issues the assessment, e.g. 清远市清新区司法局"),
    plans: z
      .array(
        z
          .object({
            file: z.string().min(1),
            title: z.string().min(1),
            docNo: z.string().optional(),
            issuer: z.string().optional(),
            date: isoDate.optional(),
            year: z.number().int().optional().describe("the year the document was published"),
            url: z.string().url().optional().describe("where the published text was found"),
            note: z.string().optional().describe("what is known of the source's provenance (an inferred year, an excerpt …)"),
          })
          .strict(),
      )
      .min(1),
    period: z.object({ start: isoDate, end: isoDate }).strict(),
    asOf: isoDate.optional().describe("the day certificates and deadlines are judged on (default: period end)"),
    totalPoints: z.number().positive(),
    precision: z.number().int().min(0).max(4).default(2).describe("decimals points are rounded to"),
    notApplicable: z
      .enum(["rescale", "full"])
      .describe("rescale: a not-applicable item leaves the unit's maximum and the total is rescaled; full: it scores full"),
    capTotal: z.boolean().default(true).describe("the total with bonus never exceeds totalPoints"),
    datasets: z.array(z.enum(DATASET_IDS)).min(1).describe("datasets the rubric reads; units is always read"),
    reviewStandard: z
      .string()
      .min(1)
      .optional()
      .describe("a review standard (评查标准) file, relative to this rubric: case files are scored from review_findings against it"),
    parameters: Parameters,
    extraColumns: z.partialRecord(z.enum(DATASET_IDS), z.array(ExtraColumn)).optional(),
    tasks: z.array(Task).default([]),
    reported: z.array(ReportedIndicator).default([]).describe("values units report in the indicators dataset"),
    activityTypes: z.array(ActivityType).default([]).describe("activity types units record in the activities dataset (activity.<id>)"),
    indicators: z.array(CustomIndicator).default([]).describe("indicators the rubric defines over any dataset"),
    grades: z.array(GradeScale).min(1),
    vetoes: z.array(Veto).default([]),
    areas: z.array(Area).min(1),
  })
  .strict();

export type Rubric = z.infer<typeof Rubric>;
export type RubricInput = z.input<typeof Rubric>;
export type Item = z.infer<typeof Item>;
export type Area = z.infer<typeof Area>;
export type Scoring = z.infer<typeof Scoring>;
export type Task = z.infer<typeof Task>;
export type GradeScale = z.infer<typeof GradeScale>;
export type GradeBand = z.infer<typeof GradeBand>;
export type Bound = z.infer<typeof Bound>;
export type Veto = z.infer<typeof Veto>;
export type CustomIndicator = z.infer<typeof CustomIndicator>;
export type ReportedIndicator = z.infer<typeof ReportedIndicator>;
export type ActivityType = z.infer<typeof ActivityType>;
export type Parameters = z.infer<typeof Parameters>;
export type Source = z.infer<typeof Source>;
export type FalseReporting = z.infer<typeof FalseReporting>;
export type Target = z.infer<typeof Target>;
