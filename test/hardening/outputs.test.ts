/**
 * Where fazhi may write (issue 14, item 3) and what a user's mistake on the command line gets
 * (item 9): never over an input, never inside the data or rubric folder, and a mistake is the
 * user's (a clear message, exit 1 or 2), never "内部错误 … 这是 fazhi 的缺陷".
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cp, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";

const SMALL = "test/fixtures/eval/small";
const RUBRIC = "rubrics/qingxin-2024.json";
const PLAN = "test/fixtures/real-plans/qingxin-2024-invalidated-docs-and-plan.txt";

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

let tmp: string;
let data: string;
let rubricDir: string;
let rubric: string;
let results: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "fazhi-outputs-"));
  data = join(tmp, "data");
  await cp(SMALL, data, { recursive: true });
  // a rubric in a folder of its own, extending the shipped base
  rubricDir = join(tmp, "rubrics");
  await cp("rubrics", rubricDir, { recursive: true });
  rubric = join(rubricDir, "qingxin-2024.json");
  const r = await cli("evaluate", "--rubric", RUBRIC, "--data", data, "--out", join(tmp, "out"));
  expect(r.code).toBe(0);
  results = join(tmp, "out", "results.json");
}, 60_000);

const notOurBug = (r: { err: string }) => {
  expect(r.err).not.toContain("内部错误");
  expect(r.err).not.toContain("fazhi 的缺陷");
};

describe("outputs never overwrite an input (item 3)", () => {
  it("check --ledger <data>/case_reviews.csv-like input is refused and the input is untouched", async () => {
    const xlsx = join(data, "case_reviews.xlsx");
    await writeFile(xlsx, "not really an xlsx, but an input file");
    const before = await readFile(xlsx);
    const r = await cli("check", "--rubric", rubric, "--data", data, "--unit", "QX-SCJG", "--ledger", xlsx);
    expect(r.code).toBe(2);
    notOurBug(r);
    expect(r.err).toContain("数据文件夹");
    expect(r.err).toContain(xlsx);
    expect(await readFile(xlsx)).toEqual(before);
    await import("node:fs/promises").then((fs) => fs.rm(xlsx));
  });

  const cases: [string, () => string[]][] = [
    ["evaluate --out the data folder", () => ["evaluate", "--rubric", rubric, "--data", data, "--out", data]],
    ["evaluate --out inside the data folder", () => ["evaluate", "--rubric", rubric, "--data", data, "--out", join(data, "out")]],
    ["evaluate --out inside the rubric's folder", () => ["evaluate", "--rubric", rubric, "--data", data, "--out", join(rubricDir, "out")]],
    ["evaluate --out the base rubric's folder", () => ["evaluate", "--rubric", rubric, "--data", data, "--out", join(rubricDir, "base")]],
    [
      "check --ledger inside the rubric's folder",
      () => ["check", "--rubric", rubric, "--data", data, "--unit", "QX-SCJG", "--ledger", join(rubricDir, "台账.xlsx")],
    ],
    [
      "check --out inside the data folder",
      () => ["check", "--rubric", rubric, "--data", data, "--unit", "QX-SCJG", "--out", join(data, "r"), "--format", "html"],
    ],
    [
      "report --out over results.json",
      () => ["report", "--results", results, "--out", join(tmp, "out", "results.json"), "--format", "html"],
    ],
    ["draft --out over the plan", () => ["draft", "--plan", join(tmp, "plan.txt"), "--out", join(tmp, "plan.txt")]],
    [
      "evaluate --out over the mapping file",
      () => ["evaluate", "--rubric", rubric, "--data", data, "--mapping", join(tmp, "mapping.json"), "--out", join(tmp, "mapping.json")],
    ],
  ];
  for (const [what, args] of cases) {
    it(`${what}: refused, nothing written`, async () => {
      await cp(PLAN, join(tmp, "plan.txt"));
      await writeFile(join(tmp, "mapping.json"), "{}");
      const before = await snapshot(tmp);
      const r = await cli(...args());
      expect(r.code, r.err).toBe(2);
      notOurBug(r);
      expect(r.err).toMatch(/输入文件|数据文件夹|细则所在的文件夹/);
      expect(await snapshot(tmp)).toEqual(before);
    }, 30_000);
  }

  it("a ledger next to the data folder is fine", async () => {
    const r = await cli("check", "--rubric", rubric, "--data", data, "--unit", "QX-SCJG", "--ledger", join(tmp, "台账.xlsx"));
    expect(r.code).toBe(0);
    expect((await stat(join(tmp, "台账.xlsx"))).isFile()).toBe(true);
  }, 30_000);
});

describe("user errors are the user's (item 9)", () => {
  it("--out naming an existing file", async () => {
    const f = join(tmp, "a-file");
    await writeFile(f, "x");
    for (const args of [
      ["evaluate", "--rubric", RUBRIC, "--data", data, "--out", f],
      ["report", "--results", results, "--out", f, "--format", "html"],
      ["check", "--rubric", RUBRIC, "--data", data, "--unit", "QX-SCJG", "--out", f, "--format", "html"],
    ]) {
      const r = await cli(...args);
      expect(r.code, r.err).toBe(2);
      notOurBug(r);
      expect(r.err).toContain(`--out 应为文件夹，但 ${f} 是一个文件`);
    }
  }, 60_000);

  it("--out inside a file (a path through a file)", async () => {
    const f = join(tmp, "a-file2");
    await writeFile(f, "x");
    const r = await cli("draft", "--plan", PLAN, "--out", join(f, "x.json"));
    expect(r.code).toBe(2);
    notOurBug(r);
    expect(r.err).toContain("不是文件夹");
  });

  it("--ledger naming a folder", async () => {
    const d = join(tmp, "ledger.xlsx");
    await mkdir(d, { recursive: true });
    const r = await cli("check", "--rubric", RUBRIC, "--data", data, "--unit", "QX-SCJG", "--ledger", d);
    expect(r.code).toBe(2);
    notOurBug(r);
    expect(r.err).toContain(`--ledger 应为 .xlsx 文件，但 ${d} 是一个文件夹`);
  });

  it("draft --out naming a folder", async () => {
    const r = await cli("draft", "--plan", PLAN, "--out", tmp);
    expect(r.code).toBe(2);
    notOurBug(r);
    expect(r.err).toContain("是一个文件夹");
  });

  for (const day of ["9999-12-31", "2099-01-01", "0000-01-01"]) {
    it(`check --as-of ${day}`, async () => {
      const r = await cli("check", "--rubric", RUBRIC, "--data", data, "--unit", "QX-SCJG", "--as-of", day);
      expect([1, 2]).toContain(r.code);
      notOurBug(r);
      expect(r.err).toMatch(/考核期/);
    });
  }

  it("an option given twice is refused", async () => {
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", data, "--out", join(tmp, "o1"), "--out", join(tmp, "o2"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("选项 --out 重复");
    const r2 = await cli("check", "--rubric", RUBRIC, "--data", data, "--unit", "QX-SCJG", "--unit=QX-THZ");
    expect(r2.code).toBe(2);
    expect(r2.err).toContain("选项 --unit 重复");
    expect(await readdir(tmp)).not.toContain("o1");
    const r3 = await cli("compare", results, results, "--unit", "QX-SCJG", "--unit", "QX-THZ");
    expect(r3.code).toBe(2);
    expect(r3.err).toContain("选项 --unit 重复");
  });

  it("report --unit may still be repeated", async () => {
    const out = join(tmp, "two");
    const r = await cli("report", "--results", results, "--out", out, "--format", "html", "--unit", "QX-SCJG", "--unit", "QX-THZ");
    expect(r.code).toBe(0);
  }, 30_000);

  for (const fmt of ["", ",", " "]) {
    it(`--format "${fmt}" is refused`, async () => {
      const out = join(tmp, "fmt-empty");
      const r = await cli("report", "--results", results, "--out", out, "--format", fmt);
      expect(r.code).toBe(2);
      expect(r.err).toContain("--format");
      const r2 = await cli("check", "--rubric", RUBRIC, "--data", data, "--unit", "QX-SCJG", "--out", out, "--format", fmt);
      expect(r2.code).toBe(2);
      expect(r2.err).toContain("--format");
    });
  }

  it("a real bug is still called one", async () => {
    const { reportError } = await import("../../src/cli/main.js");
    const err: string[] = [];
    expect(reportError(new TypeError("x is undefined"), { out: () => {}, err: (s) => err.push(s) })).toBe(1);
    expect(err.join("\n")).toContain("内部错误");
  });
});

async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(`${p} ${(await stat(p)).size}`);
    }
  };
  await walk(dir);
  return out.sort();
}

describe("what the machine refuses is not fazhi's bug (item 9)", () => {
  it("a system error on a write (here EIO) is reported as such, exit 1", async () => {
    const { reportError } = await import("../../src/cli/main.js");
    const fs = await import("node:fs/promises");
    const e = await fs.writeFile("/proc/version", "x").then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).not.toBeNull();
    const err: string[] = [];
    expect(reportError(e, { out: () => {}, err: (s) => err.push(s) })).toBe(1);
    expect(err.join("\n")).toMatch(/^无法写入/);
    expect(err.join("\n")).not.toContain("内部错误");
  });
});
