/**
 * Stage 1: reads a rubric file, checks it against the schema (every issue, in Chinese, with its
 * path), then checks its cross-references in a second pass (unknown indicator, dataset, column,
 * task or plan ids are errors naming the id).
 */
import { createHash } from "node:crypto";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { z } from "zod";
import { Rubric } from "./schema.js";
import { RubricError, type Problem } from "../errors.js";
import { crossCheck } from "./crossref.js";
import { resolveRubricFile } from "./extends.js";
import { checkRubricLimits } from "./limits.js";
import { readRegularFile, readErrorReason, MB } from "../util/read-regular.js";
import { canonicalJson, describePath } from "../util/json-path.js";
import { loadReviewStandard } from "../standard/attach.js";
import type { LoadedStandard } from "../standard/load.js";

/** a rubric file is at most this big */
export const MAX_RUBRIC_BYTES = 5 * MB;

z.config(z.locales.zhCN());

export interface LoadedRubric {
  rubric: Rubric;
  file: string;
  /**
   * sha256 recorded in results.json: of the file's bytes; for a rubric that extends a base,
   * of the resolved rubric (JSON with sorted keys), so a change in any file of the chain shows.
   */
  sha256: string;
  /** the base files the rubric extends, nearest first (empty when it extends none) */
  bases?: string[];
  warnings: Problem[];
  /** the review standard the rubric names (reviewStandard), loaded and checked */
  standard?: LoadedStandard;
}

export async function loadRubric(file: string): Promise<LoadedRubric> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, MAX_RUBRIC_BYTES, "细则文件");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RubricError(file, [{ file, message: code === "ENOENT" ? "找不到细则文件" : `无法读取细则文件：${readErrorReason(err)}` }]);
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RubricError(file, [jsonSyntaxProblem(file, text, err as Error)]);
  }
  const resolved = await resolveRubricFile(file, { json, bytes });
  if (resolved.abstract)
    throw new RubricError(file, [
      {
        file: basename(file),
        path: "abstract",
        message: "这是基础细则（abstract），只能被其他细则 extends 继承，不能单独使用；可用 fazhi rubric show 查看其内容",
      },
    ]);
  const { rubric, warnings } = parseRubric(resolved.json, file);
  const bases = resolved.chain.slice(1).map((c) =>
    relative(dirname(resolve(file)), resolve(c.file))
      .split(sep)
      .join("/"),
  );
  const sha256 =
    bases.length === 0
      ? createHash("sha256").update(bytes).digest("hex")
      : createHash("sha256").update(canonicalJson(resolved.json)).digest("hex");
  const standard = await loadReviewStandard(rubric, file);
  if (standard) warnings.push(...standard.warnings);
  return { rubric, file, sha256, bases, warnings, ...(standard ? { standard } : {}) };
}

/** Validates an already parsed rubric object (schema, then cross-references). */
export function parseRubric(json: unknown, file = "<rubric>"): { rubric: Rubric; warnings: Problem[] } {
  const limits = checkRubricLimits(json, basename(file));
  if (limits.length > 0) throw new RubricError(file, limits);
  const parsed = Rubric.safeParse(json);
  if (!parsed.success) {
    throw new RubricError(
      file,
      parsed.error.issues.map((i) => ({
        file: basename(file),
        path: describePath(json, i.path as (string | number)[]),
        message: issueMessage(i),
      })),
    );
  }
  const { errors, warnings } = crossCheck(parsed.data);
  if (errors.length > 0)
    throw new RubricError(
      file,
      errors.map((e) => ({ file: basename(file), ...e })),
    );
  return { rubric: parsed.data, warnings: warnings.map((w) => ({ file: basename(file), ...w })) };
}

/** zod's zh-CN messages, with a plainer one for a missing field. */
function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code === "invalid_type" && /undefined$/.test(i.message)) return `缺少必填项“${String(i.path[i.path.length - 1])}”`;
  return i.message;
}

function jsonSyntaxProblem(file: string, text: string, err: Error): Problem {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return { file, message: `JSON 格式错误：${err.message}` };
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  const near = text.slice(pos, pos + 20).split("\n")[0];
  return { file, line, column, message: `JSON 格式错误（${err.message.replace(/ in JSON at position \d+.*$/, "")}），在“${near}”附近` };
}
