/**
 * A fast start (issue 16): `fazhi --help` loads no command, and no command loads Chromium,
 * ECharts, exceljs or handlebars before it needs them. Checked on the static import graph of the
 * source (what Node loads before the first line runs), not by timing: bench/startup.mjs times it.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.js";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");

/** Files and packages reached from `entry` by static imports (`import type` and import() excluded). */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm)) {
      if (m[2]) continue; // import type: erased
      if (
        m[3] &&
        /^\{[^}]*\}$/s.test(m[3]) &&
        m[3]
          .slice(1, -1)
          .split(",")
          .every((n) => /^\s*type\s/.test(n) || !n.trim())
      )
        continue;
      const spec = m[4] ?? m[5]!;
      if (spec.startsWith(".")) walk(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (!spec.startsWith("node:"))
        packages.add(spec.split("/")[0]!.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  };
  walk(join(SRC, entry));
  return { files, packages };
}

const HEAVY = ["puppeteer-core", "echarts", "exceljs", "handlebars"];

describe("the CLI starts fast", () => {
  it("fazhi --help loads no command and no package", () => {
    const g = staticGraph("cli/main.ts");
    expect([...g.packages]).toEqual([]);
    expect([...g.files].filter((f) => f.includes(`${join("cli", "commands")}`))).toEqual([]);
  });

  it("no command loads Chromium, ECharts, exceljs or handlebars before it runs", () => {
    for (const c of ["evaluate", "report", "validate", "explain", "check", "compare", "draft", "rubric"]) {
      const g = staticGraph(`cli/commands/${c}.ts`);
      for (const p of HEAVY) expect(g.packages.has(p), `${c} imports ${p}`).toBe(false);
    }
  });

  it("fazhi validate loads neither the rubric checker nor the data loader before it runs", () => {
    const g = staticGraph("cli/commands/validate.ts");
    expect([...g.packages]).toEqual([]);
    expect([...g.files].some((f) => f.endsWith(join("data", "load.ts")))).toBe(false);
  });

  it("the graph reader sees a heavy import where there is one (the report renderer)", () => {
    expect(staticGraph("report/html.ts").packages).toContain("echarts");
    expect(staticGraph("report/browser.ts").packages.has("puppeteer-core")).toBe(false); // type only
  });

  it("--help's summaries are the commands' own", async () => {
    for (const entry of COMMANDS) {
      const cmd = await entry.load();
      expect(cmd.name).toBe(entry.name);
      expect(entry.summary).toBe(cmd.summary);
    }
  });
});
