/**
 * Evaluation and publication. The submitted units' data are merged into one folder (kept
 * under runs/ with the results), the library evaluates it, and the run records the rubric's
 * sha256 and the exact upload versions used. Units that have not submitted are left out and
 * named — never scored on missing data. Publishing makes one run the assessment's result.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { evaluate } from "../../evaluate.js";
import { loadData } from "../../data/folder.js";
import { loadOptionsFor } from "../../evaluate.js";
import { serializeResults } from "../../results/build.js";
import type { Results } from "../../results/types.js";
import type { Workspace, Assessment } from "./workspace.js";
import { now, rubricOf } from "./workspace.js";
import { audit } from "./audit.js";
import { currentUploads, placeUploads, unitsCsv } from "./folder.js";
import { sharedDatasets, unitDatasets } from "./datasets.js";
import { MergedCsv } from "./merge.js";
import { manualItems } from "./manual.js";
import type { Outcome } from "./uploads.js";
import type { DatasetId } from "../../data/contract.js";

export interface RunInput {
  unit: string | null;
  dataset: string;
  upload: number;
  file: string;
  sha256: string;
}

export function runDir(ws: Workspace, runId: number): string {
  return join(ws.dataDir, "runs", `r${runId}`);
}

export async function runEvaluation(
  ws: Workspace,
  a: Assessment,
  user: { id: number; username: string },
): Promise<Outcome & { runId?: number }> {
  if (a.status === "published") return { ok: false, problem: "结果已发布" };
  const loaded = await rubricOf(ws, a);
  const { rubric } = loaded;
  const units = await ws.db.selectFrom("units").selectAll().where("assessment_id", "=", a.id).orderBy("unit_id").execute();
  const submitted = units.filter((u) => u.status === "submitted");
  if (submitted.length === 0) return { ok: false, problem: "还没有单位提交数据，无法评分" };
  const shared = await currentUploads(ws, a.id, null);
  const missingShared = sharedDatasets(rubric).filter((d) => !shared.some((s) => s.dataset === d));
  if (missingShared.length) return { ok: false, problem: `司法局尚未上传：${missingShared.join("、")}` };
  const tmp = join(ws.dataDir, "runs", `tmp-${randomBytes(6).toString("hex")}`);
  const dataDir = join(tmp, "data");
  try {
    await mkdir(dataDir, { recursive: true });
    const inputs: RunInput[] = [];
    const merged = new Map<DatasetId, MergedCsv>(unitDatasets(rubric).map((d) => [d, new MergedCsv(d, rubric)]));
    const scratch = join(tmp, "unit");
    for (const u of submitted) {
      const own = await currentUploads(ws, a.id, u.unit_id);
      await rm(scratch, { recursive: true, force: true });
      await writeFile(join(await mkdirp(scratch), "units.csv"), unitsCsv([u]));
      await placeUploads(ws, scratch, [...own, ...shared]);
      const data = await loadData(scratch, loadOptionsFor(rubric));
      for (const ds of unitDatasets(rubric)) {
        const up = own.find((x) => x.dataset === ds);
        const d = data.datasets[ds];
        if (!up || !d || d.error || d.rejected.length)
          return { ok: false, problem: `单位 ${u.unit_id} 的${ds}数据不完整或有错误（提交后不应出现），请退回该单位` };
        merged.get(ds)!.add(d.records);
        inputs.push({ unit: u.unit_id, dataset: ds, upload: up.id, file: up.file_name, sha256: up.sha256 });
      }
    }
    for (const s of shared) inputs.push({ unit: null, dataset: s.dataset, upload: s.id, file: s.file_name, sha256: s.sha256 });
    // the reviewers' entries (points, deductions), as the rubric's items read them
    const items = manualItems(rubric);
    const scores = await ws.db.selectFrom("manual_scores").selectAll().where("assessment_id", "=", a.id).execute();
    const ind = merged.get("indicators");
    const submittedIds = new Set(submitted.map((u) => u.unit_id));
    for (const s of scores) {
      const item = items.find((i) => i.id === s.item_id);
      if (!item || !submittedIds.has(s.unit_id)) continue;
      if (!ind) return { ok: false, problem: "细则的评审录入项目需要 indicators 数据集" };
      // a deduction's reason is the item's own words ("酌情扣 2 分（细则规定 6 分以内）：<reason>")
      const evidence = item.kind === "deduction" ? s.reason : `评审录入：${s.reason}`;
      ind.addCells({ unit_id: s.unit_id, indicator: item.indicator, value: String(s.points), evidence });
    }
    await writeFile(join(dataDir, "units.csv"), unitsCsv(submitted));
    for (const [ds, csv] of merged) await writeFile(join(dataDir, `${ds}.csv`), csv.text());
    await placeUploads(ws, dataDir, shared);
    await rm(scratch, { recursive: true, force: true });
    const { results } = await evaluate({ rubric: loaded, data: dataDir, workers: 0 });
    const text = serializeResults(results);
    const sha = await ws.blobs.put(text);
    const leftOut = units.filter((u) => u.status !== "submitted").map((u) => u.unit_id);
    const run = await ws.db
      .insertInto("runs")
      .values({
        assessment_id: a.id,
        created_at: now(),
        created_by: user.id,
        rubric_sha256: a.rubric_sha256,
        inputs: JSON.stringify(inputs),
        results_sha256: sha,
        units_evaluated: submitted.length,
        units_left_out: JSON.stringify(leftOut),
        published_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await mkdir(join(ws.dataDir, "runs"), { recursive: true });
    await rename(tmp, runDir(ws, run.id));
    await audit(ws, {
      assessmentId: a.id,
      user,
      action: "evaluate",
      detail: `评分第 ${run.id} 次：${submitted.length} 个单位${leftOut.length ? `，未提交未评分 ${leftOut.length} 个（${leftOut.slice(0, 5).join("、")}${leftOut.length > 5 ? " 等" : ""}）` : ""}；细则 sha256 ${a.rubric_sha256}；结果 sha256 ${sha}`,
    });
    const provisional = results.units.filter((u) => !u.complete).length;
    return {
      ok: true,
      runId: run.id,
      message: `已评分：${submitted.length} 个单位${provisional ? `；其中 ${provisional} 个单位总分暂定（有项目待评审录入或无法评分），发布前请核对` : ""}${leftOut.length ? `；${leftOut.length} 个单位未提交，未评分` : ""}`,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function latestRun(ws: Workspace, assessmentId: number) {
  return ws.db.selectFrom("runs").selectAll().where("assessment_id", "=", assessmentId).orderBy("id", "desc").executeTakeFirst();
}

export async function publishRun(ws: Workspace, a: Assessment, user: { id: number; username: string }, runId: number): Promise<Outcome> {
  if (a.status === "published") return { ok: false, problem: "结果已发布" };
  const run = await latestRun(ws, a.id);
  if (!run || run.id !== runId) return { ok: false, problem: "只能发布最近一次评分的结果，请先评分", status: 409 };
  // anything changed since the run (a return, a new manual score) makes it stale
  const changed = await ws.db
    .selectFrom("audit")
    .select("id")
    .where("assessment_id", "=", a.id)
    .where("action", "in", ["submit", "return", "manual", "upload"])
    .where("at", ">", run.created_at)
    .executeTakeFirst();
  if (changed) return { ok: false, problem: "评分后数据或评审得分有变动，请重新评分后再发布", status: 409 };
  const at = now();
  await ws.db.updateTable("runs").set({ published_at: at }).where("id", "=", run.id).execute();
  await ws.db.updateTable("assessments").set({ status: "published", published_run_id: run.id }).where("id", "=", a.id).execute();
  await audit(ws, {
    assessmentId: a.id,
    user,
    action: "publish",
    detail: `发布第 ${run.id} 次评分结果：细则 sha256 ${run.rubric_sha256}，结果 sha256 ${run.results_sha256}，使用 ${JSON.parse(run.inputs).length} 个文件版本`,
  });
  return { ok: true, message: "结果已发布" };
}

/** The published results (null before publication). */
export async function publishedResults(ws: Workspace, a: Assessment): Promise<{ results: Results; runId: number } | null> {
  if (a.status !== "published" || a.published_run_id === null) return null;
  const run = await ws.db.selectFrom("runs").selectAll().where("id", "=", a.published_run_id).executeTakeFirstOrThrow();
  return { results: JSON.parse((await ws.blobs.get(run.results_sha256)).toString("utf8")) as Results, runId: run.id };
}
