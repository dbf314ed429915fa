/**
 * The fazhi command line: finds the command, lets it parse, call the library and print, and
 * maps errors to exit codes (0 ok, 1 data or rubric errors, 2 usage). Only bin/fazhi.js
 * calls process.exit. Each command lives in commands/<name>.ts and is listed in COMMANDS.
 */
import { readFile } from "node:fs/promises";
import { RubricError, InputError } from "../errors.js";
import { UsageError } from "./args.js";
import type { Command, Io } from "./command.js";
import { termLines } from "../util/terminal.js";

export type { Io } from "./command.js";

/** A command as --help lists it; its module (and what that module needs) is loaded only to run it. */
export interface CommandEntry {
  name: string;
  /** the command's one-line summary (a test checks it is the module's own) */
  summary: string;
  load(): Promise<Command>;
}

/** Every command, in the order --help lists them. Loaded lazily: `fazhi --help` starts fast. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "evaluate",
    summary: "按细则对数据文件夹中的各单位评分，写出 results.json 并打印排名",
    load: async () => (await import("./commands/evaluate.js")).evaluateCommand,
  },
  {
    name: "report",
    summary: "由 results.json 生成各单位报告和汇总报告（PDF、HTML）及得分表 scores.xlsx",
    load: async () => (await import("./commands/report.js")).reportCommand,
  },
  {
    name: "validate",
    summary: "检查细则（以及数据）是否有误，不评分",
    load: async () => (await import("./commands/validate.js")).validateCommand,
  },
  { name: "explain", summary: "打印某单位各项得分及理由", load: async () => (await import("./commands/explain.js")).explainCommand },
  {
    name: "check",
    summary: "单位自查：得分、失分项目及整改办法、预警，可写出整改台账",
    load: async () => (await import("./commands/check.js")).checkCommand,
  },
  {
    name: "compare",
    summary: "同比：比较两期 results.json 中各单位的总分、等次、排名、项目得分和指标",
    load: async () => (await import("./commands/compare.js")).compareCommand,
  },
  {
    name: "template",
    summary: "按细则生成下发给各单位填报的 Excel 模板",
    load: async () => (await import("./commands/template.js")).templateCommand,
  },
  {
    name: "draft",
    summary: "从方案文本（PDF 提取的 UTF-8 或 GBK 文本）起草考评细则草稿",
    load: async () => (await import("./commands/draft.js")).draftCommand,
  },
  {
    name: "rubric",
    summary: "查看解析继承后的细则（show），比较两份细则（diff）",
    load: async () => (await import("./commands/rubric.js")).rubricCommand,
  },
  {
    name: "serve",
    summary: "启动考评工作台（网页）：单位填报、自查、提交，评审录入，司法局评分发布",
    load: async () => (await import("./commands/serve.js")).serveCommand,
  },
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join("\n");
  return `fazhi — 法治考评评分工具

用法：fazhi <命令> [选项]

命令：
${list}

每个命令都可加 --help 查看选项。退出码：0 成功，1 数据或细则有误，2 用法错误。`;
}

export async function runCli(argv: string[], raw: Io): Promise<number> {
  // whatever a printer forgot, no control code from data reaches the terminal raw
  const io: Io = { out: (s) => raw.out(termLines(s)), err: (s) => raw.err(termLines(s)) };
  const [name, ...rest] = argv;
  try {
    if (!name || name === "--help" || name === "-h" || name === "help") {
      const entry = COMMANDS.find((c) => c.name === rest[0]);
      io.out(entry ? (await entry.load()).help : mainHelp());
      return name ? 0 : 2;
    }
    if (name === "--version" || name === "-v") {
      const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
      io.out(pkg.version);
      return 0;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) throw new UsageError(`未知命令“${name}”`);
    return await (await entry.load()).run(rest, io);
  } catch (err) {
    return reportError(err, io);
  }
}

/** Known errors are the user's to fix (exit 1, or 2 for usage); anything else is our bug. */
export function reportError(err: unknown, io: Io): number {
  if (err instanceof UsageError) {
    io.err(`用法错误：${err.message}\n运行 fazhi --help 查看用法。`);
    return 2;
  }
  // DataError by name: its module (the data loader) is not loaded to print help
  if (err instanceof RubricError || err instanceof InputError || (err instanceof Error && err.name === "DataError")) {
    io.err(err.message);
    return 1;
  }
  const fs = fileSystemError(err);
  if (fs) {
    io.err(fs);
    return 1;
  }
  const e = err as Error;
  io.err(
    `内部错误：${e?.message ?? String(err)}\n这是 fazhi 的缺陷，请将命令和数据反馈给开发者。${process.env.FAZHI_DEBUG ? `\n${e?.stack}` : "（设置 FAZHI_DEBUG=1 可显示调用栈）"}`,
  );
  return 1;
}

/** What the machine refused (no space, no permission, read-only disk …): the user's to fix, not our bug. */
const FS_REASONS: Record<string, string> = {
  EACCES: "没有权限",
  EPERM: "不允许此操作",
  EROFS: "磁盘为只读",
  ENOSPC: "磁盘空间已满",
  EDQUOT: "超出磁盘配额",
  EEXIST: "已有同名文件或文件夹",
  EISDIR: "这是一个文件夹",
  ENOTDIR: "路径中有一段不是文件夹",
  ENAMETOOLONG: "文件名过长",
  EMFILE: "打开的文件过多",
  EIO: "读写出错",
  EBUSY: "文件正被占用",
  ETXTBSY: "文件正被占用",
};

function fileSystemError(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e !== "object" || typeof e.code !== "string" || typeof e.syscall !== "string") return null;
  const reason = FS_REASONS[e.code];
  if (!reason) return null;
  return `无法${/^(open|read|stat|scandir|lstat|readlink)/.test(e.syscall) ? "读取" : "写入"}${e.path ? ` ${e.path}` : ""}：${reason}（${e.code}）`;
}
