/**
 * The data contract (../shared/spec/data-contract.md) as data: every dataset, its columns,
 * their Chinese names, English aliases, value kinds and whether they are required.
 * The loader, the rubric cross-reference checks and the indicators all read this table.
 */

/** How a cell's text is turned into a value (see normalize.ts). */
export type ValueKind = "text" | "date" | "boolean" | "number" | "idList" | "docNo";

export interface ColumnSpec {
  /** canonical key used everywhere in code and in rubric conditions: the English alias */
  key: string;
  /** Chinese header as the contract names it */
  name: string;
  kind: ValueKind;
  /** the cell must hold a value (blank is a row error) */
  required: boolean;
  /** allowed values for a closed vocabulary (after trimming) */
  oneOf?: readonly string[];
  /** numeric range, inclusive */
  min?: number;
  max?: number;
  /** a whole number (a count) */
  integer?: boolean;
  /** false: a percentage (95%) is no value of this column */
  percent?: boolean;
  /** a share in [0, 1] (95% or 0.95) */
  rate?: boolean;
  /** unique within the file (compared after the kind's normalisation) */
  unique?: boolean;
  /** the column must exist in the header (defaults to `required`) */
  mustHaveHeader?: boolean;
  /** at least one column of the group must be in the header, e.g. 学时 / 时长 */
  headerGroup?: string;
  /** other headers people write for this column (matched like the name) */
  synonyms?: readonly string[];
}

export interface DatasetSpec {
  id: DatasetId;
  /** Chinese name, for messages */
  title: string;
  columns: readonly ColumnSpec[];
}

export const DATASET_IDS = [
  "units",
  "officers",
  "training",
  "cases",
  "case_reviews",
  "milestones",
  "documents",
  "indicators",
  "activities",
  "review_findings",
] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

/** The 培训类别 the contract names (a rubric counts some of them — by default the first three — or kinds of its own). */
export const TRAINING_KINDS: ReadonlySet<string> = new Set(["公共法律知识", "业务知识", "执法技能", "政治理论", "党性教育"]);

const c = (key: string, name: string, kind: ValueKind, required: boolean, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  key,
  name,
  kind,
  required,
  ...extra,
});

export const CONTRACT: Record<DatasetId, DatasetSpec> = {
  units: {
    id: "units",
    title: "执法单位",
    columns: [
      c("unit_id", "单位编码", "text", true, { unique: true }),
      c("unit_name", "单位名称", "text", true),
      c("category", "单位类别", "text", true),
      c("parent_id", "上级单位编码", "text", false),
    ],
  },
  officers: {
    id: "officers",
    title: "行政执法人员",
    columns: [
      c("officer_id", "人员编号", "text", true, { unique: true }),
      c("name", "姓名", "text", true),
      c("unit_id", "单位编码", "text", true),
      c("in_enforcement_post", "是否执法岗位", "boolean", true),
      c("certificate_no", "执法证号", "text", false),
      c("certificate_expires", "证件有效期至", "date", false),
      c("certificate_status", "证件状态", "text", false, { oneOf: ["有效", "暂扣", "收回", "注销"] }),
    ],
  },
  training: {
    id: "training",
    title: "培训登记",
    columns: [
      c("officer_id", "人员编号", "text", true),
      c("date", "培训日期", "date", true),
      c("course", "培训名称", "text", true),
      c("kind", "培训类别", "text", true),
      c("hours", "学时", "number", false, { min: 0, percent: false, headerGroup: "hours" }),
      c("minutes", "时长（分钟）", "number", false, { min: 0, percent: false, headerGroup: "hours" }),
    ],
  },
  cases: {
    id: "cases",
    title: "行政执法案件",
    columns: [
      c("case_id", "案件编号", "text", true, { unique: true }),
      c("unit_id", "单位编码", "text", true),
      c("case_type", "案件类型", "text", true),
      c("online", "是否线上办理", "boolean", true),
      c("handlers", "承办人", "idList", true),
      c("opened", "立案日期", "date", false),
      // blank = not yet decided (an open case, 未结案); the column itself must be there
      c("decided", "决定日期", "date", false, { mustHaveHeader: true }),
      c("major", "是否重大案件", "boolean", false),
      c("legal_review_date", "法制审核日期", "date", false),
      c("published", "公示日期", "date", false),
      c("legal_basis", "执法依据", "idList", false),
    ],
  },
  case_reviews: {
    id: "case_reviews",
    title: "案卷评查",
    columns: [
      c("case_id", "案件编号", "text", true),
      c("unit_id", "单位编码", "text", true),
      c("date", "评查日期", "date", true),
      c("review_kind", "评查方式", "text", false),
      // required unless the rubric names a review standard (a row rule in data/load.ts)
      c("score", "得分", "number", false, { min: 0, max: 100, percent: false }),
      c("reviewer", "评查人", "text", false),
      c("veto", "否决项", "text", false),
      c("problems", "问题描述", "text", false),
    ],
  },
  milestones: {
    id: "milestones",
    title: "任务完成情况",
    columns: [
      c("unit_id", "单位编码", "text", true),
      c("task_id", "任务编号", "text", true),
      c("done", "完成日期", "date", true),
      c("evidence", "佐证材料", "text", false),
    ],
  },
  documents: {
    id: "documents",
    title: "规范性文件目录",
    columns: [
      c("doc_no", "文号", "docNo", true, { unique: true }),
      c("title", "标题", "text", true),
      c("status", "状态", "text", true, { oneOf: ["有效", "失效", "废止"] }),
      c("invalid_from", "失效日期", "date", false),
    ],
  },
  indicators: {
    id: "indicators",
    title: "自报指标",
    columns: [
      c("unit_id", "单位编码", "text", true),
      c("indicator", "指标编码", "text", true),
      // number, boolean or date: parsed against the rubric's declaration of the indicator
      c("value", "数值", "text", true),
      c("evidence", "佐证材料", "text", false),
    ],
  },
  activities: {
    id: "activities",
    title: "工作开展情况",
    columns: [
      c("unit_id", "单位编码", "text", true),
      c("type", "活动类型", "text", true),
      c("date", "日期", "date", true),
      c("topic", "主题", "text", false),
      c("participants", "参加人数", "number", false, { min: 0, integer: true, percent: false }),
      c("evidence", "佐证材料", "text", false),
    ],
  },
  review_findings: {
    id: "review_findings",
    title: "案卷评查问题",
    columns: [
      c("case_id", "案件编号", "text", true),
      c("standard_item", "评查项目", "text", true),
      c("count", "问题数", "number", false, { min: 1, integer: true, percent: false }),
      c("deduction", "扣分", "number", false, { min: 0, percent: false }),
      c("note", "说明", "text", false),
    ],
  },
};

/**
 * Headers people write for a contract column, besides its Chinese name and English alias
 * (matched the same way: width-folded, spaces, `*`, （必填） and bracketed hints removed).
 */
export const SYNONYMS: Partial<Record<DatasetId, Record<string, readonly string[]>>> = {
  units: {
    unit_id: ["单位代码", "单位编号", "执法单位编码", "统一社会信用代码"],
    unit_name: ["执法单位名称", "执法单位", "单位全称"],
    category: ["单位类型", "类别", "单位性质"],
    parent_id: ["上级单位代码", "上级单位编号"],
  },
  officers: {
    officer_id: ["人员编码", "执法人员编号", "人员代码"],
    name: ["执法人员姓名", "人员姓名"],
    unit_id: ["单位代码", "单位编号", "所属单位编码", "所在单位编码"],
    in_enforcement_post: ["是否在执法岗位", "是否执法岗", "执法岗位"],
    certificate_no: [
      "执法证件号",
      "执法证件号码",
      "执法证件编号",
      "执法证编号",
      "执法证号码",
      "行政执法证号",
      "行政执法证件号",
      "行政执法证件编号",
      "证件号码",
      "证件号",
    ],
    certificate_expires: ["证件有效期", "有效期至", "执法证有效期至", "执法证有效期", "有效期"],
    certificate_status: ["执法证状态", "执法证件状态"],
  },
  training: {
    officer_id: ["人员编码", "执法人员编号"],
    date: ["培训时间"],
    course: ["培训内容", "课程名称", "培训主题", "培训课程"],
    kind: ["培训类型"],
    hours: ["培训学时", "学时数"],
    minutes: ["培训时长(分钟)", "时长(分)", "分钟数"],
  },
  cases: {
    case_id: ["案号", "案件号", "案件编码"],
    unit_id: ["单位代码", "单位编号", "办案单位编码", "执法单位编码"],
    case_type: ["案件类别", "执法类型"],
    online: ["是否网上办理", "是否在线办理", "线上办理"],
    handlers: ["承办人员", "承办人编号", "办案人员"],
    opened: ["立案时间"],
    decided: ["决定时间", "处理决定日期", "作出决定日期"],
    major: ["是否重大执法决定", "重大案件"],
    legal_review_date: ["法制审核时间", "法制审核完成日期"],
    published: ["公示时间", "公开日期"],
    legal_basis: ["依据文号", "执法依据文号"],
  },
  case_reviews: {
    unit_id: ["单位代码", "单位编号"],
    date: ["评查时间"],
    review_kind: ["评查类型"],
    score: ["评查得分", "分数", "评分"],
    veto: ["否决情形"],
  },
  milestones: {
    unit_id: ["单位代码", "单位编号"],
    task_id: ["任务编码", "任务代码"],
    done: ["完成时间"],
  },
  documents: {
    doc_no: ["发文字号", "文件编号", "文件文号"],
    title: ["文件名称", "文件标题", "名称"],
    status: ["文件状态", "效力状态"],
    invalid_from: ["失效时间", "废止日期"],
  },
  indicators: {
    unit_id: ["单位代码", "单位编号"],
    indicator: ["指标代码", "指标编号"],
    value: ["指标值", "填报数值"],
  },
};

/**
 * Synonyms that name the column only when nothing in the header says otherwise: 证件号码 is the
 * 执法证号 in many staff sheets, but beside a 证件类型 column (居民身份证) it is an identity card's
 * number, and beside a 执法证件编号 it is not the certificate either. Such a header yields to a
 * more specific one of the same column and to any of `unless`; it is then kept as an extra
 * column with a near-column warning (the items that need the column say it is missing).
 */
export const GENERIC_SYNONYMS: Partial<Record<DatasetId, Record<string, { names: readonly string[]; unless: readonly string[] }>>> = {
  officers: { certificate_no: { names: ["证件号码", "证件号"], unless: ["证件类型", "证件种类", "证件名称", "身份证件类型"] } },
};

/** Datasets whose rows name a unit directly (training reaches its unit through officers). */
export const UNIT_KEYED: readonly DatasetId[] = ["officers", "cases", "case_reviews", "milestones", "indicators", "activities"];

export function columnSpec(dataset: DatasetId, key: string): ColumnSpec | undefined {
  return CONTRACT[dataset].columns.find((col) => col.key === key);
}
