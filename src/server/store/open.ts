/**
 * Opens the workspace store: SQLite in the data folder by default, PostgreSQL when a
 * postgres:// URL is given; migrates to the latest schema either way.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import type { Database } from "./schema.js";
import { migrations, type Dialect } from "./migrations.js";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** data folder: holds fazhi.sqlite when no database URL is given */
  dataDir: string;
  /** postgres://… (or postgresql://…) for a shared PostgreSQL database */
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests use one each); created when missing */
  pgSchema?: string;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    dialect = "postgres";
    const schema = opts.pgSchema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`PostgreSQL schema 名不合法：${schema}`);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (schema) db = db.withSchema(schema);
  } else {
    dialect = "sqlite";
    await mkdir(opts.dataDir, { recursive: true });
    const file = new SqliteDatabase(join(opts.dataDir, "fazhi.sqlite"));
    file.pragma("journal_mode = WAL");
    file.pragma("foreign_keys = ON");
    file.pragma("busy_timeout = 5000");
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  }
  const { error, results } = await new Migrator({
    db,
    provider: migrations(dialect),
    ...(opts.pgSchema && dialect === "postgres" ? { migrationTableSchema: opts.pgSchema } : {}),
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ""}：${(error as Error).message}`);
  }
  return { db, dialect, close: () => db.destroy() };
}
