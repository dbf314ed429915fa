import { dirname, resolve, sep } from "node:path";
import { loadRubric } from "../../rubric/load.js";
import { loadData } from "../../data/folder.js";
import { writeTemplates } from "../../template/template.js";
import { InputError, formatProblem } from "../../errors.js";
import type { Command, Io } from "../command.js";
import { parse, required } from "../args.js";

export const templateCommand: Command = {
  name: "template",
  summary: "按细则生成下发给各单位填报的 Excel 模板",
  help: `用法：fazhi template --rubric <细则.json> --out <输出文件夹> [--unit <单位编码>] [--data <数据文件夹>]

为细则用到的每个数据集写一个工作簿（如 培训登记.xlsx；给出 --unit 时为 培训登记-<单位编码>.xlsx，
并预填该单位编码）：第 1 行为数据规范的中文表头（含细则的附加列），是/否、培训类别、单位编码、
任务编号、自报指标编码为下拉选项，日期列为日期格式，另附「填表说明」工作表（读取数据时不读）。
  --unit <id>      模板所属单位：文件名带单位编码，单位编码列只可选该单位
  --data <dir>     从该数据文件夹的执法单位名单取单位编码，作为单位编码的下拉选项
已有同名文件时不覆盖。`,
  run: cmdTemplate,
};

async function cmdTemplate(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    rubric: { type: "string" },
    out: { type: "string" },
    unit: { type: "string" },
    data: { type: "string" },
  });
  if (values.help) {
    io.out(templateCommand.help);
    return 0;
  }
  const rubricFile = required(values, "rubric");
  const out = required(values, "out");
  const outAbs = resolve(out);
  const rubricDir = dirname(resolve(rubricFile));
  if (outAbs === rubricDir || outAbs.startsWith(rubricDir + sep)) {
    throw new InputError(`输出文件夹 ${out} 在细则所在的文件夹内，不写入；请换一个输出文件夹`);
  }
  const rubric = await loadRubric(rubricFile);
  for (const w of rubric.warnings) io.err(formatProblem(w).replace(/^✖/, "!"));
  const unit = typeof values.unit === "string" && values.unit !== "" ? values.unit : undefined;
  let unitIds: string[] | undefined;
  if (typeof values.data === "string") {
    const data = await loadData(values.data, { required: ["units"] });
    const units = data.datasets.units!;
    if (units.error) throw new InputError(`无法读取执法单位名单：${units.error}`);
    unitIds = units.records.map((r) => r.values.unit_id as string);
    if (unit !== undefined && !unitIds.includes(unit)) throw new InputError(`单位编码 ${unit} 不在执法单位名单（${units.file}）中`);
  }
  const { files } = await writeTemplates({ rubric, out, ...(unit ? { unit } : {}), ...(unitIds ? { unitIds } : {}) });
  io.out(`已生成 ${files.length} 个模板：`);
  for (const f of files) io.out(`  ${f}`);
  return 0;
}
