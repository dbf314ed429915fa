/** Argument parsing for the CLI: node:util parseArgs in strict mode, usage errors in Chinese. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  override name = "UsageError";
}

export function parse(argv: string[], options: NonNullable<ParseArgsConfig["options"]>): { values: Record<string, string | boolean | string[] | undefined> } {
  try {
    const { values } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
    return { values: values as Record<string, string | boolean | string[] | undefined> };
  } catch (err) {
    const msg = (err as Error).message
      .replace(/^Unknown option '(.*?)'.*$/s, "未知选项 $1")
      .replace(/^Option '(.*?)' argument missing.*$/s, "选项 $1 缺少参数")
      .replace(/^Unexpected argument '(.*?)'.*$/s, "多余的参数 $1");
    throw new UsageError(msg);
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`缺少必需的选项 --${name}`);
  return v;
}
