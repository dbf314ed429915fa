/**
 * A part of a CSV file, read on its own (the stream stage reads a large file in parts, in
 * parallel): its bytes checked to be in the encoding the file's head shows, and the line it
 * starts on.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { DECODE_SLICE, utf8Boundary, type TextEncoding } from "./encoding.js";

/** A part of a CSV file: bytes [start, end), starting at a line start, in the encoding the
 * file's head shows; a part after the first is read with the file's header line put before it. */
export interface CsvRange {
  start: number;
  end: number;
  encoding: TextEncoding;
  /** the header line (UTF-8, with its line end), for a part that does not start the file */
  header: Buffer | null;
  /** the line the part starts on, when its planner counted it (else its reader counts it) */
  line?: number;
}

/** `first`, then the chunks of `rest`. */
export async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  yield* rest;
}

/** The line (1-based) that byte offset `offset` of a file is on: line ends before it are counted
 * (\n, \r\n and \r, as the CSV reader counts them). */
export async function lineAtOffset(path: string, offset: number, chunkBytes = 1 << 20): Promise<number> {
  return (await linesAtOffsets(path, [offset], chunkBytes))[0]!;
}

/**
 * The lines (1-based) that byte offsets `offsets` (ascending) of a file are on, in one pass over
 * the bytes before the last: a file's parts' first lines counted once, not a part at a time from
 * the file's start. Line ends are found with `indexOf` (memchr), not a byte loop, in one buffer
 * read into again (a stream's new buffer a chunk cost more than the counting).
 */
export async function linesAtOffsets(path: string, offsets: readonly number[], chunkBytes = 1 << 20): Promise<number[]> {
  const out: number[] = [];
  const last = offsets.length > 0 ? Math.max(0, offsets[offsets.length - 1]!) : 0;
  if (last === 0) return offsets.map(() => 1);
  // line ends = LF + CR − CRLF (a CRLF is one line end)
  let lf = 0;
  let cr = 0;
  let crlf = 0;
  let prevLast = -1;
  let k = 0;
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(Math.min(chunkBytes, last));
    for (let pos = 0; pos < last && k < offsets.length; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, last - pos), pos);
      if (bytesRead <= 0) break;
      // the chunk in pieces cut at the offsets in it
      for (let from = 0; from < bytesRead; ) {
        while (k < offsets.length && offsets[k]! <= pos + from) out[k++] = 1 + lf + cr - crlf;
        const to = k < offsets.length ? Math.min(bytesRead, offsets[k]! - pos) : bytesRead;
        const c = buf.subarray(from, to);
        for (let i = c.indexOf(0x0a); i !== -1; i = c.indexOf(0x0a, i + 1)) {
          lf++;
          if ((i > 0 ? c[i - 1] : prevLast) === 0x0d) crlf++;
        }
        for (let i = c.indexOf(0x0d); i !== -1; i = c.indexOf(0x0d, i + 1)) cr++;
        if (c.length > 0) prevLast = c[c.length - 1]!;
        from = to;
      }
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
  // offsets at or past the end (or where the file ended early): every line end before it counted
  while (k < offsets.length) out[k++] = 1 + lf + cr - crlf;
  return out;
}

/**
 * The bytes [start, end) of a file as UTF-8 chunks, checked to be in `range.encoding` as they
 * are read (a BOM at offset 0 skipped, GB18030 transcoded). Bytes that are not stop the part
 * (`problem`): the whole file is then read in one piece, where the encoding is decided.
 */
export async function* rangeChunks(
  path: string,
  range: CsvRange,
  onBytes: (n: number) => void,
  problem: (why: string) => void,
): AsyncGenerator<Buffer> {
  if (range.end <= range.start) return;
  const stream = createReadStream(path, { start: range.start, end: range.end - 1, highWaterMark: 256 * 1024 });
  try {
    if (range.encoding === "gb18030") {
      const decoder = new TextDecoder("gb18030", { fatal: true });
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          onBytes(chunk.length);
          for (let o = 0; o < chunk.length; o += DECODE_SLICE) {
            const text = decoder.decode(chunk.subarray(o, o + DECODE_SLICE), { stream: true });
            if (text) yield Buffer.from(text, "utf8");
          }
        }
        const last = decoder.decode();
        if (last) yield Buffer.from(last, "utf8");
      } catch {
        problem("不是 GB18030 文本");
      }
      return;
    }
    let carry: Buffer | null = null;
    let first = range.start === 0 && range.encoding === "utf-8-bom";
    for await (let chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      if (first) {
        first = false;
        chunk = chunk.subarray(3);
      }
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      // hold back a UTF-8 sequence cut by the chunk's end
      const cut = utf8Boundary(buf);
      const whole = buf.subarray(0, cut);
      if (!isUtf8(whole)) {
        problem("不是 UTF-8 文本");
        return;
      }
      carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
      if (carry && carry.length > 4) {
        problem("不是 UTF-8 文本");
        return;
      }
      if (whole.length > 0) yield whole;
    }
    if (carry) problem("不是 UTF-8 文本");
  } finally {
    stream.destroy();
  }
}
