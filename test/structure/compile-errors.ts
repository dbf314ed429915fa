/** Compiling one fixture file with the project's compiler options, for tests that a mistake fails to compile. */
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Compile one file with the project's compiler options; its errors with their lines (-1: not in the file). */
export function compileErrors(file: string): { line: number; code: number; text: string }[] {
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
