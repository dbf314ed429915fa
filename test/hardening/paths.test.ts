/** Output paths never leave --out; rubric files are data, never code; writes are atomic. */
import { mkdtemp, readdir, readFile, rm, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeFileName, safeOutputPath } from "../../src/util/safe-path.js";
import { writeFileAtomic } from "../../src/util/atomic.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("safeOutputPath", () => {
  it("stays inside the output folder whatever the unit name (property)", () => {
    const names = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(fc.constantFrom("..", "/", "\\", ".", "CON", "nul.txt", "a", "清新区", ":", "\0", " ", "*", "~", "C:"), { maxLength: 12 })
        .map((a) => a.join("")),
    );
    fc.assert(
      fc.property(names, (name) => {
        const out = resolve("/tmp/out-dir");
        const p = safeOutputPath(out, name);
        const rel = relative(out, p);
        expect(rel.startsWith("..")).toBe(false);
        expect(rel).not.toContain(sep);
        expect(rel).not.toBe("");
        expect(rel).not.toMatch(/^\.\.?$/);
        expect(Buffer.byteLength(rel)).toBeLessThanOrEqual(200);
        expect(rel).not.toMatch(/[\u0000-\u001f<>:"|?*\\/]/);
      }),
      { numRuns: 500 },
    );
  });
  it("keeps readable names, and long distinct names distinct", () => {
    expect(safeFileName("清远市清新区教育局")).toBe("清远市清新区教育局");
    expect(safeFileName("../../etc/passwd")).toBe("___.._etc_passwd");
    expect(safeFileName("CON")).toBe("_CON");
    const a = "局".repeat(100) + "A";
    const b = "局".repeat(100) + "B";
    expect(safeFileName(a)).not.toBe(safeFileName(b));
  });
});

describe("rubric files are data, never code", () => {
  it("no eval, Function constructor or vm in the source", async () => {
    const files: string[] = [];
    const walk = async (d: string) => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(d, e.name));
        else if (e.name.endsWith(".ts")) files.push(join(d, e.name));
      }
    };
    await walk(join(ROOT, "src"));
    for (const f of files) {
      const text = await readFile(f, "utf8");
      expect(text, f).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]|from\s+["']node:vm["']/);
    }
  });
});

describe("an interrupted write leaves no half-written file", () => {
  it("a failing write leaves the old file and no temporary file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-atomic-"));
    const file = join(dir, "results.json");
    await writeFileAtomic(file, "old");
    // a directory where the temporary file would be renamed to: the rename fails mid-way
    await mkdir(join(dir, "sub", "results.json"), { recursive: true });
    await expect(writeFileAtomic(join(dir, "sub", "results.json"), "new")).rejects.toThrow();
    expect(await readdir(join(dir, "sub"))).toEqual(["results.json"]);
    expect(await readFile(file, "utf8")).toBe("old");
    await writeFile(join(dir, "x"), "");
    await rm(dir, { recursive: true, force: true });
  });

  it("texts written one after another come out whole: characters of 1–4 bytes across the writes, a text larger than a write", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-atomic-"));
    const file = join(dir, "results.json");
    const texts: string[] = [];
    for (let i = 0; i < 40000; i++) texts.push(i % 7 === 0 ? "" : `{"单位":"清新区第${i}执法队","note":"𠀀😀é"}\n`);
    texts.splice(20000, 0, "长".repeat(600000), "x");
    // texts that fit a write by their length but not by their bytes
    for (const n of [100000, 200000, 250000, 333333, 349525]) texts.unshift("a".repeat(n), "b".repeat(n), "c".repeat(n), "长".repeat(n));
    await writeFileAtomic(file, texts.values());
    expect(await readFile(file, "utf8")).toBe(texts.join(""));
    expect(await readdir(dir)).toEqual(["results.json"]);
    await rm(dir, { recursive: true, force: true });
  });

  it("texts that fail part-way leave the old file and no temporary file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-atomic-"));
    const file = join(dir, "results.json");
    await writeFileAtomic(file, "old");
    function* failing(): Generator<string> {
      for (let i = 0; i < 100000; i++) yield "新的内容".repeat(10);
      throw new Error("scoring failed");
    }
    await expect(writeFileAtomic(file, failing())).rejects.toThrow("scoring failed");
    expect(await readdir(dir)).toEqual(["results.json"]);
    expect(await readFile(file, "utf8")).toBe("old");
    await rm(dir, { recursive: true, force: true });
  });
});
