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
import { createReadStream } from "node:fs";
import { createInflateRaw } from "node:zlib";
import type { SourceCell } from "./normalize.js";
import type { SheetRow } from "./xlsx.js";

/** The streaming reader cannot read this file the way exceljs does: read it with exceljs. */
export class XlsxRefused extends Error {
  constructor(why: string) {
    super(why);
    this.name = "XlsxRefused";
  }
}

/** A zip-bomb style problem found while inflating (reported as the file's error). */
export class XlsxTooLarge extends Error {}

const MAX_UNCOMPRESSED = 1024 * 1024 * 1024;
const MAX_RATIO = 200;
const BATCH = 4096;

interface Entry {
  name: string;
  method: number;
  flags: number;
  csize: number;
  usize: number;
  offset: number;
}

export type SheetStream =
  | { kind: "stream"; date1904: boolean; sheet: string; rows: (onBytes: (n: number) => void) => AsyncGenerator<SheetRow[]> }
  | { kind: "error"; reason: string }
  | { kind: "fallback"; why: string };

// ---------------------------------------------------------------- zip

async function readCentralDirectory(path: string, size: number): Promise<Map<string, Entry> | null> {
  const fh = await open(path, "r");
  try {
    const tailLen = Math.min(size, 65557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // zip64: the locator sits just before the end record
      if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== 0x07064b50) return null;
      const z64at = Number(tail.readBigUInt64LE(eocd - 20 + 8));
      const z = Buffer.alloc(56);
      await fh.read(z, 0, 56, z64at);
      if (z.readUInt32LE(0) !== 0x06064b50) return null;
      count = Number(z.readBigUInt64LE(32));
      cdSize = Number(z.readBigUInt64LE(40));
      cdOffset = Number(z.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries = new Map<string, Entry>();
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      let csize = cd.readUInt32LE(p + 20);
      let usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let offset = cd.readUInt32LE(p + 42);
      const name = cd.subarray(p + 46, p + 46 + nameLen).toString("utf8");
      if (usize === 0xffffffff || csize === 0xffffffff || offset === 0xffffffff) {
        let e = p + 46 + nameLen;
        const end = e + extraLen;
        while (e + 4 <= end) {
          const id = cd.readUInt16LE(e);
          const len = cd.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let q = e + 4;
            if (usize === 0xffffffff) (usize = Number(cd.readBigUInt64LE(q))), (q += 8);
            if (csize === 0xffffffff) (csize = Number(cd.readBigUInt64LE(q))), (q += 8);
            if (offset === 0xffffffff) offset = Number(cd.readBigUInt64LE(q));
          }
          e += 4 + len;
        }
      }
      entries.set(name, { name, method, flags, csize, usize, offset });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** An entry's bytes, inflated, as a stream of chunks; stops (XlsxTooLarge) when it unpacks to more than it declares. */
async function* entryChunks(path: string, e: Entry, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  const fh = await open(path, "r");
  const local = Buffer.alloc(30);
  try {
    await fh.read(local, 0, 30, e.offset);
  } finally {
    await fh.close();
  }
  if (local.readUInt32LE(0) !== 0x04034b50) throw new XlsxRefused("bad local header");
  const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (e.csize === 0) return;
  const raw = createReadStream(path, { start, end: start + e.csize - 1, highWaterMark: 256 * 1024 });
  let out = 0;
  const count = (c: Buffer) => {
    out += c.length;
    if (out > e.usize) throw new XlsxTooLarge(`${e.name} 解压后超过声明的大小`);
  };
  if (e.method === 0) {
    try {
      for await (const c of raw as AsyncIterable<Buffer>) {
        onBytes?.(c.length);
        count(c);
        yield c;
      }
    } finally {
      raw.destroy();
    }
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  raw.on("data", (c: string | Buffer) => onBytes?.(c.length));
  raw.on("error", (err) => inflate.destroy(err));
  raw.pipe(inflate);
  try {
    for await (const c of inflate as AsyncIterable<Buffer>) {
      count(c);
      yield c;
    }
  } catch (err) {
    if (err instanceof XlsxTooLarge) throw err;
    throw new XlsxRefused(`inflate: ${(err as Error).message}`);
  } finally {
    raw.destroy();
    inflate.destroy();
  }
}

// ---------------------------------------------------------------- XML

interface XmlHandler {
  /** an element opens: name, the raw attribute text, whether it is empty (<x/>) */
  open(name: string, attrs: string, empty: boolean): void;
  close(name: string): void;
  /** raw (undecoded) text between tags */
  text(raw: string): void;
}

/** A small pull tokenizer over text that arrives in pieces. */
class XmlScanner {
  private buf = "";
  constructor(private readonly h: XmlHandler) {}
  feed(chunk: string): void {
    this.buf = this.buf.length > 0 ? this.buf + chunk : chunk;
    const s = this.buf;
    const n = s.length;
    let i = 0;
    for (;;) {
      const lt = s.indexOf("<", i);
      if (lt < 0) break;
      const c1 = s.charCodeAt(lt + 1);
      if (Number.isNaN(c1)) break;
      let gt: number;
      if (c1 === 0x21 /* ! */) {
        if (s.startsWith("<!--", lt)) {
          const e = s.indexOf("-->", lt + 4);
          if (e < 0) break;
          if (lt > i) this.h.text(s.slice(i, lt));
          i = e + 3;
          continue;
        }
        if (n - lt < 9) break;
        throw new XlsxRefused("CDATA or DOCTYPE");
      }
      if (c1 === 0x3f /* ? */) {
        const e = s.indexOf("?>", lt + 2);
        if (e < 0) break;
        i = e + 2;
        continue;
      }
      // the tag's end: the first '>' outside a quoted attribute value
      gt = -1;
      let quote = 0;
      for (let k = lt + 1; k < n; k++) {
        const c = s.charCodeAt(k);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === 0x3e) {
          gt = k;
          break;
        }
      }
      if (gt < 0) break;
      if (lt > i) this.h.text(s.slice(i, lt));
      if (c1 === 0x2f /* / */) {
        this.h.close(s.slice(lt + 2, gt).trimEnd());
      } else {
        let k = lt + 1;
        while (k < gt) {
          const c = s.charCodeAt(k);
          if (c === 0x20 || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0d) break;
          k++;
        }
        const empty = s.charCodeAt(gt - 1) === 0x2f;
        const name = s.slice(lt + 1, k);
        this.h.open(name, s.slice(k, empty ? gt - 1 : gt), empty);
        if (empty) this.h.close(name);
      }
      i = gt + 1;
    }
    this.buf = i > 0 ? s.slice(i) : s;
    if (this.buf.length > 16 * 1024 * 1024) throw new XlsxRefused("a tag or text too long");
  }
  end(): void {
    if (this.buf.trim() !== "") throw new XlsxRefused("XML ends inside a tag");
  }
}

const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
function attributes(raw: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(raw); m; m = ATTR.exec(raw)) out[m[1]!] = decodeXml(m[2] ?? m[3]!);
  return out;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);|&/g;
/** XML text → string: entities decoded, line ends normalised (as an XML parser does). */
export function decodeXml(raw: string): string {
  let s = raw;
  if (s.includes("\r")) s = s.replace(/\r\n?/g, "\n");
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (m, e: string | undefined) => {
    switch (e) {
      case undefined:
        throw new XlsxRefused("a bare & in XML text");
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return '"';
      case "apos":
        return "'";
      default: {
        const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        if (!(code > 0 && code <= 0x10ffff)) throw new XlsxRefused(`entity ${m}`);
        return String.fromCodePoint(code);
      }
    }
  });
}

/** exceljs' TextXform: _xHHHH_ escapes in shared strings and rich text runs. */
const unescapeX = (s: string): string => (s.includes("_x") ? s.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s);

/** exceljs' utils.xmlDecode (applied again to t="str" values). */
const xmlDecodeAgain = (s: string): string =>
  s.includes("&")
    ? s.replace(/&([a-z]*);/g, (c) => ({ "&lt;": "<", "&gt;": ">", "&amp;": "&", "&apos;": "'", "&quot;": '"' })[c] ?? c)
    : s;

/** A zip part's text as it inflates: UTF-8 decoded across chunk boundaries, the BOM dropped, the decoder's tail last. */
async function* entryText(path: string, e: Entry, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let first = true;
  try {
    for await (const chunk of entryChunks(path, e, onBytes)) {
      let text = decoder.decode(chunk, { stream: true });
      if (first) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      yield text;
    }
    yield decoder.decode();
  } catch (err) {
    if (err instanceof TypeError) throw new XlsxRefused("not UTF-8");
    throw err;
  }
}

async function scanEntry(path: string, e: Entry, h: XmlHandler, onBytes?: (n: number) => void, each?: () => void): Promise<void> {
  const scanner = new XmlScanner(h);
  for await (const text of entryText(path, e, onBytes)) {
    scanner.feed(text);
    each?.();
  }
  scanner.end();
}

async function readSmall(path: string, e: Entry, h: XmlHandler): Promise<void> {
  await scanEntry(path, e, h);
}

// ---------------------------------------------------------------- the workbook's parts

/** Built-in number formats exceljs knows (id → code): those whose code reads as a date. */
const DEFAULT_FORMATS: Record<number, string> = {
  0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
  14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
  22: 'm/d/yy "h":mm', 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00 ;(#,##0.00)", 40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
};

/** exceljs' utils.isDateFmt: y m d h M s b outside [] and "". */
export function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  const f = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(f);
}

const isPrefixed = (name: string) => name.includes(":");

async function readStyles(path: string, e: Entry | undefined): Promise<boolean[]> {
  if (!e) return [];
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inXfs = false;
  let depth = 0;
  await readSmall(path, e, {
    open(name, raw) {
      if (name === "numFmt") {
        const a = attributes(raw);
        custom.set(Number(a.numFmtId), a.formatCode ?? "");
      } else if (name === "cellXfs") {
        inXfs = true;
        depth = 0;
      } else if (inXfs) {
        if (depth === 0) {
          if (name !== "xf") throw new XlsxRefused(`cellXfs holds ${name}`);
          const id = attributes(raw).numFmtId;
          xfIds.push(id === undefined ? 0 : parseInt(id, 10));
        }
        depth++;
      }
    },
    close(name) {
      if (name === "cellXfs") inXfs = false;
      else if (inXfs) depth--;
    },
    text() {},
  });
  // exceljs: a style's number format counts when its id is truthy
  return xfIds.map((id) => (id ? isDateFormat(custom.get(id) ?? DEFAULT_FORMATS[id]) : false));
}

async function readSharedStrings(path: string, e: Entry | undefined): Promise<string[]> {
  const out: string[] = [];
  if (!e) return out;
  let inSi = false;
  let where: "t" | "r" | "rt" | "rPh" | null = null;
  let text = "";
  let hasT = false;
  let runs: string[] | null = null;
  let run = "";
  await readSmall(path, e, {
    open(name) {
      if (isPrefixed(name)) throw new XlsxRefused(`prefixed ${name}`);
      if (name === "si") {
        inSi = true;
        text = "";
        hasT = false;
        runs = null;
        where = null;
      } else if (!inSi) return;
      else if (where === "rPh") return;
      else if (name === "rPh") where = "rPh";
      else if (name === "r") {
        if (hasT) throw new XlsxRefused("si with t and r");
        where = "r";
        run = "";
        runs ??= [];
      } else if (name === "t") {
        if (where === "r") where = "rt";
        else {
          if (runs || hasT) throw new XlsxRefused("si with t and r");
          where = "t";
          hasT = true;
          text = "";
        }
      }
    },
    close(name) {
      if (!inSi) return;
      if (where === "rPh") {
        if (name === "rPh") where = null;
        return;
      }
      if (name === "t") where = where === "rt" ? "r" : null;
      else if (name === "r") {
        runs!.push(unescapeX(run));
        where = null;
      } else if (name === "si") {
        if (!runs && !hasT) throw new XlsxRefused("an empty si");
        out.push(runs ? runs.join("") : unescapeX(text));
        inSi = false;
      }
    },
    text(raw) {
      if (where === "t") text += decodeXml(raw);
      else if (where === "rt") run += decodeXml(raw);
    },
  });
  return out;
}

function resolveTarget(target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : `xl/${target}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

// ---------------------------------------------------------------- the sheet

const colIndex = (ref: string): { col: number; row: number } | null => {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else break;
  }
  if (i === 0 || i === ref.length || col > 16384) return null;
  let row = 0;
  for (let k = i; k < ref.length; k++) {
    const c = ref.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return null;
    row = row * 10 + c;
  }
  return { col: col - 1, row };
};

const excelToDate = (v: unknown, date1904: boolean): Date => new Date(Math.round(((v as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

/** One worksheet of a workbook opened for streaming: its rows are read when asked for. */
export interface StreamSheet {
  name: string;
  /** hidden or veryHidden in the workbook (not read as data, listed) */
  hidden: boolean;
  rows: (onBytes: (n: number) => void) => AsyncGenerator<SheetRow[]>;
}

export type WorkbookStream =
  | { kind: "stream"; date1904: boolean; sheets: StreamSheet[] }
  | { kind: "error"; reason: string }
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
  let entries: Map<string, Entry> | null;
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
    return { kind: "error", reason: `xlsx 文件解压后过大（声明 ${Math.round(uncompressed / 1048576)} MB，压缩比 ${Math.round(ratio)}:1），疑似压缩炸弹，拒绝读取；请另存为 CSV` };
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
    const located: { name: string; hidden: boolean; entry: Entry }[] = [];
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
    const dateStyles = await readStyles(path, entries.get("xl/styles.xml"));
    const strings = await readSharedStrings(path, entries.get("xl/sharedStrings.xml"));
    const file = path;
    const d1904: boolean = date1904;
    return {
      kind: "stream",
      date1904: d1904,
      sheets: located.map((s) => ({ name: s.name, hidden: s.hidden, rows: (onBytes) => sheetRows(file, s.entry, strings, dateStyles, d1904, onBytes) })),
    };
  } catch (err) {
    if (err instanceof XlsxTooLarge) return { kind: "error", reason: `xlsx 文件解压后过大（${err.message}），疑似压缩炸弹，拒绝读取；请另存为 CSV` };
    return { kind: "fallback", why: (err as Error).message };
  }
}

/** The sheet's rows (those with a value), in batches. Throws XlsxRefused when exceljs must read the file instead. */
async function* sheetRows(
  path: string,
  entry: Entry,
  strings: string[],
  dateStyles: boolean[],
  date1904: boolean,
  onBytes: (n: number) => void,
): AsyncGenerator<SheetRow[]> {
  let batch: SheetRow[] = [];
  const ready: SheetRow[][] = [];
  let inData = false;
  let dataDone = false;
  let lastRow = 0;
  let rowNo = 0;
  let cells: SourceCell[] | null = null;
  let hasValue = false;
  // the cell being read
  let inCell = false;
  let address = "";
  let col = 0;
  let type: string | undefined;
  let style = 0;
  let value: string | undefined;
  let formula: string | undefined;
  let isFormula = false;
  let shareType: string | undefined;
  let si: string | undefined;
  let ref: string | undefined;
  let runs: string[] | null = null;
  let run = "";
  /** 0 none, 1 v, 2 t, 3 f, 4 inside a rich text run, 5 the run's t */
  let where = 0;
  let runDepth = 0;
  const formulae = new Map<string, string>();
  /** addresses of formula cells without a cached result (a hyperlink on one changes exceljs' value) */
  const noResult = new Set<string>();
  let hyperlinks: string[] = [];

  const endCell = () => {
    let out: SourceCell = null;
    const dateStyle = style !== 0 && dateStyles[style] === true;
    if (isFormula) {
      let result: unknown;
      if (value) {
        if (type === "str") result = xmlDecodeAgain(value);
        else if (type === "b") result = parseInt(value, 10) !== 0;
        else if (type === "e") result = { error: value };
        else result = parseFloat(value);
      }
      if (result !== undefined && dateStyle) result = excelToDate(result, date1904);
      let f = formula;
      let shared: string | undefined;
      if (shareType === "shared") {
        if (ref !== undefined) formulae.set(String(si), address);
        else if (formula === undefined) shared = formulae.get(String(si));
      }
      if (result === undefined) {
        noResult.add(address);
        out = { error: `=${String(f ?? shared)}`, reason: "公式没有计算结果，请在 Excel 中打开、重新计算并保存" };
      } else out = result as SourceCell;
      f = undefined;
    } else if (runs !== null) {
      if (type !== "inlineStr" || value !== undefined) throw new XlsxRefused("rich text outside an inline string");
      out = runs.join("");
    } else if (value !== undefined) {
      switch (type) {
        case "s": {
          const s = strings[parseInt(value, 10)];
          if (s === undefined) throw new XlsxRefused("shared string out of range");
          out = s;
          break;
        }
        case "str":
          out = xmlDecodeAgain(value);
          break;
        case "inlineStr":
          out = value;
          break;
        case "b":
          out = parseInt(value, 10) !== 0;
          break;
        case "e":
          out = { error: value };
          break;
        default: {
          const n = parseFloat(value);
          out = dateStyle ? excelToDate(n, date1904) : n;
        }
      }
    }
    if (out !== null) {
      while (cells!.length < col) cells!.push(null);
      cells![col] = out;
      hasValue = true;
    }
  };

  const handler: XmlHandler = {
    open(name, raw, empty) {
      if (!inData) {
        if (name === "sheetData") {
          if (dataDone) throw new XlsxRefused("two sheetData");
          inData = true;
        } else if (name === "mergeCell") throw new XlsxRefused("merged cells");
        else if (name === "hyperlink") hyperlinks.push(attributes(raw).ref ?? "");
        return;
      }
      if (isPrefixed(name)) throw new XlsxRefused(`prefixed ${name}`);
      if (inCell) {
        if (where === 4 || where === 5) {
          runDepth++;
          if (name === "t" && runDepth === 1) where = 5;
          return;
        }
        switch (name) {
          case "v":
            where = 1;
            return;
          case "t":
            where = 2;
            return;
          case "is":
            return;
          case "f": {
            const a = attributes(raw);
            where = 3;
            si = a.si;
            shareType = a.t;
            ref = a.ref;
            if (shareType !== undefined) isFormula = true;
            return;
          }
          case "r":
            runs ??= [];
            run = "";
            where = 4;
            runDepth = 0;
            return;
          default:
            throw new XlsxRefused(`<${name}> in a cell`);
        }
      }
      if (name === "c") {
        if (cells === null) throw new XlsxRefused("a cell outside a row");
        const a = attributes(raw);
        const at = a.r === undefined ? null : colIndex(a.r);
        if (!at || at.row !== rowNo) throw new XlsxRefused("a cell without its address");
        address = a.r!;
        col = at.col;
        type = a.t;
        style = a.s === undefined ? 0 : parseInt(a.s, 10);
        value = undefined;
        formula = undefined;
        isFormula = false;
        shareType = si = ref = undefined;
        runs = null;
        where = 0;
        inCell = true;
        if (empty) return;
        return;
      }
      if (name === "row") {
        const r = attributes(raw).r;
        const n = r === undefined ? NaN : Number(r);
        if (!Number.isInteger(n) || n <= lastRow) throw new XlsxRefused("rows out of order");
        rowNo = lastRow = n;
        cells = [];
        hasValue = false;
        return;
      }
      throw new XlsxRefused(`<${name}> in sheetData`);
    },
    close(name) {
      if (!inData) return;
      if (inCell) {
        if (where === 4 || where === 5) {
          if (runDepth === 0) {
            // the run ends
            runs!.push(unescapeX(run));
            where = 0;
            return;
          }
          runDepth--;
          if (name === "t" && where === 5) where = 4;
          return;
        }
        if (name === "c") {
          inCell = false;
          endCell();
        } else if (name === "v" || name === "t" || name === "f") where = 0;
        return;
      }
      if (name === "row") {
        if (hasValue) batch.push({ line: rowNo, cells: cells! });
        cells = null;
        if (batch.length >= BATCH) {
          ready.push(batch);
          batch = [];
        }
      } else if (name === "sheetData") {
        inData = false;
        dataDone = true;
      }
    },
    text(raw) {
      if (!inCell || where === 0 || where === 4) return;
      const t = decodeXml(raw);
      if (where === 5) run += t;
      else if (where === 3) {
        if (t !== "") {
          formula = formula === undefined ? t : formula + t;
          isFormula = true;
        }
      } else if (t !== "") value = value === undefined ? t : value + t;
    },
  };

  const scanner = new XmlScanner(handler);
  try {
    for await (const text of entryText(path, entry, onBytes)) {
      scanner.feed(text);
      while (ready.length > 0) yield ready.shift()!;
    }
    scanner.end();
  } catch (err) {
    if (err instanceof XlsxTooLarge) throw err;
    if (err instanceof XlsxRefused) throw err;
    throw new XlsxRefused((err as Error).message);
  }
  if (!dataDone) throw new XlsxRefused("no sheetData");
  for (const h of hyperlinks) if (noResult.has(h)) throw new XlsxRefused("a hyperlink on a formula without result");
  hyperlinks = [];
  if (batch.length > 0) yield batch;
}

let streaming = true;
/** Whether xlsx files are read by the streaming reader (else always by exceljs; for tests and comparison). */
export function streamingXlsx(on?: boolean): boolean {
  if (on !== undefined) streaming = on;
  return streaming;
}
