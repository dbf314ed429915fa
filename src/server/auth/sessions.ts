/**
 * Sessions: a random token in an HttpOnly, SameSite=Strict cookie; the store keeps only its
 * sha256. A login always starts a new session (the old one, if any, is deleted): a token
 * planted before login is worthless after it.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Database, UsersTable } from "../store/schema.js";

export type User = Selectable<UsersTable>;

/** 8 hours of work; the session ends at logout or after that long. */
export const SESSION_HOURS = 8;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(db: Kysely<Database>, userId: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db
    .insertInto("sessions")
    .values({ id: hash(token), user_id: userId, created_at: now.toISOString(), expires_at: expires.toISOString() })
    .execute();
  return token;
}

export async function sessionUser(
  db: Kysely<Database>,
  token: string | undefined,
  now = new Date(),
): Promise<{ user: User; sessionId: string } | null> {
  if (!token || token.length > 100) return null;
  const id = hash(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.expires_at"])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now.toISOString()) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  const { expires_at: _e, ...user } = row;
  return { user: user as User, sessionId: id };
}

export async function endSession(db: Kysely<Database>, token: string | undefined): Promise<void> {
  if (token) await db.deleteFrom("sessions").where("id", "=", hash(token)).execute();
}

/** Every session of a user (after a password change, all other devices are signed out). */
export async function endUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
