import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
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
    if (typeof data === "string" || data instanceof Uint8Array) await writeFile(tmp, data);
    else await writeChunks(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    drop();
  }
}

/** Bytes of text encoded at a time by writeChunks. */
const CHUNK_BYTES = 1 << 20;

/**
 * Texts written one after another through one buffer, reused (fs's writeFile makes a new Buffer
 * of each text: a 100 MB results.json, written a unit at a time, left ≈ 100 MB of them for the
 * collector, at the run's peak).
 */
async function writeChunks(file: string, texts: Iterable<string>): Promise<void> {
  const fh = await open(file, "w");
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    for (const text of texts) {
      // (3 bytes a UTF-16 unit at most)
      if (used + text.length * 3 > CHUNK_BYTES) {
        if (used > 0) await fh.write(buf, 0, used);
        used = 0;
        if (text.length * 3 > CHUNK_BYTES) {
          await fh.write(Buffer.from(text, "utf8"));
          continue;
        }
      }
      used += buf.write(text, used, "utf8");
    }
    if (used > 0) await fh.write(buf, 0, used);
  } finally {
    await fh.close();
  }
}
