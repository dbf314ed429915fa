/**
 * A unit's data: uploads (every version kept, by sha256), submission (locks the data) and the
 * 司法局 sending a unit back with a note (unlocks it). Each step is in the audit log.
 */
import type { Workspace, Assessment } from "./workspace.js";
import { now, rubricOf } from "./workspace.js";
import { audit } from "./audit.js";
import { cleanFileName, dataFormat } from "./names.js";
import { sharedDatasets, unitDatasets, datasetTitle } from "./datasets.js";
import { currentUploads } from "./folder.js";
import { inspectUnit } from "./validate.js";
import { readXls } from "../../data/xls.js";

const STATUS_ZH: Record<string, string> = { draft: "未提交", submitted: "已提交", returned: "已退回" };

export type Outcome = { ok: true; message?: string } | { ok: false; problem: string; status?: number };

export interface UploadInput {
  dataset: string;
  fileName: string;
  bytes: Buffer;
  /** the unit's id, or null for the 司法局's shared datasets */
  unitId: string | null;
}

export async function acceptUpload(
  ws: Workspace,
  a: Assessment,
  user: { id: number; username: string },
  up: UploadInput,
): Promise<Outcome & { uploadId?: number }> {
  if (a.status === "published") return { ok: false, problem: "结果已发布，不能再上传数据" };
  const { rubric } = await rubricOf(ws, a);
  const allowed = up.unitId === null ? sharedDatasets(rubric) : unitDatasets(rubric);
  if (!allowed.includes(up.dataset as never)) return { ok: false, problem: `不能在此上传数据集“${up.dataset}”` };
  const name = cleanFileName(up.fileName);
  const format = dataFormat(name);
  if (!format) return { ok: false, problem: `“${name}”不是 CSV、XLSX、XLS 或 WPS（.et）表格文件（请上传 .csv、.xlsx、.xls 或 .et）` };
  if (up.bytes.length === 0) return { ok: false, problem: `“${name}”是空文件` };
  if (up.bytes.length > ws.maxUploadBytes)
    return { ok: false, status: 413, problem: `文件过大（上限 ${Math.round(ws.maxUploadBytes / 1048576)} MB）` };
  if (format === "xlsx" && up.bytes.subarray(0, 2).toString("latin1") !== "PK")
    return { ok: false, problem: `“${name}”不是有效的 XLSX 文件` };
  if (format === "xls" || format === "et") {
    // the loader's own reader and its message: a workbook it cannot read is not stored
    const read = readXls(up.bytes);
    if (!read.ok) return { ok: false, problem: `“${name}”${read.reason}` };
  }
  if (up.unitId !== null) {
    const unit = await ws.db
      .selectFrom("units")
      .select("status")
      .where("assessment_id", "=", a.id)
      .where("unit_id", "=", up.unitId)
      .executeTakeFirst();
    if (!unit) return { ok: false, problem: "考评中没有该单位", status: 404 };
    if (unit.status === "submitted") return { ok: false, problem: "数据已提交并锁定；如需修改，请联系司法局退回", status: 409 };
  }
  const sha = await ws.blobs.put(up.bytes);
  const row = await ws.db
    .insertInto("uploads")
    .values({
      assessment_id: a.id,
      unit_id: up.unitId,
      dataset: up.dataset,
      file_name: name,
      sha256: sha,
      size: up.bytes.length,
      uploaded_by: user.id,
      uploaded_at: now(),
      rows: 0,
      accepted: 0,
      problems: JSON.stringify({ error: null, problems: [] }),
      problem_count: 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(ws, {
    assessmentId: a.id,
    user,
    action: "upload",
    unitId: up.unitId,
    detail: `${datasetTitle(up.dataset)}：${name}（${up.bytes.length} 字节，sha256 ${sha}）`,
  });
  // validate now, so the board and the page show its problems at once
  if (up.unitId !== null) await inspectUnit(ws, a, up.unitId);
  else {
    const units = await ws.db.selectFrom("units").select("unit_id").where("assessment_id", "=", a.id).execute();
    for (const u of units) if ((await currentUploads(ws, a.id, u.unit_id)).length) await inspectUnit(ws, a, u.unit_id);
  }
  return { ok: true, uploadId: row.id };
}

/** Submits a unit's data: every dataset uploaded, no rejected row; then locked. */
export async function submitUnit(ws: Workspace, a: Assessment, user: { id: number; username: string }, unitId: string): Promise<Outcome> {
  if (a.status === "published") return { ok: false, problem: "结果已发布" };
  const unit = await ws.db
    .selectFrom("units")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .executeTakeFirst();
  if (!unit) return { ok: false, problem: "考评中没有该单位", status: 404 };
  if (unit.status === "submitted") return { ok: false, problem: "数据已提交", status: 409 };
  const inspection = await inspectUnit(ws, a, unitId);
  const missing = inspection.datasets.filter((d) => !d.upload).map((d) => d.title);
  if (missing.length) return { ok: false, problem: `尚未上传：${missing.join("、")}（没有数据的，请上传只有表头的文件）` };
  const bad = inspection.datasets.filter((d) => d.problemCount > 0);
  if (bad.length)
    return { ok: false, problem: `以下数据仍有问题，请修正后再提交：${bad.map((d) => `${d.title}（${d.problemCount} 处）`).join("、")}` };
  await ws.db
    .updateTable("units")
    .set({ status: "submitted", updated_at: now() })
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .execute();
  const files = inspection.datasets.map((d) => `${d.title} ${d.upload!.file_name}（sha256 ${d.upload!.sha256.slice(0, 12)}…）`).join("；");
  await audit(ws, {
    assessmentId: a.id,
    user,
    action: "submit",
    unitId,
    detail: `提交数据：${files}`,
    old: STATUS_ZH[unit.status] ?? unit.status,
    new: "已提交",
  });
  return { ok: true, message: "已提交，数据已锁定" };
}

/** The 司法局 sends a unit back with a note: its data is unlocked. */
export async function returnUnit(
  ws: Workspace,
  a: Assessment,
  user: { id: number; username: string },
  unitId: string,
  noteText: string,
): Promise<Outcome> {
  if (a.status === "published") return { ok: false, problem: "结果已发布，不能退回" };
  const note = noteText.trim();
  if (note.length < 2) return { ok: false, problem: "请填写退回说明" };
  if (note.length > 2000) return { ok: false, problem: "退回说明过长（最多 2000 字）" };
  const unit = await ws.db
    .selectFrom("units")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .executeTakeFirst();
  if (!unit) return { ok: false, problem: "考评中没有该单位", status: 404 };
  if (unit.status !== "submitted") return { ok: false, problem: "该单位尚未提交，无需退回", status: 409 };
  await ws.db
    .updateTable("units")
    .set({ status: "returned", note, updated_at: now() })
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .execute();
  await audit(ws, { assessmentId: a.id, user, action: "return", unitId, detail: "退回修改", old: "已提交", new: "已退回", reason: note });
  return { ok: true, message: "已退回" };
}
