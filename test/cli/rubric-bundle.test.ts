/**
 * `fazhi validate` loads the rubric checker as one bundled file (dist/rubric/load.bundle.js, built
 * by scripts/bundle-checker.mjs) for a start in < 0.3 s (issue 16). Checked here: the bundle
 * gives exactly what the modules give (the same rubric, hash, warnings and standard for every
 * shipped rubric and fixture; the same Chinese messages for broken ones), the CLI uses it while
 * it is fresh, and a bundle no longer built from what is in dist/ is never used.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = join(ROOT, "dist");
type Checker = typeof import("../../src/rubric/load.js");
type Fresh = (dist?: URL) => boolean;

let bundled: Checker;
let modules: Checker;
let bundleIsFresh: Fresh;
let tmp: string;

beforeAll(async () => {
  ({ bundleIsFresh } = (await import(pathToFileURL(join(DIST, "cli", "rubric-checker.js")).href)) as { bundleIsFresh: Fresh });
  // dist/ built by tsc alone (not `npm run build`): build the bundle as npm run build does
  if (!bundleIsFresh()) execFileSync(process.execPath, [join(ROOT, "scripts", "bundle-checker.mjs")], { cwd: ROOT });
  bundled = (await import(pathToFileURL(join(DIST, "rubric", "load.bundle.js")).href)) as Checker;
  modules = (await import(pathToFileURL(join(DIST, "rubric", "load.js")).href)) as Checker;
  tmp = mkdtempSync(join(tmpdir(), "fazhi-bundle-"));
  cpSync(join(ROOT, "rubrics", "base"), join(tmp, "base"), { recursive: true }); // qingxin-2024 extends base/three-year-plan.json
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** what a checker answers for a file: its result, or the error's class and message */
async function outcome(c: Checker, file: string): Promise<unknown> {
  try {
    return { ok: await c.loadRubric(file) };
  } catch (err) {
    return { error: (err as Error).constructor.name, message: (err as Error).message };
  }
}

const RUBRICS = [
  ...readdirSync(join(ROOT, "rubrics"))
    .filter((f) => f.endsWith(".json") && f !== "rubric.schema.json")
    .map((f) => join("rubrics", f)),
  "rubrics/examples/qingxin-2024-review.json",
  "rubrics/base/three-year-plan.json",
  "test/fixtures/review-standard/rubric.json",
  "test/fixtures/eval/custom-rubric.json",
  "test/fixtures/eval/open-cases-rubric.json",
  "test/fixtures/check/compare/rubric-v1.json",
];

/** broken copies of a shipped rubric: schema, refinements, strictness, cross-references, JSON syntax */
function broken(): Record<string, string> {
  const base = JSON.parse(readFileSync(join(ROOT, "rubrics", "taishan-2024.json"), "utf8"));
  const withIndicator = (r: any) => r.areas.flatMap((a: any) => a.items).find((i: any) => typeof i.scoring.indicator === "string");
  const variants: Record<string, (r: any) => void> = {
    missing: (r) => delete r.title,
    date: (r) => (r.period.start = "2024-02-30"),
    type: (r) => (r.totalPoints = "100"),
    scoring: (r) => (r.areas[0].items[0].scoring = { type: "nope" }),
    strict: (r) => (r.extraKey = 1),
    crossref: (r) => (withIndicator(r).scoring.indicator = "cases.nope"),
    many: (r) => {
      r.areas[0].items[0].max = -1;
      r.tasks[0].id = r.tasks[1]?.id ?? "x";
      delete r.areas[1].items[0].source;
    },
  };
  const files: Record<string, string> = {};
  for (const [name, change] of Object.entries(variants)) {
    const r = structuredClone(base);
    change(r);
    files[name] = join(tmp, `${name}.json`);
    writeFileSync(files[name], JSON.stringify(r, null, 2));
  }
  files.syntax = join(tmp, "syntax.json");
  writeFileSync(files.syntax, '{ "id": "x",\n  "title": }');
  files.absent = join(tmp, "absent.json");
  return files;
}

describe("the bundled rubric checker", () => {
  it("gives what the modules give for every shipped rubric and fixture", async () => {
    for (const f of RUBRICS) {
      const [a, b] = [await outcome(bundled, f), await outcome(modules, f)];
      expect(a, f).toEqual(b);
    }
    expect(await outcome(bundled, "rubrics/qingxin-2024.json")).toHaveProperty("ok.rubric.id", "qingxin-2024");
  });

  it("gives the same Chinese messages for broken rubrics, as the CLI's own RubricError", async () => {
    const { RubricError } = (await import(pathToFileURL(join(DIST, "errors.js")).href)) as typeof import("../../src/errors.js");
    for (const [name, f] of Object.entries(broken())) {
      const [a, b] = [await outcome(bundled, f), await outcome(modules, f)];
      expect(a, name).toEqual(b);
      expect(a, name).toHaveProperty("error", "RubricError");
      expect((a as { message: string }).message, name).toMatch(/[\u4e00-\u9fff]/);
      await expect(bundled.loadRubric(f)).rejects.toBeInstanceOf(RubricError);
    }
  });

  it("fazhi validate uses it, and prints the messages with exit 1 and no stack trace", () => {
    const used = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const c = await import("./dist/cli/rubric-checker.js"); const m = await c.rubricChecker(); const b = await import("./dist/rubric/load.bundle.js"); console.log(m === b);`,
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(used.trim()).toBe("true");
    const f = join(tmp, "cli-bad.json");
    const r = JSON.parse(readFileSync(join(ROOT, "rubrics", "qingxin-2024.json"), "utf8"));
    r.period.start = "2024-02-30";
    writeFileSync(f, JSON.stringify(r));
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [join(ROOT, "bin", "fazhi.js"), "validate", "--rubric", f], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (err) {
      ({ status, stderr } = err as { status: number; stderr: string });
    }
    expect(status).toBe(1);
    expect(stderr).toContain("日期不存在");
    expect(stderr).toContain("period.start");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("is used only while built from the files now in dist/ and the same packages", () => {
    const manifest = JSON.parse(readFileSync(join(DIST, "rubric", "load.bundle.json"), "utf8")) as { inputs: string[] };
    expect(manifest.inputs).toContain("rubric/schema.js");
    expect(manifest.inputs).toContain("../node_modules/zod/package.json");
    // a copy of dist/ (and the packages' package.json) in a temporary tree
    const copy = join(tmp, "tree", "dist");
    for (const f of [...manifest.inputs, "rubric/load.bundle.json", "rubric/load.bundle.js"]) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      cpSync(join(DIST, f), join(copy, f));
    }
    const url = pathToFileURL(copy + "/");
    expect(bundleIsFresh(url)).toBe(true);
    const schema = join(copy, "rubric", "schema.js");
    writeFileSync(schema, readFileSync(schema, "utf8").replace("同一端只能给", "同一端只可给")); // a changed message
    expect(bundleIsFresh(url)).toBe(false);
    cpSync(join(DIST, "rubric", "schema.js"), schema);
    expect(bundleIsFresh(url)).toBe(true);
    const zod = join(copy, "..", "node_modules", "zod", "package.json");
    writeFileSync(zod, readFileSync(zod, "utf8").replace(/"version": "[^"]+"/, '"version": "0.0.0"')); // another zod
    expect(bundleIsFresh(url)).toBe(false);
    rmSync(zod);
    expect(bundleIsFresh(url)).toBe(false);
    rmSync(join(copy, "rubric", "load.bundle.json"));
    expect(existsSync(join(copy, "rubric", "load.bundle.js"))).toBe(true);
    expect(bundleIsFresh(url)).toBe(false);
  });
});
