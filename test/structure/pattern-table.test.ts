/** Every scoring pattern of the rubric schema has its entry in score/patterns.ts, and only those:
 * at compile time (the table `satisfies` a type keyed by the schema's discriminant) and at run time. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { Scoring } from "../../src/rubric/schema.js";
import { BONUS_PATTERNS, PATTERNS, patternOf } from "../../src/score/patterns.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/pattern-table.ts", import.meta.url));

/** Compile one file with the project's compiler options; its errors with their lines (-1: not in the file). */
function compileErrors(file: string): { line: number; code: number; text: string }[] {
  const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, declaration: false, sourceMap: false };
  delete options.rootDir;
  delete options.outDir;
  const program = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const at = d.file ? `${d.file.fileName}:` : "";
    return {
      line: d.file === program.getSourceFile(file) && where ? where.line + 1 : -1,
      code: d.code,
      text: at + ts.flattenDiagnosticMessageText(d.messageText, " "),
    };
  });
}

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
