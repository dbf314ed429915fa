/**
 * Rubric numbers, depth and the files fazhi reads (issue 14, item 6): numbers are bounded,
 * nesting is bounded, and a rubric, base, mapping or plan must be a regular file of bounded
 * size — /dev/zero, a FIFO or a folder is refused at once, never read forever.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import { resolveRubricFile } from "../../src/rubric/extends.js";

const SMALL = "test/fixtures/eval/small";
const RUBRIC = "rubrics/qingxin-2024.json";
const PLAN = "test/fixtures/real-plans/qingxin-2024-invalidated-docs-and-plan.txt";

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

type Json = Record<string, any>;
let tmp: string;
let base: Json;
let fifo: string;
let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "fazhi-limits-out-"));
  tmp = await mkdtemp(join(tmpdir(), "fazhi-limits-"));
  base = (await resolveRubricFile(RUBRIC)).json as Json;
  fifo = join(tmp, "fifo.json");
  execFileSync("mkfifo", [fifo]);
});

async function rubricFile(edit: (r: Json) => void, text?: (s: string) => string, compact = false): Promise<string> {
  const r = structuredClone(base);
  edit(r);
  const f = join(tmp, `r-${Math.random().toString(36).slice(2)}.json`);
  const s = compact ? JSON.stringify(r) : JSON.stringify(r, null, 2);
  await writeFile(f, text ? text(s) : s);
  return f;
}

async function evaluateWith(rubric: string, ...more: string[]) {
  return cli("evaluate", "--rubric", rubric, "--data", SMALL, "--out", outDir, ...more);
}

const notOurBug = (r: { err: string }) => {
  expect(r.err).not.toContain("内部错误");
  expect(r.err).not.toContain("fazhi 的缺陷");
};

describe("numbers (item 6)", () => {
  it("max: 1e308 is refused, not scored as everyone 100", async () => {
    const r = await evaluateWith(await rubricFile((j) => (j.areas[0].items[0].max = 1e308)));
    expect(r.code).toBe(1);
    notOurBug(r);
    expect(r.err).toMatch(/areas\[0\]\.items\[0\]（A1）\.max.*|max/);
    expect(r.err).toContain("超出允许范围");
  });

  it("1e309 (Infinity once parsed) says it is out of range, not 期望 数字，实际接收 数字", async () => {
    const f = await rubricFile(
      (j) => (j.areas[0].items[0].max = 123456789),
      (s) => s.replace("123456789", "1e309"),
    );
    const r = await evaluateWith(f);
    expect(r.code).toBe(1);
    notOurBug(r);
    expect(r.err).not.toContain("期望 数字，实际接收 数字");
    expect(r.err).toContain("超出允许范围");
    expect(r.err).toContain("max");
  });

  it("a huge condition value and a negative-huge one", async () => {
    const r = await evaluateWith(
      await rubricFile((j) => {
        j.totalPoints = 1e15;
      }),
    );
    expect(r.code).toBe(1);
    notOurBug(r);
    expect(r.err).toContain("totalPoints");
    expect(r.err).toContain("超出允许范围");
  });

  it("ordinary rubrics are untouched by the bounds", async () => {
    const r = await evaluateWith(await rubricFile(() => {}));
    expect(r.code).toBe(0);
  });
});

describe("depth (item 6)", () => {
  it("1,000 nested all conditions: a clear depth error", async () => {
    let cond: Json = { fact: "unit.category", operator: "equal", value: "区直部门" };
    for (let i = 0; i < 1000; i++) cond = { all: [cond] };
    const r = await evaluateWith(await rubricFile((j) => (j.areas[0].items[0].applicableWhen = cond), undefined, true));
    expect(r.code).toBe(1);
    notOurBug(r);
    expect(r.err).toContain("嵌套");
    expect(r.err).toContain("层");
  });

  it("100,000 nested arrays: the same, without a stack overflow", async () => {
    const f = join(tmp, "deep.json");
    await writeFile(f, "[".repeat(100_000) + "]".repeat(100_000));
    const r = await evaluateWith(f);
    expect(r.code).toBe(1);
    notOurBug(r);
    expect(r.err).toContain("嵌套");
  });
});

describe("only regular files of bounded size are read (item 6)", () => {
  const targets = () => [
    ["/dev/zero", "/dev/zero"],
    ["a FIFO", fifo],
    ["a folder", tmp],
  ];
  for (const i of [0, 1, 2]) {
    it(`--rubric, extends, --mapping and --plan naming ${["/dev/zero", "a FIFO", "a folder"][i]}: refused at once`, async () => {
      const [, path] = targets()[i]!;
      const started = Date.now();
      const results = [
        await cli("evaluate", "--rubric", path!, "--data", SMALL, "--out", outDir),
        await evaluateWith(await rubricFile((j) => (j.extends = path))),
        await cli("evaluate", "--rubric", RUBRIC, "--data", SMALL, "--out", outDir, "--mapping", path!),
        await cli("draft", "--plan", path!),
        await cli("rubric", "show", path!),
      ];
      for (const r of results) {
        expect(r.code, r.err).toBe(1);
        notOurBug(r);
        expect(r.err).toContain("只能读取普通文件");
      }
      expect(Date.now() - started).toBeLessThan(10_000);
    }, 20_000);
  }

  it("a rubric over 5 MB and a plan over 20 MB are refused with their size", async () => {
    const big = join(tmp, "big.json");
    await writeFile(big, JSON.stringify({ ...base, note: "x".repeat(6 * 1024 * 1024) }));
    const r = await evaluateWith(big);
    expect(r.code).toBe(1);
    notOurBug(r);
    expect(r.err).toContain("5 MB");
    const plan = join(tmp, "big-plan.txt");
    await writeFile(plan, "一、总体要求\n".repeat(1_500_000));
    const p = await cli("draft", "--plan", plan);
    expect(p.code).toBe(1);
    expect(p.err).toContain("20 MB");
  }, 30_000);

  it("a real plan and rubric still read", async () => {
    expect((await cli("draft", "--plan", PLAN)).code).toBe(0);
    await mkdir(join(tmp, "ok"), { recursive: true });
  });
});
