import { readRegularFile, MB } from "../../util/read-regular.js";
import { InputError } from "../../errors.js";
import type { Results } from "../../results/types.js";
import type { Command, Io } from "../command.js";
import { parse, required, UsageError } from "../args.js";
import { terminalProgress } from "../../util/progress.js";
import { guardOutput } from "../output-guard.js";

export const reportCommand: Command = {
  name: "report",
  summary: "由 results.json 生成各单位报告和汇总报告（PDF、HTML）及得分表 scores.xlsx",
  help: `用法：fazhi report --results <results.json> --out <输出文件夹> [选项]

  --results <file>     fazhi evaluate 生成的 results.json
  --out <dir>          输出文件夹：<单位编码>-<单位名称>.pdf/.html、summary.pdf/.html、scores.xlsx
  --unit <id>          只生成该单位的报告（可重复）；指定后不生成汇总报告
  --format <list>      pdf,html,xlsx 中的若干项，逗号分隔（默认全部）
  --compare <file>     上一年度的 results.json：汇总报告增加“同比”列
  -h, --help           显示帮助

生成 PDF 需要 Chromium（sudo apt-get install -y chromium，或用 FAZHI_CHROMIUM 指定）。`,
  run: cmdReport,
};

async function readResults(file: string): Promise<Results> {
  let results: Results;
  try {
    results = JSON.parse((await readRegularFile(file, 512 * MB, "结果文件")).toString("utf8")) as Results;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`无法读取结果文件 ${file}：${code === "ENOENT" ? "文件不存在" : (err as Error).message}`);
  }
  if (!results || !Array.isArray(results.units) || !results.rubric) throw new InputError(`${file} 不是 fazhi evaluate 生成的 results.json`);
  return results;
}

async function cmdReport(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    results: { type: "string" },
    out: { type: "string" },
    unit: { type: "string", multiple: true },
    format: { type: "string" },
    compare: { type: "string" },
  });
  if (values.help) {
    io.out(reportCommand.help);
    return 0;
  }
  const results = await readResults(required(values, "results"));
  const out = required(values, "out");
  const formats = (typeof values.format === "string" ? values.format : "pdf,html,xlsx")
    .split(/[,，]/)
    .map((f) => f.trim())
    .filter(Boolean);
  if (formats.length === 0) throw new UsageError(`--format 不能为空：应为 pdf、html、xlsx 中的若干项，逗号分隔`);
  guardOutput("out", out, "dir", { files: [required(values, "results"), ...(typeof values.compare === "string" ? [values.compare] : [])] });
  for (const f of formats) if (!["pdf", "html", "xlsx"].includes(f)) throw new UsageError(`--format 只能是 pdf、html、xlsx，不认识“${f}”`);
  const units = Array.isArray(values.unit) ? (values.unit as string[]) : undefined;
  const earlier = typeof values.compare === "string" ? await readResults(values.compare) : undefined;
  const { writeReports } = await import("../../report/index.js");
  const progress = terminalProgress();
  const { files } = await writeReports(results, out, {
    formats: formats as ("pdf" | "html" | "xlsx")[],
    ...(units ? { units } : {}),
    ...(earlier ? { earlier } : {}),
    progress: (total) => progress?.batch("PDF 报告（份）", total) ?? null,
  });
  io.out(`已生成 ${files.length} 个文件，位于 ${out}`);
  return 0;
}
