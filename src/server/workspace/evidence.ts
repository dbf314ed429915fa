/**
 * 佐证材料: a unit's evidence (PDF, JPEG, PNG) for a manual item, a task or a reported value.
 * Stored by sha256 like the data uploads, every version kept (a new file never deletes an
 * older one), size-limited, and typed by its first bytes, never by its name. Only the unit
 * itself, reviewers and the admin ever read it (see routes/evidence.ts).
 */
import type { Rubric } from "../../rubric/schema.js";
import type { Workspace, Assessment } from "./workspace.js";
import { now, rubricOf } from "./workspace.js";
import { audit } from "./audit.js";
import { cleanFileName } from "./names.js";
import { manualItems } from "./manual.js";
import type { Outcome } from "./uploads.js";

export interface EvidenceTarget {
  /** "item:D3", "task:<id>", "reported:<id>" */
  key: string;
  label: string;
}

/** What evidence can support: the manual items (for the unit's category), the rubric's tasks and reported values. */
export function evidenceTargets(rubric: Rubric, category: string): EvidenceTarget[] {
  const manual = manualItems(rubric).filter((m) => !m.categories || m.categories.includes(category));
  const manualInd = new Set(manual.map((m) => m.indicator));
  // one target per item, however many of its rules a reviewer decides
  const items = new Map<string, string>();
  for (const a of rubric.areas) for (const it of a.items) if (manual.some((m) => m.item === it.id)) items.set(it.id, it.title);
  return [
    ...[...items].map(([id, title]) => ({ key: `item:${id}`, label: `评审项目 ${id} ${title}` })),
    ...rubric.tasks.map((t) => ({ key: `task:${t.id}`, label: `任务 ${t.id} ${t.title}` })),
    ...rubric.reported.filter((r) => !manualInd.has(r.id)).map((r) => ({ key: `reported:${r.id}`, label: `填报指标 ${r.id} ${r.label}` })),
  ];
}

const KINDS: { mime: string; ext: string; zh: string; magic: (b: Buffer) => boolean }[] = [
  { mime: "application/pdf", ext: "pdf", zh: "PDF", magic: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-" },
  { mime: "image/jpeg", ext: "jpg", zh: "JPEG 图片", magic: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: "image/png",
    ext: "png",
    zh: "PNG 图片",
    magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
];

/** The evidence type the first bytes show, or null. */
export function evidenceType(bytes: Buffer): { mime: string; ext: string } | null {
  const k = KINDS.find((x) => x.magic(bytes));
  return k ? { mime: k.mime, ext: k.ext } : null;
}

/** The name to download under: the uploaded name, with the extension of the type it really is. */
export function evidenceDownloadName(fileName: string, mime: string): string {
  const ext = KINDS.find((k) => k.mime === mime)?.ext ?? "bin";
  const re = ext === "jpg" ? /\.(jpe?g)$/i : new RegExp(`\\.${ext}$`, "i");
  return re.test(fileName) ? fileName : `${fileName}.${ext}`;
}

export interface EvidenceInput {
  target: string;
  fileName: string;
  bytes: Buffer;
  unitId: string;
}

export async function acceptEvidence(
  ws: Workspace,
  a: Assessment,
  user: { id: number; username: string },
  up: EvidenceInput,
): Promise<Outcome & { evidenceId?: number }> {
  if (a.status === "published") return { ok: false, problem: "结果已发布，不能再上传佐证材料" };
  const unit = await ws.db
    .selectFrom("units")
    .select(["status", "category"])
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", up.unitId)
    .executeTakeFirst();
  if (!unit) return { ok: false, problem: "考评中没有该单位", status: 404 };
  if (unit.status === "submitted") return { ok: false, problem: "数据已提交并锁定；如需补充佐证材料，请联系司法局退回", status: 409 };
  const { rubric } = await rubricOf(ws, a);
  const target = evidenceTargets(rubric, unit.category).find((t) => t.key === up.target);
  if (!target) return { ok: false, problem: "请选择佐证材料对应的项目、任务或填报指标" };
  const name = cleanFileName(up.fileName);
  if (up.bytes.length === 0) return { ok: false, problem: `“${name}”是空文件` };
  if (up.bytes.length > ws.maxUploadBytes)
    return { ok: false, status: 413, problem: `文件过大（上限 ${Math.round(ws.maxUploadBytes / 1048576)} MB）` };
  const type = evidenceType(up.bytes);
  if (!type)
    return { ok: false, problem: `“${name}”不是 PDF、JPEG 或 PNG 文件（按文件内容判断，与扩展名无关）；请另存为 PDF 或图片后上传` };
  const sha = await ws.blobs.put(up.bytes);
  const row = await ws.db
    .insertInto("evidence")
    .values({
      assessment_id: a.id,
      unit_id: up.unitId,
      target: target.key,
      file_name: name,
      mime: type.mime,
      sha256: sha,
      size: up.bytes.length,
      uploaded_by: user.id,
      uploaded_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(ws, {
    assessmentId: a.id,
    user,
    action: "evidence",
    unitId: up.unitId,
    detail: `${target.label}：${name}（${up.bytes.length} 字节，sha256 ${sha}）`,
  });
  return { ok: true, evidenceId: row.id };
}

export interface EvidenceRow {
  id: number;
  target: string;
  label: string;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  uploaded_at: string;
}

/** A unit's evidence, newest first, every version, each with its target's label. */
export async function unitEvidence(ws: Workspace, a: Assessment, unitId: string, category: string): Promise<EvidenceRow[]> {
  const { rubric } = await rubricOf(ws, a);
  const labels = new Map(evidenceTargets(rubric, category).map((t) => [t.key, t.label]));
  const rows = await ws.db
    .selectFrom("evidence")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    target: r.target,
    label: labels.get(r.target) ?? r.target,
    file_name: r.file_name,
    mime: r.mime,
    size: r.size,
    sha256: r.sha256,
    uploaded_at: r.uploaded_at,
  }));
}
