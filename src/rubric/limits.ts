/**
 * Bounds on a rubric's JSON, checked before the schema (whose recursion a hostile depth would
 * overflow) and before inheritance is merged: nesting depth, and numbers — finite (a 1e309 in
 * the file reads as Infinity), points within MAX_POINTS, anything else within MAX_ABS. The walk
 * is iterative, so no depth can overflow it.
 */
import { describePath } from "../util/json-path.js";
import type { Problem } from "../errors.js";

export const MAX_DEPTH = 64;
export const MAX_POINTS = 10_000;
export const MAX_ABS = 1e12;
/** keys whose numbers are points (分值) */
const POINT_KEYS = new Set(["max", "points", "cap", "pass", "fail", "otherwise", "missing", "perDay", "totalPoints"]);
const MAX_PROBLEMS = 20;

type Path = (string | number)[];

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? "无穷大" : "负无穷大");

/** Every bound the rubric JSON breaks (at most 20), each with its path. */
export function checkRubricLimits(json: unknown, file?: string): Problem[] {
  const problems: Problem[] = [];
  const at = (path: Path, message: string) => problems.push({ ...(file ? { file } : {}), path: describePath(json, path), message });
  const stack: { v: unknown; path: Path }[] = [{ v: json, path: [] }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { v, path } = stack.pop()!;
    if (typeof v === "number") {
      const key = [...path].reverse().find((k) => typeof k === "string");
      if (!Number.isFinite(v)) at(path, `数值超出允许范围：读入为${fmt(v)}（JSON 中的数过大，如 1e309）`);
      else if (typeof key === "string" && POINT_KEYS.has(key) && Math.abs(v) > MAX_POINTS)
        at(path, `分值 ${v} 超出允许范围（绝对值不超过 ${MAX_POINTS}）`);
      else if (Math.abs(v) > MAX_ABS) at(path, `数值 ${v} 超出允许范围（绝对值不超过 1e12）`);
      continue;
    }
    if (!v || typeof v !== "object") continue;
    if (path.length >= MAX_DEPTH) {
      at(path.slice(0, 12), `嵌套过深：超过 ${MAX_DEPTH} 层（条件 all/any/not 等嵌套层数过多），请简化`);
      continue;
    }
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ v: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return problems;
}
