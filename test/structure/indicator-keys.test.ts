/** A misspelt indicator key does not compile: the sink's key type comes from the catalog. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileErrors } from "./compile-errors.js";

const fixture = fileURLToPath(new URL("./fixtures/indicator-keys.ts", import.meta.url));

describe("indicator keys", () => {
  it("a misspelt key is a compile error, every right one compiles", () => {
    const marked = readFileSync(fixture, "utf8")
      .split("\n")
      .flatMap((l, i) => (l.includes("// ✗") ? [i + 1] : []));
    expect(marked.length).toBe(7);
    const errors = compileErrors(fixture);
    // only in the fixture (never in src/), and exactly on the marked lines
    expect(errors.filter((e) => e.line === -1).map((e) => e.text)).toEqual([]);
    expect([...new Set(errors.map((e) => e.line))].sort((a, b) => a - b)).toEqual(marked);
    // each one because the key is not assignable to the key type (2820: "… Did you mean …?")
    if (process.env.SHOW_KEY_ERRORS) console.log(errors);
    for (const e of errors) expect([2322, 2345, 2820]).toContain(e.code);
    expect(errors.find((e) => e.text.includes('"cases.onlinerate"'))?.text).toMatch(/IndicatorKey|"cases\.onlineRate"/);
  }, 120_000);
});
