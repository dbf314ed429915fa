/**
 * The data problems of a unit's files for its self-check, grouped by code (data/problems.ts):
 * how many rows each kind of problem cost and where the first of them are, so a department
 * fixes a kind of mistake at once rather than row by row.
 */
import { DATASET_IDS } from "../data/contract.js";
import type { LoadedData, RejectedRow } from "../data/types.js";
import { PROBLEM_CODES, type DataProblemCode } from "../data/problems.js";
import { PROBLEM_TITLES, UNCODED_TITLE } from "../data/problem-messages.js";
import type { DataProblemGroup } from "./types.js";

/** At most this many rows shown per group (the count is exact for the rows listed by the loader). */
export const EXAMPLES_PER_GROUP = 5;

/**
 * Rejected rows of the files that are the unit's — in its own folder (or named for it), or
 * every file when the folder holds only the unit's data — grouped by code, most rows first
 * (then in the order of the codes; rows without a code last).
 */
export function dataProblemGroups(data: LoadedData, unitId: string, singleUnit: boolean): DataProblemGroup[] {
  const groups = new Map<DataProblemCode | null, { count: number; examples: string[] }>();
  const add = (r: RejectedRow, where: string) => {
    const key = r.code ?? null;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { count: 0, examples: [] }));
    g.count++;
    if (g.examples.length < EXAMPLES_PER_GROUP) g.examples.push(`${where}第 ${r.line} 行：${r.reason}`);
  };
  for (const ds of DATASET_IDS) {
    const d = data.datasets[ds];
    if (!d) continue;
    for (const src of d.sources ?? []) {
      if (src.unit !== unitId && !(src.unit === null && singleUnit)) continue;
      const where = src.sheet !== null ? `${src.file} [${src.sheet}] ` : `${src.file} `;
      for (const r of src.rejected) add(r, where);
    }
  }
  const order = (c: DataProblemCode | null) => (c === null ? PROBLEM_CODES.length : PROBLEM_CODES.indexOf(c));
  return [...groups]
    .sort(([a, x], [b, y]) => y.count - x.count || order(a) - order(b))
    .map(([code, g]) => ({ code, title: code === null ? UNCODED_TITLE : PROBLEM_TITLES[code], count: g.count, examples: g.examples }));
}
