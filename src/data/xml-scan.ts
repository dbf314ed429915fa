/** The XML of an xlsx part, tokenised as it inflates (a small pull scanner), and its text decoded as exceljs decodes it. */
import { entryChunks, XlsxRefused, type ZipEntry } from "./xlsx-zip.js";

export interface XmlHandler {
  /** an element opens: name, the raw attribute text, whether it is empty (<x/>) */
  open(name: string, attrs: string, empty: boolean): void;
  close(name: string): void;
  /** raw (undecoded) text between tags */
  text(raw: string): void;
}

/** A small pull tokenizer over text that arrives in pieces. */
export class XmlScanner {
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
export function attributes(raw: string): Record<string, string> {
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
export const unescapeX = (s: string): string =>
  s.includes("_x") ? s.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;

/** exceljs' utils.xmlDecode (applied again to t="str" values). */
export const xmlDecodeAgain = (s: string): string =>
  s.includes("&") ? s.replace(/&([a-z]*);/g, (c) => ({ "&lt;": "<", "&gt;": ">", "&amp;": "&", "&apos;": "'", "&quot;": '"' })[c] ?? c) : s;

/** A zip part's text as it inflates: UTF-8 decoded across chunk boundaries, the BOM dropped, the decoder's tail last. */
export async function* entryText(path: string, e: ZipEntry, onBytes?: (n: number) => void): AsyncGenerator<string> {
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

export async function scanEntry(path: string, e: ZipEntry, h: XmlHandler, onBytes?: (n: number) => void, each?: () => void): Promise<void> {
  const scanner = new XmlScanner(h);
  for await (const text of entryText(path, e, onBytes)) {
    scanner.feed(text);
    each?.();
  }
  scanner.end();
}

export async function readSmall(path: string, e: ZipEntry, h: XmlHandler): Promise<void> {
  await scanEntry(path, e, h);
}
