/** The audit log: every upload, submission, return, manual score change and publication. */
import type { Workspace } from "./workspace.js";
import { now } from "./workspace.js";

export interface AuditEntry {
  assessmentId: number | null;
  user: { id: number; username: string } | null;
  action: string;
  unitId?: string | null;
  detail: string;
  old?: string | null;
  new?: string | null;
  reason?: string | null;
}

export const ACTION_ZH: Record<string, string> = {
  create: "创建考评",
  units: "导入单位名单",
  upload: "上传数据",
  evidence: "上传佐证材料",
  submit: "提交",
  return: "退回",
  manual: "评审录入",
  evaluate: "评分",
  publish: "发布结果",
  password: "修改密码",
  reset: "重置密码",
  account: "创建账号",
};

export async function audit(ws: Workspace, e: AuditEntry): Promise<void> {
  await ws.db
    .insertInto("audit")
    .values({
      assessment_id: e.assessmentId,
      at: now(),
      user_id: e.user?.id ?? null,
      username: e.user?.username ?? "系统",
      action: e.action,
      unit_id: e.unitId ?? null,
      detail: e.detail,
      old_value: e.old ?? null,
      new_value: e.new ?? null,
      reason: e.reason ?? null,
    })
    .execute();
}

export async function auditLog(ws: Workspace, assessmentId: number) {
  return ws.db.selectFrom("audit").selectAll().where("assessment_id", "=", assessmentId).orderBy("id", "asc").execute();
}

/** The log as CSV (UTF-8 with BOM so Excel reads the Chinese; cells that look like formulas quoted as text). */
export function auditCsv(rows: Awaited<ReturnType<typeof auditLog>>): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  const head = ["序号", "时间", "操作人", "操作", "单位编码", "内容", "原值", "新值", "理由"];
  const lines = rows.map((r) =>
    [r.id, r.at, r.username, ACTION_ZH[r.action] ?? r.action, r.unit_id, r.detail, r.old_value, r.new_value, r.reason].map(cell).join(","),
  );
  return `\uFEFF${[head.map(cell).join(","), ...lines].join("\r\n")}\r\n`;
}
