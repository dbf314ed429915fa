/**
 * A unit's data as the library sees it: its current uploads (with the 司法局's shared ones)
 * laid out in a scratch folder, loaded by the library's loader (every rejected row with line,
 * column, value and reason), rows of another unit and reviewer-only indicators refused, and the
 * library's self-check (runCheck) over the same folder.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadData } from "../../data/folder.js";
import { sumKindCounts } from "../../data/dataset-load.js";
import { uncountedKindsNote } from "../../data/problem-messages.js";
import { loadOptionsFor } from "../../evaluate.js";
import { runCheck } from "../../check/check.js";
import type { CheckReport } from "../../check/types.js";
import type { DatasetLoad } from "../../data/types.js";
import { InputError } from "../../errors.js";
import type { Workspace, Assessment } from "./workspace.js";
import { rubricOf } from "./workspace.js";
import { currentUploads, placeUploads, unitsCsv, type CurrentUpload } from "./folder.js";
import { sharedDatasets, unitDatasets, datasetTitle } from "./datasets.js";
import { manualIndicators } from "./manual.js";

export interface RowProblem {
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface DatasetState {
  dataset: string;
  title: string;
  upload: CurrentUpload | null;
  rows: number;
  accepted: number;
  /** the file as a whole cannot be used */
  error: string | null;
  problems: RowProblem[];
  /** rejected lines in all (problems may list fewer) */
  problemCount: number;
  /** the loader's header warnings (a header close to a column but not matched) */
  warnings: string[];
  /** sheets of the workbook not read (instructions, hidden, no matching header), with why */
  notRead: string[];
}

export interface UnitInspection {
  datasets: DatasetState[];
  /** the 司法局's shared datasets this unit's data is checked against (documents) */
  shared: DatasetState[];
  check: CheckReport | null;
  /** why the self-check could not run */
  checkError: string | null;
}

export interface StoredProblems {
  error: string | null;
  problems: RowProblem[];
}

/** Training rows of kinds the rubric does not count (kept, their hours not counted), over the dataset's files. */
function uncountedNote(d: DatasetLoad | undefined, counted: readonly string[]): string[] {
  const kinds = sumKindCounts((d?.sources ?? []).map((s) => s.uncountedKinds));
  return kinds.length > 0 ? [uncountedKindsNote(kinds, counted)] : [];
}

function fromLoad(
  d: DatasetLoad | undefined,
  upload: CurrentUpload | null,
  dataset: string,
  extra: RowProblem[],
  countedKinds: readonly string[],
): DatasetState {
  const problems: RowProblem[] = [
    ...(d?.rejected ?? []).map((r) => ({ line: r.line, column: r.column, value: r.value, reason: r.reason })),
    ...extra,
  ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const lines = new Set(problems.map((p) => p.line));
  const extraTotal = Math.max(0, (d?.rejectedTotal ?? 0) - (d?.rejected.length ?? 0));
  const error = upload ? (d?.error ?? null) : null;
  return {
    dataset,
    title: datasetTitle(dataset),
    upload,
    rows: d?.rows ?? 0,
    accepted: Math.max(0, (d?.accepted ?? 0) - new Set(extra.map((p) => p.line)).size),
    error,
    problems,
    problemCount: lines.size + extraTotal + (error ? 1 : 0),
    warnings: upload ? [...(d?.warnings ?? []), ...uncountedNote(d, countedKinds)] : [],
    notRead: upload ? (d?.notRead ?? []).map((n) => `${n.sheet ? `工作表“${n.sheet}”` : n.file}：${n.reason}`) : [],
  };
}

/** Validates a unit's current data (and runs its self-check when asked); stores each upload's problem count for the board. */
export async function inspectUnit(ws: Workspace, a: Assessment, unitId: string, opts: { check?: boolean } = {}): Promise<UnitInspection> {
  const loaded = await rubricOf(ws, a);
  const { rubric } = loaded;
  const unit = await ws.db
    .selectFrom("units")
    .selectAll()
    .where("assessment_id", "=", a.id)
    .where("unit_id", "=", unitId)
    .executeTakeFirst();
  if (!unit) throw new InputError(`考评中没有单位“${unitId}”`);
  const own = await currentUploads(ws, a.id, unitId);
  const shared = await currentUploads(ws, a.id, null);
  const dir = await mkdtemp(join(tmpdir(), "fazhi-unit-"));
  try {
    await writeFile(join(dir, "units.csv"), unitsCsv([unit]));
    const wanted = new Set([...unitDatasets(rubric), ...sharedDatasets(rubric)]);
    await placeUploads(
      ws,
      dir,
      [...own, ...shared].filter((u) => wanted.has(u.dataset as never)),
    );
    const data = await loadData(dir, loadOptionsFor(rubric));
    const manual = manualIndicators(rubric);
    const states: DatasetState[] = [];
    for (const ds of unitDatasets(rubric)) {
      const d = data.datasets[ds];
      const upload = own.find((u) => u.dataset === ds) ?? null;
      const extra: RowProblem[] = [];
      for (const r of d?.records ?? []) {
        const uid = r.values.unit_id;
        if (typeof uid === "string" && uid !== unitId)
          extra.push({ line: r.line, column: "单位编码", value: uid, reason: `该行属于单位“${uid}”，不是本单位（${unitId}）的数据` });
        if (ds === "indicators" && typeof r.values.indicator === "string" && manual.has(r.values.indicator))
          extra.push({
            line: r.line,
            column: "指标编码",
            value: r.values.indicator,
            reason: `“${r.values.indicator}”由评审人员录入，单位不能填报`,
          });
      }
      const state = fromLoad(d, upload, ds, extra, rubric.parameters.trainingKinds);
      states.push(state);
      if (upload && (upload.problem_count !== state.problemCount || upload.accepted !== state.accepted || upload.rows !== state.rows)) {
        const stored: StoredProblems = { error: state.error, problems: state.problems.slice(0, 2000) };
        await ws.db
          .updateTable("uploads")
          .set({ problem_count: state.problemCount, rows: state.rows, accepted: state.accepted, problems: JSON.stringify(stored) })
          .where("id", "=", upload.id)
          .execute();
        upload.problem_count = state.problemCount;
      }
    }
    const sharedStates = sharedDatasets(rubric).map((ds) =>
      fromLoad(data.datasets[ds], shared.find((u) => u.dataset === ds) ?? null, ds, [], rubric.parameters.trainingKinds),
    );
    let check: CheckReport | null = null;
    let checkError: string | null = null;
    if (opts.check) {
      try {
        check = await runCheck({ rubric: loaded, data: dir, unit: unitId, workers: 0 });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        checkError = err.message;
      }
    }
    return { datasets: states, shared: sharedStates, check, checkError };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
