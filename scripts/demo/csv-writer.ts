/**
 * A streaming CSV writer for large generated files: rows are buffered into ~64 KB chunks,
 * encoded (UTF-8, UTF-8 with BOM, or GBK as Chinese-locale Excel saves) and written with
 * backpressure, so millions of rows never sit in memory. Lines end in CRLF, as Excel's do.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import iconv from "iconv-lite";

export type CsvEncoding = "utf8" | "utf8-bom" | "gbk";

const CHUNK_CHARS = 1 << 16;

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export class CsvWriter {
  private parts: string[] = [];
  private chars = 0;
  private failure: Error | undefined;
  /** physical line number of the last row written (the header is line 1) */
  line = 0;

  private constructor(
    private readonly stream: WriteStream,
    private readonly encoding: CsvEncoding,
  ) {
    stream.on("error", (err: Error) => {
      this.failure = err;
    });
  }

  /** Opens `path` and writes the header row. */
  static open(path: string, encoding: CsvEncoding, header: readonly string[]): CsvWriter {
    const w = new CsvWriter(createWriteStream(path), encoding);
    if (encoding === "utf8-bom") w.push("\ufeff");
    w.row(header);
    return w;
  }

  /** rows written, not counting the header */
  get rows(): number {
    return this.line - 1;
  }

  /** true when the buffer should be flushed (callers then `await flush()`) */
  get full(): boolean {
    return this.chars >= CHUNK_CHARS;
  }

  /** Buffers one row; returns its line number. Cells must not contain line breaks. */
  row(cells: readonly string[]): number {
    let s = "";
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) s += ",";
      s += quote(cells[i]!);
    }
    this.push(s + "\r\n");
    return ++this.line;
  }

  private push(s: string): void {
    this.parts.push(s);
    this.chars += s.length;
  }

  /** Writes the buffer, waiting for the stream to drain when it asks to. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.chars = 0;
    const bytes = this.encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8");
    if (!this.stream.write(bytes)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          this.stream.off("error", onError);
          resolve();
        };
        const onError = (err: Error): void => {
          this.stream.off("drain", onDrain);
          reject(err);
        };
        this.stream.once("drain", onDrain);
        this.stream.once("error", onError);
      });
    }
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }
}
