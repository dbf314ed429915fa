/**
 * Excel 97–2003 (.xls, BIFF8) and WPS (.et) workbooks → rows of cells of every worksheet, the
 * same cells the xlsx readers give (dates as Date for date-formatted numbers, formulas as their
 * cached results, merged ranges filled with their first cell's value as exceljs does).
 *
 * Our own reader of the records we need (BOF/EOF, BOUNDSHEET, SST + CONTINUE, LABELSST, LABEL,
 * RK, MULRK, NUMBER, FORMULA + STRING, BOOLERR, XF, FORMAT, MERGEDCELLS, DATEMODE, FILEPASS)
 * inside our own compound-file reader (cfb.ts), bounded for files from outside: record lengths,
 * string counts, cells and rows are checked against what is left of the stream.
 */
import { readFile } from "node:fs/promises";
import { CfbError, isCfb, MAX_CFB_BYTES, openCfb } from "./cfb.js";
import type { SourceCell } from "./normalize.js";
import type { SheetData, SheetRow } from "./xlsx.js";
import { numberShown, percentText, type NumberShown } from "./xlsx-parts.js";
import type { ProblemOf } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

/** Why an .xls or .et file is not read (each with its sentence as `reason`). */
export type XlsProblem = ProblemOf<
  "xls_too_large" | "xls_is_xlsx" | "xls_is_html" | "not_xls" | "xls_encrypted" | "xls_biff5" | "xls_no_workbook" | "xls_corrupt"
>;

export type XlsRead = { ok: true; date1904: boolean; sheets: SheetData[] } | { ok: false; reason: string; problem: XlsProblem };

const refuse = (problem: XlsProblem) => ({ ok: false as const, reason: problemMessage(problem), problem });

class XlsError extends Error {}

/** At most this many cells in a workbook (an .xls sheet holds at most 65,536 × 256). */
const MAX_CELLS = 20_000_000;
const MAX_SST = 5_000_000;

/** Built-in number formats that show a date (Excel's, and the Chinese-locale ids 27–36, 50–58). */
const BUILTIN_DATE = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]);
/** Built-in formats that show a number as a percentage (0%, 0.00%). */
const BUILTIN_PERCENT = new Set([9, 10]);

/** Read an .xls or .et file from disk. Never throws for a bad file: the reason says what is wrong. */
export async function readXlsFile(path: string, size: number): Promise<XlsRead> {
  if (size > MAX_CFB_BYTES) return refuse({ code: "xls_too_large", mb: Math.round(size / 1048576) });
  const bytes = await readFile(path);
  return readXls(bytes);
}

export function readXls(bytes: Buffer): XlsRead {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) return refuse({ code: "xls_is_xlsx" });
  if (!isCfb(bytes)) {
    const head = bytes.subarray(0, 512).toString("latin1").trimStart().toLowerCase();
    if (head.startsWith("<")) return refuse({ code: "xls_is_html" });
    return refuse({ code: "not_xls" });
  }
  try {
    const cfb = openCfb(bytes);
    if (cfb.entries.some((e) => e.name === "EncryptedPackage")) return refuse({ code: "xls_encrypted" });
    const book = cfb.entries.find((e) => e.type === 2 && e.name.toLowerCase() === "workbook");
    if (!book) {
      if (cfb.entries.some((e) => e.type === 2 && e.name.toLowerCase() === "book")) return refuse({ code: "xls_biff5" });
      return refuse({ code: "xls_no_workbook" });
    }
    return parseWorkbook(cfb.read(book));
  } catch (err) {
    if (err instanceof CfbError || err instanceof XlsError) return refuse({ code: "xls_corrupt", detail: err.message });
    if (err instanceof RangeError) return refuse({ code: "xls_corrupt", detail: "文件已损坏（记录超出文件）" });
    throw err;
  }
}

/** A record's payload and those of the CONTINUE records after it, read across their boundaries. */
class Segments {
  private i = 0;
  private o = 0;
  constructor(private readonly segs: Buffer[]) {}
  private avail(): number {
    while (this.i < this.segs.length && this.o >= this.segs[this.i]!.length) {
      this.i++;
      this.o = 0;
    }
    return this.i < this.segs.length ? this.segs[this.i]!.length - this.o : 0;
  }
  bytes(n: number): Buffer {
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const a = this.avail();
      if (a === 0) throw new XlsError("字符串表不完整");
      const k = Math.min(a, left);
      parts.push(this.segs[this.i]!.subarray(this.o, this.o + k));
      this.o += k;
      left -= k;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
  u8 = () => this.bytes(1)[0]!;
  u16 = () => this.bytes(2).readUInt16LE(0);
  u32 = () => this.bytes(4).readUInt32LE(0);
  skip(n: number): void {
    let left = n;
    while (left > 0) {
      const a = this.avail();
      if (a === 0) throw new XlsError("字符串表不完整");
      const k = Math.min(a, left);
      this.o += k;
      left -= k;
    }
  }
  /** `cch` characters; where a CONTINUE record starts inside them, it starts with a new flags byte */
  chars(cch: number, high: boolean): string {
    let out = "";
    let left = cch;
    let wide = high;
    let first = true;
    while (left > 0) {
      let a = this.avail();
      if (a === 0) throw new XlsError("字符串表不完整");
      if (!first && this.o === 0) {
        wide = (this.u8() & 1) === 1;
        a = this.avail();
        if (a === 0) throw new XlsError("字符串表不完整");
      }
      first = false;
      const k = Math.min(left, wide ? Math.floor(a / 2) : a);
      if (k === 0) throw new XlsError("字符串被截断");
      const b = this.bytes(wide ? k * 2 : k);
      out += wide ? b.toString("utf16le") : b.toString("latin1");
      left -= k;
    }
    return out;
  }
}

/** An XLUnicodeRichExtendedString (SST) or XLUnicodeString (STRING). */
function unicodeString(s: Segments, rich: boolean): string {
  const cch = s.u16();
  const flags = s.u8();
  let runs = 0;
  let ext = 0;
  if (rich && flags & 0x08) runs = s.u16();
  if (rich && flags & 0x04) ext = s.u32();
  const text = s.chars(cch, (flags & 1) === 1);
  if (runs) s.skip(runs * 4);
  if (ext) s.skip(ext);
  return text;
}

/** A string inside one record (LABEL, FORMAT, BOUNDSHEET): length (8 or 16 bits), flags, characters. */
function shortString(b: Buffer, at: number, wideLength: boolean): string {
  const cch = wideLength ? b.readUInt16LE(at) : b[at]!;
  const p = at + (wideLength ? 2 : 1);
  const high = (b[p]! & 1) === 1;
  const end = p + 1 + cch * (high ? 2 : 1);
  if (end > b.length) throw new XlsError("字符串超出记录");
  return high ? b.subarray(p + 1, end).toString("utf16le") : b.subarray(p + 1, end).toString("latin1");
}

function rkNumber(rk: number): number {
  let n: number;
  if (rk & 2) n = rk >> 2;
  else {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(rk & 0xfffffffc, 4);
    n = b.readDoubleLE(0);
  }
  return rk & 1 ? n / 100 : n;
}

interface Rec {
  type: number;
  data: Buffer;
  /** offset of the next record */
  next: number;
}

/** The record at offset `p`, or null at the stream's end. */
function recordAt(stream: Buffer, p: number): Rec | null {
  if (p + 4 > stream.length) return null;
  const type = stream.readUInt16LE(p);
  const len = stream.readUInt16LE(p + 2);
  if (len > 8224 || p + 4 + len > stream.length) throw new XlsError("记录长度超出文件");
  return { type, data: stream.subarray(p + 4, p + 4 + len), next: p + 4 + len };
}

/** The payloads of the CONTINUE records from `p` on, and the offset after them. */
function continues(stream: Buffer, p: number): { segs: Buffer[]; next: number } {
  const segs: Buffer[] = [];
  for (let r = recordAt(stream, p); r && r.type === 0x003c; r = recordAt(stream, p)) {
    segs.push(r.data);
    p = r.next;
  }
  return { segs, next: p };
}

const ERRORS: Record<number, string> = {
  0x00: "#NULL!",
  0x07: "#DIV/0!",
  0x0f: "#VALUE!",
  0x17: "#REF!",
  0x1d: "#NAME?",
  0x24: "#NUM!",
  0x2a: "#N/A",
};

function parseWorkbook(stream: Buffer): XlsRead {
  const sheets: { name: string; hidden: boolean; offset: number }[] = [];
  let sst: string[] = [];
  const formats = new Map<number, string>();
  const xfFormat: number[] = [];
  let date1904 = false;
  let p = 0;
  for (let first = true; ; first = false) {
    const r = recordAt(stream, p);
    if (!r) throw new XlsError("工作簿记录没有结尾");
    const { type, data } = r;
    p = r.next;
    if (first) {
      if (type !== 0x0809 || data.length < 4) throw new XlsError("文件开头不是工作簿记录");
      if (data.readUInt16LE(0) !== 0x0600) throw new XlsError("不是 Excel 97–2003 (BIFF8) 格式；请另存为 .xlsx");
      continue;
    }
    if (type === 0x000a) break;
    switch (type) {
      case 0x002f:
        throw new XlsError("文件已加密；请取消密码后另存为 .xlsx");
      case 0x0022:
        date1904 = data.length >= 2 && data.readUInt16LE(0) === 1;
        break;
      case 0x0085: {
        if (data.length < 8) throw new XlsError("工作表记录不完整");
        // 0 worksheet; macro, chart and VB sheets hold no rows
        if (data[5] !== 0) break;
        sheets.push({ offset: data.readUInt32LE(0), hidden: (data[4]! & 3) !== 0, name: shortString(data, 6, false) });
        break;
      }
      case 0x041e:
        if (data.length >= 5) formats.set(data.readUInt16LE(0), shortString(data, 2, true));
        break;
      case 0x00e0:
        if (data.length >= 4) xfFormat.push(data.readUInt16LE(2));
        break;
      case 0x00fc: {
        const more = continues(stream, p);
        p = more.next;
        const segs = [data.subarray(8), ...more.segs];
        const unique = data.length >= 8 ? data.readUInt32LE(4) : 0;
        const total = segs.reduce((n, b) => n + b.length, 0);
        // each string takes at least 3 bytes: a count beyond that is a lie
        if (unique > MAX_SST || unique * 3 > total) throw new XlsError("字符串表声明的字符串数超出文件");
        const seg = new Segments(segs);
        sst = [];
        for (let k = 0; k < unique; k++) sst.push(unicodeString(seg, true));
        break;
      }
      default:
        break;
    }
  }
  /** How a cell format shows a number: a date, a percentage, or as it is. */
  const shownAs = (xf: number): NumberShown => {
    const f = xfFormat[xf];
    if (f === undefined || f === 0) return null;
    if (BUILTIN_DATE.has(f)) return "date";
    const code = formats.get(f);
    return code !== undefined ? numberShown(code) : BUILTIN_PERCENT.has(f) ? "percent" : null;
  };
  let cellsLeft = MAX_CELLS;
  let budget = 4 * stream.length + 1024;
  if (sheets.length > 1000) throw new XlsError("工作表过多");
  const out: SheetData[] = sheets.map((sh) => {
    if (sh.offset >= stream.length) throw new XlsError(`工作表「${sh.name}」的位置超出文件`);
    const rows = new Map<number, SourceCell[]>();
    const merges: [number, number, number, number][] = [];
    const put = (row: number, col: number, v: SourceCell) => {
      if (--cellsLeft < 0) throw new XlsError("单元格过多");
      if (col > 16383) throw new XlsError("单元格的列号无效");
      let cells = rows.get(row);
      if (!cells) rows.set(row, (cells = []));
      while (cells.length < col) cells.push(null);
      cells[col] = v;
    };
    // a number shown as a percentage is the percentage the clerk sees (0.96 → "96%"), as in a CSV
    const num = (n: number, xf: number): SourceCell => {
      const shown = shownAs(xf);
      return shown === "date" ? excelDate(n, date1904) : shown === "percent" ? percentText(n) : n;
    };
    let pendingString: { row: number; col: number } | null = null;
    let q = sh.offset;
    for (let started = false; ; started = true) {
      const r = recordAt(stream, q);
      if (!r) throw new XlsError(`工作表「${sh.name}」没有结尾`);
      // sheets that point at the same records are read at most a few times over
      budget -= r.next - q;
      if (budget < 0) throw new XlsError("工作表记录重复或过多");
      const { type, data } = r;
      q = r.next;
      if (!started) {
        if (type !== 0x0809) throw new XlsError(`工作表「${sh.name}」的开头不对`);
        continue;
      }
      if (type === 0x000a) break;
      if (type === 0x0809) throw new XlsError(`工作表「${sh.name}」没有结尾`);
      if (data.length < 6 && type !== 0x0207) continue;
      switch (type) {
        case 0x00fd: {
          if (data.length < 10) break;
          const s = sst[data.readUInt32LE(6)];
          if (s === undefined) throw new XlsError("单元格引用的字符串不存在");
          put(data.readUInt16LE(0), data.readUInt16LE(2), s);
          break;
        }
        case 0x0204:
          put(data.readUInt16LE(0), data.readUInt16LE(2), shortString(data, 6, true));
          break;
        case 0x027e:
          if (data.length >= 10) put(data.readUInt16LE(0), data.readUInt16LE(2), num(rkNumber(data.readInt32LE(6)), data.readUInt16LE(4)));
          break;
        case 0x00bd: {
          const row = data.readUInt16LE(0);
          const firstCol = data.readUInt16LE(2);
          const n = Math.floor((data.length - 6) / 6);
          for (let k = 0; k < n; k++) put(row, firstCol + k, num(rkNumber(data.readInt32LE(4 + k * 6 + 2)), data.readUInt16LE(4 + k * 6)));
          break;
        }
        case 0x0203:
          if (data.length >= 14) put(data.readUInt16LE(0), data.readUInt16LE(2), num(data.readDoubleLE(6), data.readUInt16LE(4)));
          break;
        case 0x0205:
          if (data.length >= 8)
            put(data.readUInt16LE(0), data.readUInt16LE(2), data[7] ? { error: ERRORS[data[6]!] ?? "#ERR" } : data[6] !== 0);
          break;
        case 0x0006: {
          if (data.length < 14) break;
          const row = data.readUInt16LE(0);
          const col = data.readUInt16LE(2);
          const xf = data.readUInt16LE(4);
          if (data.readUInt16LE(12) !== 0xffff) put(row, col, num(data.readDoubleLE(6), xf));
          else if (data[6] === 0) pendingString = { row, col };
          else if (data[6] === 1) put(row, col, data[8] !== 0);
          else if (data[6] === 2) put(row, col, { error: ERRORS[data[8]!] ?? "#ERR" });
          // 3: an empty string: a blank cell
          break;
        }
        case 0x0207: {
          // a long string continues in CONTINUE records
          const more = continues(stream, q);
          q = more.next;
          if (!pendingString) break;
          put(pendingString.row, pendingString.col, unicodeString(new Segments([data, ...more.segs]), false));
          pendingString = null;
          break;
        }
        case 0x00e5: {
          const n = data.readUInt16LE(0);
          for (let k = 0; k < n && 2 + k * 8 + 8 <= data.length; k++) {
            const o = 2 + k * 8;
            merges.push([data.readUInt16LE(o), data.readUInt16LE(o + 2), data.readUInt16LE(o + 4), data.readUInt16LE(o + 6)]);
          }
          break;
        }
        default:
          break;
      }
    }
    // a merged range shows its first cell's value in every cell (as exceljs gives it)
    for (const [r1, r2, c1, c2] of merges) {
      if ((r2 - r1 + 1) * (c2 - c1 + 1) > 10_000 || r2 < r1 || c2 < c1) continue;
      const v = rows.get(r1)?.[c1] ?? null;
      if (v === null) continue;
      for (let rr = r1; rr <= r2; rr++) for (let cc = c1; cc <= c2; cc++) if (rr !== r1 || cc !== c1) put(rr, cc, v);
    }
    const list: SheetRow[] = [...rows.entries()]
      .sort((a, b) => a[0] - b[0])
      .filter(([, cells]) => cells.some((c) => c !== null))
      .map(([row, cells]) => ({ line: row + 1, cells }));
    return { name: sh.name, hidden: sh.hidden, rows: list };
  });
  if (out.length === 0) throw new XlsError("工作簿中没有工作表");
  return { ok: true, date1904, sheets: out };
}

const excelDate = (v: number, date1904: boolean): Date => new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
