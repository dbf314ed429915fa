/**
 * Output file names from data (unit names, ids): whatever the data says, the path stays inside
 * the output folder and is a valid name on Windows, macOS and Linux. Names are cut by bytes on
 * a UTF-8 boundary BEFORE the extension is added, so `.html` / `.pdf` always survive.
 */
import { createHash } from "node:crypto";
import { isAbsolute, join, relative, resolve } from "node:path";

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/**
 * Bytes of a whole file name, extension included. NAME_MAX is 255 bytes on Linux and macOS;
 * the rest is room for the atomic writer's `.<name>.tmp-<pid>-<n>` and a disambiguating suffix.
 */
export const MAX_NAME_BYTES = 200;
/** Characters that are invisible or reorder text: bidi embeddings/overrides/isolates, zero-width marks, BOM. */
export const INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function sanitize(name: string): string {
  let s = name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(INVISIBLE, "")
    .replace(/[/\\:*?"<>|]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[. ]+$/, "")
    .replace(/^\.+/, (m) => "_".repeat(m.length));
  if (s === "" || WINDOWS_RESERVED.test(s)) s = `_${s}`;
  return s;
}

/** The longest prefix of `s` (whole code points) of at most `max` UTF-8 bytes. */
export function cutUtf8(s: string, max: number): string {
  let bytes = 0;
  let out = "";
  for (const ch of s) {
    const n = Buffer.byteLength(ch, "utf8");
    if (bytes + n > max) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/**
 * A file name made from `name` (then `ext`, e.g. ".html", kept whole): separators, control,
 * invisible and reserved characters removed or replaced, never "." or "..", at most
 * MAX_NAME_BYTES − `reserve` bytes in all. A name that has to be cut keeps a readable prefix
 * and a short hash of the whole, so long distinct names stay distinct.
 */
export function safeFileName(name: string, ext = "", reserve = 0): string {
  const s = sanitize(name);
  const room = MAX_NAME_BYTES - reserve - Buffer.byteLength(ext, "utf8");
  if (Buffer.byteLength(s, "utf8") <= room) return s + ext;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 10);
  return `${cutUtf8(s, room - 11).replace(/[. ]+$/, "")}-${hash}${ext}`;
}

/** `outDir/name+ext`, with the name made safe (see safeFileName); throws if the result would still leave outDir. */
export function safeOutputPath(outDir: string, name: string, ext = ""): string {
  const base = resolve(outDir);
  const path = join(base, safeFileName(name, ext));
  const rel = relative(base, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new Error(`输出文件名不安全：${name}`);
  return path;
}
