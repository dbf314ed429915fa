/**
 * vitest globalSetup: every temporary file and folder of one test run — the tests' own (mkdtemp
 * under os.tmpdir()), the CLI's children's, Chromium's profiles, spill files — goes into one
 * folder made for the run and removed when it ends, instead of being left in /tmp (a full run
 * left ≈ 300 folders there).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "fazhi-test-run-"));
  // (read by os.tmpdir() in this process, the test workers and every child they start)
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
