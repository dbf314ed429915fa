/**
 * Output file names from data (unit names, ids): whatever the data says, the path stays inside
 * the output folder and is a valid name on Windows, macOS and Linux.
 */
import { createHash } from "node:crypto";
import { isAbsolute, join, relative, resolve } from "node:path";

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** bytes of a name kept before it is cut (most file systems allow 255 bytes) */
const MAX_BYTES = 180;

/** A file name made from `name`: separators, control and reserved characters replaced, never "." or "..", bounded length. */
export function safeFileName(name: string): string {
  let s = name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/[/\\:*?"<>|]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[. ]+$/, "")
    .replace(/^\.+/, (m) => "_".repeat(m.length));
  if (s === "" || WINDOWS_RESERVED.test(s)) s = `_${s}`;
  if (Buffer.byteLength(s, "utf8") > MAX_BYTES) {
    // keep a readable prefix and a short hash of the whole, so long distinct names stay distinct
    const hash = createHash("sha256").update(name).digest("hex").slice(0, 10);
    let prefix = "";
    for (const ch of s) {
      if (Buffer.byteLength(prefix + ch, "utf8") > MAX_BYTES - 11) break;
      prefix += ch;
    }
    s = `${prefix}-${hash}`;
  }
  return s;
}

/** `outDir/name`, with `name` made safe (see safeFileName); throws if the result would still leave outDir. */
export function safeOutputPath(outDir: string, name: string): string {
  const base = resolve(outDir);
  const path = join(base, safeFileName(name));
  const rel = relative(base, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new Error(`输出文件名不安全：${name}`);
  return path;
}
