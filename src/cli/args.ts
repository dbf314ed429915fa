/** Argument parsing for the CLI: node:util parseArgs in strict mode, usage errors in Chinese. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  override name = "UsageError";
}

export function parse(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
): { values: Record<string, string | boolean | string[] | undefined> } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    refuseRepeated(argv, options);
    for (const [k, v] of Object.entries(values as Record<string, unknown>))
      if (v === "" || (Array.isArray(v) && v.includes(""))) throw new UsageError(`选项 --${k} 缺少参数（给出的是空值）`);
    return { values: values as Record<string, string | boolean | string[] | undefined> };
  } catch (err) {
    if (err instanceof UsageError) throw err;
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

/** An option given twice is refused (parseArgs would keep the last silently), unless it is `multiple`. */
export function refuseRepeated(argv: string[], options: NonNullable<ParseArgsConfig["options"]>): void {
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (!a.startsWith("--")) continue;
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const opt = options[name];
    if (opt?.type === "string" && eq < 0) i++; // its value is the next argument
    if (!opt || opt.multiple) continue;
    if (seen.has(name)) throw new UsageError(`选项 --${name} 重复：每个选项只能给一次`);
    seen.add(name);
  }
}
