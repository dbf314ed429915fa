/**
 * The rubric checker for `fazhi validate`: dist/rubric/load.bundle.js — the same modules as
 * dist/rubric/load.js with zod and json-rules-engine, bundled into one file by
 * scripts/bundle-checker.mjs (Node's module loader costs ~1 ms a file and zod is 95 files; issue
 * 16 wants validate to start in < 0.3 s) — while it is fresh: load.bundle.json holds a hash of
 * every file it was built from, checked here. Otherwise (no bundle, or dist/ rebuilt by tsc alone
 * since) the modules themselves: slower to load, the same checks and messages.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Checker = typeof import("../rubric/load.js");

const DIST = new URL("../", import.meta.url);
const BUNDLE = new URL("rubric/load.bundle.js", DIST);

export async function rubricChecker(): Promise<Checker> {
  if (bundleIsFresh()) return (await import(BUNDLE.href)) as Checker;
  return import("../rubric/load.js");
}

/** whether <dist>/rubric/load.bundle.js was built from the files now in dist/ (and the same packages) */
export function bundleIsFresh(dist: URL = DIST): boolean {
  try {
    const manifest = JSON.parse(readFileSync(new URL("rubric/load.bundle.json", dist), "utf8")) as { inputs: string[]; sha256: string };
    const h = createHash("sha256");
    for (const f of manifest.inputs)
      h.update(f)
        .update("\0")
        .update(readFileSync(fileURLToPath(new URL(f, dist))))
        .update("\0");
    return h.digest("hex") === manifest.sha256;
  } catch {
    return false; // no bundle (running from src/, or built by tsc alone), or an input gone
  }
}
