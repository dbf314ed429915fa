/**
 * The workspace's tables, as Kysely sees them. One query layer over SQLite (embedded default)
 * and PostgreSQL (shared deployment): only portable column types (text, integer, double
 * precision), booleans as 0/1, times as ISO text, ids from autoincrement / serial.
 */
import type { Generated } from "kysely";

export type Role = "admin" | "unit" | "reviewer" | "leader";

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  /** unit accounts belong to one assessment and one unit; other roles to none */
  assessment_id: number | null;
  unit_id: string | null;
  /** 1 until the first password change */
  must_change: number;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a stolen database does not yield live sessions */
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface AssessmentsTable {
  id: Generated<number>;
  title: string;
  /** file name the rubric came from (shipped rubrics/… or an upload) */
  rubric_name: string;
  /** sha256 of the rubric as resolved (see loadRubric); the blob holding its JSON */
  rubric_sha256: string;
  /** open | published */
  status: string;
  created_at: string;
  created_by: number;
  published_run_id: number | null;
}

export interface UnitsTable {
  assessment_id: number;
  unit_id: string;
  name: string;
  category: string;
  parent_id: string | null;
  /** draft | submitted | returned */
  status: string;
  note: string | null;
  updated_at: string;
}

export interface UploadsTable {
  id: Generated<number>;
  assessment_id: number;
  /** null for an assessment-wide dataset the 司法局 uploads (documents) */
  unit_id: string | null;
  dataset: string;
  /** the name as uploaded, cleaned for display (never used as a path) */
  file_name: string;
  sha256: string;
  size: number;
  uploaded_by: number;
  uploaded_at: string;
  rows: number;
  accepted: number;
  /** rejected rows and file errors found when it was uploaded (JSON, see workspace/validate.ts) */
  problems: string;
  problem_count: number;
}

/** 佐证材料: a unit's evidence file (PDF, JPEG, PNG) for a manual item, task or reported value; every version kept. */
export interface EvidenceTable {
  id: Generated<number>;
  assessment_id: number;
  unit_id: string;
  /** what it supports: "item:D3", "task:QX-TAIZHANG" or "reported:<indicator id>" */
  target: string;
  /** the name as uploaded, cleaned for display (never used as a path) */
  file_name: string;
  /** the type its first bytes show: application/pdf, image/jpeg or image/png */
  mime: string;
  sha256: string;
  size: number;
  uploaded_by: number;
  uploaded_at: string;
}

export interface ManualScoresTable {
  assessment_id: number;
  unit_id: string;
  item_id: string;
  points: number;
  reason: string;
  entered_by: number;
  entered_at: string;
}

export interface RunsTable {
  id: Generated<number>;
  assessment_id: number;
  created_at: string;
  created_by: number;
  rubric_sha256: string;
  /** the exact upload versions used (JSON: [{unit, dataset, upload, sha256}]) */
  inputs: string;
  /** sha256 of results.json in the blob store */
  results_sha256: string;
  /** units evaluated / left out (not submitted) */
  units_evaluated: number;
  units_left_out: string;
  published_at: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  assessment_id: number | null;
  at: string;
  user_id: number | null;
  username: string;
  action: string;
  unit_id: string | null;
  detail: string;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  assessments: AssessmentsTable;
  units: UnitsTable;
  uploads: UploadsTable;
  evidence: EvidenceTable;
  manual_scores: ManualScoresTable;
  runs: RunsTable;
  audit: AuditTable;
}
