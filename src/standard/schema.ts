/**
 * The review-standard language (评查标准): one zod schema, the single source of truth for the
 * types of a standard and for standards/standard.schema.json (see write-schema.ts).
 *
 * A standard scores one case file out of `total` points: basic items (基本标准) any of which
 * makes the file 不合格 with 0 points; sections with points (卷面 20, 内容 80 …) whose items
 * carry a fixed deduction, one per defect, or a deduction the reviewer sets within a range
 * (with a required note); deductions are floored per item (an item never loses more than its
 * points) and per section (扣完为止，不计负分). Every item cites its clause in the standard.
 */
import { z } from "zod";

const id = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fff]+$/, "编号只能包含字母、数字、汉字、点、下划线和连字符");
const points = z.number().min(0).max(1000);

/** Where the standard was published. */
export const StandardSource = z
  .object({
    title: z.string().min(1).describe("the standard's title as published"),
    issuer: z.string().min(1).describe("the body that issued it"),
    year: z.number().int().min(1990).max(2100).nullable().describe("year issued; null when the published copy does not say"),
    url: z.string().min(1).describe("where the copy it was typed from was found"),
    note: z.string().optional().describe("what of the published text is not (yet) here, and why"),
  })
  .strict();

/** How a section item deducts. */
export const Deduction = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("fixed"),
      points: points.describe("deducted once when the defect is found, however many times"),
    })
    .strict(),
  z
    .object({
      type: z.literal("perDefect"),
      points: points.describe("deducted per defect (问题数)"),
      unit: z.string().min(1).default("处").describe("what a defect is counted in: 处, 项, 份 …"),
      cap: points.optional().describe("at most this much in all (累计扣分不超过); the item's points always cap it"),
    })
    .strict(),
  z
    .object({
      type: z.literal("range"),
      min: points.describe("the least a reviewer may deduct"),
      max: points.describe("the most a reviewer may deduct"),
    })
    .strict()
    .describe("the reviewer enters 扣分 within [min, max] with a 说明 (酌情扣分)"),
]);

export const StandardItem = z
  .object({
    id,
    text: z.string().min(1).describe("评查内容: what the file must show"),
    max: points.describe("the item's points (总分值)"),
    problem: z.string().min(1).describe("the defect as a sentence names it, e.g. 证据目录不规范"),
    deduction: Deduction,
    clause: z.string().min(1).describe("where in the standard: 二、7"),
    quote: z.string().optional().describe("the clause's 扣分标准 words"),
  })
  .strict();

export const BasicItem = z
  .object({
    id,
    text: z.string().min(1).describe("评查内容, e.g. 行政处罚实施主体是否合法"),
    problem: z.string().min(1).describe("the failed standard, e.g. 实施主体不合法"),
    clause: z.string().min(1),
  })
  .strict();

export const Section = z
  .object({
    id,
    title: z.string().min(1),
    points: points,
    clause: z.string().min(1),
    items: z.array(StandardItem),
  })
  .strict();

export const FileGradeBand = z
  .object({
    grade: z.string().min(1),
    min: z.number().min(0).describe("scores at or above this (inclusive) get the grade"),
  })
  .strict();

export const ReviewStandard = z
  .object({
    $schema: z.string().optional(),
    id,
    title: z.string().min(1),
    source: StandardSource,
    total: points.describe("a file's full score (usually 100)"),
    basic: z
      .object({
        title: z.string().min(1).default("基本标准"),
        clause: z.string().min(1),
        effect: z.string().min(1).describe("what the standard says a failed basic item does, quoted"),
        items: z.array(BasicItem).min(1),
      })
      .strict()
      .optional()
      .describe("any failed basic item makes the file 不合格 with 0 points"),
    sections: z.array(Section).min(1),
    floor: z.string().min(1).describe("the standard's words on flooring, quoted (扣完为止，不计负分)"),
    grades: z
      .array(FileGradeBand)
      .min(1)
      .optional()
      .describe("per-file grade bands, highest first; absent: 优秀 ≥ the rubric's reviewExcellent, 合格 ≥ reviewPass, else 不合格"),
  })
  .strict();

export type ReviewStandard = z.infer<typeof ReviewStandard>;
export type StandardItem = z.infer<typeof StandardItem>;
export type BasicItem = z.infer<typeof BasicItem>;
export type Section = z.infer<typeof Section>;
export type Deduction = z.infer<typeof Deduction>;
