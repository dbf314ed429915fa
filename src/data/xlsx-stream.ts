/**
 * A streaming reader of an xlsx file's worksheets (each in turn): the zip's central directory is read
 * from disk, parts are inflated as streams (node:zlib), and the sheet XML is tokenised as it
 * comes, so only the shared strings (as a string array) and one batch of rows are held.
 *
 * It gives exactly the cells exceljs' in-memory reader (xlsx.ts) gives. Whatever it is not
 * sure to read the same way (encryption, strict OOXML or prefixed elements, merged cells,
 * rows out of order, odd shared strings …) it refuses: before any row, `openSheetStream`
 * answers "fallback"; once rows have gone out, the row generator throws XlsxRefused and the
 * caller reads the file again with exceljs.
 */
import { open } from "node:fs/promises";
import type { SheetRow } from "./xlsx.js";
import { MAX_RATIO, MAX_UNCOMPRESSED, readCentralDirectory, XlsxRefused, XlsxTooLarge, type ZipEntry } from "./xlsx-zip.js";
import { attributes, readSmall } from "./xml-scan.js";
import { isPrefixed, readSharedStrings, readStyles, resolveTarget } from "./xlsx-parts.js";
import { sheetRows } from "./xlsx-sheet.js";
import { problemMessage } from "./problem-messages.js";

export { XlsxRefused, XlsxTooLarge } from "./xlsx-zip.js";
export { isDateFormat } from "./xlsx-parts.js";

export type SheetStream =
  | { kind: "stream"; date1904: boolean; sheet: string; rows: (onBytes: (n: number) => void) => AsyncGenerator<SheetRow[]> }
  | { kind: "error"; reason: string; code: "xlsx_bomb" }
  | { kind: "fallback"; why: string };
/** One worksheet of a workbook opened for streaming: its rows are read when asked for. */
export interface StreamSheet {
  name: string;
  /** hidden or veryHidden in the workbook (not read as data, listed) */
  hidden: boolean;
  rows: (onBytes: (n: number) => void) => AsyncGenerator<SheetRow[]>;
}

export type WorkbookStream =
  | { kind: "stream"; date1904: boolean; sheets: StreamSheet[] }
  | { kind: "error"; reason: string; code: "xlsx_bomb" }
  | { kind: "fallback"; why: string };

/** A workbook may hold at most this many sheets (a real one holds a few dozen at most). */
const MAX_SHEETS = 1000;

/** Open an xlsx file's first worksheet for streaming (see openWorkbookStream for every sheet). */
export async function openSheetStream(path: string, size: number): Promise<SheetStream> {
  const book = await openWorkbookStream(path, size);
  if (book.kind !== "stream") return book;
  const first = book.sheets[0];
  if (!first) return { kind: "fallback", why: "no sheet" };
  return { kind: "stream", date1904: book.date1904, sheet: first.name, rows: first.rows };
}

/** Open every worksheet of an xlsx file for streaming, in workbook order (shared strings and styles read once). */
export async function openWorkbookStream(path: string, size: number): Promise<WorkbookStream> {
  let entries: Map<string, ZipEntry> | null;
  try {
    const fh = await open(path, "r");
    const magic = Buffer.alloc(4);
    try {
      await fh.read(magic, 0, 4, 0);
    } finally {
      await fh.close();
    }
    if (magic.readUInt32LE(0) !== 0x04034b50) return { kind: "fallback", why: "not a zip" };
    entries = await readCentralDirectory(path, size);
  } catch (err) {
    return { kind: "fallback", why: (err as Error).message };
  }
  if (!entries) return { kind: "fallback", why: "no central directory" };
  let uncompressed = 0;
  let ratio = 0;
  for (const e of entries.values()) {
    uncompressed += e.usize;
    if (e.usize > 1024 * 1024) ratio = Math.max(ratio, e.usize / Math.max(e.csize, 1));
  }
  if (uncompressed > MAX_UNCOMPRESSED || ratio > MAX_RATIO) {
    return bomb(`声明 ${Math.round(uncompressed / 1048576)} MB，压缩比 ${Math.round(ratio)}:1`);
  }
  for (const e of entries.values()) {
    if ((e.flags & 1) !== 0 || (e.method !== 0 && e.method !== 8)) return { kind: "fallback", why: "encrypted or unknown compression" };
  }
  try {
    const book = entries.get("xl/workbook.xml");
    const rels = entries.get("xl/_rels/workbook.xml.rels");
    if (!book || !rels) return { kind: "fallback", why: "no xl/workbook.xml" };
    let date1904 = false;
    const declared: { name: string; rid: string | null; hidden: boolean }[] = [];
    await readSmall(path, book, {
      open(name, raw) {
        if (name === "workbookPr") date1904 = attributes(raw).date1904 === "1";
        else if (name === "sheet") {
          const a = attributes(raw);
          if (declared.length >= MAX_SHEETS) throw new XlsxRefused("too many sheets");
          declared.push({ name: a.name ?? "", rid: a["r:id"] ?? null, hidden: a.state === "hidden" || a.state === "veryHidden" });
        } else if (isPrefixed(name) && name.endsWith(":workbook")) throw new XlsxRefused("prefixed workbook");
      },
      close() {},
      text() {},
    });
    if (declared.length === 0 || declared.some((d) => d.rid === null)) return { kind: "fallback", why: "no sheet" };
    const targets = new Map<string, string>();
    await readSmall(path, rels, {
      open(name, raw) {
        if (name !== "Relationship") return;
        const a = attributes(raw);
        if (a.Id !== undefined && a.Target !== undefined && a.TargetMode !== "External") targets.set(a.Id, a.Target);
      },
      close() {},
      text() {},
    });
    const located: { name: string; hidden: boolean; entry: ZipEntry }[] = [];
    for (const d of declared) {
      const target = targets.get(d.rid!);
      if (target === undefined) return { kind: "fallback", why: "no sheet target" };
      const sheetPath = resolveTarget(target);
      const sheetEntry = entries.get(sheetPath);
      // a chart sheet or a dialog sheet is no worksheet: exceljs leaves it out too
      if (!/^xl\/worksheets\/[^/]+\.xml$/.test(sheetPath)) continue;
      if (!sheetEntry) return { kind: "fallback", why: "sheet part missing" };
      located.push({ name: d.name, hidden: d.hidden, entry: sheetEntry });
    }
    if (located.length === 0) return { kind: "fallback", why: "no worksheet" };
    const styles = await readStyles(path, entries.get("xl/styles.xml"));
    const strings = await readSharedStrings(path, entries.get("xl/sharedStrings.xml"));
    const file = path;
    const d1904: boolean = date1904;
    return {
      kind: "stream",
      date1904: d1904,
      sheets: located.map((s) => ({
        name: s.name,
        hidden: s.hidden,
        rows: (onBytes) => sheetRows({ path: file, entry: s.entry, strings, styles, date1904: d1904 }, onBytes),
      })),
    };
  } catch (err) {
    if (err instanceof XlsxTooLarge) return bomb(err.message);
    return { kind: "fallback", why: (err as Error).message };
  }
}
/** A workbook that would unpack too large (xlsx_bomb), refused before it is read. */
function bomb(detail: string): { kind: "error"; reason: string; code: "xlsx_bomb" } {
  return { kind: "error", reason: problemMessage({ code: "xlsx_bomb", detail }), code: "xlsx_bomb" };
}

let streaming = true;
/** Whether xlsx files are read by the streaming reader (else always by exceljs; for tests and comparison). */
export function streamingXlsx(on?: boolean): boolean {
  if (on !== undefined) streaming = on;
  return streaming;
}
