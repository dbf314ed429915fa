/**
 * Data folders for the library: the workspace keeps uploads as blobs and lays them out as the
 * library expects (one file per dataset, named after it) in a scratch or run folder.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Workspace } from "./workspace.js";
import { dataFormat } from "./names.js";

export interface CurrentUpload {
  id: number;
  unit_id: string | null;
  dataset: string;
  file_name: string;
  sha256: string;
  uploaded_at: string;
  problem_count: number;
  rows: number;
  accepted: number;
  problems: string;
  size: number;
}

/** The latest upload per dataset of one unit (unitId) or of the 司法局 (null). */
export async function currentUploads(ws: Workspace, assessmentId: number, unitId: string | null): Promise<CurrentUpload[]> {
  let q = ws.db.selectFrom("uploads").selectAll().where("assessment_id", "=", assessmentId);
  q = unitId === null ? q.where("unit_id", "is", null) : q.where("unit_id", "=", unitId);
  const rows = await q.orderBy("id", "desc").execute();
  const seen = new Set<string>();
  const out: CurrentUpload[] = [];
  for (const r of rows) if (!seen.has(r.dataset)) seen.add(r.dataset), out.push(r);
  return out;
}

/** Every unit's latest upload per dataset, in one query (the board). */
export async function allCurrentUploads(ws: Workspace, assessmentId: number): Promise<CurrentUpload[]> {
  const rows = await ws.db.selectFrom("uploads").selectAll().where("assessment_id", "=", assessmentId).orderBy("id", "desc").execute();
  const seen = new Set<string>();
  const out: CurrentUpload[] = [];
  for (const r of rows) {
    const k = `${r.unit_id ?? ""}\u0000${r.dataset}`;
    if (!seen.has(k)) seen.add(k), out.push(r);
  }
  return out;
}

/**
 * Copies uploads into `dir` as <dataset>_<unit id>.<ext> (a unit's: the library then reads it as
 * that unit's file, so the rows a template prefilled with the unit id and left unused are not
 * records) or <dataset>.<ext> (the 司法局's).
 */
export async function placeUploads(
  ws: Workspace,
  dir: string,
  uploads: { dataset: string; file_name: string; sha256: string; unit_id?: string | null }[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const u of uploads) {
    const ext = dataFormat(u.file_name) ?? "csv";
    const suffix = u.unit_id ? `_${u.unit_id}` : "";
    await copyFile(ws.blobs.path(u.sha256), join(dir, `${u.dataset}${suffix}.${ext}`));
  }
}

/** units.csv for the library from the assessment's unit list (the listed ones only). */
export function unitsCsv(units: { unit_id: string; name: string; category: string; parent_id: string | null }[]): string {
  const q = (s: string | null) => `"${(s ?? "").replace(/"/g, '""')}"`;
  return (
    ["单位编码,单位名称,单位类别,上级单位编码", ...units.map((u) => [u.unit_id, u.name, u.category, u.parent_id].map(q).join(","))].join(
      "\n",
    ) + "\n"
  );
}
