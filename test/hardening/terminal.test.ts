/**
 * Terminal control codes in data (issue 14, item 5): a department's name, a cell value or a
 * file name holding ESC sequences, CR, DEL, C1 controls, bidi overrides or zero-width
 * characters is printed escaped in every table and rejection line, so it can neither clear the
 * screen nor erase or reorder the ✖ lines about itself.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import { termText, termLines } from "../../src/util/terminal.js";

const SMALL = "test/fixtures/eval/small";
const RUBRIC = "rubrics/qingxin-2024.json";
/** clear screen, cursor home, erase line, carriage return, DEL, C1 CSI, bidi override, zero-width space */
const EVIL = "\x1b[2J\x1b[H局\r\x1b[2K\x7f\x9b31m\u202e\u200b";
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]/;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

let data: string;
let results: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "fazhi-term-"));
  await cp(SMALL, data, { recursive: true });
  const units = await readFile(join(data, "units.csv"), "utf8");
  await writeFile(join(data, "units.csv"), units.replace("清远市清新区市场监督管理局", `市场监督管理局${EVIL}`));
  const officers = await readFile(join(data, "officers.csv"), "utf8");
  // a rejected row whose bad value is hostile
  await writeFile(
    join(data, "officers.csv"),
    officers.replace("P002,李四,QX-SCJG,是,44180002,2024-12-31,", `P002,李四,QX-SCJG,是,44180002,2024-12-31${EVIL},`),
  );
  await writeFile(join(data, `notes${EVIL}.txt`), "x");
  const out = await mkdtemp(join(tmpdir(), "fazhi-term-out-"));
  const r = await cli("evaluate", "--rubric", RUBRIC, "--data", data, "--out", out);
  expect(r.out).toContain("局"); // ran
  results = join(out, "results.json");
});

describe("control codes are shown escaped", () => {
  it("termText escapes C0, DEL, C1, bidi and zero-width characters", () => {
    expect(termText("a\x1b[2Jb")).toBe("a\\x1b[2Jb");
    expect(termText("a\rb\nc\td")).toBe("a\\rb\\nc\\td");
    expect(termText("\x7f\x9b\u202e\u200b\u2066\ufeff")).toBe("\\x7f\\u009b\\u202e\\u200b\\u2066\\ufeff");
    expect(termText("清远市清新区 ✔ ✖ — …")).toBe("清远市清新区 ✔ ✖ — …");
    expect(termLines("第一行\n第二行\x1b[2K")).toBe("第一行\n第二行\\x1b[2K");
  });

  it("evaluate: ranked table, rejection lines and the ignored-file list", async () => {
    const out = await mkdtemp(join(tmpdir(), "fazhi-term-out-"));
    const r = await cli("evaluate", "--rubric", RUBRIC, "--data", data, "--out", out);
    expect(r.out).not.toMatch(RAW);
    expect(r.err).not.toMatch(RAW);
    expect(r.out).toContain("市场监督管理局\\x1b[2J\\x1b[H局\\r\\x1b[2K\\x7f\\u009b31m\\u202e");
    expect(r.out).toMatch(/✖ officers\.csv:3：.*\\x1b\[2J/);
    expect(r.out).toContain("notes\\x1b[2J");
    // results.json keeps the data as it was
    expect(await readFile(join(out, "results.json"), "utf8")).toContain("\\u001b[2J");
  });

  it("explain, check, validate", async () => {
    for (const args of [
      ["explain", "--results", results, "--unit", "QX-SCJG"],
      ["check", "--rubric", RUBRIC, "--data", data, "--unit", "QX-SCJG"],
      ["validate", "--rubric", RUBRIC, "--data", data],
    ]) {
      const r = await cli(...args);
      expect(r.out + r.err, args[0]).toContain("\\x1b[2J");
      expect(r.out, args[0]).not.toMatch(RAW);
      expect(r.err, args[0]).not.toMatch(RAW);
    }
  });

  it("an unknown unit id with control codes in an error message", async () => {
    const r = await cli("explain", "--results", results, "--unit", `X${EVIL}`);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(RAW);
    expect(r.err).toContain("X\\x1b[2J");
  });
});
