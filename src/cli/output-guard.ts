/**
 * Where a command may write. Checked before any work, with real paths (symlinks and `..`
 * resolved): an output is never an input file, never inside the data folder or a rubric's
 * folder (the rubric's and its bases'), and has the kind the option asks for — `--out <dir>`
 * is not a file, `--ledger <file.xlsx>` not a folder. Every refusal is a UsageError in Chinese.
 */
import { realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, isAbsolute } from "node:path";
import { UsageError } from "./args.js";

export interface Inputs {
  /** files read: rubric and bases, mapping, plan, results … */
  files?: string[];
  /** folders read: the data folder */
  dataDirs?: string[];
  /** files whose folder is off limits: the rubric and its bases */
  rubricFiles?: string[];
}

/** The real path of `p`: its longest existing ancestor resolved through symlinks, the rest appended. */
export function realPath(p: string): string {
  let head = resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail);
    } catch {
      const up = dirname(head);
      if (up === head) return join(head, ...tail);
      tail.unshift(basename(head));
      head = up;
    }
  }
}

const inside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

function kindOf(p: string): "file" | "dir" | "other" | null {
  try {
    const s = statSync(p);
    return s.isDirectory() ? "dir" : s.isFile() ? "file" : "other";
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") throw new UsageError(`无法写入 ${p}：路径中有一段不是文件夹（是一个文件）`);
    return null;
  }
}

/**
 * Refuses an output `path` given as option `--<option>` that would overwrite or land among the
 * inputs, or that has the wrong kind (`kind`: what the option writes).
 */
export function guardOutput(option: string, path: string, kind: "dir" | "file", inputs: Inputs): void {
  const out = realPath(path);
  for (const f of inputs.files ?? []) {
    if (realPath(f) === out) throw new UsageError(`--${option} ${path} 是输入文件 ${f}，写入会覆盖它；请写到别处`);
  }
  for (const d of inputs.dataDirs ?? [])
    if (inside(out, realPath(d)))
      throw new UsageError(`--${option} ${path} 位于数据文件夹 ${d} 内，写入可能覆盖输入数据；请写到数据文件夹之外`);
  for (const r of inputs.rubricFiles ?? []) {
    const dir = dirname(realPath(r));
    if (inside(out, dir)) throw new UsageError(`--${option} ${path} 位于细则所在的文件夹 ${dirname(r)} 内，写入可能覆盖细则；请写到别处`);
  }
  // an output folder's parent chain must be folders; the output itself of the right kind
  const k = kindOf(out);
  if (kind === "dir" && k !== null && k !== "dir") throw new UsageError(`--${option} 应为文件夹，但 ${path} 是一个文件`);
  if (kind === "file") {
    if (k === "dir") throw new UsageError(`--${option} 应为${option === "ledger" ? " .xlsx " : ""}文件，但 ${path} 是一个文件夹`);
    if (k === "other") throw new UsageError(`--${option} ${path} 不是普通文件，不能写入`);
  }
  let up = dirname(out);
  while (up !== dirname(up)) {
    const u = kindOf(up);
    if (u === "dir") break;
    if (u !== null) throw new UsageError(`无法写入 ${path}：${up} 不是文件夹（是一个文件）`);
    up = dirname(up);
  }
}

/** The rubric file and the bases it extends (`bases` as LoadedRubric gives them: relative to the rubric's folder). */
export function rubricFiles(file: string, bases: readonly string[] = []): string[] {
  return [file, ...bases.map((b) => resolve(dirname(file), b))];
}
