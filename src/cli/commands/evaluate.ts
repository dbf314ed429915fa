import { join } from "node:path";
import { evaluate } from "../../evaluate.js";
import { loadRubric } from "../../rubric/load.js";
import { inputResults, serializeResultsChunks } from "../../results/build.js";
import { writeFileAtomic } from "../../util/atomic.js";
import { terminalProgress } from "../../util/progress.js";
import { formatProblem } from "../../errors.js";
import { inputsReport, manifestReport, rankedTable } from "../print.js";
import { reviewsSummaryLine } from "../../review/print.js";
import { mappingFrom } from "../mapping.js";
import type { Command, Io } from "../command.js";
import { parse, required } from "../args.js";
import { guardOutput, rubricFiles } from "../output-guard.js";

export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "按细则对数据文件夹中的各单位评分，写出 results.json 并打印排名",
  help: `用法：fazhi evaluate --rubric <细则.json> --data <数据文件夹> --out <输出文件夹> [选项]

  --rubric <file>     考评细则（rubrics/ 下的 JSON）
  --data <dir>        数据文件夹（units.csv、培训登记.xlsx …，或每单位一个子文件夹；CSV、XLSX、XLS、ET）
  --out <dir>         输出文件夹，写入 <out>/results.json
  --mapping <file>    列名映射文件（JSON），用于其他平台导出的表头
  --timestamp         在 results.json 中记录生成时间（默认不记录，以便相同输入得到相同结果）
  --strict            有被拒绝的数据行时以退出码 1 结束
  -h, --help          显示帮助`,
  run: cmdEvaluate,
};

async function cmdEvaluate(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    rubric: { type: "string" },
    data: { type: "string" },
    out: { type: "string" },
    mapping: { type: "string" },
    timestamp: { type: "boolean" },
    strict: { type: "boolean" },
  });
  if (values.help) {
    io.out(evaluateCommand.help);
    return 0;
  }
  const rubricFile = required(values, "rubric");
  const dataDir = required(values, "data");
  const outDir = required(values, "out");
  const mapping = await mappingFrom(values);
  const rubric = await loadRubric(rubricFile);
  guardOutput("out", outDir, "dir", {
    files: typeof values.mapping === "string" ? [values.mapping] : [],
    dataDirs: [dataDir],
    rubricFiles: rubricFiles(rubricFile, rubric.bases),
  });
  for (const w of rubric.warnings) io.err(formatProblem(w).replace(/^✖/, "!"));
  // what is said of the files read is worked out first, so that the rows kept while reading
  // (the officers …, ≈ 25 MB at 2,000 units) are let go before results.json is written
  const { results, inputs } = await evaluate({
    rubric,
    data: dataDir,
    ...(mapping ? { mapping } : {}),
    ...(values.timestamp ? { timestamp: new Date().toISOString() } : {}),
    progress: terminalProgress(),
  }).then(({ results, data }) => ({
    results,
    inputs: inputsReport(inputResults(data), results.notRead, undefined, rubric.rubric.parameters.trainingKinds),
  }));
  const file = join(outDir, "results.json");
  await writeFileAtomic(file, serializeResultsChunks(results));
  io.out(rankedTable(results));
  io.out("");
  io.out(inputs);
  const manifest = manifestReport(results.inputs);
  if (manifest) io.out(`\n${manifest}`);
  const reviews = reviewsSummaryLine(results);
  if (reviews) io.out(`\n${reviews}`);
  const itemErrors = [
    ...new Set(results.units.flatMap((u) => u.items.filter((i) => i.state === "error").map((i) => `${i.id} ${i.title}：${i.reason}`))),
  ];
  if (itemErrors.length > 0) {
    io.out(`\n! 有项目无法评分（相关单位总分为暂计）：`);
    for (const e of itemErrors.slice(0, 10)) io.out(`    ${e}`);
    if (itemErrors.length > 10) io.out(`    …… 另有 ${itemErrors.length - 10} 种情形`);
  }
  const gapUnits = results.units.filter((u) => u.incompleteData);
  if (gapUnits.length > 0) {
    io.out(`\n! 有 ${gapUnits.length} 个单位的数据不完整（有行被拒绝或未能读取），相关项目已注明，总分为暂计（*）：`);
    const reasons = gapUnits.map((u) => `${u.id}：${u.incompleteData!.map((g) => g.reason).join("；")}`);
    for (const r of reasons.slice(0, 10)) io.out(`    ${r}`);
    if (reasons.length > 10) io.out(`    …… 另有 ${reasons.length - 10} 处，详见 results.json 各单位的 incompleteData`);
  }
  io.out(`\n结果已写入 ${file}`);
  const fileErrors = results.summary.filesWithErrors;
  if (fileErrors > 0) {
    io.err(`✖ 有 ${fileErrors} 个数据文件无法使用，相关项目标为“无法评分”。`);
    return 1;
  }
  const errorItems = results.units.filter((u) => u.items.some((i) => i.state === "error")).length;
  if (errorItems > 0 && gapUnits.length === 0) {
    io.err(`✖ 有 ${errorItems} 个单位有无法评分的项目（所需数据无法使用），其总分为暂计。`);
    return 1;
  }
  if (gapUnits.length > 0) {
    io.err(`✖ 有 ${gapUnits.length} 个单位的数据不完整，其总分为暂计：请按上面列出的文件和行号改正数据后重新运行。`);
    return 1;
  }
  const unitRows = results.inputs.find((i) => i.dataset === "units");
  if (unitRows && unitRows.accepted < unitRows.rows) {
    io.err(`✖ 执法单位表（${unitRows.file}）有 ${unitRows.rows - unitRows.accepted} 行被拒绝，这些单位没有参加评分。`);
    return 1;
  }
  if (values.strict && results.summary.rowsRejected > 0) {
    io.err(`✖ 有 ${results.summary.rowsRejected} 行数据被拒绝（--strict）。`);
    return 1;
  }
  return 0;
}
