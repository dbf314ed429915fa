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
  /** unique within the file (compared after the kind's normalisation) */
  unique?: boolean;
  /** the column must exist in the header (defaults to `required`) */
  mustHaveHeader?: boolean;
  /** at least one column of the group must be in the header, e.g. 学时 / 时长 */
  headerGroup?: string;
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

const c = (
  key: string,
  name: string,
  kind: ValueKind,
  required: boolean,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({ key, name, kind, required, ...extra });

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
      c("hours", "学时", "number", false, { min: 0, headerGroup: "hours" }),
      c("minutes", "时长（分钟）", "number", false, { min: 0, headerGroup: "hours" }),
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
      c("score", "得分", "number", false, { min: 0, max: 100 }),
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
      c("participants", "参加人数", "number", false, { min: 0 }),
      c("evidence", "佐证材料", "text", false),
    ],
  },
  review_findings: {
    id: "review_findings",
    title: "案卷评查问题",
    columns: [
      c("case_id", "案件编号", "text", true),
      c("standard_item", "评查项目", "text", true),
      c("count", "问题数", "number", false, { min: 1 }),
      c("deduction", "扣分", "number", false, { min: 0 }),
      c("note", "说明", "text", false),
    ],
  },
};

/** Datasets whose rows name a unit directly (training reaches its unit through officers). */
export const UNIT_KEYED: readonly DatasetId[] = ["officers", "cases", "case_reviews", "milestones", "indicators", "activities"];

export function columnSpec(dataset: DatasetId, key: string): ColumnSpec | undefined {
  return CONTRACT[dataset].columns.find((col) => col.key === key);
}
