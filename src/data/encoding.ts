/**
 * Text encoding of a CSV file, detected and never assumed: UTF-8 with BOM, UTF-8, or
 * GBK/GB18030 as Chinese-locale Excel saves "CSV (逗号分隔)". Binary files are refused.
 */

export type TextEncoding = "utf-8" | "utf-8-bom" | "gb18030";

export type Decoded = { ok: true; text: string; encoding: TextEncoding } | { ok: false; reason: string };

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Why these bytes are not a text file, or null when they may be text. */
export function binaryReason(bytes: Uint8Array): string | null {
  if (startsWith(bytes, ZIP)) return "不是文本文件（看起来是 xlsx 或 zip 文件；Excel 文件请以 .xlsx 为扩展名）";
  if (startsWith(bytes, OLE)) return "不是文本文件（看起来是旧版 .xls 文件；请在 Excel 中另存为 .xlsx 或 CSV）";
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return "是 UTF-16 编码（Excel「Unicode 文本」），不支持；请另存为「CSV UTF-8（逗号分隔）」或「CSV（逗号分隔）」";
  }
  // Text never holds NUL; a few stray control characters can happen, a lot of them cannot.
  const sample = bytes.subarray(0, 65536);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return "不是文本文件（含有 NUL 字节，可能是二进制文件）";
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  if (control > 8 && control > sample.length / 100) return "不是文本文件（含有大量控制字符，可能是二进制文件）";
  return null;
}

/** Decode a CSV file's bytes: BOM → utf-8-bom; valid UTF-8 → utf-8; valid GB18030 → gb18030; else an error. */
export function decodeText(bytes: Uint8Array): Decoded {
  const binary = binaryReason(bytes);
  if (binary) return { ok: false, reason: binary };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    try {
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3)), encoding: "utf-8-bom" };
    } catch {
      return { ok: false, reason: "以 UTF-8 BOM 开头，但内容不是有效的 UTF-8 文本" };
    }
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // not UTF-8: try GB18030 (a superset of GBK and GB2312)
  }
  try {
    return { ok: true, text: new TextDecoder("gb18030", { fatal: true }).decode(bytes), encoding: "gb18030" };
  } catch {
    return { ok: false, reason: "编码无法识别：既不是 UTF-8 也不是 GBK/GB18030；请另存为「CSV UTF-8（逗号分隔）」" };
  }
}
