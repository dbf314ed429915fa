/**
 * Assessments: created from a rubric; the unit list imported from units.csv/xlsx through the
 * library's loader (rejected rows shown, nothing imported until the list is clean); one
 * account per unit, with initial passwords handed out as a printable xlsx.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadData } from "../../data/folder.js";
import type { Workspace, Assessment } from "./workspace.js";
import { now } from "./workspace.js";
import { audit } from "./audit.js";
import { createAccount } from "./users.js";
import type { PreparedRubric } from "./rubrics.js";
import { dataFormat } from "./names.js";
import type { RowProblem } from "./validate.js";

export async function createAssessment(
  ws: Workspace,
  title: string,
  rubric: PreparedRubric,
  by: { id: number; username: string },
): Promise<Assessment> {
  const sha = await ws.blobs.put(rubric.bytes);
  if (sha !== rubric.loaded.sha256) throw new Error(`细则 sha256 不一致：${sha} ≠ ${rubric.loaded.sha256}`);
  const row = await ws.db
    .insertInto("assessments")
    .values({
      title: title.trim() || rubric.loaded.rubric.title,
      rubric_name: rubric.name,
      rubric_sha256: sha,
      status: "open",
      created_at: now(),
      created_by: by.id,
      published_run_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(ws, {
    assessmentId: row.id,
    user: by,
    action: "create",
    detail: `创建考评“${row.title}”，细则 ${rubric.name}（sha256 ${sha}）`,
  });
  return row;
}

export async function listAssessments(ws: Workspace): Promise<Assessment[]> {
  return ws.db.selectFrom("assessments").selectAll().orderBy("id", "desc").execute();
}

export interface IssuedAccount {
  unitId: string;
  unitName: string;
  username: string;
  password: string;
}

export type UnitsOutcome = { ok: true; added: number; accounts: IssuedAccount[] } | { ok: false; problems: RowProblem[] };

/** The account name of a unit in an assessment: unique across assessments, typed from paper. */
export function unitUsername(assessmentId: number, unitId: string): string {
  return `a${assessmentId}-${unitId}`.replace(/\s+/g, "");
}

/** Imports (or extends) the unit list; units already listed keep their accounts and data. */
export async function importUnits(
  ws: Workspace,
  a: Assessment,
  fileName: string,
  bytes: Buffer,
  by: { id: number; username: string },
): Promise<UnitsOutcome> {
  const format = dataFormat(fileName);
  if (!format) return { ok: false, problems: [{ line: null, column: null, value: fileName, reason: "单位名单应为 .csv 或 .xlsx 文件" }] };
  const dir = await mkdtemp(join(tmpdir(), "fazhi-units-"));
  try {
    await writeFile(join(dir, `units.${format}`), bytes);
    const data = await loadData(dir, { required: ["units"] });
    const d = data.datasets.units;
    if (!d || d.error) return { ok: false, problems: [{ line: null, column: null, value: null, reason: d?.error ?? "无法读取单位名单" }] };
    if (d.rejected.length)
      return { ok: false, problems: d.rejected.map((r) => ({ line: r.line, column: r.column, value: r.value, reason: r.reason })) };
    if (d.records.length === 0) return { ok: false, problems: [{ line: null, column: null, value: null, reason: "单位名单中没有单位" }] };
    const existing = new Set(
      (await ws.db.selectFrom("units").select("unit_id").where("assessment_id", "=", a.id).execute()).map((u) => u.unit_id),
    );
    const accounts: IssuedAccount[] = [];
    for (const r of d.records) {
      const id = String(r.values.unit_id);
      if (existing.has(id)) continue;
      const unit = {
        unit_id: id,
        name: String(r.values.unit_name),
        category: String(r.values.category),
        parent_id: (r.values.parent_id as string | null) ?? null,
      };
      await ws.db
        .insertInto("units")
        .values({ assessment_id: a.id, ...unit, status: "draft", note: null, updated_at: now() })
        .execute();
      const username = unitUsername(a.id, id);
      const password = await createAccount(ws, { username, displayName: unit.name, role: "unit", assessmentId: a.id, unitId: id }, by);
      accounts.push({ unitId: id, unitName: unit.name, username, password });
    }
    await audit(ws, {
      assessmentId: a.id,
      user: by,
      action: "units",
      detail: `导入单位名单 ${fileName}：新增 ${accounts.length} 个单位，已有 ${existing.size} 个`,
    });
    return { ok: true, added: accounts.length, accounts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The initial passwords as a printable xlsx (one row per unit; cells are text, never formulas). */
export async function accountsXlsx(title: string, accounts: IssuedAccount[], loginUrl: string): Promise<Buffer> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = "fazhi";
  const sheet = wb.addWorksheet("单位账号", { pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 16 }, { width: 40 }, { width: 24 }, { width: 18 }];
  sheet.mergeCells(1, 1, 1, 4);
  sheet.getCell(1, 1).value = `${title} 单位账号（初始密码，首次登录须修改）`;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.mergeCells(2, 1, 2, 4);
  sheet.getCell(2, 1).value = `登录地址：${loginUrl}`;
  const head = sheet.addRow(["单位编码", "单位名称", "用户名", "初始密码"]);
  head.font = { bold: true };
  for (const acc of accounts) {
    const row = sheet.addRow([acc.unitId, acc.unitName, acc.username, acc.password]);
    row.eachCell((c) => {
      c.numFmt = "@";
      c.border = { top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } };
    });
    row.getCell(4).font = { name: "Courier New", size: 12 };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
