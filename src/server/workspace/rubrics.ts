/**
 * Rubrics for a new assessment: a shipped one (rubrics/*.json) or an uploaded one, validated
 * by the library; the problems come back to be shown on the page. What is stored is the
 * resolved rubric, so its sha256 is the one results.json records.
 */
import { canonicalJson } from "../../util/json-path.js";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { loadRubric, type LoadedRubric } from "../../rubric/load.js";
import { resolveRubricFile } from "../../rubric/extends.js";
import { RubricError, formatProblem } from "../../errors.js";
import type { Workspace } from "./workspace.js";

/** Shipped rubrics (not the abstract bases), by file name. */
export async function shippedRubrics(ws: Workspace): Promise<string[]> {
  const names = await readdir(ws.rubricsDir).catch(() => [] as string[]);
  return names.filter((n) => /\.json$/.test(n) && n !== "rubric.schema.json").sort();
}

export type RubricSource = { shipped: string } | { name: string; bytes: Buffer };

export interface PreparedRubric {
  loaded: LoadedRubric;
  /** the bytes stored: the file itself, or the resolved JSON (keys sorted) of one that extends a base */
  bytes: Buffer;
  name: string;
}

/** Problems as lines to show; empty when the rubric is usable. */
export type RubricOutcome = { ok: true; rubric: PreparedRubric } | { ok: false; problems: string[] };

export async function prepareRubric(ws: Workspace, source: RubricSource): Promise<RubricOutcome> {
  let file: string;
  let scratch: string | null = null;
  let name: string;
  if ("shipped" in source) {
    const list = await shippedRubrics(ws);
    if (!list.includes(source.shipped)) return { ok: false, problems: [`没有名为“${source.shipped}”的内置细则`] };
    file = join(ws.rubricsDir, source.shipped);
    name = source.shipped;
  } else {
    if (source.bytes.length > 5 * 1024 * 1024) return { ok: false, problems: ["细则文件过大（超过 5 MB）"] };
    scratch = await mkdtemp(join(tmpdir(), "fazhi-rubric-"));
    name = basename(source.name).replace(/[^\p{L}\p{N}._-]/gu, "_") || "rubric.json";
    file = join(scratch, "rubric.json");
    await writeFile(file, source.bytes);
  }
  try {
    const loaded = await loadRubric(file);
    const resolved = await resolveRubricFile(file);
    const bytes =
      loaded.bases && loaded.bases.length > 0
        ? Buffer.from(canonicalJson(resolved.json))
        : await import("node:fs/promises").then((f) => f.readFile(file));
    return { ok: true, rubric: { loaded: { ...loaded, file: name }, bytes, name } };
  } catch (err) {
    if (err instanceof RubricError)
      return { ok: false, problems: err.problems.map((p) => formatProblem({ ...p, file: name }).replace(/^✖\s*/, "")) };
    throw err;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
