import { readRegularFile, MB } from "../../util/read-regular.js";
import { parseArgs } from "node:util";
import { InputError } from "../../errors.js";
import { compareResults, type MetaLookup } from "../../compare/compare.js";
import { printComparison } from "../../compare/print.js";
import { loadRubric } from "../../rubric/load.js";
import { indicatorMeta } from "../../indicators/describe.js";
import type { Results } from "../../results/types.js";
import type { Command, Io } from "../command.js";
import { refuseRepeated, UsageError } from "../args.js";

export const compareCommand: Command = {
  name: "compare",
  summary: "同比：比较两期 results.json 中各单位的总分、等次、排名、项目得分和指标",
  help: `用法：fazhi compare <上期 results.json> <本期 results.json> [选项]

按单位编码对应两期结果，打印每个单位两期的总分、等次和排名，得分增加和减少的项目，
只在一期细则中有的项目（单列，不按零分计），以及指标变化（如 持证率 92.1% → 98.0%，+5.9 个百分点）
和自报数据不实的情形。

  --unit <id>         只看一个单位
  --all               列出全部指标（默认只列有变化的）
  --rubric <file>     本期细则，用于显示自报指标和自定义指标的名称（仅旧版 results.json 需要：
                      新版结果文件自带各指标的名称、格式和单位）
  -h, --help          显示帮助`,
  run: cmdCompare,
};

async function cmdCompare(argv: string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  const options = {
    unit: { type: "string" },
    all: { type: "boolean" },
    rubric: { type: "string" },
    help: { type: "boolean", short: "h" },
  } as const;
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    });
  } catch (err) {
    throw new UsageError(
      (err as Error).message
        .replace(/^Unknown option '(.*?)'.*$/s, "未知选项 $1")
        .replace(/^Option '(.*?)' argument missing.*$/s, "选项 $1 缺少参数"),
    );
  }
  refuseRepeated(argv, options);
  if (values.help) {
    io.out(compareCommand.help);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError(`compare 需要两个 results.json 文件（上期、本期），而给出了 ${positionals.length} 个`);
  const [earlier, later] = await Promise.all(positionals.map(readResults));
  const unit = typeof values.unit === "string" ? values.unit : undefined;
  let meta: MetaLookup | undefined;
  if (typeof values.rubric === "string") {
    const { rubric } = await loadRubric(values.rubric);
    meta = (key: string) => indicatorMeta(rubric, key);
  }
  const c = compareResults(earlier!, later!, meta);
  if (unit && !c.units.some((u) => u.id === unit)) {
    const where = c.onlyBefore.some((u) => u.id === unit)
      ? "只在上期结果中"
      : c.onlyAfter.some((u) => u.id === unit)
        ? "只在本期结果中"
        : "两期结果中都没有";
    throw new InputError(`单位“${unit}”${where}，无法比较`);
  }
  io.out(printComparison(c, { ...(unit ? { unit } : {}), all: values.all === true }));
  return 0;
}

async function readResults(file: string): Promise<Results> {
  let r: Results;
  try {
    r = JSON.parse((await readRegularFile(file, 512 * MB, "结果文件")).toString("utf8")) as Results;
  } catch (err) {
    throw new InputError(
      `无法读取结果文件 ${file}：${(err as NodeJS.ErrnoException).code === "ENOENT" ? "文件不存在" : (err as Error).message}`,
    );
  }
  if (!r || !Array.isArray(r.units) || !r.rubric) throw new InputError(`${file} 不是 fazhi evaluate 生成的 results.json`);
  return r;
}
