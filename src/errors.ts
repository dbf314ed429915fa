/**
 * Errors a user can act on. They carry Chinese messages with where (file, line, column, path);
 * the CLI prints them without a stack trace and maps them to exit code 1.
 */

export interface Problem {
  /** file the problem is in */
  file?: string;
  line?: number;
  column?: number | string;
  /** JSON path inside a rubric, e.g. areas[0].items[2].scoring */
  path?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where: string[] = [];
  if (p.file) where.push(p.file + (p.line !== undefined ? `:${p.line}${typeof p.column === "number" ? `:${p.column}` : ""}` : ""));
  if (typeof p.column === "string") where.push(`列「${p.column}」`);
  if (p.path) where.push(`位置 ${p.path}`);
  return `✖ ${p.message}${where.length ? `  → ${where.join("，")}` : ""}`;
}

/** A rubric that cannot be used: every problem found, not just the first. */
export class RubricError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(`细则文件 ${file} 有 ${problems.length} 处错误：\n${problems.map(formatProblem).join("\n")}`);
    this.name = "RubricError";
  }
}

/** Input data that cannot be evaluated at all (no units, unreadable folder …). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = "InputError";
  }
}
