/**
 * Every problem the loader reports on the repository's bad data carries its code: each rejected
 * row (of a dataset and of each file and sheet) a row code, each file or dataset error an
 * errorCode of a file problem. A rejection left without a code would land in 其他数据问题.
 */
import { cp, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadData } from "../../src/data/folder.js";
import { FILE_CODES, PROBLEM_CODES, type DataProblemCode } from "../../src/data/problems.js";
import type { LoadOptions, ReadCounts } from "../../src/data/types.js";
import { inputResults } from "../../src/results/build.js";
import { inputsReport } from "../../src/cli/print.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

const options: LoadOptions = {
  required: ["units"],
  taskIds: new Set(["T1", "T2"]),
  activityTypes: new Set(["讲座"]),
  reported: new Map([
    ["complaints", "number"],
    ["rate", "number"],
    ["model", "boolean"],
    ["since", "date"],
  ]),
};

/** The data folders of the fixtures that hold bad rows or bad files. */
async function folders(): Promise<string[]> {
  const out: string[] = [];
  for (const group of ["data", "shapes"]) {
    // (bad-mapping: a column-mapping file that cannot be read stops the run with a DataError, code mapping_bad_json)
    for (const e of await readdir(join(FIXTURES, group), { withFileTypes: true }))
      if (e.isDirectory() && e.name !== "bad-mapping") out.push(join(group, e.name));
  }
  return out.sort();
}

const KNOWN: ReadonlySet<string> = new Set(PROBLEM_CODES);

describe("every problem the loader reports has a code", () => {
  it("on the bad, cross, junk, shapes … fixtures: rejected rows and file errors", async () => {
    const seenRows = new Map<DataProblemCode, number>();
    const seenErrors = new Set<DataProblemCode>();
    const uncoded: string[] = [];
    const check = (where: string, c: ReadCounts) => {
      for (const r of c.rejected) {
        if (r.code === undefined || !KNOWN.has(r.code) || FILE_CODES.has(r.code)) uncoded.push(`${where}:${r.line} ${r.code} ${r.reason}`);
        else seenRows.set(r.code, (seenRows.get(r.code) ?? 0) + 1);
      }
      if (c.error !== null) {
        if (c.errorCode === undefined || !FILE_CODES.has(c.errorCode)) uncoded.push(`${where} error ${c.errorCode} ${c.error}`);
        else seenErrors.add(c.errorCode);
      } else expect(c.errorCode).toBeUndefined();
    };
    for (const dir of await folders()) {
      const data = await loadData(join(FIXTURES, dir), options);
      for (const [id, d] of Object.entries(data.datasets)) {
        check(`${dir}/${id}`, d!);
        for (const s of d!.sources ?? []) check(`${dir}/${s.file}${s.sheet !== null ? ` [${s.sheet}]` : ""}`, s);
      }
    }
    expect(uncoded).toEqual([]);
    // the fixtures do reach the row rules and the file errors (so the test above checks something)
    for (const code of [
      "missing_required",
      "bad_date",
      "bad_number",
      "out_of_range",
      "not_in_list",
      "duplicate_id",
      "unknown_unit",
      "unknown_task",
      "unknown_indicator",
      "bad_reported_value",
      "duplicate_report",
      "missing_invalid_from",
      "field_count",
      "quote_swallowed_lines",
      "line_not_utf8",
    ] as const)
      expect([code, seenRows.has(code)]).toEqual([code, true]);
    for (const code of ["missing_column", "dataset_missing"] as const) expect([code, seenErrors.has(code)]).toEqual([code, true]);
    expect(seenErrors.size).toBeGreaterThanOrEqual(4);
  });
});

describe("the CLI's input report decides by the error's code", () => {
  it("a file's error names its file once; a file left unused for another's sake is named before its sentence", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-coded-"));
    await cp(join(FIXTURES, "check", "scjg"), dir, { recursive: true });
    await mkdir(join(dir, "补报"));
    await writeFile(join(dir, "补报", "training.csv"), "人员编号,培训名称\nP001,执法文书规范\n");
    const data = await loadData(dir, { required: ["units"] });
    const training = data.datasets.training!;
    expect(training.errorCode).toBe("missing_column");
    expect(training.sources!.map((s) => [s.file, s.errorCode])).toEqual([
      ["training.csv", "unused_file"],
      ["补报/training.csv", "missing_column"],
    ]);
    const coded = inputResults(data).filter((i) => i.dataset === "training");
    expect(coded.map((i) => i.errorCode)).toEqual(["unused_file", "missing_column"]);
    const report = inputsReport(coded, []);
    const lines = report.split("\n").filter((l) => l.includes("training.csv"));
    expect(lines[0]).toBe("✖ training.csv：未使用：同一数据集的 补报/training.csv 无法读取");
    expect(lines[1]).toMatch(/^✖ 补报\/training\.csv：缺少/);
    expect(lines[1]!.split("补报/training.csv")).toHaveLength(2);
  });
});
