/**
 * Reads a review standard (评查标准) file: JSON syntax, then the schema (every issue, in Chinese,
 * with its path), then its own consistency (unique ids, section points adding up to the total,
 * deductions within their item). Problems are a RubricError naming the standard's file.
 */
import { describePath } from "../util/json-path.js";
import { readFile, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { z } from "zod";
import { ReviewStandard } from "./schema.js";
import { RubricError, type Problem } from "../errors.js";

z.config(z.locales.zhCN());

export interface LoadedStandard {
  standard: ReviewStandard;
  file: string;
  sha256: string;
  warnings: Problem[];
}

/** A standard is a few kilobytes: anything far larger is not one (and is not read). */
const MAX_BYTES = 4 * 1024 * 1024;

export async function loadStandard(file: string): Promise<LoadedStandard> {
  let bytes: Buffer;
  try {
    // only a regular file of sane size is read (a FIFO or /dev/zero would never end)
    const st = await stat(file);
    if (!st.isFile()) throw new RubricError(file, [{ file, message: "评查标准不是普通文件，拒绝读取" }]);
    if (st.size > MAX_BYTES) throw new RubricError(file, [{ file, message: `评查标准文件过大（${st.size} 字节），拒绝读取` }]);
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof RubricError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new RubricError(file, [
      { file, message: code === "ENOENT" ? "找不到评查标准文件" : `无法读取评查标准文件（${code ?? String(err)}）` },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new RubricError(file, [{ file, message: `评查标准 JSON 格式错误：${(err as Error).message}` }]);
  }
  const { standard, warnings } = parseStandard(json, file);
  return { standard, file, sha256: createHash("sha256").update(bytes).digest("hex"), warnings };
}

/** Validates a parsed standard object: schema, then consistency. */
export function parseStandard(json: unknown, file = "<standard>"): { standard: ReviewStandard; warnings: Problem[] } {
  const name = basename(file);
  const parsed = ReviewStandard.safeParse(json);
  if (!parsed.success)
    throw new RubricError(
      file,
      parsed.error.issues.map((i) => ({
        file: name,
        path: describePath(json, i.path as (string | number)[]),
        message: i.code === "invalid_type" && /undefined$/.test(i.message) ? `缺少必填项“${String(i.path[i.path.length - 1])}”` : i.message,
      })),
    );
  const s = parsed.data;
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const seen = new Set<string>();
  const ids = [
    ...(s.basic?.items ?? []).map((i, k) => [i.id, `basic.items[${k}]`] as const),
    ...s.sections.flatMap((sec, si) => sec.items.map((i, k) => [i.id, `sections[${si}].items[${k}]`] as const)),
  ];
  for (const [itemId, path] of ids) {
    if (seen.has(itemId)) errors.push({ file: name, path, message: `评查项目编号“${itemId}”重复` });
    seen.add(itemId);
  }
  const sum = s.sections.reduce((a, sec) => a + sec.points, 0);
  if (Math.abs(sum - s.total) > 1e-9)
    errors.push({ file: name, path: "sections", message: `各部分分值合计 ${sum} 分，与总分 ${s.total} 分不一致` });
  for (const [si, sec] of s.sections.entries()) {
    const listed = sec.items.reduce((a, i) => a + i.max, 0);
    if (listed < sec.points - 1e-9)
      warnings.push({
        file: name,
        path: `sections[${si}]（${sec.id}）`,
        message: `“${sec.title}”${sec.points} 分中有 ${round(sec.points - listed)} 分没有列出评查项目，这部分分数不会被扣减`,
      });
    for (const [k, item] of sec.items.entries()) {
      const path = `sections[${si}]（${sec.id}）.items[${k}]（${item.id}）.deduction`;
      const d = item.deduction;
      if (d.type === "fixed" && d.points > item.max)
        errors.push({ file: name, path, message: `扣分 ${d.points} 分大于该项分值 ${item.max} 分` });
      if (d.type === "range" && (d.min > d.max || d.max > item.max))
        errors.push({ file: name, path, message: `扣分范围 ${d.min}—${d.max} 分不成立（应 min ≤ max ≤ 该项分值 ${item.max} 分）` });
    }
  }
  if (s.grades) {
    for (let k = 1; k < s.grades.length; k++)
      if (s.grades[k]!.min >= s.grades[k - 1]!.min)
        errors.push({ file: name, path: `grades[${k}]`, message: "档次应从高到低排列，下限递减" });
  }
  if (errors.length > 0) throw new RubricError(file, errors);
  return { standard: s, warnings };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
