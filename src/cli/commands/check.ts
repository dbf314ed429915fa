import { loadRubric } from "../../rubric/load.js";
import { formatProblem, InputError } from "../../errors.js";
import { runCheck } from "../../check/check.js";
import { printCheck } from "../../check/print.js";
import { writeLedger } from "../../check/ledger.js";
import { mappingFrom } from "../mapping.js";
import type { Command, Io } from "../command.js";
import { parse, required, UsageError } from "../args.js";
import { guardOutput, rubricFiles } from "../output-guard.js";

export const checkCommand: Command = {
  name: "check",
  summary: "单位自查：得分、失分项目及整改办法、预警，可写出整改台账",
  help: `用法：fazhi check --rubric <细则.json> --data <数据文件夹> --unit <单位编码> [选项]

按考评细则为一个单位自查：打印总分、等次，每个未得满分的项目（按可挽回分数排序）及
涉及的人员、案件和整改建议，并预警即将到期的执法证、按目前进度年底达不到学时要求的人员、
30 天内到期尚未报送的任务。数据文件夹可只含本单位的数据（此时不排名）。

  --rubric <file>     考评细则（rubrics/ 下的 JSON）
  --data <dir>        数据文件夹
  --unit <id>         单位编码
  --as-of <date>      自查日期（YYYY-MM-DD），代替细则的判定日：执法证按此日判断，之后的期限尚未到期
  --ledger <file>     写出整改台账（.xlsx）
  --out <dir>         通过报告模板写出本单位报告（PDF/HTML）
  --format <list>     --out 的格式，逗号分隔：pdf,html（默认两者）
  --mapping <file>    列名映射文件（JSON）
  -h, --help          显示帮助`,
  run: cmdCheck,
};

async function cmdCheck(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    rubric: { type: "string" },
    data: { type: "string" },
    unit: { type: "string" },
    "as-of": { type: "string" },
    ledger: { type: "string" },
    out: { type: "string" },
    format: { type: "string" },
    mapping: { type: "string" },
  });
  if (values.help) {
    io.out(checkCommand.help);
    return 0;
  }
  const rubricFile = required(values, "rubric");
  const dataDir = required(values, "data");
  const unitId = required(values, "unit");
  const asOf = typeof values["as-of"] === "string" ? values["as-of"] : undefined;
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new UsageError(`--as-of 应写作 YYYY-MM-DD，如 2024-06-30，而不是“${asOf}”`);
  const ledger = typeof values.ledger === "string" ? values.ledger : undefined;
  if (ledger !== undefined && !/\.xlsx$/i.test(ledger)) throw new UsageError(`--ledger 的文件名应以 .xlsx 结尾：${ledger}`);
  const formats = parseFormats(values.format);
  const mapping = await mappingFrom(values);
  const rubric = await loadRubric(rubricFile);
  const inputs = {
    files: typeof values.mapping === "string" ? [values.mapping] : [],
    dataDirs: [dataDir],
    rubricFiles: rubricFiles(rubricFile, rubric.bases),
  };
  if (ledger) guardOutput("ledger", ledger, "file", inputs);
  if (values.out !== undefined) guardOutput("out", required(values, "out"), "dir", inputs);
  for (const w of rubric.warnings) io.err(formatProblem(w).replace(/^✖/, "!"));
  const report = await runCheck({ rubric, data: dataDir, unit: unitId, ...(asOf ? { asOf } : {}), ...(mapping ? { mapping } : {}) });
  io.out(printCheck(report));
  const rejected = report.results.inputs.reduce((s, i) => s + new Set(i.rejected.map((r) => r.line)).size, 0);
  const broken = report.results.inputs.filter((i) => i.error);
  if (rejected > 0 || broken.length > 0)
    io.out(
      `\n! 数据有问题：${broken.length ? `${broken.length} 个文件无法使用，` : ""}${rejected} 行被拒绝，相关项目可能少算。运行 fazhi validate --rubric ${rubricFile} --data ${dataDir} 查看详情。`,
    );
  if (ledger) {
    await writeLedger(ledger, report);
    io.out(`\n整改台账已写入 ${ledger}（${report.shortfalls.length} 个问题）`);
  }
  if (values.out !== undefined) {
    const outDir = required(values, "out");
    const mod = await loadReportModule();
    const { files } = await mod.writeReports(report.results, outDir, { units: [report.unit.id], formats, summary: false });
    io.out(`\n报告已写入：${files.join("、")}`);
  }
  return broken.length > 0 ? 1 : 0;
}

function parseFormats(v: unknown): ("pdf" | "html")[] {
  if (typeof v !== "string") return ["pdf", "html"];
  const list = v
    .split(/[,，]/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((f) => f !== "pdf" && f !== "html");
  if (bad.length || list.length === 0) throw new UsageError(`--format 只能是 pdf、html 或 pdf,html，而不是“${v}”`);
  return [...new Set(list)] as ("pdf" | "html")[];
}

interface ReportModule {
  writeReports(
    results: import("../../results/types.js").Results,
    outDir: string,
    opts: { units?: string[]; formats?: ("pdf" | "html" | "xlsx")[]; summary?: boolean },
  ): Promise<{ files: string[] }>;
}

/** The report module (src/report/index.ts), loaded only when --out asks for it. */
async function loadReportModule(): Promise<ReportModule> {
  const path = "../../report/index.js";
  try {
    return (await import(path)) as ReportModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((err as Error).message).includes("report"))
      throw new InputError("报告模块尚未安装（report/index.js 不存在），无法写出 PDF/HTML 报告；可先用 --ledger 写出整改台账。");
    throw err;
  }
}
