/** The zip of an xlsx file, read from disk: its central directory, and a part inflated as a stream (node:zlib). */
import { open } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createInflateRaw } from "node:zlib";

/** The streaming reader cannot read this file the way exceljs does: read it with exceljs. */
export class XlsxRefused extends Error {
  constructor(why: string) {
    super(why);
    this.name = "XlsxRefused";
  }
}

/** A zip-bomb style problem found while inflating (reported as the file's error). */
export class XlsxTooLarge extends Error {}

/** Past these (uncompressed bytes in all, compression ratio of a large part), an xlsx is taken for a zip bomb. */
export const MAX_UNCOMPRESSED = 1024 * 1024 * 1024;
export const MAX_RATIO = 200;

/** A part of the zip, as its central directory lists it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  csize: number;
  usize: number;
  offset: number;
}

export async function readCentralDirectory(path: string, size: number): Promise<Map<string, ZipEntry> | null> {
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
    const entries = new Map<string, ZipEntry>();
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
export async function* entryChunks(path: string, e: ZipEntry, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
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
