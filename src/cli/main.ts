/**
 * The fazhi command line: finds the command, lets it parse, call the library and print, and
 * maps errors to exit codes (0 ok, 1 data or rubric errors, 2 usage). Only bin/fazhi.js
 * calls process.exit. Each command lives in commands/<name>.ts and is listed in COMMANDS.
 */
import { readFile } from "node:fs/promises";
import { RubricError, InputError } from "../errors.js";
import { DataError } from "../data/load.js";
import { UsageError } from "./args.js";
import type { Command, Io } from "./command.js";
import { evaluateCommand } from "./commands/evaluate.js";
import { validateCommand } from "./commands/validate.js";
import { explainCommand } from "./commands/explain.js";
import { reportCommand } from "./commands/report.js";
import { rubricCommand } from "./commands/rubric.js";
import { draftCommand } from "./commands/draft.js";
import { checkCommand } from "./commands/check.js";
import { compareCommand } from "./commands/compare.js";
import { templateCommand } from "./commands/template.js";

export type { Io } from "./command.js";

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [evaluateCommand, reportCommand, validateCommand, explainCommand, checkCommand, compareCommand, templateCommand, draftCommand, rubricCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join("\n");
  return `fazhi — 法治考评评分工具

用法：fazhi <命令> [选项]

命令：
${list}

每个命令都可加 --help 查看选项。退出码：0 成功，1 数据或细则有误，2 用法错误。`;
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === "--help" || name === "-h" || name === "help") {
      const cmd = COMMANDS.find((c) => c.name === rest[0]);
      io.out(cmd ? cmd.help : mainHelp());
      return name ? 0 : 2;
    }
    if (name === "--version" || name === "-v") {
      const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
      io.out(pkg.version);
      return 0;
    }
    const cmd = COMMANDS.find((c) => c.name === name);
    if (!cmd) throw new UsageError(`未知命令“${name}”`);
    return await cmd.run(rest, io);
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
  if (err instanceof RubricError || err instanceof InputError || err instanceof DataError) {
    io.err(err.message);
    return 1;
  }
  const e = err as Error;
  io.err(
    `内部错误：${e?.message ?? String(err)}\n这是 fazhi 的缺陷，请将命令和数据反馈给开发者。${process.env.FAZHI_DEBUG ? `\n${e?.stack}` : "（设置 FAZHI_DEBUG=1 可显示调用栈）"}`,
  );
  return 1;
}
