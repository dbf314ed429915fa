/**
 * Where a large CSV file can be cut so that both cores parse it: byte ranges that start at a
 * line start. A file is read whole instead when a cut cannot be placed safely: a quote near it
 * (a quoted field may hold a line break), a lone CR, a file whose head is binary, blank or quoted.
 */
import { open } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { binaryReason, utf8Boundary, type TextEncoding } from "../data/encoding.js";
import { MAX_RECORD_BYTES } from "../data/csv.js";
import { cleanText } from "../data/normalize.js";
import type { CsvRange } from "../data/byte-range.js";

/** No quote may be this close before a part boundary (a quoted field is at most MAX_RECORD_BYTES long). */
const QUOTE_WINDOW = 2 * MAX_RECORD_BYTES;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

async function readAt(fh: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** A CR that is not part of CRLF (a line end csv-parse may not take as the file's). */
function loneCr(buf: Buffer): boolean {
  for (let i = buf.indexOf(CR); i !== -1; i = buf.indexOf(CR, i + 1)) if (buf[i + 1] !== LF) return true;
  return false;
}

/** Byte ranges to read a CSV file in, starting at line starts, or null when it is read whole. */
export async function planParts(path: string, size: number, parts: number): Promise<CsvRange[] | null> {
  const fh = await open(path, "r");
  try {
    const head = await readAt(fh, 0, Math.min(size, 65536));
    if (binaryReason(head)) return null;
    let encoding: TextEncoding;
    let skip = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      encoding = "utf-8-bom";
      skip = 3;
    } else encoding = isUtf8(head.subarray(0, utf8Boundary(head))) ? "utf-8" : "gb18030";
    // the header is the first line: unquoted, not blank, LF- or CRLF-ended
    const lf = head.indexOf(LF, skip);
    if (lf < 0) return null;
    const headerBytes = head.subarray(skip, lf + 1);
    if (headerBytes.includes(QUOTE) || loneCr(headerBytes)) return null;
    let headerText: string;
    try {
      headerText = new TextDecoder(encoding === "gb18030" ? "gb18030" : "utf-8", { fatal: true }).decode(headerBytes);
    } catch {
      return null;
    }
    if (cleanText(headerText) === "") return null;
    const header = Buffer.from(headerText, "utf8");

    const cuts = [0];
    for (let k = 1; k < parts; k++) {
      const target = Math.floor((size * k) / parts);
      if (target <= cuts[cuts.length - 1]! + QUOTE_WINDOW) continue;
      const from = target - QUOTE_WINDOW;
      const window = await readAt(fh, from, QUOTE_WINDOW + 65536);
      const at = window.indexOf(LF, QUOTE_WINDOW);
      if (at < 0) return null;
      const before = window.subarray(0, at + 1);
      if (before.includes(QUOTE) || loneCr(before)) return null;
      if (from + at + 1 < size) cuts.push(from + at + 1);
    }
    if (cuts.length < 2) return null;
    cuts.push(size);
    const ranges: CsvRange[] = [];
    for (let i = 0; i + 1 < cuts.length; i++)
      ranges.push({ start: cuts[i]!, end: cuts[i + 1]!, encoding, header: i === 0 ? null : header });
    return ranges;
  } finally {
    await fh.close();
  }
}
