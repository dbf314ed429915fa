/**
 * The README's "What a run looks like" is what fazhi prints on the demo: every ranked row, the
 * grade distribution, the first unit's incomplete-data line and every line of the `explain`
 * excerpt (the "…" lines stand for lines left out).
 */
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";

async function cli(args: string[]): Promise<string> {
  const lines: string[] = [];
  await runCli(args, { out: (s) => lines.push(s), err: (s) => lines.push(s) });
  return lines.join("\n");
}

/** The README's text block that starts with `$ npx fazhi <command>`, without that line. */
function block(readme: string, command: string): string[] {
  const start = readme.indexOf(`$ npx fazhi ${command}`);
  expect(start, command).toBeGreaterThan(0);
  const end = readme.indexOf("```", start);
  return readme
    .slice(start, end)
    .split("\n")
    .slice(1)
    .filter((l) => l.trim() !== "" && l.trim() !== "…");
}

describe("README: the demo run", async () => {
  const readme = await readFile("README.md", "utf8");
  const out = await mkdtemp(join(tmpdir(), "fazhi-readme-demo-"));
  const evaluated = await cli(["evaluate", "--rubric", "rubrics/qingxin-2024.json", "--data", "inputs/demo", "--out", out]);

  it("the ranked table, the files read and the units with incomplete data", () => {
    const shown = block(readme, "evaluate");
    expect(shown.filter((l) => /^\s+\d+\s+QX-/.test(l)).length).toBeGreaterThanOrEqual(6);
    // (the README writes to out/demo)
    for (const line of shown) expect(evaluated.split("\n"), line).toContain(line.replace("out/demo", out));
  });

  it("the explain excerpt", async () => {
    const explained = (await cli(["explain", "--results", join(out, "results.json"), "--unit", "QX-SCJG"])).split("\n");
    const shown = block(readme, "explain --results out/demo/results.json --unit QX-SCJG");
    expect(shown.length).toBeGreaterThanOrEqual(10);
    for (const line of shown) expect(explained, line).toContain(line);
  });
});
