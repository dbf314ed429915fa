/**
 * One file of a dataset, by its format: a CSV file (whole, its encoding detected, or a byte
 * range of it), or every sheet of a workbook that holds the dataset (xls; xlsx streamed, or
 * read with exceljs when the streaming reader refuses it). The rows go to read-rows.ts.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { CONTRACT } from "./contract.js";
import { detectFileEncoding, utf8Chunks } from "./encoding.js";
import type { DataSource, FileFormat } from "./types.js";
import { MAX_XLSX_UNCOMPRESSED, readXlsxFile } from "./xlsx.js";
import { openWorkbookStream, streamingXlsx, XlsxRefused, XlsxTooLarge } from "./xlsx-stream.js";
import { readXlsFile } from "./xls.js";
import { formatOf, notThisDataset, sheetsToRead, sourceLabel } from "./sheets.js";
import { lineAtOffset, prepend, rangeChunks } from "./byte-range.js";
import { countSeen, csvRows, listRows, sheetItems, type SourceItem } from "./source-items.js";
import { startSource, type DatasetReading, type DatasetRequest, type ReadMode } from "./reading.js";
import { readRows } from "./read-rows.js";
import type { DataProblemCode } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

/** Read one file of a dataset: a CSV file, or every sheet of a workbook that holds the dataset. */
export async function readSource(w: DatasetReading, source: DataSource, request: DatasetRequest, mode: ReadMode): Promise<void> {
  const file = source.file;
  const format = formatOf(file);
  const path = join(request.dir, file);
  w.badLines = null;
  let bytesRead = 0;
  const onBytes = (n: number) => (bytesRead += n);
  const fileFail = (reason: string, code: DataProblemCode) => {
    const e = startSource(w, source, null, format);
    e.error = `${file}：${reason}`;
    e.errorCode = code;
  };
  const unreadable = (err: unknown) =>
    fileFail(`无法读取文件（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`, "unreadable_file");

  if (format === "csv") {
    const e = startSource(w, source, null, "csv");
    const fail = (reason: string, code: DataProblemCode) => {
      e.error = `${file}：${reason}`;
      e.errorCode = code;
      return w;
    };
    let items: AsyncGenerator<SourceItem[]>;
    if (mode.range) {
      const range = mode.range;
      w.sizeHint = range.end - range.start;
      e.encoding = range.encoding;
      const firstLine = range.header ? (range.line ?? (await lineAtOffset(path, range.start))) - 1 : 1;
      const problem = (why: string) => void (w.partProblem ??= why);
      const chunks = rangeChunks(path, range, onBytes, problem);
      // (a Buffer crosses to a worker as a plain Uint8Array)
      items = csvRows(range.header ? prepend(Buffer.from(range.header), chunks) : chunks, firstLine);
    } else {
      let detected;
      try {
        detected = await detectFileEncoding(path);
      } catch (err) {
        fail(`无法读取文件（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`, "unreadable_file");
        return;
      }
      if (!detected.ok) {
        fail(detected.reason, detected.problem.code);
        return;
      }
      e.encoding = detected.encoding;
      w.sizeHint = await stat(path).then(
        (st) => st.size,
        () => 0,
      );
      if (detected.badLines) w.badLines = new Set(detected.badLines);
      items = csvRows(utf8Chunks(path, detected.encoding, onBytes));
    }
    await readRows(w, items, { request, mode, bytes: () => bytesRead, fail });
    e.headers = w.headers;
    return;
  }

  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    unreadable(err);
    return;
  }
  let sheets: SheetSource[];
  let date1904 = false;
  // an .xls or .et that is really an xlsx (some systems and WPS save them so) is read as one
  const kind: FileFormat = format === "xls" && (await startsWithZip(path)) ? "xlsx" : format;
  if (kind === "xls") {
    const book = await readXlsFile(path, size);
    if (!book.ok) return fileFail(book.reason, book.problem.code);
    date1904 = book.date1904;
    bytesRead = size;
    sheets = book.sheets.map((sh) => ({ name: sh.name, hidden: sh.hidden, items: () => listRows(sh.rows) }));
  } else {
    const opened = !mode.exceljs && streamingXlsx() && size <= MAX_XLSX_UNCOMPRESSED / 4 ? await openWorkbookStream(path, size) : null;
    if (opened?.kind === "error") return fileFail(opened.reason, opened.code);
    if (opened?.kind === "stream") {
      date1904 = opened.date1904;
      sheets = opened.sheets.map((sh) => ({ name: sh.name, hidden: sh.hidden, items: () => sheetItems(sh.rows(onBytes)) }));
    } else {
      const book = await readXlsxFile(path, size);
      if (!book.ok) return fileFail(book.reason, book.problem.code);
      date1904 = book.date1904;
      bytesRead = size;
      sheets = book.sheets.map((sh) => ({ name: sh.name, hidden: sh.hidden, items: () => listRows(sh.rows) }));
    }
  }
  try {
    await readSheets(w, { source, format: kind, sheets, date1904, bytes: () => bytesRead }, request, mode);
  } catch (err) {
    if (err instanceof XlsxTooLarge) {
      const e = w.tallies[w.current]!;
      e.error = `${sourceLabel(file, e.sheet)}：${problemMessage({ code: "xlsx_bomb", detail: err.message })}`;
      e.errorCode = "xlsx_bomb";
      return;
    }
    if (!(err instanceof XlsxRefused)) throw err;
    // read again with exceljs: here, or (rows already went to a sink) by the caller
    if (mode.sink) w.retryExceljs = true;
    else w.restart = true;
  }
}

async function startsWithZip(path: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const fh = await open(path, "r");
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    return b.readUInt32LE(0) === 0x04034b50;
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

interface SheetSource {
  name: string;
  hidden: boolean;
  items: () => AsyncGenerator<SourceItem[]>;
}

/** A workbook opened by one of the readers: its sheets, its date system, bytes read so far. */
interface Workbook {
  source: DataSource;
  format: FileFormat;
  sheets: SheetSource[];
  date1904: boolean;
  bytes: () => number;
}

/**
 * The sheets of a workbook that hold the dataset: hidden sheets and instructions (填表说明) are
 * listed, not read; in a workbook of several sheets, an empty sheet or one whose header has
 * (almost) nothing of the dataset's is listed as not read; a sheet whose header has some of
 * the dataset's columns but lacks a required one is an error, as in a single-sheet file.
 */
async function readSheets(w: DatasetReading, book: Workbook, request: DatasetRequest, mode: ReadMode): Promise<void> {
  const { source, format, sheets, date1904, bytes } = book;
  const file = source.file;
  const { read: candidates, notRead } = sheetsToRead(file, sheets);
  w.notRead.push(...notRead);
  if (candidates.length === 0) {
    const e = startSource(w, source, null, format);
    const allHidden = sheets.length > 0 && sheets.every((s) => s.hidden);
    e.error = `${file}：${problemMessage({ code: "no_readable_sheet", sheets: sheets.map((s) => s.name), allHidden })}`;
    e.errorCode = "no_readable_sheet";
    return;
  }
  const skipped: string[] = [];
  const errorsBefore = w.notRead.length;
  for (const sh of candidates) {
    const e = startSource(w, source, sh.name, format);
    const at = w.current;
    const fail = (reason: string, code: DataProblemCode) => {
      e.error = `${sourceLabel(file, sh.name)}：${reason}`;
      e.errorCode = code;
      return w;
    };
    w.date1904 = date1904;
    e.encoding = null;
    await readRows(w, countSeen(sh.items(), e), { request, mode, bytes, fail });
    e.headers = w.headers;
    if (e.error === null || candidates.length === 1) continue;
    const reason = notThisDataset(e.headers, e.seen, CONTRACT[w.dataset].title);
    if (reason === null) continue;
    // no header of this dataset: not a sheet of it (nothing of it was read)
    w.tallies.splice(at, 1);
    w.current = w.tallies.length - 1;
    w.notRead.push({ file, sheet: sh.name, reason });
    skipped.push(`${sh.name}（${reason}）`);
  }
  if (!w.tallies.some((e) => e.source === source)) {
    w.notRead.splice(errorsBefore);
    const e = startSource(w, source, null, format);
    e.error = `${file}：${problemMessage({ code: "no_matching_sheet", datasetTitle: CONTRACT[w.dataset].title, skipped })}`;
    e.errorCode = "no_matching_sheet";
  }
}
