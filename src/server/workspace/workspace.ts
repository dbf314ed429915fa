/**
 * The workspace: the store (SQLite or PostgreSQL), the content-addressed files, and the
 * rubrics of its assessments. Every flow (workspace/*.ts) takes one; the HTTP layer is a thin
 * front end over them, like the CLI over the library.
 */
import { join, resolve } from "node:path";
import { openStore, type Store } from "../store/open.js";
import { Blobs } from "../store/blobs.js";
import { loadRubric, type LoadedRubric } from "../../rubric/load.js";
import type { Selectable } from "kysely";
import type { AssessmentsTable } from "../store/schema.js";

export type Assessment = Selectable<AssessmentsTable>;

export interface Workspace extends Store {
  dataDir: string;
  blobs: Blobs;
  /** shipped rubrics offered when creating an assessment */
  rubricsDir: string;
  rubricCache: Map<string, LoadedRubric>;
  /** upload limit in bytes */
  maxUploadBytes: number;
}

export interface WorkspaceOptions {
  dataDir: string;
  databaseUrl?: string;
  pgSchema?: string;
  rubricsDir?: string;
  maxUploadBytes?: number;
}

/** The repository's rubrics/ folder. */
export const SHIPPED_RUBRICS = resolve(new URL("../../../rubrics", import.meta.url).pathname);

export async function openWorkspace(opts: WorkspaceOptions): Promise<Workspace> {
  const dataDir = resolve(opts.dataDir);
  const store = await openStore({
    dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.pgSchema ? { pgSchema: opts.pgSchema } : {}),
  });
  return {
    ...store,
    dataDir,
    blobs: new Blobs(join(dataDir, "blobs")),
    rubricsDir: opts.rubricsDir ?? SHIPPED_RUBRICS,
    rubricCache: new Map(),
    maxUploadBytes: opts.maxUploadBytes ?? 30 * 1024 * 1024,
  };
}

export const now = () => new Date().toISOString();

/** The assessment's rubric, loaded from its blob (resolved JSON: needs no base files). */
export async function rubricOf(ws: Workspace, a: Pick<Assessment, "rubric_sha256" | "rubric_name">): Promise<LoadedRubric> {
  let loaded = ws.rubricCache.get(a.rubric_sha256);
  if (!loaded) {
    const l = await loadRubric(ws.blobs.path(a.rubric_sha256));
    loaded = { ...l, file: a.rubric_name, sha256: a.rubric_sha256 };
    ws.rubricCache.set(a.rubric_sha256, loaded);
  }
  return loaded;
}

export async function getAssessment(ws: Workspace, id: number): Promise<Assessment | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return ws.db.selectFrom("assessments").selectAll().where("id", "=", id).executeTakeFirst();
}
