/**
 * CSV → records with the line each starts on (header = line 1, as a spreadsheet shows).
 * Records come one at a time from a stream of UTF-8 chunks, so a file is never held in
 * memory whole: only the record being read (at most MAX_RECORD_BYTES) and the chunk it is in.
 * A syntax error ends the file with one item that says where, after every record before it.
 */
import { parse, type CsvError } from "csv-parse";
import type { ProblemOf } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

export type CsvItem =
  | { type: "record"; line: number; fields: string[] /** lines the record spans, when more than 1 (quoted line breaks) */; span?: number }
  /** the rest of the file from `line` cannot be read */
  | { type: "error"; line: number; value: string | null; reason: string; problem: CsvProblem };

/** Why a CSV cannot be read from a line on (its sentence is the item's `reason`). */
export type CsvProblem = ProblemOf<"unclosed_quote" | "bad_quote" | "record_too_long" | "csv_syntax">;

/** csv-parse's error code → the problem (each code of ours for the ones people cause: quotes, an overlong line). */
export function csvProblem(csvCode: string, line: number): CsvProblem {
  switch (csvCode) {
    case "CSV_QUOTE_NOT_CLOSED":
      return { code: "unclosed_quote", line };
    case "CSV_INVALID_CLOSING_QUOTE":
      return { code: "bad_quote", line, at: "closing" };
    case "INVALID_OPENING_QUOTE":
      return { code: "bad_quote", line, at: "opening" };
    case "CSV_MAX_RECORD_SIZE":
      return { code: "record_too_long", line, maxMb: MAX_RECORD_BYTES / 1024 / 1024 };
    default:
      return { code: "csv_syntax", line, csvCode };
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** A record (one data row, all its fields) longer than this ends the file with a clear error:
 * no real row is that long, and an unclosed quote must not swallow the rest of a large file. */
export const MAX_RECORD_BYTES = 1 << 20;

/** Delimiter: a comma, unless the first line has none and has tabs (or semicolons) instead. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  if (firstLine.includes(",")) return ",";
  if (firstLine.includes("\t")) return "\t";
  if (firstLine.includes(";")) return ";";
  return ",";
}

/** LF bytes in buf[from, to): a plain loop (one `indexOf` call per line costs ~10× more on
 * short CSV lines). */
export function countLf(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buf[i] === 0x0a) n++;
  return n;
}

/** Counts lines over a stream of UTF-8 chunks (\n, \r\n and \r each end a line), keeping only
 * the chunks from the last position asked for onwards. */
class StreamLines {
  private chunks: Buffer[] = [];
  /** per chunk: it holds no CR byte (lines can be counted with indexOf) */
  private noCr: boolean[] = [];
  /** absolute offset of chunks[0] */
  private base = 0;
  private pos = 0;
  private line: number;
  constructor(firstLine = 1) {
    this.line = firstLine;
  }
  private total = 0;
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.noCr.push(chunk.indexOf(CR) === -1);
    this.total += chunk.length;
  }
  private byteAt(offset: number): number | undefined {
    let o = offset - this.base;
    for (const c of this.chunks) {
      if (o < c.length) return c[o];
      o -= c.length;
    }
    return undefined;
  }
  /** Line number of absolute byte offset `offset` (offsets only move forward). */
  lineAt(offset: number): number {
    while (this.pos < offset && this.chunks.length > 0) {
      const c = this.chunks[0]!;
      const end = Math.min(offset, this.base + c.length);
      if (this.noCr[0]) {
        // no CR in this chunk: line ends are LF only, found natively
        this.line += countLf(c, this.pos - this.base, end - this.base);
        this.pos = end;
      } else {
        for (let i = this.pos - this.base; this.pos < end; this.pos++, i++) {
          const b = c[i];
          if (b === LF) this.line++;
          else if (b === CR) {
            const next = i + 1 < c.length ? c[i + 1] : this.byteAt(this.pos + 1);
            if (next !== LF) this.line++;
          }
        }
      }
      if (this.pos >= this.base + c.length && this.chunks.length > 1) {
        this.base += c.length;
        this.chunks.shift();
        this.noCr.shift();
      } else if (this.pos >= this.base + c.length) break;
    }
    return this.line;
  }
  /** Moves to absolute offset `offset` (forward), known to start line `line`: for a caller that
   * counted the line ends in between itself. */
  skipTo(offset: number, line: number): void {
    this.pos = offset;
    this.line = line;
    while (this.chunks.length > 1 && this.pos >= this.base + this.chunks[0]!.length) {
      this.base += this.chunks[0]!.length;
      this.chunks.shift();
      this.noCr.shift();
    }
  }
  /** Bytes kept from absolute offset `from` to the end of what was pushed. */
  from(from: number): Buffer {
    return Buffer.concat(this.chunks).subarray(Math.max(0, from - this.base));
  }
  get length(): number {
    return this.total;
  }
}

/** Line breaks in a field (\r\n, \n and \r each one). */
function lineBreaks(f: string): number {
  return f.split(/\r\n|\n|\r/).length - 1;
}

/** Records of a CSV text, in order, each with the line it starts on. Fully blank lines come as records too (the caller skips them). */
export async function* readCsvRecords(text: string, chunkSize = 64 * 1024): AsyncGenerator<CsvItem> {
  const buf = Buffer.from(text, "utf8");
  async function* chunks() {
    for (let offset = 0; offset < buf.length; offset += chunkSize) yield buf.subarray(offset, offset + chunkSize);
  }
  yield* readCsvStream(chunks());
}

/** Records of a CSV file given as UTF-8 chunks (without BOM). */
export async function* readCsvStream(source: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<CsvItem> {
  for await (const batch of readCsvBatches(source)) yield* batch;
}

/** csv-parse's parser core (what its Transform stream drives): records are handed over
 * synchronously, chunk by chunk, and an error is returned, not thrown. */
interface CsvApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  info: { bytes: number };
}

/** The fast tokenizer (plain lines split without csv-parse) is on unless turned off (tests compare both). */
let fastTokenizer = true;
export function setFastCsvTokenizer(on: boolean): void {
  fastTokenizer = on;
}

const QUOTE = 0x22;
/** A plain line longer than this (characters) goes through csv-parse (it reports records over MAX_RECORD_BYTES). */
const FAST_LINE_MAX = 65536;
const FAST_RUN_BYTES = 16 * 1024;

/**
 * Records of a CSV file given as UTF-8 chunks (without BOM), a batch per chunk read, in order.
 *
 * Plain lines — no `"`, no CR but a CRLF line end, not too long — are split directly on the
 * line end and the delimiter (the fast path). Everything else goes through csv-parse's parser
 * core (driven directly: no stream, no per-record context object), from the start of such a
 * line until the parser is back at a record start at a line end: the first line (where
 * csv-parse decides the record delimiter), a line with a quote and the rest of its record, a
 * line with a stray CR, a file whose lines end in CR only. Line numbers are counted from the
 * byte offsets where records start, the same way on both paths.
 */
export async function* readCsvBatches(source: AsyncIterable<Buffer> | Iterable<Buffer>, firstLine = 1): AsyncGenerator<CsvItem[]> {
  const lines = new StreamLines(firstLine);
  const it = (
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
      : (source as Iterable<Buffer>)[Symbol.iterator]()
  ) as AsyncIterator<Buffer> | Iterator<Buffer>;
  const next = async (): Promise<Buffer | null> => {
    const r = await it.next();
    return r.done ? null : r.value;
  };
  // the delimiter is decided on the first line: gather chunks until it ends (or 1 MB)
  const first: Buffer[] = [];
  let firstLen = 0;
  let eof = false;
  for (;;) {
    const c = await next();
    if (c === null) {
      eof = true;
      break;
    }
    first.push(c);
    firstLen += c.length;
    if (c.includes(LF) || c.includes(CR) || firstLen >= MAX_RECORD_BYTES) break;
  }
  const head = Buffer.concat(first);
  const delimiter = detectDelimiter(head.subarray(0, Math.min(head.length, MAX_RECORD_BYTES)).toString("utf8"));

  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    bom: false,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  }) as unknown as {
    api: CsvApi & {
      options: { record_delimiter: Buffer[] };
      state: { quoting: boolean; previousBuf: Buffer | undefined; bufBytesStart: number };
    };
  };
  const api = parser.api;
  let failure: unknown = null;

  // byte offset (in the file) where the next record starts
  let start = 0;
  // bytes given to csv-parse so far, and (file offset − parser offset) for its current run of lines
  let fed = 0;
  let delta = 0;
  let batch: CsvItem[] = [];
  const push = (fields: string[]) => {
    let breaks = 0;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.length > 0 && (f.includes("\n") || f.includes("\r"))) breaks += lineBreaks(f);
    }
    const line = lines.lineAt(start);
    batch.push(breaks > 0 ? { type: "record", line, fields, span: breaks + 1 } : { type: "record", line, fields });
    start = api.info.bytes + delta;
  };
  const close = () => undefined;
  const feed = (b: Buffer) => {
    if (b.length === 0) return;
    fed += b.length;
    const err = api.parse(b, false, push, close);
    if (err !== undefined) failure = err;
  };
  /** csv-parse has read a whole record up to the line end just fed (only its line end is held back) */
  const atRecordEnd = (): boolean => {
    const rd = api.options.record_delimiter;
    if (api.state.quoting || rd.length !== 1) return false;
    const d = rd[0]!;
    const held = api.state.previousBuf;
    return held !== undefined && (d.length === 1 ? d[0] === LF : d.length === 2 && d[0] === CR && d[1] === LF) && held.equals(d);
  };
  /** let csv-parse hand over the record it holds; it then starts afresh at the next byte given */
  const flush = () => {
    const err = api.parse(undefined, true, push, close);
    if (err !== undefined) failure = err;
    api.state.previousBuf = undefined;
    api.state.bufBytesStart = fed;
  };

  let slow = true; // the first line always goes through csv-parse (it decides the record delimiter)
  let crlf = false;
  let carry: Buffer | null = null;
  let carryAt = 0; // file offset of carry / of the buffer being read
  let pending: Buffer | null = head.length > 0 ? head : null;
  for (;;) {
    const chunk = pending ?? (eof ? null : await next());
    pending = null;
    if (chunk === null) eof = true;
    else lines.push(chunk);
    const buf: Buffer = chunk === null ? (carry ?? Buffer.alloc(0)) : carry && carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const bufAt = carryAt;
    carry = null;
    let pos = 0;
    const len = buf.length;
    let nextQuote = -2;
    let nextCr = -2;
    while (pos < len && failure === null) {
      if (slow) {
        const nl = buf.indexOf(LF, pos);
        if (nl < 0 || !fastTokenizer) {
          feed(pos === 0 ? buf : buf.subarray(pos));
          pos = len;
          break;
        }
        feed(buf.subarray(pos, nl + 1));
        pos = nl + 1;
        if (failure === null && atRecordEnd()) {
          flush();
          slow = false;
          crlf = api.options.record_delimiter[0]!.length === 2;
        }
        continue;
      }
      // fast: whole plain lines from pos, up to the line with the next quote (or stray CR)
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
      let limit = nextQuote >= 0 ? buf.lastIndexOf(LF, nextQuote) + 1 : buf.lastIndexOf(LF) + 1;
      if (!crlf) {
        if (nextCr !== -1 && nextCr < pos) nextCr = buf.indexOf(CR, pos);
        if (nextCr >= 0 && nextCr < limit) limit = buf.lastIndexOf(LF, nextCr) + 1;
      }
      if (limit <= pos) {
        // the line at pos is not plain, or not complete in this buffer
        const nl = buf.indexOf(LF, pos);
        const plainTail =
          nl < 0 && (nextQuote < 0 || nextQuote < pos) && len - pos <= FAST_LINE_MAX && (crlf || nextCr < 0 || nextCr < pos);
        if (plainTail && !eof) {
          carry = buf.subarray(pos);
          carryAt = bufAt + pos;
          pos = len;
          break;
        }
        if (plainTail && eof) {
          // the last line, with no line end
          const text = buf.toString("utf8", pos, len);
          if (!text.includes("\r")) {
            batch.push({ type: "record", line: lines.lineAt(bufAt + pos), fields: text.split(delimiter) });
            pos = len;
            start = bufAt + len;
            break;
          }
        }
        slow = true;
        start = bufAt + pos;
        delta = start - fed;
        continue;
      }
      // decoded a run of at most FAST_RUN_BYTES at a time: fields are slices of it, and a short
      // string dies young (a long one would sit in the large-object space until a full GC)
      if (limit - pos > FAST_RUN_BYTES) {
        const cut = buf.lastIndexOf(LF, pos + FAST_RUN_BYTES);
        if (cut >= pos) limit = cut + 1;
      }
      const text = buf.toString("utf8", pos, limit);
      let line = lines.lineAt(bufAt + pos);
      let s = 0;
      const tl = text.length;
      let stop = -1;
      while (s < tl) {
        const nl = text.indexOf("\n", s);
        let e = nl;
        if (crlf) {
          if (e === s || text.charCodeAt(e - 1) !== 13) {
            stop = s;
            break;
          }
          e--;
          const cr = text.indexOf("\r", s);
          if (cr !== e) {
            stop = s;
            break;
          }
        }
        if (e - s > FAST_LINE_MAX) {
          stop = s;
          break;
        }
        batch.push({ type: "record", line: line++, fields: text.slice(s, e).split(delimiter) });
        s = nl + 1;
      }
      if (stop < 0) pos = limit;
      else {
        pos += Buffer.byteLength(text.slice(0, stop), "utf8");
        slow = true;
      }
      // every line read ended in one LF (a CR only just before it): `line` is the line at pos
      lines.skipTo(bufAt + pos, line);
      start = bufAt + pos;
      if (slow) delta = start - fed;
    }
    if (chunk === null && failure === null && (slow || fed > 0)) {
      const err = api.parse(undefined, true, push, close);
      if (err !== undefined) failure = err;
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
    if (failure !== null || eof) break;
    if (carry === null) carryAt = bufAt + len;
  }
  if (failure === null) return;

  // The record that failed starts where the last good one ended (after blank lines).
  lines.lineAt(start);
  let rest = lines.from(start);
  // enough of what follows to show (the first 80 characters after the blank lines)
  while (!eof && rest.length < 4096) {
    const c = await next();
    if (c === null) eof = true;
    else rest = Buffer.concat([rest, c]);
  }
  let skip = 0;
  while (skip < rest.length && (rest[skip] === LF || rest[skip] === CR || rest[skip] === 0x20 || rest[skip] === 0x09)) skip++;
  const tail = new StreamLines();
  tail.push(rest);
  const line = lines.lineAt(start) + tail.lineAt(skip) - 1;
  const restText = rest.subarray(skip, skip + 4096).toString("utf8");
  const shown = eof ? restText.trimEnd() : restText;
  const value = shown.length > 80 ? `${shown.slice(0, 80)}…` : shown.trimEnd();
  const code = (failure as CsvError).code;
  const problem = csvProblem(code ?? (failure as Error).message, line);
  yield [{ type: "error", line, value: value === "" ? null : value, reason: problemMessage(problem), problem }];
  // let the source go (a file stream closes when its iterator returns)
  await (it as AsyncIterator<Buffer>).return?.();
}
