/**
 * The fazhi command line: parses arguments, calls the library, prints, and maps errors to
 * exit codes (0 ok, 1 data or rubric errors, 2 usage). Only bin/fazhi.js calls process.exit.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { evaluate } from "../evaluate.js";
import { loadRubric } from "../rubric/load.js";
import { loadData, readColumnMapping } from "../data/load.js";
import { loadOptionsFor } from "../evaluate.js";
import { serializeResults } from "../results/build.js";
import { writeFileAtomic } from "../util/atomic.js";
import { RubricError, InputError, formatProblem } from "../errors.js";
import { DataError } from "../data/load.js";
import { parse, required, UsageError } from "./args.js";
import { explainUnit, inputsReport, rankedTable } from "./print.js";
import type { Results } from "../results/types.js";
import type { ColumnMapping } from "../data/types.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const HELP: Record<string, string> = {
  main: `fazhi — 法治考评评分工具

用法：fazhi <命令> [选项]

命令：
  evaluate   按细则对数据文件夹中的各单位评分，写出 results.json 并打印排名
  validate   检查细则（以及数据）是否有误，不评分
  explain    打印某单位各项得分及理由

每个命令都可加 --help 查看选项。退出码：0 成功，1 数据或细则有误，2 用法错误。`,
  evaluate: `用法：fazhi evaluate --rubric <细则.json> --data <数据文件夹> --out <输出文件夹> [选项]

  --rubric <file>     考评细则（rubrics/ 下的 JSON）
  --data <dir>        数据文件夹（units.csv、officers.csv … 或 .xlsx）
  --out <dir>         输出文件夹，写入 <out>/results.json
  --mapping <file>    列名映射文件（JSON），用于其他平台导出的表头
  --timestamp         在 results.json 中记录生成时间（默认不记录，以便相同输入得到相同结果）
  --strict            有被拒绝的数据行时以退出码 1 结束
  -h, --help          显示帮助`,
  validate: `用法：fazhi validate --rubric <细则.json> [--data <数据文件夹>] [--mapping <file>]

先按结构检查细则，再检查交叉引用（未知的指标、数据集、列、任务编号都是错误）。
给出 --data 时，再按数据规范检查数据文件（逐行报告问题），但不评分。`,
  explain: `用法：fazhi explain --results <results.json> --unit <单位编码>

打印一个单位的总分、等次、排名，以及每个项目的得分、理由和扣分涉及的记录。`,
};

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === "--help" || command === "-h" || command === "help") {
      io.out(HELP[rest[0] ?? "main"] ?? HELP.main!);
      return command ? 0 : 2;
    }
    if (command === "--version" || command === "-v") {
      const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
      io.out(pkg.version);
      return 0;
    }
    switch (command) {
      case "evaluate":
        return await cmdEvaluate(rest, io);
      case "validate":
        return await cmdValidate(rest, io);
      case "explain":
        return await cmdExplain(rest, io);
      default:
        throw new UsageError(`未知命令“${command}”`);
    }
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof UsageError) {
    io.err(`用法错误：${err.message}\n运行 fazhi --help 查看用法。`);
    return 2;
  }
  if (err instanceof RubricError || err instanceof InputError || err instanceof DataError) {
    io.err(err.message);
    return 1;
  }
  const e = err as Error;
  io.err(`内部错误：${e?.message ?? String(err)}\n这是 fazhi 的缺陷，请将命令和数据反馈给开发者。${process.env.FAZHI_DEBUG ? `\n${e?.stack}` : "（设置 FAZHI_DEBUG=1 可显示调用栈）"}`);
  return 1;
}

async function mappingFrom(values: Record<string, unknown>): Promise<ColumnMapping | undefined> {
  return typeof values.mapping === "string" ? await readColumnMapping(values.mapping) : undefined;
}

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
    io.out(HELP.evaluate!);
    return 0;
  }
  const rubricFile = required(values, "rubric");
  const dataDir = required(values, "data");
  const outDir = required(values, "out");
  const mapping = await mappingFrom(values);
  const rubric = await loadRubric(rubricFile);
  for (const w of rubric.warnings) io.err(formatProblem(w).replace(/^✖/, "!"));
  const { results } = await evaluate({
    rubric,
    data: dataDir,
    ...(mapping ? { mapping } : {}),
    ...(values.timestamp ? { timestamp: new Date().toISOString() } : {}),
  });
  const file = join(outDir, "results.json");
  await writeFileAtomic(file, serializeResults(results));
  io.out(rankedTable(results));
  io.out("");
  io.out(inputsReport(results.inputs, results.ignoredFiles));
  const itemErrors = [...new Set(results.units.flatMap((u) => u.items.filter((i) => i.state === "error").map((i) => `${i.id} ${i.title}：${i.reason}`)))];
  if (itemErrors.length > 0) {
    io.out(`\n! 有项目无法评分（相关单位总分为暂计）：`);
    for (const e of itemErrors.slice(0, 10)) io.out(`    ${e}`);
    if (itemErrors.length > 10) io.out(`    …… 另有 ${itemErrors.length - 10} 种情形`);
  }
  io.out(`\n结果已写入 ${file}`);
  const fileErrors = results.summary.filesWithErrors;
  if (fileErrors > 0) {
    io.err(`✖ 有 ${fileErrors} 个数据文件无法使用，相关项目标为“无法评分”。`);
    return 1;
  }
  if (values.strict && results.summary.rowsRejected > 0) {
    io.err(`✖ 有 ${results.summary.rowsRejected} 行数据被拒绝（--strict）。`);
    return 1;
  }
  return 0;
}

async function cmdValidate(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { rubric: { type: "string" }, data: { type: "string" }, mapping: { type: "string" } });
  if (values.help) {
    io.out(HELP.validate!);
    return 0;
  }
  const rubricFile = required(values, "rubric");
  const mapping = await mappingFrom(values);
  const loaded = await loadRubric(rubricFile);
  const r = loaded.rubric;
  const items = r.areas.reduce((s, a) => s + a.items.length, 0);
  io.out(`✔ 细则 ${r.id}（${r.title}）有效：${r.areas.length} 个领域，${items} 个项目，${r.tasks.length} 项任务，${r.vetoes.length} 个否决项。`);
  for (const w of loaded.warnings) io.out(formatProblem(w).replace(/^✖/, "!"));
  if (typeof values.data !== "string") return 0;
  const data = await loadData(values.data, loadOptionsFor(r, mapping));
  const inputs = Object.values(data.datasets).map((d) => ({ ...d, records: undefined }));
  io.out(inputsReport(inputs as never, data.ignoredFiles, 20));
  let failed = inputs.some((d) => d.error || d.rejected.length > 0);
  const units = data.datasets.units?.records ?? [];
  const categories = [...new Set(units.map((u) => u.values.category as string))];
  for (const c of categories) {
    if (!r.grades.some((g) => g.categories?.includes(c)) && !r.grades.some((g) => !g.categories)) {
      io.out(`✖ 单位类别“${c}”在细则中没有对应的等次标准`);
      failed = true;
    }
  }
  for (const a of r.areas)
    for (const it of a.items)
      for (const c of it.categories ?? [])
        if (!categories.includes(c)) io.out(`! 项目 ${it.id} 适用的单位类别“${c}”在 units 中没有单位`);
  io.out(failed ? "✖ 数据有问题，见上。" : "✔ 数据符合细则要求。");
  return failed ? 1 : 0;
}

async function cmdExplain(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { results: { type: "string" }, unit: { type: "string" } });
  if (values.help) {
    io.out(HELP.explain!);
    return 0;
  }
  const file = required(values, "results");
  const unitId = required(values, "unit");
  let results: Results;
  try {
    results = JSON.parse(await readFile(file, "utf8")) as Results;
  } catch (err) {
    throw new InputError(`无法读取结果文件 ${file}：${(err as NodeJS.ErrnoException).code === "ENOENT" ? "文件不存在" : (err as Error).message}`);
  }
  if (!Array.isArray(results.units)) throw new InputError(`${file} 不是 fazhi evaluate 生成的 results.json`);
  const unit = results.units.find((u) => u.id === unitId);
  if (!unit) {
    const ids = results.units.slice(0, 10).map((u) => u.id).join("、");
    throw new InputError(`结果中没有单位“${unitId}”。已有单位如：${ids}${results.units.length > 10 ? " 等" : ""}`);
  }
  io.out(explainUnit(results, unit));
  return 0;
}
