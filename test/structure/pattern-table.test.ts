/** Every scoring pattern of the rubric schema has its entry in score/patterns.ts, and only those:
 * at compile time (the table `satisfies` a type keyed by the schema's discriminant) and at run time. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileErrors } from "./compile-errors.js";
import { Scoring } from "../../src/rubric/schema.js";
import { BONUS_PATTERNS, PATTERNS, patternOf } from "../../src/score/patterns.js";

const fixture = fileURLToPath(new URL("./fixtures/pattern-table.ts", import.meta.url));

const schemaTypes = Scoring.options.map((o) => o.shape.type.value);

describe("the table of scoring patterns", () => {
  it("has one entry for each pattern type of the schema, and no other", () => {
    expect(schemaTypes.length).toBeGreaterThan(10);
    expect(Object.keys(PATTERNS)).toEqual(schemaTypes);
  });

  it("gives each scoring block its own pattern", () => {
    for (const type of schemaTypes) expect(patternOf({ type } as Scoring)).toBe(PATTERNS[type]);
    // what the bonus-area message lists
    expect(BONUS_PATTERNS).toEqual(["perOccurrence", "threshold", "manual"]);
  });

  it("a missing, extra or misplaced entry is a compile error, the real table compiles", () => {
    const marked = readFileSync(fixture, "utf8")
      .split("\n")
      .flatMap((l, i) => (l.includes("// ✗") ? [i + 1] : []));
    expect(marked.length).toBe(3);
    const errors = compileErrors(fixture);
    expect(errors.filter((e) => e.line === -1).map((e) => e.text)).toEqual([]);
    expect([...new Set(errors.map((e) => e.line))].sort((a, b) => a - b)).toEqual(marked);
    // 1360: does not satisfy; 2353: object literal may only specify known properties; 2322: not assignable
    for (const e of errors) expect([1360, 2353, 2322]).toContain(e.code);
    expect(errors.find((e) => e.line === marked[0])?.text).toMatch(/'tiers' is missing/);
    expect(errors.find((e) => e.line === marked[1])?.text).toMatch(/ranking/);
  }, 120_000);
});
