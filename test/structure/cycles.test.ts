/** One way through the code: no file of src/ imports, however indirectly, a file that imports it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importCycles } from "./import-graph.js";

describe("import cycles", () => {
  it("src/ has none", () => {
    const cycles = importCycles(fileURLToPath(new URL("../../src", import.meta.url)));
    expect(cycles.map((c) => `cycle: ${c.join(" ↔ ")}`)).toEqual([]);
  });

  describe("the check finds a cycle when there is one", () => {
    const root = mkdtempSync(join(tmpdir(), "fazhi-cycles-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(join(root, file, ".."), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    // a ↔ b through `import type`, c → d/index → c through a re-export and a dynamic import(), e alone
    write("a.ts", 'import type { B } from "./b.js";\nexport type A = B;\n');
    write("b.ts", 'import { a } from "./a.js";\nexport type B = string;\n');
    write("c.ts", 'export { d } from "./d/index.js";\n');
    write("d/index.ts", 'export const d = () => import("../c.js");\n');
    write("e.ts", 'import { d } from "./d/index.js";\n');
    write("f.ts", 'import { readFile } from "node:fs";\n');

    it("names each cycle's files", () => {
      const cycles = importCycles(root);
      expect(cycles).toEqual([
        ["a.ts", "b.ts"],
        ["c.ts", join("d", "index.ts")],
      ]);
    });
  });
});
