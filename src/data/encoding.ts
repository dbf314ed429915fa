/**
 * Text encoding of a CSV file, detected and never assumed: UTF-8 with BOM, UTF-8, or
 * GBK/GB18030 as Chinese-locale Excel saves "CSV (逗号分隔)". Binary files are refused.
 */

import type { ProblemOf } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

export type TextEncoding = "utf-8" | "utf-8-bom" | "gb18030";

/** Why a file's bytes are not read as text (each with its sentence as `reason`). */
export type EncodingProblem = ProblemOf<"not_text" | "utf16" | "bad_bom" | "bad_encoding">;

export type Decoded = { ok: true; text: string; encoding: TextEncoding } | { ok: false; reason: string; problem: EncodingProblem };

const refuse = (problem: EncodingProblem) => ({ ok: false as const, reason: problemMessage(problem), problem });

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Why these bytes are not a text file (not_text or utf16), or null when they may be text. */
export function binaryProblem(bytes: Uint8Array): EncodingProblem | null {
  if (startsWith(bytes, ZIP)) return { code: "not_text", looks: "zip" };
  if (startsWith(bytes, OLE)) return { code: "not_text", looks: "ole" };
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return { code: "utf16" };
  // Text never holds NUL; a few stray control characters can happen, a lot of them cannot.
  const sample = bytes.subarray(0, 65536);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return { code: "not_text", looks: "nul" };
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  if (control > 8 && control > sample.length / 100) return { code: "not_text", looks: "control" };
  return null;
}

/** Why these bytes are not a text file, as a sentence, or null when they may be text. */
export function binaryReason(bytes: Uint8Array): string | null {
  const p = binaryProblem(bytes);
  return p ? problemMessage(p) : null;
}

/** Decode a CSV file's bytes: BOM → utf-8-bom; valid UTF-8 → utf-8; valid GB18030 → gb18030; else an error. */
export function decodeText(bytes: Uint8Array): Decoded {
  const binary = binaryProblem(bytes);
  if (binary) return refuse(binary);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    try {
      return {
        ok: true,
        text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3)),
        encoding: "utf-8-bom",
      };
    } catch {
      return refuse({ code: "bad_bom" });
    }
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // not UTF-8: try GB18030 (a superset of GBK and GB2312)
  }
  try {
    return { ok: true, text: new TextDecoder("gb18030", { fatal: true }).decode(bytes), encoding: "gb18030" };
  } catch {
    return refuse({ code: "bad_encoding" });
  }
}

// ---------------------------------------------------------------- files, streamed

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { isUtf8 } from "node:buffer";

const CHUNK = 256 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

async function* fileChunks(path: string, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}

/** Length of the longest prefix of `buf` that does not end inside a UTF-8 sequence. */
export function utf8Boundary(buf: Buffer): number {
  let i = buf.length;
  // step back over at most 3 continuation bytes to the lead byte of the last sequence
  for (let k = 0; k < 4 && i > 0; k++) {
    const b = buf[i - 1]!;
    if (b < 0x80) return buf.length;
    i--;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return buf.length - i >= need ? buf.length : i;
    }
  }
  return buf.length;
}

/** Is the whole stream valid UTF-8? Checked chunk by chunk (SIMD-fast), sequences split across chunks carried over. */
async function streamIsUtf8(chunks: AsyncIterable<Buffer>, skip: number): Promise<boolean> {
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  for await (let chunk of chunks) {
    if (first && skip > 0) chunk = chunk.subarray(skip);
    first = false;
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = utf8Boundary(buf);
    if (!isUtf8(buf.subarray(0, cut))) return false;
    carry = Buffer.from(buf.subarray(cut));
    if (carry.length > 4) return false;
  }
  return carry.length === 0;
}

async function streamIsGb18030(chunks: AsyncIterable<Buffer>): Promise<boolean> {
  const decoder = new TextDecoder("gb18030", { fatal: true });
  try {
    for await (const chunk of chunks) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

export type DetectedFile =
  | { ok: true; encoding: TextEncoding /** lines (1-based) that are not UTF-8 in a UTF-8 file */; badLines?: number[] }
  | { ok: false; reason: string; problem: EncodingProblem };

/** Lines listed as not UTF-8 in an otherwise UTF-8 file (more make it a file-level problem). */
const MAX_BAD_LINES = 1000;

/**
 * A UTF-8 file with a few lines in another encoding (a line pasted from a GBK file): the lines
 * that are not UTF-8, when the file's other non-ASCII lines are UTF-8 and there are at least
 * twice as many of them; null otherwise (then the file is decided as a whole).
 */
async function strayLines(path: string, skip: number): Promise<number[] | null> {
  const bad: number[] = [];
  let good = 0;
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  const judge = (bytes: Buffer) => {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++)
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    if (!ascii) {
      if (isUtf8(bytes)) good++;
      else bad.push(line);
    }
  };
  for await (let chunk of fileChunks(path)) {
    if (first && skip > 0) chunk = chunk.subarray(skip);
    first = false;
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(0x0a); nl !== -1; nl = buf.indexOf(0x0a, start)) {
      judge(buf.subarray(start, nl));
      line++;
      start = nl + 1;
      if (bad.length > MAX_BAD_LINES) return null;
    }
    carry = Buffer.from(buf.subarray(start));
  }
  if (carry.length > 0) judge(carry);
  return bad.length > 0 && bad.length <= MAX_BAD_LINES && good >= 2 * bad.length ? bad : null;
}

/**
 * The encoding of a CSV file, detected over the whole file without holding it: binary
 * signatures in the first 64 KB, a BOM, then one streamed validity pass as UTF-8 (and as
 * GB18030 when that fails). A GBK file whose first megabytes are ASCII is still GBK.
 */
export async function detectFileEncoding(path: string): Promise<DetectedFile> {
  const fh = await open(path, "r");
  let head: Buffer;
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const binary = binaryProblem(head);
  if (binary) return refuse(binary);
  if (startsWith(head, BOM)) {
    if (await streamIsUtf8(fileChunks(path), 3)) return { ok: true, encoding: "utf-8-bom" };
    const stray = await strayLines(path, 3);
    if (stray) return { ok: true, encoding: "utf-8-bom", badLines: stray };
    return refuse({ code: "bad_bom" });
  }
  if (await streamIsUtf8(fileChunks(path), 0)) return { ok: true, encoding: "utf-8" };
  const stray = await strayLines(path, 0);
  if (stray) return { ok: true, encoding: "utf-8", badLines: stray };
  if (await streamIsGb18030(fileChunks(path))) return { ok: true, encoding: "gb18030" };
  return refuse({ code: "bad_encoding" });
}

/** GB18030 text is decoded this many bytes at a time (strings of at most 64 KiB, not in V8's large-object space). */
export const DECODE_SLICE = 32 * 1024;

/** The file's text as UTF-8 chunks (BOM removed, GB18030 transcoded), read as it streams. */
export async function* utf8Chunks(path: string, encoding: TextEncoding, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  if (encoding === "gb18030") {
    const decoder = new TextDecoder("gb18030");
    for await (const chunk of fileChunks(path, onBytes)) {
      // decoded in slices: a short string is young-generation garbage, a long one is not
      for (let o = 0; o < chunk.length; o += DECODE_SLICE) {
        const text = decoder.decode(chunk.subarray(o, o + DECODE_SLICE), { stream: true });
        if (text) yield Buffer.from(text, "utf8");
      }
    }
    const last = decoder.decode();
    if (last) yield Buffer.from(last, "utf8");
    return;
  }
  let first = encoding === "utf-8-bom";
  for await (const chunk of fileChunks(path, onBytes)) {
    if (first) {
      first = false;
      const rest = chunk.subarray(3);
      if (rest.length > 0) yield rest;
      continue;
    }
    yield chunk;
  }
}
