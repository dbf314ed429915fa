/**
 * Incomplete data per unit (README "What fazhi reads" → "Incomplete data"): the rows of each
 * dataset that were rejected and would have been the unit's (or whose unit cannot be told),
 * and files not read to the end. An indicator built on such a dataset is marked incomplete for
 * the unit, with a sentence saying which rows; scoring then never treats it as whole.
 */
import { CONTRACT, DATASET_IDS, type DatasetId } from "../data/contract.js";
import { MAX_GAP_LINES } from "../data/gaps.js";
import type { DataGap, LoadedData } from "../data/types.js";
import type { Rubric } from "../rubric/schema.js";

/** One dataset's gap in one unit's data (results.json: units[].incompleteData). */
export interface UnitDataGap {
  dataset: DatasetId;
  file: string | null;
  /** rows rejected that were the unit's, or whose unit cannot be told */
  rows: number;
  /** the first of their lines */
  lines: number[];
  /** the file was not read to the end from this line (a stretch swallowed by a stray quote, a CSV syntax error) */
  unreadFrom?: number;
  /** files of the unit's folder for this dataset that could not be read (its other units' files were) */
  unreadFiles?: string[];
  /** a dataset of several files or sheets: each of `lines` with its file */
  at?: string[];
  /** the sentence items carry, e.g. 培训登记有 3 行无法读取（第 981、3381、5558 行） */
  reason: string;
}

/** unit id → its gaps, dataset by dataset (only datasets the rubric reads, whose file could be used). */
export function dataGaps(rubric: Rubric, data: LoadedData): (unitId: string) => UnitDataGap[] {
  const read = DATASET_IDS.filter((d) => d !== "units" && rubric.datasets.includes(d));
  const index = read
    .map((d) => {
      const load = data.datasets[d];
      if (!load || load.error || (!load.gaps?.length && !load.unread && !load.unusable?.length)) return null;
      const files = new Map<string, string[]>();
      for (const u of load.unusable ?? []) files.set(u.unit, [...(files.get(u.unit) ?? []), u.file]);
      const byUnit = new Map<string, DataGap>();
      let all: DataGap | null = null;
      for (const g of load.gaps ?? []) {
        if (g.unit === null) all = g;
        else byUnit.set(g.unit, g);
      }
      return { d, load, all, byUnit, files };
    })
    .filter((x) => x !== null);
  return (unitId) => {
    const out: UnitDataGap[] = [];
    for (const { d, load, all, byUnit, files } of index) {
      const own = byUnit.get(unitId);
      const rows = (all?.rows ?? 0) + (own?.rows ?? 0);
      const unreadFiles = files.get(unitId);
      if (rows === 0 && !load.unread && !unreadFiles) continue;
      // (a dataset of several files: each line named with its file; by file name, then line)
      const pairs = [...pairsOf(all), ...pairsOf(own)]
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || a.line - b.line)
        .slice(0, MAX_GAP_LINES);
      const lines = pairs.map((p) => p.line);
      const named = pairs.some((p) => p.at !== "");
      const title = CONTRACT[d].title;
      const parts: string[] = [];
      if (unreadFiles) parts.push(`的文件 ${unreadFiles.join("、")} 无法读取`);
      if (load.unread) parts.push(`自第 ${load.unread.line} 行起有内容未能读取`);
      if (rows > 0 && named)
        parts.push(`有 ${rows} 行无法读取（${pairs.map((p) => p.named).join("、")}${rows > lines.length ? "等" : ""}）`);
      else if (rows > 0) parts.push(`有 ${rows} 行无法读取（第 ${lines.join("、")} 行${rows > lines.length ? "等" : ""}）`);
      out.push({
        dataset: d,
        file: load.file,
        rows,
        lines,
        ...(named ? { at: pairs.map((p) => p.named) } : {}),
        ...(load.unread ? { unreadFrom: load.unread.line } : {}),
        ...(unreadFiles ? { unreadFiles } : {}),
        reason: `${title}${parts.join("，")}`,
      });
    }
    return out;
  };
}

/** A gap's lines with their file ("" when the dataset is one file): file label, line, and both as written. */
function pairsOf(g: DataGap | null | undefined): { at: string; line: number; named: string }[] {
  if (!g) return [];
  return g.lines.map((line, i) => {
    const named = g.at?.[i] ?? "";
    return { at: named === "" ? "" : named.slice(0, named.lastIndexOf(" 第 ")), line, named };
  });
}

/** Per indicator key, the sentence saying which of its datasets are incomplete for the unit. */
export function incompleteIndicators(
  gaps: readonly UnitDataGap[],
  metas: readonly { key: string; needs: readonly DatasetId[] }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (gaps.length === 0) return out;
  for (const meta of metas) {
    const hit = gaps.filter((g) => meta.needs.includes(g.dataset));
    if (hit.length > 0) out[meta.key] = hit.map((g) => g.reason).join("；");
  }
  return out;
}
