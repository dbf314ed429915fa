/**
 * CSV → records with the line each starts on (header = line 1, as a spreadsheet shows).
 * Records come one at a time from a stream of UTF-8 chunks, so a file is never held in
 * memory whole: only the record being read (at most MAX_RECORD_BYTES) and the chunk it is in.
 * A syntax error ends the file with one item that says where, after every record before it.
 */
import { parse, type CsvError } from "csv-parse";

export type CsvItem =
  | { type: "record"; line: number; fields: string[] }
  /** the rest of the file from `line` cannot be read */
  | { type: "error"; line: number; value: string | null; reason: string };

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
        const stop = end - this.base;
        let i = this.pos - this.base;
        while ((i = c.indexOf(LF, i)) !== -1 && i < stop) {
          this.line++;
          i++;
        }
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
  /** Bytes kept from absolute offset `from` to the end of what was pushed. */
  from(from: number): Buffer {
    return Buffer.concat(this.chunks).subarray(Math.max(0, from - this.base));
  }
  get length(): number {
    return this.total;
  }
}

const CSV_ERROR_ZH: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "引号没有闭合（直到文件末尾也没有找到配对的引号）",
  CSV_INVALID_CLOSING_QUOTE: "引号使用有误（右引号后面紧跟其他字符）",
  INVALID_OPENING_QUOTE: "引号使用有误（字段中间出现引号）",
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: "列数不一致",
  CSV_MAX_RECORD_SIZE: `一行内容过长（超过 ${MAX_RECORD_BYTES / 1024 / 1024} MB，可能是引号没有闭合）`,
};

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

/**
 * Records of a CSV file given as UTF-8 chunks (without BOM), a batch per chunk read, in order.
 * csv-parse's core is driven directly (no stream, no per-record context object); the byte
 * offset where each record ends is read from its counters, and line numbers are counted
 * from those offsets.
 */
export async function* readCsvBatches(source: AsyncIterable<Buffer> | Iterable<Buffer>, firstLine = 1): AsyncGenerator<CsvItem[]> {
  const lines = new StreamLines(firstLine);
  const it = (Symbol.asyncIterator in source ? (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]() : (source as Iterable<Buffer>)[Symbol.iterator]()) as AsyncIterator<Buffer> | Iterator<Buffer>;
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

  const api = (
    parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      bom: false,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_BYTES,
    }) as unknown as { api: CsvApi }
  ).api;
  let failure: unknown = null;

  // byte offset where the next record starts (csv-parse counts UTF-8 bytes read)
  let start = 0;
  let batch: CsvItem[] = [];
  const push = (fields: string[]) => {
    batch.push({ type: "record", line: lines.lineAt(start), fields });
    start = api.info.bytes;
  };
  const close = () => undefined;
  let pending: Buffer | null = head.length > 0 ? head : null;
  for (;;) {
    const chunk = pending ?? (eof ? null : await next());
    pending = null;
    if (chunk === null) {
      eof = true;
      const err = api.parse(undefined, true, push, close);
      if (err !== undefined) failure = err;
    } else {
      lines.push(chunk);
      const err = api.parse(chunk, false, push, close);
      if (err !== undefined) failure = err;
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
    if (failure !== null || eof) break;
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
  const what = CSV_ERROR_ZH[code] ?? `CSV 格式错误（${code ?? (failure as Error).message}）`;
  yield [{ type: "error", line, value: value === "" ? null : value, reason: `从第 ${line} 行开始${what}，第 ${line} 行及之后的内容都无法读取` }];
  // let the source go (a file stream closes when its iterator returns)
  await (it as AsyncIterator<Buffer>).return?.();
}
