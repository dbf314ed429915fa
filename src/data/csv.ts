/**
 * CSV text → records with the line each starts on (header = line 1, as a spreadsheet shows).
 * Records come one at a time so that reading can become streaming; a syntax error ends the
 * file with one item that says where, after every record before it.
 */
import { finished } from "node:stream/promises";
import { parse, type CsvError } from "csv-parse";

export type CsvItem =
  | { type: "record"; line: number; fields: string[] }
  /** the rest of the file from `line` cannot be read */
  | { type: "error"; line: number; value: string | null; reason: string };

const LF = 0x0a;
const CR = 0x0d;

/** Delimiter: a comma, unless the first line has none and has tabs (or semicolons) instead. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  if (firstLine.includes(",")) return ",";
  if (firstLine.includes("\t")) return "\t";
  if (firstLine.includes(";")) return ";";
  return ",";
}

/** Counts lines over a UTF-8 buffer from left to right (\n, \r\n and \r each end a line). */
class LineCounter {
  private pos = 0;
  private line = 1;
  constructor(private readonly buf: Uint8Array) {}
  /** Line number of byte offset `offset` (offsets only move forward). */
  lineAt(offset: number): number {
    const { buf } = this;
    for (; this.pos < offset; this.pos++) {
      const b = buf[this.pos];
      if (b === LF || (b === CR && buf[this.pos + 1] !== LF)) this.line++;
    }
    return this.line;
  }
}

const CSV_ERROR_ZH: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "引号没有闭合（直到文件末尾也没有找到配对的引号）",
  CSV_INVALID_CLOSING_QUOTE: "引号使用有误（右引号后面紧跟其他字符）",
  INVALID_OPENING_QUOTE: "引号使用有误（字段中间出现引号）",
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: "列数不一致",
  CSV_MAX_RECORD_SIZE: "一行内容过长",
};

/** Records of a CSV text, in order, each with the line it starts on. Fully blank lines come as records too (the caller skips them). */
export async function* readCsvRecords(text: string, chunkSize = 64 * 1024): AsyncGenerator<CsvItem> {
  const buf = Buffer.from(text, "utf8");
  const lines = new LineCounter(buf);
  // Records are taken in on_record, as the parser reads them: the stream's own output would
  // lose the records still buffered when a syntax error destroys it.
  let queue: { fields: string[]; end: number }[] = [];
  let failure: unknown = null;
  const parser = parse({
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    bom: false,
    skip_empty_lines: false,
    on_record: (record: string[], context: { bytes: number }) => {
      queue.push({ fields: record, end: context.bytes });
      return null;
    },
  });
  parser.on("error", (err) => (failure = err));
  parser.resume();
  const settled = finished(parser).catch(() => undefined);

  // byte offset where the next record starts (csv-parse counts UTF-8 bytes read)
  let start = 0;
  for (let offset = 0; ; offset += chunkSize) {
    if (offset < buf.length) parser.write(buf.subarray(offset, offset + chunkSize));
    else parser.end();
    if (offset >= buf.length) await settled;
    else await new Promise((resolve) => setImmediate(resolve));
    const ready = queue;
    queue = [];
    for (const r of ready) {
      yield { type: "record", line: lines.lineAt(start), fields: r.fields };
      start = r.end;
    }
    if (failure !== null || offset >= buf.length) break;
  }
  if (failure === null) return;

  // The record that failed starts where the last good one ended (after blank lines).
  let from = start;
  while (from < buf.length && (buf[from] === LF || buf[from] === CR || buf[from] === 0x20 || buf[from] === 0x09)) from++;
  const line = lines.lineAt(from);
  const rest = buf.subarray(from).toString("utf8").trimEnd();
  const value = rest.length > 80 ? `${rest.slice(0, 80)}…` : rest;
  const code = (failure as CsvError).code;
  const what = CSV_ERROR_ZH[code] ?? `CSV 格式错误（${code ?? (failure as Error).message}）`;
  yield { type: "error", line, value: value === "" ? null : value, reason: `从第 ${line} 行开始${what}，第 ${line} 行及之后的内容都无法读取` };
}
