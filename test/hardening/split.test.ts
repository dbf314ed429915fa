/**
 * Large CSV files are read in parts on worker threads (src/data/streamed.ts). Whatever the
 * split, results must be those of a single-threaded read: same rows, rejections, line numbers
 * and indicators — also when a unique id repeats across parts, a quote sits near a part
 * boundary, or the file is GBK.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../scripts/demo/generate.js";
import { evaluate } from "../../src/evaluate.js";
import { serializeResults } from "../../src/results/build.js";
import { planParts } from "../../src/stream/split.js";
import { planEarly } from "../../src/stream/stage.js";
import { ReaderThread } from "../../src/stream/thread.js";
import { lineAtOffset } from "../../src/data/byte-range.js";
import { readDataset } from "../../src/data/read-dataset.js";
import type { Row } from "../../src/data/types.js";

const RUBRIC = "rubrics/qingxin-2024.json";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fazhi-split-"));
  // cases.csv and training.csv above SPLIT_MIN_BYTES (8 MB)
  await generate({ out: dir, units: 60, officers: 3000, training: 160000, cases: 75000, reviews: 500 });
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function both(data: string): Promise<[string, string]> {
  const one = await evaluate({ rubric: RUBRIC, data, workers: 0 });
  const split = await evaluate({ rubric: RUBRIC, data, workers: 2 });
  return [serializeResults(one.results), serializeResults(split.results)];
}

describe("reading large CSV files in parts", () => {
  it("splits the bench-like files at line starts", async () => {
    const { size } = await import("node:fs/promises").then((fs) => fs.stat(join(dir, "cases.csv")));
    const ranges = await planParts(join(dir, "cases.csv"), size, 3);
    expect(ranges).not.toBeNull();
    expect(ranges!.length).toBe(3);
    const bytes = await readFile(join(dir, "cases.csv"));
    for (const r of ranges!.slice(1)) expect(bytes[r.start - 1]).toBe(0x0a);
    expect(ranges![2]!.end).toBe(size);
  });

  it("counts each part's first line once, on a thread started early, and the part's reader takes it", async () => {
    const files = ["cases.csv", "training.csv"];
    const sizes = await Promise.all(files.map((f) => import("node:fs/promises").then((fs) => fs.stat(join(dir, f)).then((s) => s.size))));
    const thread = new ReaderThread(null);
    try {
      const large = files.map((file) => ({ id: file.replace(".csv", "") as "cases" | "training", sources: [{ file, unit: null }] }));
      const planned = planEarly(dir, large, sizes, [thread]);
      expect(planned.size).toBe(2);
      for (const [k, f] of files.entries()) {
        const ranges = (await [...planned.values()][k])!;
        expect(ranges.length).toBeGreaterThan(1);
        // as lineAtOffset counts it from the file's start, part by part
        for (const r of ranges) expect(r.line, `${f} at ${r.start}`).toBe(await lineAtOffset(join(dir, f), r.start));
      }
      // the reader of a part starts at the line given (here a wrong one, to tell it from its own count)
      const ranges = (await [...planned.values()][0])!;
      const lines: number[] = [];
      await readDataset(
        { dir, dataset: "cases", sources: [{ file: "cases.csv", unit: null }], mapping: {}, options: {} },
        { keep: false, known: {}, sink: (row: Row) => void lines.push(row.line), range: { ...ranges[1]!, line: ranges[1]!.line! + 1000 } },
      );
      expect(lines[0]).toBe(ranges[1]!.line! + 1000);
    } finally {
      await thread.close();
    }
    // a thread that is gone counts nothing: the parts are planned all the same, and count their own lines
    const closed = new ReaderThread(null);
    await closed.close();
    const size = sizes[0]!;
    const plan = await planEarly(dir, [{ id: "cases", sources: [{ file: "cases.csv", unit: null }] }], [size], [closed])
      .values()
      .next().value!;
    expect(plan!.length).toBeGreaterThan(1);
    expect(plan!.every((r) => r.line === undefined)).toBe(true);
  });

  it("gives the same results.json as a single-threaded read", async () => {
    const [one, split] = await both(dir);
    expect(split).toBe(one);
  }, 120_000);

  it("a case id repeated in a later part is rejected as in a single-threaded read (whole-file fallback)", async () => {
    const d2 = await mkdtemp(join(tmpdir(), "fazhi-split-dup-"));
    try {
      for (const f of [
        "units.csv",
        "officers.csv",
        "training.csv",
        "documents.csv",
        "milestones.csv",
        "indicators.csv",
        "case_reviews.xlsx",
      ]) {
        await writeFile(join(d2, f), await readFile(join(dir, f)));
      }
      const text = await readFile(join(dir, "cases.csv"), "utf8");
      const lines = text.split("\n");
      // the last line repeats the first case's id; a row with a quoted line break near the middle
      const dup = lines[1]!;
      await writeFile(join(d2, "cases.csv"), text);
      await appendFile(join(d2, "cases.csv"), `${dup}\n`);
      const [one, split] = await both(d2);
      expect(split).toBe(one);
      expect(split).toContain("与第 2 行重复");

      const mid = Math.floor(lines.length / 2);
      const cells = lines[mid]!.split(",");
      cells[cells.length - 1] = `"${cells[cells.length - 1]}\n续"`;
      lines[mid] = cells.join(",");
      await writeFile(join(d2, "cases.csv"), lines.join("\n"));
      const [one2, split2] = await both(d2);
      expect(split2).toBe(one2);
    } finally {
      await rm(d2, { recursive: true, force: true });
    }
  }, 240_000);

  it("rejected rows are attributed to units the same way when the file is split across workers", async () => {
    const d3 = await mkdtemp(join(tmpdir(), "fazhi-split-gaps-"));
    try {
      for (const f of [
        "units.csv",
        "officers.csv",
        "training.csv",
        "documents.csv",
        "milestones.csv",
        "indicators.csv",
        "case_reviews.xlsx",
      ]) {
        await writeFile(join(d3, f), await readFile(join(dir, f)));
      }
      const lines = (await readFile(join(dir, "cases.csv"), "utf8")).split("\n");
      const header = lines[0]!.split(",");
      const decided = header.indexOf("决定日期");
      const unitCol = header.indexOf("单位编码");
      // a bad date late in the file (a later part) for one unit; an unknown unit early (every unit)
      const late = lines.length - 10;
      const lateCells = lines[late]!.split(",");
      lateCells[decided] = "2024-02-30";
      lines[late] = lateCells.join(",");
      const unit = lateCells[unitCol]!;
      const earlyCells = lines[5]!.split(",");
      earlyCells[unitCol] = "NO-SUCH-UNIT";
      lines[5] = earlyCells.join(",");
      await writeFile(join(d3, "cases.csv"), lines.join("\n"));
      const one = await evaluate({ rubric: RUBRIC, data: d3, workers: 0 });
      const split = await evaluate({ rubric: RUBRIC, data: d3, workers: 2 });
      expect(serializeResults(split.results)).toBe(serializeResults(one.results));
      const u = split.results.units.find((x) => x.id === unit)!;
      const cases = u.incompleteData!.find((g) => g.dataset === "cases")!;
      expect(cases.lines).toContain(late + 1);
      expect(cases.lines).toContain(6);
      expect(u.complete).toBe(false);
      const other = split.results.units.find((x) => x.id !== unit)!;
      expect(other.incompleteData!.find((g) => g.dataset === "cases")!.lines).toContain(6);
      expect(other.incompleteData!.find((g) => g.dataset === "cases")!.lines).not.toContain(late + 1);
    } finally {
      await rm(d3, { recursive: true, force: true });
    }
  }, 240_000);
});
