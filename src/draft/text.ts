/**
 * A plan as published, turned into clean lines: decoded (UTF-8 or GBK/GB18030), page headers
 * and footers ("— 13 —", "…公报 2024年第 1期") and markup left by PDF extraction dropped,
 * full-width and enclosed numerals folded (⒈ → "1.", ⑴ → "(1)", ６０ → 60), and the spaces
 * PDF extraction puts between digits and characters ("2024 年 6 月") removed. Line numbers are
 * kept so that the summary can point at a line it could not place.
 */
import { readRegularFile, readErrorReason, MB } from "../util/read-regular.js";
import { InputError } from "../errors.js";
import { binaryReason, decodeText, type TextEncoding } from "../data/encoding.js";

export interface Line {
  /** 1-based line number in the file */
  no: number;
  text: string;
}

export interface PlanText {
  text: string;
  encoding: TextEncoding;
}

const ENCODING_LABEL: Record<TextEncoding, string> = { "utf-8": "UTF-8", "utf-8-bom": "UTF-8-BOM", gb18030: "GBK/GB18030" };
export const encodingLabel = (e: TextEncoding): string => ENCODING_LABEL[e];

/** Reads and decodes a plan file; every way it can be unusable is an InputError naming the file. */
export async function readPlan(file: string): Promise<PlanText> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, 20 * MB, "方案文件");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`找不到方案文件 ${file}`);
    throw new InputError(`无法读取方案文件 ${file}：${readErrorReason(err)}`);
  }
  return decodePlan(bytes, file);
}

/** Decodes a plan's bytes (see readPlan). */
export function decodePlan(bytes: Uint8Array, file = "<plan>"): PlanText {
  const latin = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  if (latin.startsWith("%PDF"))
    throw new InputError(`方案文件 ${file} 是 PDF 文件，不是文本：请先提取文字（如 pdftotext -layout），保存为 UTF-8 或 GBK 文本`);
  if (latin.startsWith("PK\u0003\u0004"))
    throw new InputError(`方案文件 ${file} 是 Word（.docx）或 zip 文件，不是文本：请另存为纯文本（.txt）`);
  const binary = binaryReason(bytes);
  if (binary) throw new InputError(`方案文件 ${file} ${binary.replace(/；请另存为.*$/, "")}`);
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new InputError(`方案文件 ${file} 的编码无法识别：既不是 UTF-8 也不是 GBK/GB18030`);
  if (decoded.text.trim() === "") throw new InputError(`方案文件 ${file} 是空的`);
  return { text: decoded.text, encoding: decoded.encoding };
}

/** ⒈…⒛ (U+2488…U+249B) → "1."…"20."; ⑴…⒇ (U+2474…U+2487) → "(1)"…"(20)"; full-width digits and signs → ASCII. */
export function foldNumerals(s: string): string {
  return s
    .replace(/[\u2488-\u249b]/g, (c) => `${c.charCodeAt(0) - 0x2488 + 1}.`)
    .replace(/[\u2474-\u2487]/g, (c) => `(${c.charCodeAt(0) - 0x2474 + 1})`)
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/％/g, "%")
    .replace(/(\d)．/g, "$1.")
    .replace(/[\u3000\u00a0]/g, " ");
}

/** Removes the spaces PDF extraction leaves between digits and Chinese characters. */
export function tightenSpaces(s: string): string {
  return s.replace(/(?<=[\u4e00-\u9fff，。、（）〔〕《》“”；：])[ ]+(?=\d)/g, "").replace(/(?<=\d)[ ]+(?=[\u4e00-\u9fff%％（）〕])/g, "");
}

const PAGE_FOOTER = /^[—–\-－]+\s*\d{1,3}\s*[—–\-－]+$/;
const PAGE_HEADER = /(公报\s*\d{4}\s*年第\s*\d+\s*期|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?|^空白页面|^★)$/;

/** The file's lines, cleaned; page headers, footers and blank lines are dropped. Tabs (table cells) are kept. */
export function cleanLines(raw: string): Line[] {
  const out: Line[] = [];
  const lines = raw.replace(/^\uFEFF/, "").split(/\r\n|\r|\n|\f/);
  for (const [i, line] of lines.entries()) {
    let t = foldNumerals(line.replace(/<\/?[a-zA-Z][^>]*>/g, ""));
    t = tightenSpaces(t).replace(/^[ ]+|[ ]+$/g, "");
    const bare = t.trim();
    if (bare === "" || PAGE_FOOTER.test(bare) || PAGE_HEADER.test(bare)) continue;
    out.push({ no: i + 1, text: t.includes("\t") ? t : bare });
  }
  return out;
}

/** Joins two pieces of a broken line: directly, or with a space between two ASCII words. */
export function joinBroken(a: string, b: string): string {
  // only the last character of `a` is looked at (a regex with `$` scans all of it); to join
  // many pieces use joinAllBroken
  if (a !== "" && b !== "" && isAsciiWordChar(a.charCodeAt(a.length - 1)) && isAsciiWordChar(b.charCodeAt(0))) return `${a} ${b}`;
  return a + b;
}

/**
 * All pieces joined as reduce(joinBroken, "") would, in linear time: the accumulated string is
 * never read back (reading a character of a concatenated string flattens all of it).
 */
export function joinAllBroken(pieces: readonly string[]): string {
  const out: string[] = [];
  let last = -1;
  for (const p of pieces) {
    if (p === "") continue;
    if (last >= 0 && isAsciiWordChar(last) && isAsciiWordChar(p.charCodeAt(0))) out.push(" ");
    out.push(p);
    last = p.charCodeAt(p.length - 1);
  }
  return out.join("");
}

function isAsciiWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
