/** Accounts: creating them with an initial password, logging in, changing the password. */
import type { Workspace } from "./workspace.js";
import { now } from "./workspace.js";
import { hashPassword, initialPassword, passwordProblem, verifyPassword } from "../auth/password.js";
import { endUserSessions, type User } from "../auth/sessions.js";
import type { Role } from "../store/schema.js";
import { audit } from "./audit.js";

export const ROLE_ZH: Record<Role, string> = { admin: "司法局管理员", unit: "被考评单位", reviewer: "评审人员", leader: "领导（只读）" };

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  assessmentId?: number | null;
  unitId?: string | null;
  /** given: used as is and not to be changed at first login (demo accounts); else generated */
  password?: string;
}

/** Creates an account; returns the initial password (shown once, never stored in clear). */
export async function createAccount(ws: Workspace, acc: NewAccount, by: { id: number; username: string } | null): Promise<string> {
  const password = acc.password ?? initialPassword();
  await ws.db
    .insertInto("users")
    .values({
      username: acc.username,
      display_name: acc.displayName,
      password_hash: await hashPassword(password),
      role: acc.role,
      assessment_id: acc.assessmentId ?? null,
      unit_id: acc.unitId ?? null,
      must_change: acc.password ? 0 : 1,
      created_at: now(),
    })
    .execute();
  await audit(ws, {
    assessmentId: acc.assessmentId ?? null,
    user: by,
    action: "account",
    unitId: acc.unitId ?? null,
    detail: `${ROLE_ZH[acc.role]}账号 ${acc.username}`,
  });
  return password;
}

/** A new initial password for an account (the holder must change it at the next login). */
export async function resetPassword(ws: Workspace, userId: number, by: { id: number; username: string }): Promise<string> {
  const password = initialPassword();
  const u = await ws.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  await ws.db
    .updateTable("users")
    .set({ password_hash: await hashPassword(password), must_change: 1 })
    .where("id", "=", userId)
    .execute();
  await endUserSessions(ws.db, userId);
  await audit(ws, { assessmentId: u.assessment_id, user: by, action: "reset", unitId: u.unit_id, detail: `重置 ${u.username} 的密码` });
  return password;
}

export async function findLogin(ws: Workspace, username: string, password: string): Promise<User | null> {
  if (username.length > 200 || password.length > 200) return null;
  const u = await ws.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  // a wrong user name costs the same time as a wrong password
  const ok = await verifyPassword(
    password,
    u?.password_hash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  );
  return u && ok ? u : null;
}

export async function changePassword(ws: Workspace, user: User, current: string, next: string, repeat: string): Promise<string | null> {
  if (!(await verifyPassword(current, user.password_hash))) return "当前密码不正确";
  if (next !== repeat) return "两次输入的新密码不一致";
  if (next === current) return "新密码不能与当前密码相同";
  const problem = passwordProblem(next, user.username);
  if (problem) return problem;
  await ws.db
    .updateTable("users")
    .set({ password_hash: await hashPassword(next), must_change: 0 })
    .where("id", "=", user.id)
    .execute();
  await endUserSessions(ws.db, user.id);
  await audit(ws, {
    assessmentId: user.assessment_id,
    user,
    action: "password",
    unitId: user.unit_id,
    detail: `${user.username} 修改了密码`,
  });
  return null;
}
