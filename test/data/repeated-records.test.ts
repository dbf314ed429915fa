/**
 * A training or case-review record (no unique id) equal in every column to one read before is
 * counted once and rejected as repeated_record naming where the first one is — whether that is
 * another file, another sheet of the same workbook (Excel's "培训登记 (2)" copy, monthly sheets
 * and a 全年汇总 repeating them) or an earlier line of the same sheet or file (rows pasted twice),
 * also when a large CSV file is read in parts on worker threads. A repeat is no gap: the units'
 * totals, completeness and grades are those of the data without it.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO, demoTable, RUBRIC, totals, writeCsv, writeWorkbook, type Table } from "../shapes.js";
import { evaluate } from "../../src/evaluate.js";
import { serializeResults } from "../../src/results/build.js";
import { FileMerge } from "../../src/stream/merge.js";
import { generate } from "../../scripts/demo/generate.js";

const tmp: string[] = [];
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});
async function scratch(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "fazhi-repeats-"));
  tmp.push(d);
  return d;
}
async function copyDemo(to: string): Promise<void> {
  for (const d of ["units", "officers", "cases", "milestones", "documents", "indicators"])
    await copyFile(join(DEMO, `${d}.csv`), join(to, `${d}.csv`));
  await copyFile(join(DEMO, "case_reviews.xlsx"), join(to, "case_reviews.xlsx"));
}

/** The demo's training rows without the three broken on purpose (lines 981, 3381, 5558), so that
 * a copy of them adds no rejected row of its own. */
function trainingRows(): Table {
  const t = demoTable("training");
  const broken = new Set([981, 3381, 5558]);
  return { header: t.header, rows: t.rows.filter((_, i) => !broken.has(i + 2)) };
}
/** Each unit's total, grade, completeness and item points (what a repeat must not change). */
function scores(results: Awaited<ReturnType<typeof evaluate>>["results"]) {
  return results.units.map((u) => [u.id, u.total, u.grade, u.complete, u.items.map((i) => [i.id, i.points, i.provisional ?? false])]);
}
const REPEATED = /^与 (.+) 第 (\d+) 行是同一条记录（各列相同），不重复计入$/;

let single: Awaited<ReturnType<typeof totals>>;
beforeAll(async () => {
  const d = await scratch();
  await copyDemo(d);
  await writeCsv(join(d, "training.csv"), trainingRows());
  single = await totals(d);
}, 120_000);

describe("a record repeated in the same workbook or file is counted once", () => {
  it("a sheet and its copy 培训登记 (2): the copy's rows are repeats of the first sheet's lines; totals, gaps and grades as one sheet", async () => {
    const d = await scratch();
    await copyDemo(d);
    const t = trainingRows();
    await writeWorkbook(join(d, "training.xlsx"), [
      { name: "培训登记", header: t.header, rows: t.rows },
      { name: "培训登记 (2)", header: t.header, rows: t.rows },
    ]);
    const run = await totals(d);
    expect(run.byUnit).toEqual(single.byUnit);
    // counted once and no gap: every unit as with the one sheet (items, incompleteData, complete)
    expect(run.results.units).toEqual(single.results.units);
    const [first, copy] = run.results.inputs.filter((i) => i.dataset === "training");
    expect(first).toMatchObject({ sheet: "培训登记", rows: t.rows.length });
    expect(copy).toMatchObject({ sheet: "培训登记 (2)", rows: t.rows.length, accepted: 0 });
    expect(copy!.rejected).toHaveLength(t.rows.length);
    expect(copy!.rejected.every((r) => r.code === "repeated_record")).toBe(true);
    expect(copy!.rejected[0]).toMatchObject({
      line: 2,
      reason: "与 training.xlsx [培训登记] 第 2 行是同一条记录（各列相同），不重复计入",
    });
    // each names the first sheet and the line of the same row there (or of its own repeat there)
    for (const r of copy!.rejected) {
      const [, where, line] = REPEATED.exec(r.reason)!;
      expect(where).toBe("training.xlsx [培训登记]");
      expect(Number(line)).toBeLessThanOrEqual(r.line);
      // (the same officer, course, kind and hours; the date may be written another way)
      const same = (row: string[]) => [row[0], ...row.slice(2)];
      expect(same(t.rows[Number(line) - 2]!)).toEqual(same(t.rows[r.line - 2]!));
    }
  }, 120_000);

  it("monthly sheets and a 全年汇总 sheet repeating them: the summary's rows are repeats of the months' lines", async () => {
    const d = await scratch();
    await copyDemo(d);
    const t = trainingRows();
    const months = new Map<string, string[][]>();
    for (const r of t.rows) {
      const m = /^\d{4}\D(\d{1,2})/.exec(r[1]!)?.[1] ?? "其他";
      months.set(m, [...(months.get(m) ?? []), r]);
    }
    const sheets = [...months].map(([m, rows]) => ({ name: `${m}月`, header: t.header, rows }));
    await writeWorkbook(join(d, "training.xlsx"), [...sheets, { name: "全年汇总", header: t.header, rows: t.rows }]);
    const run = await totals(d);
    expect(run.byUnit).toEqual(single.byUnit);
    expect(run.results.units).toEqual(single.results.units);
    const summary = run.results.inputs.find((i) => i.dataset === "training" && i.sheet === "全年汇总")!;
    expect(summary).toMatchObject({ accepted: 0 });
    expect(summary.rejected).toHaveLength(t.rows.length);
    expect(summary.rejected.every((r) => REPEATED.exec(r.reason)![1]!.startsWith("training.xlsx ["))).toBe(true);
  }, 120_000);

  it("rows pasted twice in one CSV file: the second copies are repeats of the first lines; totals, gaps and grades as without them", async () => {
    const d = await scratch();
    await copyDemo(d);
    const t = trainingRows();
    // lines 2000–2399 pasted again at the end
    const block = t.rows.slice(1998, 2398);
    await writeCsv(join(d, "training.csv"), { header: t.header, rows: [...t.rows, ...block] });
    const run = await totals(d);
    expect(run.byUnit).toEqual(single.byUnit);
    expect(run.results.units).toEqual(single.results.units);
    const input = run.results.inputs.find((i) => i.dataset === "training")!;
    const pasted = input.rejected.filter((r) => r.line > t.rows.length + 1);
    expect(pasted).toHaveLength(block.length);
    expect(pasted.every((r) => r.code === "repeated_record")).toBe(true);
    expect(pasted[0]!.reason).toBe("与 training.csv 第 2000 行是同一条记录（各列相同），不重复计入");
    expect(input.accepted).toBe(single.results.inputs.find((i) => i.dataset === "training")!.accepted);
  }, 120_000);
});

describe("a record repeated in a large CSV file read in parts", () => {
  let dir: string;
  let lines: Buffer[];
  let clean: Awaited<ReturnType<typeof evaluate>>["results"];
  beforeAll(async () => {
    dir = await scratch();
    // training.csv above SPLIT_MIN_BYTES (8 MB): read in parts with workers: 2
    await generate({ out: dir, units: 40, officers: 3000, training: 160000, cases: 3000, reviews: 300 });
    const bytes = await readFile(join(dir, "training.csv"));
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);
    lines = [];
    for (let at = 0; at < bytes.length; ) {
      const lf = bytes.indexOf(0x0a, at);
      const end = lf < 0 ? bytes.length : lf + 1;
      lines.push(bytes.subarray(at, end));
      at = end;
    }
    clean = (await evaluate({ rubric: RUBRIC, data: dir, workers: 0 })).results;
  }, 240_000);

  /** training.csv with `extra` lines (whole lines of the file, by index) inserted after line index `after` (or appended). */
  async function withRepeats(name: string, extra: number[], after?: number): Promise<string> {
    const d = join(dir, name);
    await rm(d, { recursive: true, force: true });
    await mkdir(d);
    for (const f of ["units.csv", "officers.csv", "cases.csv", "documents.csv", "milestones.csv", "indicators.csv", "case_reviews.xlsx"])
      await copyFile(join(dir, f), join(d, f));
    const copies = extra.map((i) => lines[i]!);
    const out = after === undefined ? [...lines, ...copies] : [...lines.slice(0, after + 1), ...copies, ...lines.slice(after + 1)];
    await writeFile(join(d, "training.csv"), Buffer.concat(out));
    return d;
  }

  it("a line repeated next to itself inside one part: rejected there, the parts still merged; as a single-threaded read", async () => {
    const mid = Math.floor(lines.length / 3);
    const d = await withRepeats("adjacent", [mid], mid);
    const finish = vi.spyOn(FileMerge.prototype, "finish");
    try {
      const split = (await evaluate({ rubric: RUBRIC, data: d, workers: 2 })).results;
      const merged = finish.mock.results.filter((r) => r.type === "return" && r.value !== null).length;
      expect(merged).toBeGreaterThan(0);
      const one = (await evaluate({ rubric: RUBRIC, data: d, workers: 0 })).results;
      expect(serializeResults(split)).toBe(serializeResults(one));
      // (the lines after it are one further down: compared without line numbers)
      expect(scores(split)).toEqual(scores(clean));
      const input = split.inputs.find((i) => i.dataset === "training")!;
      expect(input.rejected.find((r) => r.line === mid + 2)).toMatchObject({
        code: "repeated_record",
        reason: `与 training.csv 第 ${mid + 1} 行是同一条记录（各列相同），不重复计入`,
      });
    } finally {
      finish.mockRestore();
    }
  }, 240_000);

  it("the first 300 rows pasted again at the end (another part): the file read whole, rejected naming their first lines; as a single-threaded read", async () => {
    const first = Array.from({ length: 300 }, (_, i) => i + 1);
    const d = await withRepeats("pasted", first);
    const finish = vi.spyOn(FileMerge.prototype, "finish");
    let split: typeof clean;
    try {
      split = (await evaluate({ rubric: RUBRIC, data: d, workers: 2 })).results;
      // the parts' record hashes met: the merge refused, the file was read whole
      expect(finish.mock.results.some((r) => r.type === "return" && r.value === null)).toBe(true);
    } finally {
      finish.mockRestore();
    }
    const one = (await evaluate({ rubric: RUBRIC, data: d, workers: 0 })).results;
    expect(serializeResults(split)).toBe(serializeResults(one));
    expect(split.units).toEqual(clean.units);
    const input = split.inputs.find((i) => i.dataset === "training")!;
    const pasted = input.rejected.filter((r) => r.line > lines.length);
    expect(pasted).toHaveLength(300);
    expect(pasted.every((r) => r.code === "repeated_record")).toBe(true);
    expect(pasted[0]!.reason).toBe("与 training.csv 第 2 行是同一条记录（各列相同），不重复计入");
  }, 240_000);
});
