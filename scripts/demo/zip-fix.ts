/**
 * Zip writers stamp every entry with the current time, so two runs of the generator would
 * give different .xlsx bytes. This rewrites the DOS time/date of every entry, in the local
 * headers and the central directory, in place, reading only headers (the file may be big).
 */
import { open } from "node:fs/promises";

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

/** Sets every entry's modification time in the zip file at `path` to `when` (local fields, no zone). */
export async function fixZipTimestamps(path: string, when: { y: number; m: number; d: number }): Promise<void> {
  const dosTime = 0;
  const dosDate = ((when.y - 1980) << 9) | (when.m << 5) | when.d;
  const fh = await open(path, "r+");
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${path}: not a zip file (no end of central directory)`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(dosTime, 0);
    stamp.writeUInt16LE(dosDate, 2);
    const sig = Buffer.alloc(4);
    let p = 0;
    for (let e = 0; e < entries; e++) {
      if (cd.readUInt32LE(p) !== CEN_SIG) throw new Error(`${path}: bad central directory entry ${e}`);
      cd.writeUInt16LE(dosTime, p + 12);
      cd.writeUInt16LE(dosDate, p + 14);
      const local = cd.readUInt32LE(p + 42);
      await fh.read(sig, 0, 4, local);
      if (sig.readUInt32LE(0) !== LOC_SIG) throw new Error(`${path}: bad local header for entry ${e}`);
      await fh.write(stamp, 0, 4, local + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    await fh.write(cd, 0, cdSize, cdOffset);
  } finally {
    await fh.close();
  }
}
