/**
 * Reading a file a user names (rubric, base rubric, column mapping, plan, results.json): only
 * a regular file, checked with fstat on the opened descriptor (no stat-then-open race), opened
 * non-blocking so a FIFO cannot hang the open, and read up to a size bound — /dev/zero, a FIFO
 * or a folder is refused at once instead of being read forever.
 */
import { constants, open } from "node:fs/promises";
import type { Stats } from "node:fs";

export const MB = 1024 * 1024;

/** A file refused before or while reading it; `message` is the Chinese reason. */
export class FileRefused extends Error {
  override name = "FileRefused";
  constructor(
    message: string,
    readonly code: "ENOTREG" | "EFBIG",
  ) {
    super(message);
  }
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return "文件夹";
  if (s.isFIFO()) return "命名管道（FIFO）";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "设备文件";
  if (s.isSocket()) return "套接字";
  return "特殊文件";
}

const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

/** The bytes of regular file `path`, at most `maxBytes` of them (`what` names the file in the size message: 细则文件 …). */
export async function readRegularFile(path: string, maxBytes: number, what = "文件"): Promise<Buffer> {
  const fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new FileRefused(`只能读取普通文件：${path} 是${kindOf(st)}`, "ENOTREG");
    const tooBig = () =>
      new FileRefused(`文件过大（${mb(Math.max(st.size, maxBytes + 1))}），${what}不得超过 ${Math.round(maxBytes / MB)} MB`, "EFBIG");
    if (st.size > maxBytes) throw tooBig();
    // the size may be wrong (files in /proc say 0) or grow: read until the end, never past the bound
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 0) + 65_536, maxBytes + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooBig();
    }
    return Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

/** A read error's reason in Chinese, for callers that word the rest of the message themselves. */
export function readErrorReason(err: unknown): string {
  if (err instanceof FileRefused) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "文件不存在";
  if (code === "EACCES" || code === "EPERM") return "没有读取权限";
  return code ?? String(err);
}
