/** A misspelt indicator key does not compile: the sink's key type comes from the catalog. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/indicator-keys.ts", import.meta.url));

/** Compile one file with the project's compiler options; its errors as "line: message". */
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
