/**
 * The Excel workbooks a 司法局 sends out to collect exactly what a rubric needs: one workbook
 * per dataset the rubric reads, named by the dataset's Chinese name (培训登记.xlsx; with a unit:
 * 培训登记-QX-SCJG.xlsx, whose rows must then be that unit's), the contract's Chinese headers
 * (and the rubric's extra columns) in row 1, dropdowns for 是/否, the rubric's training kinds,
 * unit ids, task ids and reported-indicator ids, date-formatted date columns, and a 填表说明
 * sheet explaining each column (never read as data). Files are written atomically and never
 * over an existing file.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { CONTRACT, DATASET_IDS, type ColumnSpec, type DatasetId } from "../data/contract.js";
import { datasetColumns } from "../data/headers.js";
import { loadRubric, type LoadedRubric } from "../rubric/load.js";
import type { Rubric } from "../rubric/schema.js";
import { writeFileAtomic } from "../util/atomic.js";
import { InputError } from "../errors.js";

export interface TemplateOptions {
  rubric: string | LoadedRubric;
  out: string;
  /** the unit the templates are for: its id prefilled, its name in the file names */
  unit?: string;
  /** unit ids offered in the 单位编码 dropdown (e.g. from the units file); with `unit`, only it */
  unitIds?: readonly string[];
}

export interface TemplateResult {
  files: string[];
}

/** Rows the dropdowns, formats and a prefilled unit id reach. */
export const TEMPLATE_ROWS = 2000;

const KIND_ZH: Record<ColumnSpec["kind"], string> = {
  text: "文字",
  date: "日期，如 2024-06-30",
  boolean: "是/否",
  number: "数字",
  idList: "多个编号，用、或；分隔",
  docNo: "文号，如 清新府办〔2024〕4号",
};

/** The workbook file name of a dataset's template. */
export function templateFileName(dataset: DatasetId, unit?: string): string {
  return `${CONTRACT[dataset].title}${unit ? `-${unit.replace(/[\\/:*?"<>|]/g, "_")}` : ""}.xlsx`;
}

/** Write the templates; refuses (InputError) when a file is already there. */
export async function writeTemplates(opts: TemplateOptions): Promise<TemplateResult> {
  const loaded = typeof opts.rubric === "string" ? await loadRubric(opts.rubric) : opts.rubric;
  const rubric = loaded.rubric;
  const datasets = DATASET_IDS.filter((d) => (d === "units" ? opts.unit === undefined : rubric.datasets.includes(d)));
  const files = datasets.map((d) => join(opts.out, templateFileName(d, opts.unit)));
  const existing: string[] = [];
  for (const f of files)
    if (
      await access(f).then(
        () => true,
        () => false,
      )
    )
      existing.push(f);
  if (existing.length > 0) {
    throw new InputError(
      `模板文件已存在，不覆盖：${existing.join("、")}（请换一个输出文件夹，或先移走这些文件）`,
      existing.map((f) => ({ file: f, message: "文件已存在" })),
    );
  }
  const { default: ExcelJS } = await import("exceljs");
  for (let i = 0; i < datasets.length; i++) {
    const dataset = datasets[i]!;
    const wb = new ExcelJS.Workbook();
    const columns = datasetColumns(
      dataset,
      (rubric.extraColumns?.[dataset] ?? []).map((c) => ({ key: c.key, name: c.name, kind: c.kind, required: c.required })),
    );
    const sheet = wb.addWorksheet(CONTRACT[dataset].title, { views: [{ state: "frozen", ySplit: 1 }] });
    const lists = wb.addWorksheet("选项", { state: "hidden" });
    const help = wb.addWorksheet("填表说明");
    sheet.addRow(columns.map((c) => c.name));
    sheet.getRow(1).font = { bold: true };
    let listCol = 0;
    const listRange = (title: string, values: readonly string[]): string => {
      listCol++;
      const col = lists.getColumn(listCol);
      col.values = [title, ...values];
      const letter = col.letter;
      return `选项!$${letter}$2:$${letter}$${values.length + 1}`;
    };
    columns.forEach((c, k) => {
      const col = sheet.getColumn(k + 1);
      col.width = Math.max(12, c.name.length * 2 + 4);
      const options = dropdown(rubric, dataset, c, opts);
      const range = options && options.length > 0 ? listRange(c.name, options) : null;
      for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
        const cell = sheet.getCell(r, k + 1);
        if (c.key === "unit_id" && opts.unit && dataset !== "units") cell.value = opts.unit;
        if (c.kind === "date") cell.numFmt = "yyyy-mm-dd";
        else if (c.kind !== "number") cell.numFmt = "@";
        if (range) {
          cell.dataValidation = {
            type: "list",
            allowBlank: !c.required,
            formulae: [range],
            showErrorMessage: c.kind === "boolean" || c.key === "unit_id" || c.key === "task_id" || c.key === "indicator",
            errorTitle: "请从下拉列表中选择",
            error: `「${c.name}」请从下拉列表中选择`,
          };
        } else if (c.kind === "date") {
          cell.dataValidation = {
            type: "date",
            operator: "greaterThan",
            allowBlank: !c.required,
            formulae: [new Date(Date.UTC(1990, 0, 1))],
            showErrorMessage: true,
            error: "请填写日期，如 2024-06-30",
          };
        }
      }
    });
    helpSheet(help, rubric, dataset, columns, opts);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await writeFileAtomic(files[i]!, bytes);
  }
  return { files };
}

/** The values a column's dropdown offers, or null. */
function dropdown(rubric: Rubric, dataset: DatasetId, c: ColumnSpec, opts: TemplateOptions): string[] | null {
  if (c.kind === "boolean") return ["是", "否"];
  if (c.oneOf) return [...c.oneOf];
  if (c.key === "unit_id" && dataset !== "units") return opts.unit ? [opts.unit] : opts.unitIds?.length ? [...opts.unitIds] : null;
  if (dataset === "training" && c.key === "kind")
    return [...new Set([...rubric.parameters.trainingKinds, "公共法律知识", "业务知识", "执法技能", "政治理论", "党性教育"])];
  if (dataset === "milestones" && c.key === "task_id") return rubric.tasks.map((t) => t.id);
  if (dataset === "indicators" && c.key === "indicator") return rubric.reported.map((r) => r.id);
  return null;
}

function helpSheet(
  help: import("exceljs").Worksheet,
  rubric: Rubric,
  dataset: DatasetId,
  columns: ColumnSpec[],
  opts: TemplateOptions,
): void {
  const title = CONTRACT[dataset].title;
  help.getColumn(1).width = 22;
  help.getColumn(2).width = 22;
  help.getColumn(3).width = 26;
  help.getColumn(4).width = 10;
  help.getColumn(5).width = 60;
  help.addRow([`${title}：填表说明（本表不作为数据读取）`]).font = { bold: true };
  help.addRow([`考评细则：${rubric.title}；考核期 ${rubric.period.start} 至 ${rubric.period.end}。`]);
  help.addRow([`在「${title}」表中每行填写一条记录；请勿修改、删除第 1 行的表头；可以不填的列留空即可（无、/ 等也视为空）。`]);
  if (opts.unit) help.addRow([`本文件由单位 ${opts.unit} 填报：文件中每一行都必须是本单位的数据（其他单位的行不计入）。`]);
  help.addRow([]);
  const head = help.addRow(["列名", "英文别名", "填写内容", "是否必填", "说明"]);
  head.font = { bold: true };
  for (const c of columns) {
    help.addRow([c.name, c.key, KIND_ZH[c.kind], c.required ? "必填" : "选填", columnNote(rubric, dataset, c)]);
  }
  if (dataset === "milestones" && rubric.tasks.length > 0) {
    help.addRow([]);
    help.addRow(["任务编号", "任务", "完成时限"]).font = { bold: true };
    for (const t of rubric.tasks)
      help.addRow([t.id, t.title, t.deadline ?? (t.recurring ? `每年 ${t.recurring.join("、")} 前` : t.ongoing ? "长期推进" : "")]);
  }
  if (dataset === "indicators" && rubric.reported.length > 0) {
    help.addRow([]);
    help.addRow(["指标编码", "指标", "数值填写"]).font = { bold: true };
    for (const r of rubric.reported)
      help.addRow([
        r.id,
        r.label,
        r.type === "boolean"
          ? "是/否"
          : r.type === "date"
            ? "日期"
            : `数字${r.format === "rate" ? "（比例，如 95%）" : r.unit ? `（${r.unit}）` : ""}`,
      ]);
  }
}

function columnNote(rubric: Rubric, dataset: DatasetId, c: ColumnSpec): string {
  const notes: string[] = [];
  if (c.unique) notes.push("不得重复");
  if (c.oneOf) notes.push(`只能填 ${c.oneOf.join("、")}`);
  if (c.min !== undefined && c.max !== undefined) notes.push(`${c.min} 到 ${c.max}`);
  if (c.headerGroup === "hours") notes.push(`学时与时长（分钟）至少填一项；只填时长的按 ${rubric.parameters.minutesPerHour} 分钟为 1 学时`);
  if (dataset === "training" && c.key === "kind") notes.push(`计入学时的类别：${rubric.parameters.trainingKinds.join("、")}`);
  if (c.key === "unit_id" && dataset !== "units") notes.push("须为执法单位名单中的单位编码");
  if (dataset === "training" && c.key === "officer_id") notes.push("须为行政执法人员表中的人员编号");
  if (dataset === "cases" && c.key === "decided") notes.push("未结案的留空");
  if (c.kind === "date") notes.push("考核期外的日期不计入本年度");
  return notes.join("；");
}
