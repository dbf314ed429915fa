/**
 * The demo data (inputs/demo) re-shaped the ways a 司法局 receives it: one sheet per unit, one
 * subfolder per unit, Chinese file names, late 补报 folders. For tests that the same data in
 * another shape gives the same scores.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { evaluate } from "../src/evaluate.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DEMO = join(ROOT, "inputs", "demo");
export const RUBRIC = join(ROOT, "rubrics", "qingxin-2024.json");

export interface Table {
  header: string[];
  rows: string[][];
}

/** A demo CSV file as text cells (UTF-8, BOM or GB18030; the demo's files have no quotes). */
export function demoTable(name: string): Table {
  const bytes = readFileSync(join(DEMO, `${name}.csv`));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l !== "");
  return { header: lines[0]!.split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

export function csvText(t: Table): string {
  return [t.header, ...t.rows].map((r) => r.join(",")).join("\n") + "\n";
}

export async function writeCsv(path: string, t: Table): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, csvText(t));
}

/** officer id → unit id, from the demo's officers. */
export function officerUnits(): Map<string, string> {
  const t = demoTable("officers");
  return new Map(t.rows.map((r) => [r[0]!, r[2]!]));
}

/** Rows grouped by unit (`unitOf` gives a row's unit; null: no unit of the list). */
export function byUnit(t: Table, unitOf: (row: string[]) => string | null): Map<string | null, string[][]> {
  const out = new Map<string | null, string[][]>();
  for (const r of t.rows) {
    const u = unitOf(r);
    out.set(u, [...(out.get(u) ?? []), r]);
  }
  return out;
}

/** A workbook with one sheet per entry (text cells as they are). */
export async function writeWorkbook(
  path: string,
  sheets: { name: string; header: string[]; rows: string[][]; state?: "hidden" }[],
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.state ? { state: s.state } : {});
    ws.addRow(s.header);
    for (const r of s.rows) ws.addRow(r);
  }
  await mkdir(dirname(path), { recursive: true });
  await wb.xlsx.writeFile(path);
}

/** Totals, complete flags and grades of a run, by unit. */
export async function totals(
  data: string,
): Promise<{ byUnit: Record<string, string>; results: Awaited<ReturnType<typeof evaluate>>["results"] }> {
  const { results } = await evaluate({ rubric: RUBRIC, data, workers: 0 });
  const byUnit = Object.fromEntries(results.units.map((u) => [u.id, `${u.total}${u.complete ? "" : "*"} ${u.grade}`]));
  return { byUnit, results };
}
