/**
 * Report file names from hostile unit ids and names (issue 14, items 1, 2 and the file-name
 * half of 5): long names keep their extension and print as a real report; folded names that
 * collide are told apart; bidi overrides and zero-width characters never reach a file name.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../src/evaluate.js";
import { writeReports } from "../../src/report/index.js";
import { reportFileBases } from "../../src/report/names.js";
import { safeFileName } from "../../src/util/safe-path.js";
import { runCli } from "../../src/cli/main.js";
import type { Results } from "../../src/results/types.js";

const run = promisify(execFile);
const pdftext = async (pdf: string) => (await run("pdftotext", ["-layout", pdf, "-"])).stdout;
const SMALL = "test/fixtures/eval/small";
const RUBRIC = "rubrics/qingxin-2024.json";
/** a real merged bureau's name: 67 characters, 201 bytes in UTF-8 */
const LONG =
  "清远市清新区人力资源和社会保障局（清远市清新区医疗保障局、清远市清新区退役军人事务局、清远市清新区乡村振兴局、清远市清新区政务服务数据管理局）";

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

let small: Results;
beforeAll(async () => {
  small = (await evaluate({ rubric: RUBRIC, data: SMALL })).results;
});

function withUnits(pairs: [string, string][]): Results {
  const r: Results = JSON.parse(JSON.stringify(small));
  const template = r.units[0]!;
  r.units = pairs.map(([id, name]) => ({ ...JSON.parse(JSON.stringify(template)), id, name }));
  return r;
}

describe("long unit names (item 1)", () => {
  it("the test name is as long as a real merged bureau's", () => {
    expect(Buffer.byteLength(`QX-RSJ-${LONG}`)).toBeGreaterThan(176);
  });

  it("are cut before the extension, on a UTF-8 boundary, within NAME_MAX", () => {
    const base = safeFileName(`QX-RSJ-${LONG}`, ".html");
    expect(base.endsWith(".html")).toBe(true);
    expect(Buffer.byteLength(base)).toBeLessThanOrEqual(240);
    expect(base).not.toContain("\uFFFD");
    expect(Buffer.from(base, "utf8").toString("utf8")).toBe(base);
  });

  it("give a .html and a .pdf that Chromium prints as the report, not as HTML source", async () => {
    const r = withUnits([["QX-RSJ", LONG]]);
    const out = await mkdtemp(join(tmpdir(), "fazhi-long-"));
    const { files } = await writeReports(r, out, { units: ["QX-RSJ"], formats: ["pdf", "html"] });
    const names = (await readdir(out)).filter((n) => n !== "assets");
    expect(names.sort()).toEqual(files.map((f) => f.slice(out.length + 1)).sort());
    const pdf = names.find((n) => n.endsWith(".pdf"))!;
    expect(pdf).toBeDefined();
    expect(names.some((n) => n.endsWith(".html"))).toBe(true);
    for (const n of names) expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(255);
    const t = (await pdftext(join(out, pdf))).replace(/\s+/g, "");
    expect(t).not.toContain("<!DOCTYPE");
    expect(t).not.toContain("<html");
    expect(t).toContain(r.rubric.title);
    expect(t).toContain("清远市清新区人力资源和社会保障局");
  }, 90_000);

  it("check --out writes the report with its extension too", async () => {
    const data = await mkdtemp(join(tmpdir(), "fazhi-long-data-"));
    await cp(SMALL, data, { recursive: true });
    const units = await readFile(join(data, "units.csv"), "utf8");
    await writeFile(join(data, "units.csv"), units.replace("清远市清新区市场监督管理局", LONG));
    const out = await mkdtemp(join(tmpdir(), "fazhi-long-check-"));
    const r = await cli("check", "--rubric", RUBRIC, "--data", data, "--unit", "QX-SCJG", "--out", out, "--format", "html");
    expect(r.err).toBe("");
    const names = (await readdir(out)).filter((n) => n !== "assets");
    expect(names).toHaveLength(1);
    expect(names[0]!.endsWith(".html")).toBe(true);
    expect(names[0]!.startsWith("QX-SCJG-清远市清新区人力资源和社会保障局")).toBe(true);
  }, 60_000);
});

describe("report file names are unique (item 2)", () => {
  const cases: [string, [string, string][]][] = [
    [
      "QX/01 and QX_01 with one name",
      [
        ["QX/01", "清新区司法局"],
        ["QX_01", "清新区司法局"],
      ],
    ],
    [
      "QX + A-局 against QX-A + 局",
      [
        ["QX", "A-局"],
        ["QX-A", "局"],
      ],
    ],
    [
      "names that differ only in case",
      [
        ["qx-a", "局"],
        ["QX-A", "局"],
      ],
    ],
    [
      "trailing dots dropped",
      [
        ["QX-局", "."],
        ["QX", "局-"],
      ],
    ],
  ];
  for (const [what, pairs] of cases) {
    it(`${what}: one file each, and the count is what is on disk`, async () => {
      const r = withUnits(pairs);
      const bases = reportFileBases(r);
      const folded = [...bases.values(), "summary"].map((b) => b.normalize("NFC").toLowerCase());
      expect(new Set(folded).size).toBe(folded.length);
      const out = await mkdtemp(join(tmpdir(), "fazhi-dup-"));
      const res = await cli("report", "--results", await save(r), "--out", out, "--format", "html,xlsx");
      expect(res.code).toBe(0);
      const onDisk = (await readdir(out)).filter((n) => n !== "assets");
      expect(onDisk).toHaveLength(pairs.length + 2); // units, summary.html, scores.xlsx
      expect(res.out).toContain(`已生成 ${onDisk.length} 个文件`);
    }, 60_000);
  }

  it("is deterministic and independent of --unit", () => {
    const r = withUnits([
      ["QX/01", "局"],
      ["QX_01", "局"],
      ["QX-B", "乙局"],
    ]);
    const a = reportFileBases(r);
    const b = reportFileBases(JSON.parse(JSON.stringify(r)));
    expect([...a]).toEqual([...b]);
    expect(a.get("QX-B")).toBe("QX-B-乙局");
    expect(a.get("QX/01")).not.toBe(a.get("QX_01"));
  });
});

describe("invisible and direction characters never reach a file name (item 5)", () => {
  it("bidi overrides, isolates and zero-width characters are stripped", () => {
    const name = "QX-A-\u202Efdp.exe\u202C局\u200B\u200C\u200D\u2060\uFEFF\u2066x\u2069";
    const base = safeFileName(name);
    expect(base).toBe("QX-A-fdp.exe局x");
    expect(base).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060\uFEFF]/);
  });
});

async function save(r: Results): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fazhi-res-"));
  const f = join(dir, "results.json");
  await writeFile(f, JSON.stringify(r));
  return f;
}
