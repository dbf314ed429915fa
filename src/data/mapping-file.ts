/** The column mapping file (column-mapping.json) of a data folder, and a mapping given on top of it. */
import { readRegularFile, readErrorReason, MB } from "../util/read-regular.js";
import { DATASET_IDS, type DatasetId } from "./contract.js";
import { decodeText } from "./encoding.js";
import { headerMatchKey } from "./headers.js";
import { cleanText } from "./normalize.js";
import type { ColumnMapping } from "./types.js";
import { DataError } from "./data-error.js";

/** Read a column mapping JSON file: `{"cases": {"处罚决定日期": "decided"}}` (target: column key or Chinese name). Throws DataError. */
export async function readColumnMapping(file: string): Promise<ColumnMapping> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, 5 * MB, "列映射文件");
  } catch (err) {
    throw new DataError({ code: "mapping_unreadable", path: file, cause: readErrorReason(err) });
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new DataError({ code: "mapping_not_text", path: file, reason: decoded.reason });
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = "";
    if (pos) {
      const before = decoded.text.slice(0, Number(pos[1]));
      const line = before.split("\n").length;
      where = `（第 ${line} 行第 ${before.length - before.lastIndexOf("\n")} 个字符附近）`;
    }
    throw new DataError({ code: "mapping_bad_json", path: file, where, detail: message });
  }
  return checkMapping(json, file);
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function checkMapping(json: unknown, file: string): ColumnMapping {
  if (!isPlainObject(json)) throw new DataError({ code: "mapping_bad_shape", path: file, problems: [] });
  const problems: string[] = [];
  const mapping: ColumnMapping = {};
  for (const [dataset, entries] of Object.entries(json)) {
    if (!(DATASET_IDS as readonly string[]).includes(dataset)) {
      problems.push(`没有数据集「${dataset}」（可用：${DATASET_IDS.join("、")}）`);
      continue;
    }
    if (!isPlainObject(entries)) {
      problems.push(`「${dataset}」的值应为 {"表头": "列名"} 对象`);
      continue;
    }
    const out: Record<string, string> = {};
    for (const [from, to] of Object.entries(entries)) {
      if (typeof to !== "string" || cleanText(to) === "") problems.push(`「${dataset}」中「${from}」的目标列应为非空文字`);
      else out[from] = cleanText(to);
    }
    mapping[dataset as DatasetId] = out;
  }
  if (problems.length > 0) throw new DataError({ code: "mapping_bad_shape", path: file, problems });
  return mapping;
}

/** `over` wins per source header (compared folded). */
export function mergeMapping(base: ColumnMapping, over: ColumnMapping = {}): ColumnMapping {
  const out: ColumnMapping = {};
  for (const id of DATASET_IDS) {
    const a = base[id];
    const b = over[id];
    if (!a && !b) continue;
    const overridden = new Set(Object.keys(b ?? {}).map(headerMatchKey));
    const merged: Record<string, string> = {};
    for (const [from, to] of Object.entries(a ?? {})) if (!overridden.has(headerMatchKey(from))) merged[from] = to;
    Object.assign(merged, b ?? {});
    out[id] = merged;
  }
  return out;
}
