/** Schema migrations, in code, applied in order by Kysely's Migrator on every start. */
import { sql, type Kysely, type Migration, type MigrationProvider, type CreateTableBuilder } from "kysely";

export type Dialect = "sqlite" | "postgres";

/** An auto-numbered primary key in either dialect. */
function withId<T extends string>(t: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, "id"> {
  return dialect === "sqlite"
    ? t.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : t.addColumn("id", "serial", (c) => c.primaryKey());
}

function initial(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable("users"), dialect)
        .addColumn("username", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("assessment_id", "integer")
        .addColumn("unit_id", "text")
        .addColumn("must_change", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable("assessments"), dialect)
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("rubric_name", "text", (c) => c.notNull())
        .addColumn("rubric_sha256", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "integer", (c) => c.notNull())
        .addColumn("published_run_id", "integer")
        .execute();
      await db.schema
        .createTable("units")
        .addColumn("assessment_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("category", "text", (c) => c.notNull())
        .addColumn("parent_id", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("units_pk", ["assessment_id", "unit_id"])
        .execute();
      await withId(db.schema.createTable("uploads"), dialect)
        .addColumn("assessment_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "text")
        .addColumn("dataset", "text", (c) => c.notNull())
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("uploaded_by", "integer", (c) => c.notNull())
        .addColumn("uploaded_at", "text", (c) => c.notNull())
        .addColumn("rows", "integer", (c) => c.notNull())
        .addColumn("accepted", "integer", (c) => c.notNull())
        .addColumn("problems", "text", (c) => c.notNull())
        .addColumn("problem_count", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("uploads_by_unit").on("uploads").columns(["assessment_id", "unit_id", "dataset"]).execute();
      await db.schema
        .createTable("manual_scores")
        .addColumn("assessment_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "text", (c) => c.notNull())
        .addColumn("item_id", "text", (c) => c.notNull())
        .addColumn("points", "double precision", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("entered_by", "integer", (c) => c.notNull())
        .addColumn("entered_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("manual_scores_pk", ["assessment_id", "unit_id", "item_id"])
        .execute();
      await withId(db.schema.createTable("runs"), dialect)
        .addColumn("assessment_id", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "integer", (c) => c.notNull())
        .addColumn("rubric_sha256", "text", (c) => c.notNull())
        .addColumn("inputs", "text", (c) => c.notNull())
        .addColumn("results_sha256", "text", (c) => c.notNull())
        .addColumn("units_evaluated", "integer", (c) => c.notNull())
        .addColumn("units_left_out", "text", (c) => c.notNull())
        .addColumn("published_at", "text")
        .execute();
      await withId(db.schema.createTable("audit"), dialect)
        .addColumn("assessment_id", "integer")
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("user_id", "integer")
        .addColumn("username", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("unit_id", "text")
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("old_value", "text")
        .addColumn("new_value", "text")
        .addColumn("reason", "text")
        .execute();
      await db.schema.createIndex("audit_by_assessment").on("audit").columns(["assessment_id", "id"]).execute();
      void sql;
    },
  };
}

function evidence(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable("evidence"), dialect)
        .addColumn("assessment_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "text", (c) => c.notNull())
        .addColumn("target", "text", (c) => c.notNull())
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("mime", "text", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("uploaded_by", "integer", (c) => c.notNull())
        .addColumn("uploaded_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("evidence_by_unit").on("evidence").columns(["assessment_id", "unit_id", "target"]).execute();
    },
  };
}

export function migrations(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => ({ "0001_initial": initial(dialect), "0002_evidence": evidence(dialect) }) };
}
