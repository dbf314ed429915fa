/**
 * The one place a data problem becomes its Chinese sentence. Every sentence is what the
 * loader wrote before problems had codes (results.json and the goldens keep them byte for
 * byte); test/data/problem-messages.test.ts pins each one.
 */
import { daysInMonth } from "./dates.js";
import type { CellProblem, DataProblem, FileProblem, FolderProblem } from "./problems.js";
import { isCellProblem } from "./problems.js";

/** The date forms a date cell may take, as messages list them. */
export const DATE_FORMS = "2024-06-30、2024/6/30、2024.6.30、2024年6月30日 或 20240630";

const KIND_ZH = { number: "数字", boolean: "是/否值", date: "日期" } as const;

/** What is wrong with a cell's value, without naming the cell: 日期不存在（2024年2月只有 29 天）. */
export function cellDetail(p: CellProblem): string {
  switch (p.code) {
    case "missing_required":
      return `「${p.column}」为必填项，不能为空`;
    case "bad_date":
      return p.hint === "forms"
        ? `不是日期，应为 ${DATE_FORMS} 的形式`
        : p.hint === "invalid"
          ? "不是有效日期"
          : p.hint === "time"
            ? "日期后的时间不存在（时应为 0–23，分、秒应为 0–59），请核对"
            : "不是日期";
    case "implausible_date":
      return `读作 ${p.date}，早于 ${p.earliest} 年，不是有效日期（在日期列中填数字会被当作 Excel 日期序号）；日期应为 ${DATE_FORMS} 的形式`;
    case "no_such_date":
      return p.month < 1 || p.month > 12
        ? `日期不存在（没有 ${p.month} 月）`
        : `日期不存在（${p.year}年${p.month}月只有 ${daysInMonth(p.year, p.month)} 天）`;
    case "bad_excel_serial":
      return Math.floor(p.serial) === 60 ? "Excel 日期序号 60 对应不存在的 1900年2月29日" : `Excel 日期序号 ${p.serial} 超出范围`;
    case "bad_number":
      return {
        text:
          p.expected === "rate"
            ? "不是数字，应为如 95% 或 0.95 的比例"
            : p.expected === "integer"
              ? "不是数字，应为如 3、12 或 1,200 的整数"
              : p.expected === "plain"
                ? "不是数字，应为如 60、60.5 或 1,200 的数值"
                : "不是数字，应为如 60、60.5、1,200 或 95% 的数值",
        nonfinite: "不是数字",
        date: "是日期，不是数字",
        boolean: "是是/否值，不是数字",
      }[p.got];
    case "bad_boolean":
      return p.got === "date" ? "是日期，不是是/否值" : "不是是/否值，应为 是/否、Y/N、yes/no、true/false、1/0、√/× 或 有/无";
    case "out_of_range":
      if (p.min !== undefined && p.max !== undefined) return `${p.label}应在 ${p.min} 到 ${p.max} 之间`;
      return p.min !== undefined ? `${p.label}不能小于 ${p.min}` : `${p.label}不能大于 ${p.max}`;
    case "rate_out_of_range":
      return "比率应在 0 到 1 之间（即 0% 到 100%）；百分数请带 %，如 95% 或 0.95";
    case "not_integer":
      return "应为整数";
    case "percent_not_allowed":
      return "本列不是比率，不能填百分数";
    case "not_in_list":
      return `${p.label}应为 ${p.oneOf.join("、")} 之一`;
    case "cell_error":
      return `单元格是错误值 ${p.error}，请在 Excel 中改正公式或填入数值`;
    case "formula_no_result":
      return FORMULA_NO_RESULT;
    case "bad_date_cell":
      return "是 Excel 日期单元格，但其中的值不是有效日期（应为 2024-06-30 或 2024-06-30T08:30:00 的形式，不带时区），请在 Excel 中重新输入该日期";
  }
}

/** What the xlsx readers say of a formula cell saved without its result. */
export const FORMULA_NO_RESULT = "公式没有计算结果，请在 Excel 中打开、重新计算并保存";

/** The sentence of a CSV that cannot be read from a line on. */
const csvFrom = (line: number, what: string) => `从第 ${line} 行开始${what}，第 ${line} 行及之后的内容都无法读取`;

/** Where a unit's folder or file is named in a sentence. */
const unitWhere = (p: { unitLabel: string; inFolder: boolean }) =>
  p.inFolder ? `所在文件夹「${p.unitLabel}」` : `文件名所示单位「${p.unitLabel}」`;

/**
 * The Chinese sentence of a problem, as results.json and the printed report show it. A cell
 * problem with its column and value names them: 「培训日期」为「2024-02-30」：日期不存在（…）.
 * A file problem's sentence does not name its file (see locatedMessage).
 */
export function problemMessage(p: DataProblem): string {
  if (isCellProblem(p)) {
    if (p.code === "missing_required" || p.column === undefined || p.value === undefined) return cellDetail(p);
    return `「${p.column}」为「${p.value}」：${cellDetail(p)}`;
  }
  switch (p.code) {
    case "unclosed_quote":
      return csvFrom(p.line, "引号没有闭合（直到文件末尾也没有找到配对的引号）");
    case "bad_quote":
      return csvFrom(p.line, p.at === "closing" ? "引号使用有误（右引号后面紧跟其他字符）" : "引号使用有误（字段中间出现引号）");
    case "record_too_long":
      return csvFrom(p.line, `一行内容过长（超过 ${p.maxMb} MB，可能是引号没有闭合）`);
    case "csv_syntax":
      return csvFrom(p.line, p.csvCode === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" ? "列数不一致" : `CSV 格式错误（${p.csvCode}）`);
    case "quote_swallowed_lines":
      return `第 ${p.line} 行的一个单元格以英文引号「"」开头，引号一直到第 ${p.last} 行才配对，第 ${p.line}–${p.last} 行被读成了一个单元格，都未能读取；多半是第 ${p.line} 行多了一个引号，请删除它或把整个单元格用引号括起`;
    case "line_not_utf8":
      return `第 ${p.line} 行不是 UTF-8 编码（文件其余各行是 UTF-8，这一行像是从 GBK 编码的文件粘贴来的），该行无法读取；请重新输入这一行，或把整个文件另存为「CSV UTF-8（逗号分隔）」`;
    case "field_count":
      return `第 ${p.line} 行有 ${p.fields} 列，表头有 ${p.width} 列`;
    case "cell_without_header":
      return `第 ${p.line} 行的 ${p.letter} 列有内容，但该列没有表头`;
    case "duplicate_id":
      return `${p.column} ${p.value} 与${p.firstFile !== undefined ? ` ${p.firstFile} ` : ""}第 ${p.firstLine} 行重复`;
    case "unknown_unit":
      return `${p.column} ${p.value} 不在${p.list}中`;
    case "unknown_officer":
      return p.rejected
        ? `${p.column} ${p.value} 在${p.list}中的行未被接受（见该表的错误），本行待该行改正后才能计入`
        : `${p.column} ${p.value} 不在${p.list}中`;
    case "other_unit":
      return `单位编码 ${p.value} 不是${unitWhere(p)}的单位（${p.unit}），该行不计入`;
    case "other_unit_officer":
      return `人员编号 ${p.value} 是单位 ${p.officerUnit} 的人员，不是${unitWhere(p)}的单位（${p.unit}）的人员，该行不计入`;
    case "repeated_record":
      return `与 ${p.firstFile} 第 ${p.firstLine} 行是同一条记录（各列相同），不重复计入`;
    case "unknown_task":
      return `${p.column} ${p.value} 不是评分细则中定义的任务`;
    case "unknown_activity_type":
      return `${p.column} ${p.value} 不是评分细则中定义的活动类型`;
    case "unknown_indicator":
      return `${p.column} ${p.value} 不是评分细则中定义的自报指标`;
    case "bad_reported_value":
      return `${problemMessage(p.cause)}（指标 ${p.indicator} 的数值应为${KIND_ZH[p.kind]}）`;
    case "missing_invalid_from":
      return `状态为${p.status}的文件须填写失效日期`;
    case "missing_score":
      return `${p.scoreName}须填写（考评细则未指定评查标准，案卷得分无法计算）`;
    case "ungraded_category":
      return `单位类别「${p.category}」在细则中没有对应的等次标准（细则规定了：${p.categories.join("、")}），该单位无法评定等次；请改正单位类别或在细则中增加该类别的等次标准`;
    case "not_certificate_no":
      return `「${p.column}」为「${p.value}」：不是证件号码；没有执法证的请留空或填“无”`;
    case "date_order":
      return `「${p.later}」${p.laterDate} 早于「${p.earlier}」${p.earlierDate}，日期先后有误，请核对`;
    case "published_undecided":
      return `填写了「${p.published}」${p.publishedDate}，但「${p.decided}」为空：尚未作出决定的案件不能公示，请补填决定日期或核对公示日期`;
    case "missing_hours":
      return `${p.hoursName}与${p.minutesName}至少填写一项`;
    case "duplicate_report":
      return `单位 ${p.unit} 的${p.column} ${p.value} 重复填报，已采用第 ${p.keptLine} 行${p.keptDone !== undefined ? `（完成日期 ${p.keptDone}）` : ""}`;
    case "folder_missing":
    case "folder_unreadable":
    case "not_a_folder":
    case "mapping_unreadable":
    case "mapping_not_text":
    case "mapping_bad_json":
    case "mapping_bad_shape":
      return folderMessage(p);
    default:
      return fileMessage(p);
  }
}

function folderMessage(p: FolderProblem): string {
  switch (p.code) {
    case "folder_missing":
      return `数据文件夹不存在：${p.path}`;
    case "folder_unreadable":
      return `无法读取数据文件夹 ${p.path}（${p.cause}）`;
    case "not_a_folder":
      return `不是文件夹：${p.path}（应给出存放数据文件的文件夹）`;
    case "mapping_unreadable":
      return `无法读取列映射文件 ${p.path}（${p.cause}）`;
    case "mapping_not_text":
      return `列映射文件 ${p.path} ${p.reason}`;
    case "mapping_bad_json":
      return `列映射文件 ${p.path} 不是有效的 JSON${p.where}：${p.detail}`;
    case "mapping_bad_shape":
      return `列映射文件 ${p.path} 格式不对：${p.problems.length > 0 ? `${p.problems.join("；")}。` : ""}${MAPPING_EXAMPLE}`;
  }
}

function fileMessage(p: FileProblem): string {
  switch (p.code) {
    case "missing_column":
      return `缺少必填列${p.missing.join("、")}（文件表头为：${p.found.length > 0 ? p.found.join("、") : "空"}）`;
    case "mapping_unknown_column":
      return `列映射把「${p.source}」对应到「${p.target}」，但数据集「${p.datasetTitle}」没有这一列`;
    case "duplicate_column":
      return `「${p.first}」（第 ${p.firstIndex + 1} 列）和「${p.second}」（第 ${p.secondIndex + 1} 列）都对应${p.what}，请删除或改名其中一列`;
    case "near_column":
      return `表头「${p.header}」（第 ${p.index + 1} 列）与${p.near}相近，但没有对应到它，按额外列保留；如是同一列，请改名为「${p.nearName}」或写入列映射`;
    case "no_header_row":
      return `未找到表头行（前 ${p.rows} 个非空行中没有一行含有本表的列名；第 ${p.line} 行为「${p.first}」）`;
    case "header_unreadable":
      return `表头行无法读取：${p.cause}`;
    case "empty_file":
      return "文件是空的，没有表头行";
    case "unreadable_file":
      return `无法读取文件（${p.cause}）`;
    case "not_text":
      return {
        zip: "不是文本文件（看起来是 xlsx 或 zip 文件；Excel 文件请以 .xlsx 为扩展名）",
        ole: "不是文本文件（看起来是旧版 .xls 文件；请在 Excel 中另存为 .xlsx 或 CSV）",
        nul: "不是文本文件（含有 NUL 字节，可能是二进制文件）",
        control: "不是文本文件（含有大量控制字符，可能是二进制文件）",
      }[p.looks];
    case "utf16":
      return "是 UTF-16 编码（Excel「Unicode 文本」），不支持；请另存为「CSV UTF-8（逗号分隔）」或「CSV（逗号分隔）」";
    case "bad_bom":
      return "以 UTF-8 BOM 开头，但内容不是有效的 UTF-8 文本";
    case "bad_encoding":
      return "编码无法识别：既不是 UTF-8 也不是 GBK/GB18030；请另存为「CSV UTF-8（逗号分隔）」";
    case "xls_too_large":
      return `文件过大（${p.mb} MB）；请另存为 CSV`;
    case "xls_is_xlsx":
      return "实际是 .xlsx 格式的文件，请把扩展名改为 .xlsx";
    case "xls_is_html":
      return "不是真正的 .xls 文件（是网页/XML 格式，常见于系统导出）；请在 Excel 中打开后另存为 .xlsx";
    case "not_xls":
      return "不是有效的 .xls/.et 文件（文件不是 Excel 97–2003 格式）；请在 Excel 或 WPS 中另存为 .xlsx";
    case "xls_encrypted":
      return "是已加密的 Excel 文件，无法读取；请取消密码后另存为 .xlsx";
    case "xls_biff5":
      return "是 Excel 5.0/95 格式，无法读取；请另存为 .xlsx";
    case "xls_no_workbook":
      return "不是 Excel 工作簿（文件中没有工作簿数据，可能是其他 Office 文件）";
    case "xls_corrupt":
      return `不是有效的 .xls/.et 文件：${p.detail}`;
    case "xlsx_too_large":
      return `xlsx 文件过大（${p.mb} MB）；请另存为 CSV`;
    case "xlsx_bomb":
      return `xlsx 文件解压后过大（${p.detail}），疑似压缩炸弹，拒绝读取；请另存为 CSV`;
    case "xlsx_old_or_encrypted":
      return "是旧版 .xls 文件或已加密的 Excel 文件，无法读取；请在 Excel 中另存为不加密的 .xlsx";
    case "xlsx_not_zip":
      return "不是有效的 xlsx 文件（文件不是 zip 格式）；请在 Excel 中另存为 .xlsx";
    case "xlsx_corrupt":
      return `不是有效的 xlsx 文件，无法打开（${p.detail}）`;
    case "xlsx_no_sheet":
      return "工作簿中没有工作表";
    case "no_readable_sheet":
      return `工作簿中没有可读取的工作表（${p.sheets.join("、")}：${p.allHidden ? "均为隐藏的工作表" : "均为隐藏的工作表或填表说明"}）`;
    case "no_matching_sheet":
      return `工作簿中没有表头与数据集「${p.datasetTitle}」相符的工作表：${p.skipped.join("；")}`;
    case "copied_sheet":
      return `工作表「${p.sheet}」像是「${p.original}」复制后改过的工作表：有 ${p.same} 行与「${p.original}」的行完全相同，另有 ${p.other} 行不同（改过的或新加的），无法确定以哪个工作表为准；请删除（或隐藏）不用的那个工作表后重新运行（两个工作表都要时，删去其中重复的行即可）`;
    case "unused_file":
      return `未使用：同一数据集的 ${p.failed.join("、")} 无法读取`;
    case "dataset_ambiguous":
      return `数据集「${p.title}」${p.dataset} 有多个文件：${p.files.join("、")}；请只保留一个`;
    case "dataset_missing":
      return p.why !== undefined
        ? `未找到可读取的数据文件（数据集「${p.title}」${p.dataset}）：${p.why}`
        : `未找到数据文件 ${p.dataset}.csv 或 ${p.dataset}.xlsx（数据集「${p.title}」${p.dataset}）`;
  }
}

/** What a column-mapping file should look like (said after its problems). */
const MAPPING_EXAMPLE = `应为 {"数据集": {"文件中的表头": "列名或英文别名"}}，例如 {"cases": {"处罚决定日期": "decided"}}`;

/** Codes whose problem is about a dataset as a whole, or a file left unused for another's sake:
 * their sentence is not put after the file's name (a dataset error names its file otherwise). */
const UNLOCATED: ReadonlySet<DataProblem["code"]> = new Set(["unused_file", "dataset_ambiguous", "dataset_missing"]);

/** Whether a file problem's text (as a dataset's or file's `error`) starts with the file (and sheet) it is in. */
export function namesItsFile(code: DataProblem["code"]): boolean {
  return !UNLOCATED.has(code);
}

/** A file problem as a dataset's `error` text: `cases.xlsx [Sheet1]：缺少必填列…`, or the sentence alone for a dataset-level problem. */
export function locatedMessage(p: FileProblem): string {
  if (!namesItsFile(p.code) || p.file === undefined) return problemMessage(p);
  return `${p.sheet !== undefined ? `${p.file} [${p.sheet}]` : p.file}：${problemMessage(p)}`;
}

/** A short Chinese name of each code, for grouping problems (the self-check ledger's 数据问题 sheet). */
export const PROBLEM_TITLES: Readonly<Record<DataProblem["code"], string>> = {
  missing_required: "必填项为空",
  bad_date: "日期格式不对",
  no_such_date: "日期不存在",
  bad_excel_serial: "Excel 日期序号无效",
  implausible_date: "日期不合理",
  bad_number: "数值格式不对",
  bad_boolean: "是/否值格式不对",
  out_of_range: "数值超出范围",
  rate_out_of_range: "比率超出范围",
  not_integer: "应为整数",
  percent_not_allowed: "不能填百分数",
  not_in_list: "取值不在规定范围内",
  cell_error: "单元格为错误值",
  formula_no_result: "公式没有计算结果",
  bad_date_cell: "日期单元格的值无效",
  unclosed_quote: "引号没有闭合",
  bad_quote: "引号使用有误",
  record_too_long: "一行内容过长",
  csv_syntax: "CSV 格式错误",
  quote_swallowed_lines: "多余的引号吞掉了若干行",
  line_not_utf8: "个别行编码不对",
  field_count: "列数与表头不符",
  cell_without_header: "有内容的列没有表头",
  duplicate_id: "编号重复",
  unknown_unit: "单位编码不在执法单位表中",
  unknown_officer: "人员编号不在人员表中",
  other_unit: "不是本单位的记录",
  other_unit_officer: "不是本单位人员的记录",
  repeated_record: "与之前的记录重复",
  unknown_task: "任务编号未在细则中定义",
  unknown_activity_type: "活动类型未在细则中定义",
  unknown_indicator: "自报指标未在细则中定义",
  bad_reported_value: "自报指标数值不对",
  missing_invalid_from: "缺少失效日期",
  missing_score: "缺少案卷得分",
  ungraded_category: "单位类别没有等次标准",
  not_certificate_no: "执法证号不是证件号码",
  date_order: "日期先后有误",
  published_undecided: "未作出决定却填了公示日期",
  missing_hours: "缺少学时",
  duplicate_report: "重复填报",
  missing_column: "缺少必填列",
  mapping_unknown_column: "列映射有误",
  duplicate_column: "重复的列",
  near_column: "表头与规范列名相近",
  no_header_row: "未找到表头行",
  header_unreadable: "表头行无法读取",
  empty_file: "文件是空的",
  unreadable_file: "文件无法读取",
  not_text: "不是文本文件",
  utf16: "UTF-16 编码不支持",
  bad_bom: "UTF-8 文件内容有误",
  bad_encoding: "编码无法识别",
  xls_too_large: "文件过大",
  xls_is_xlsx: "扩展名与格式不符",
  xls_is_html: "不是真正的 .xls 文件",
  not_xls: "不是有效的 .xls 文件",
  xls_encrypted: "文件已加密",
  xls_biff5: "Excel 5.0/95 格式不支持",
  xls_no_workbook: "不是 Excel 工作簿",
  xls_corrupt: ".xls 文件已损坏",
  xlsx_too_large: "文件过大",
  xlsx_bomb: "xlsx 文件解压后过大",
  xlsx_old_or_encrypted: "旧版或已加密的 Excel 文件",
  xlsx_not_zip: "不是有效的 xlsx 文件",
  xlsx_corrupt: "xlsx 文件已损坏",
  xlsx_no_sheet: "工作簿中没有工作表",
  no_readable_sheet: "没有可读取的工作表",
  no_matching_sheet: "没有相符的工作表",
  copied_sheet: "复制后改过的工作表",
  unused_file: "因同一数据集其他文件无法读取而未使用",
  dataset_ambiguous: "同一数据集有多个文件",
  dataset_missing: "缺少数据文件",
  folder_missing: "数据文件夹不存在",
  folder_unreadable: "数据文件夹无法读取",
  not_a_folder: "不是文件夹",
  mapping_unreadable: "列映射文件无法读取",
  mapping_not_text: "列映射文件不是文本",
  mapping_bad_json: "列映射文件不是有效的 JSON",
  mapping_bad_shape: "列映射文件格式不对",
};

/** The group title of rejected rows that carry no code. */
export const UNCODED_TITLE = "其他数据问题";

/** What a file's training rows of kinds the rubric does not count were (`counted`: the kinds it counts):
 * 培训类别不在细则计入学时的类别（公共法律知识、业务知识、执法技能）之内的 12 行，学时不计入：业务培训 12 行. */
export function uncountedKindsNote(kinds: readonly { kind: string; rows: number }[], counted?: readonly string[], shown = 6): string {
  const rows = kinds.reduce((n, k) => n + k.rows, 0);
  const list = kinds.slice(0, shown).map((k) => `${k.kind} ${k.rows} 行`);
  const which = counted?.length ? `（${counted.join("、")}）` : "";
  return `培训类别不在细则计入学时的类别${which}之内的 ${rows} 行，学时不计入：${list.join("、")}${kinds.length > shown ? "……" : ""}`;
}
