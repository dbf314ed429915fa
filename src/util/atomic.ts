import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { rmSync } from "node:fs";
import { dirname, basename, join, resolve } from "node:path";
import { onStop, sweepStale, TEMP_FILE } from "./cleanup.js";

let counter = 0;
/** folders already swept of temporary files left by runs that were killed */
const swept = new Set<string>();

/**
 * Writes a file atomically: the data goes to a temporary file beside the target, which is
 * then renamed over it, so a reader never sees a half-written file and an interrupted run
 * leaves the previous file (or none) in place. The temporary file is removed when the run is
 * stopped by a signal; ones left by a killed run (their pid gone) are removed at the first write
 * into their folder.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<string>): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  if (!swept.has(resolve(dir))) {
    swept.add(resolve(dir));
    sweepStale(dir, TEMP_FILE);
  }
  const tmp = join(dir, `.${basename(file)}.tmp-${process.pid}-${counter++}`);
  const drop = onStop(() => rmSync(tmp, { force: true }));
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    drop();
  }
}
