/**
 * Published reports, made by the library on first request and kept beside the run: a unit's
 * PDF (report writer + Chromium), its 整改台账 (runCheck over the run's frozen data), the
 * summary PDF, scores.xlsx, and all of them as a zip. One generation per file at a time.
 */
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeReports, unitFileBase } from "../../report/index.js";
import { runCheck } from "../../check/check.js";
import { writeLedger } from "../../check/ledger.js";
import type { Results } from "../../results/types.js";
import { writeFileAtomic } from "../../util/atomic.js";
import type { Workspace, Assessment } from "./workspace.js";
import { rubricOf } from "./workspace.js";
import { runDir } from "./evaluation.js";

const pending = new Map<string, Promise<string>>();

async function once(file: string, make: () => Promise<void>): Promise<string> {
  try {
    await stat(file);
    return file;
  } catch {
    /* to make */
  }
  let p = pending.get(file);
  if (!p) {
    p = make().then(() => file);
    pending.set(file, p);
    p.finally(() => pending.delete(file)).catch(() => {});
  }
  return p;
}

const outDir = (ws: Workspace, runId: number) => join(runDir(ws, runId), "reports");

export async function unitPdf(ws: Workspace, results: Results, runId: number, unitId: string): Promise<string> {
  const u = results.units.find((x) => x.id === unitId);
  if (!u) throw new Error(`结果中没有单位 ${unitId}`);
  const dir = outDir(ws, runId);
  return once(join(dir, `${unitFileBase(u.id, u.name)}.pdf`), async () => {
    await writeReports(results, dir, { units: [unitId], formats: ["pdf"], summary: false });
  });
}

export async function summaryPdf(ws: Workspace, results: Results, runId: number): Promise<string> {
  const dir = outDir(ws, runId);
  return once(join(dir, "summary.pdf"), async () => {
    await writeReports(results, dir, { units: [], formats: ["pdf"], summary: true });
  });
}

export async function scoresXlsx(ws: Workspace, results: Results, runId: number): Promise<string> {
  const dir = outDir(ws, runId);
  return once(join(dir, "scores.xlsx"), async () => {
    await writeReports(results, dir, { units: [], formats: ["xlsx"], summary: false });
  });
}

export async function unitLedger(ws: Workspace, a: Assessment, runId: number, unitId: string): Promise<string> {
  const dir = join(runDir(ws, runId), "ledgers");
  await mkdir(dir, { recursive: true });
  return once(join(dir, `${unitFileBase(unitId, "整改台账")}.xlsx`), async () => {
    const report = await runCheck({ rubric: await rubricOf(ws, a), data: join(runDir(ws, runId), "data"), unit: unitId, workers: 0 });
    await writeLedger(join(dir, `${unitFileBase(unitId, "整改台账")}.xlsx`), report);
  });
}

/** Every unit's PDF, the summary and scores.xlsx in one zip. */
export async function allZip(ws: Workspace, results: Results, runId: number): Promise<string> {
  const dir = outDir(ws, runId);
  return once(join(runDir(ws, runId), "reports.zip"), async () => {
    await writeReports(results, dir, { formats: ["pdf", "xlsx"] });
    const JSZip = (await import("jszip")).default;
    const zip = new JSZip();
    for (const u of results.units)
      zip.file(`${unitFileBase(u.id, u.name)}.pdf`, await readFile(join(dir, `${unitFileBase(u.id, u.name)}.pdf`)));
    zip.file("summary.pdf", await readFile(join(dir, "summary.pdf")));
    zip.file("scores.xlsx", await readFile(join(dir, "scores.xlsx")));
    const buf = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    await writeFileAtomic(join(runDir(ws, runId), "reports.zip"), buf);
  });
}
