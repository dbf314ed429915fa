/**
 * Rubric inheritance: `"extends": "base/three-year-plan.json"` (a path relative to the rubric
 * file) makes the rubric an override of its base. Resolution happens on the parsed JSON,
 * before schema validation:
 *
 * - objects merge key by key (deeply);
 * - arrays whose entries are all objects with a string `id` (areas, items, tasks, reported,
 *   indicators, vetoes, plans are not: they have no id) merge by id: an override entry with
 *   the base entry's id is merged into it, in the base's place; new ids are appended in the
 *   override's order; `{ "id": "X", "$remove": true }` removes X;
 * - every other array, and every scalar, is replaced by the override's value.
 *
 * Chains are allowed (a base may extend another base). A cycle or a missing base file is a
 * RubricError naming the files. `extends` and `abstract` are not inherited: the resolved
 * rubric has neither. A base marked `"abstract": true` may be incomplete on its own.
 */
import { readRegularFile, readErrorReason, MB } from "../util/read-regular.js";
import { checkRubricLimits } from "./limits.js";
import { dirname, relative, resolve } from "node:path";
import { RubricError } from "../errors.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface ResolvedJson {
  /** the merged rubric JSON, without `extends` / `abstract` */
  json: unknown;
  /** every file of the chain, the rubric first, its base next …, with its bytes */
  chain: { file: string; bytes: Buffer }[];
  /** the rubric file itself is marked abstract (a base, not meant to be scored alone) */
  abstract: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const hasId = (v: unknown): v is Obj & { id: string } => isObj(v) && typeof v.id === "string";

/** Merges `over` into `base` by the rules above; neither argument is modified. */
export function mergeRubricJson(base: unknown, over: unknown): unknown {
  if (isObj(base) && isObj(over)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? (mergeRubricJson(base[k], v) as Json) : stripRemoved(v);
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && isIdArray(base) && isIdArray(over)) {
    const out: Obj[] = base.map((e) => ({ ...e }));
    for (const e of over) {
      const at = out.findIndex((b) => b.id === e.id);
      if (e.$remove === true) {
        if (at >= 0) out.splice(at, 1);
        continue;
      }
      if (at >= 0) out[at] = mergeRubricJson(out[at], e) as Obj;
      else out.push(stripRemoved(e) as Obj);
    }
    return out;
  }
  return stripRemoved(over);
}

function isIdArray(a: unknown[]): a is Obj[] {
  return a.length === 0 || a.every(hasId);
}

/** A `$remove` entry with nothing to remove (a new id) is dropped. */
function stripRemoved(v: unknown): Json {
  if (Array.isArray(v)) return (isIdArray(v) ? v.filter((e) => !(isObj(e) && e.$remove === true)) : v) as Json;
  return v as Json;
}

async function readJson(file: string, from: string | null): Promise<{ json: unknown; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, 5 * MB, "细则文件");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const msg = code === "ENOENT" ? "找不到细则文件" : `无法读取细则文件：${readErrorReason(err)}`;
    throw new RubricError(from ?? file, [
      from
        ? { file: from, path: "extends", message: `所继承的基础细则 ${file} ${code === "ENOENT" ? "不存在" : msg}` }
        : { file, message: msg },
    ]);
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  try {
    return { json: JSON.parse(text), bytes };
  } catch (err) {
    throw new RubricError(file, [{ file, message: `JSON 格式错误：${(err as Error).message}${from ? `（由 ${from} 继承）` : ""}` }]);
  }
}

/**
 * Reads a rubric file and everything it extends, and returns the merged JSON. `first` lets
 * the caller pass bytes it already read (and parsed) for the rubric file itself.
 */
export async function resolveRubricFile(file: string, first?: { json: unknown; bytes: Buffer }): Promise<ResolvedJson> {
  const chain: { file: string; bytes: Buffer }[] = [];
  const jsons: unknown[] = [];
  let current = resolve(file);
  let from: string | null = null;
  let abstract = false;
  for (;;) {
    const seen = chain.findIndex((c) => resolve(c.file) === current);
    if (seen >= 0) {
      const names = [...chain.slice(seen).map((c) => c.file), show(current)];
      throw new RubricError(file, [{ file: from ?? file, path: "extends", message: `细则继承出现循环：${names.join(" → ")}` }]);
    }
    const shown = chain.length === 0 ? file : show(current);
    const { json, bytes } = chain.length === 0 && first ? first : await readJson(shown, from);
    // bounds first: merging (recursive) must never meet a hostile depth
    const limits = checkRubricLimits(json, shown);
    if (limits.length > 0) throw new RubricError(shown, limits);
    chain.push({ file: shown, bytes });
    jsons.push(json);
    if (chain.length === 1) abstract = isObj(json) && json.abstract === true;
    const ext = isObj(json) ? json.extends : undefined;
    if (ext === undefined) break;
    if (typeof ext !== "string" || ext.length === 0)
      throw new RubricError(file, [
        { file: shown, path: "extends", message: 'extends 应为基础细则文件的路径（相对于本文件），如 "base/three-year-plan.json"' },
      ]);
    from = shown;
    current = resolve(dirname(current), ext);
  }
  // merge from the root base down to the rubric
  let merged: unknown = strip(jsons[jsons.length - 1]);
  for (let i = jsons.length - 2; i >= 0; i--) merged = mergeRubricJson(merged, strip(jsons[i]));
  return { json: merged, chain, abstract };
}

/** `extends` and `abstract` belong to one file and are not inherited. */
function strip(json: unknown): unknown {
  if (!isObj(json)) return json;
  const { extends: _e, abstract: _a, ...rest } = json;
  return rest;
}

function show(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel.startsWith("..") ? abs : rel;
}
