/**
 * Uploaded files and generated results on disk, content-addressed: blobs/ab/abcdef… named by
 * the sha256 of their bytes. A blob is written once (atomically) and never deleted or
 * replaced, so a new version of an upload never loses the old one.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

export class Blobs {
  constructor(readonly dir: string) {}

  static sha256(bytes: Buffer | string): string {
    return createHash("sha256").update(bytes).digest("hex");
  }

  /** Path of a blob; the hash is checked so a caller's string cannot walk the file system. */
  path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`不是 sha256：${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Buffer | string): Promise<string> {
    const sha = Blobs.sha256(bytes);
    const path = this.path(sha);
    try {
      await stat(path);
      return sha; // already stored: same bytes
    } catch {
      /* not yet */
    }
    await mkdir(join(this.dir, sha.slice(0, 2)), { recursive: true });
    const tmp = `${path}.tmp-${randomBytes(6).toString("hex")}`;
    await writeFile(tmp, bytes, { flag: "wx" });
    await rename(tmp, path);
    return sha;
  }

  get(sha256: string): Promise<Buffer> {
    return readFile(this.path(sha256));
  }
}
