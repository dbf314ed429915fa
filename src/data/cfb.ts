/**
 * A reader of the compound file (OLE2 / CFB) container that .xls and WPS .et workbooks are
 * stored in: header, FAT (with the DIFAT chain), directory, mini stream. Written for files from
 * outside: every sector number is checked against the file, every chain is followed at most
 * once per sector (a loop is refused), declared sizes must fit the chain and the file.
 * Throws CfbError with a Chinese reason; never reads outside the buffer.
 */

export class CfbError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "CfbError";
  }
}

const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END = 0xfffffffe;
const FREE = 0xffffffff;
/** A compound file larger than this is refused (an .xls holds at most 65,536 rows). */
export const MAX_CFB_BYTES = 256 * 1024 * 1024;

export function isCfb(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}

export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root */
  type: number;
  start: number;
  size: number;
}

export interface Cfb {
  entries: CfbEntry[];
  /** a stream's bytes (from the FAT or the mini stream) */
  read(entry: CfbEntry): Buffer;
}

const broken = (what: string) => new CfbError(`文件已损坏（${what}）`);

/** Open a compound file held in memory. */
export function openCfb(buf: Buffer): Cfb {
  if (!isCfb(buf)) throw new CfbError("不是 Excel 97–2003 (.xls) 文件");
  if (buf.length < 512) throw broken("文件头不完整");
  if (buf.length > MAX_CFB_BYTES) throw new CfbError(`文件过大（${Math.round(buf.length / 1048576)} MB）`);
  const shift = buf.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) throw broken("扇区大小无效");
  const sector = 1 << shift;
  const miniShift = buf.readUInt16LE(0x20);
  if (miniShift !== 6) throw broken("小扇区大小无效");
  const mini = 1 << miniShift;
  const sectors = Math.floor((buf.length - sector + sector - 1) / sector);
  const fatCount = buf.readUInt32LE(0x2c);
  const dirStart = buf.readUInt32LE(0x30);
  const cutoff = buf.readUInt32LE(0x38);
  const miniFatStart = buf.readUInt32LE(0x3c);
  const difatStart = buf.readUInt32LE(0x44);
  const difatCount = buf.readUInt32LE(0x48);
  if (fatCount > sectors || difatCount > sectors) throw broken("声明的分配表扇区数超出文件");

  const offsetOf = (n: number) => {
    if (n >= sectors) throw broken(`扇区号 ${n} 超出文件`);
    return (n + 1) * sector;
  };
  const sectorBytes = (n: number) => {
    const o = offsetOf(n);
    return buf.subarray(o, Math.min(o + sector, buf.length));
  };

  // the FAT's own sectors: 109 in the header, the rest in the DIFAT chain
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) fatSectors.push(buf.readUInt32LE(0x4c + i * 4));
  let d = difatStart;
  const seenDifat = new Set<number>();
  for (let k = 0; k < difatCount && fatSectors.length < fatCount; k++) {
    if (d === END || d === FREE) break;
    if (seenDifat.has(d)) throw broken("DIFAT 链循环");
    seenDifat.add(d);
    const s = sectorBytes(d);
    const per = sector / 4 - 1;
    for (let i = 0; i < per && fatSectors.length < fatCount; i++) fatSectors.push(s.readUInt32LE(i * 4));
    d = s.readUInt32LE(per * 4);
  }
  if (fatSectors.length < fatCount) throw broken("分配表不完整");
  const fat = new Uint32Array(fatSectors.length * (sector / 4));
  fatSectors.forEach((n, i) => {
    const s = sectorBytes(n);
    for (let j = 0; j < sector / 4 && j * 4 + 4 <= s.length; j++) fat[i * (sector / 4) + j] = s.readUInt32LE(j * 4);
  });

  /** the sectors of a chain, each at most once (a loop or a sector outside the file is refused) */
  const chain = (start: number, table: Uint32Array, limit: number, what: string): number[] => {
    const out: number[] = [];
    const seen = new Uint8Array(limit);
    for (let n = start; n !== END; ) {
      if (n === FREE || n >= limit || n >= table.length) throw broken(`${what}的扇区链指向文件之外`);
      if (seen[n]) throw broken(`${what}的扇区链循环`);
      seen[n] = 1;
      out.push(n);
      n = table[n]!;
    }
    return out;
  };
  const readChain = (start: number, size: number | null, what: string): Buffer => {
    const list = chain(start, fat, sectors, what);
    if (size !== null && size > list.length * sector) throw broken(`${what}声明的大小超过其扇区链`);
    const out = Buffer.concat(list.map(sectorBytes));
    return size === null ? out : out.subarray(0, size);
  };

  const dir = readChain(dirStart, null, "目录");
  const entries: CfbEntry[] = [];
  for (let o = 0; o + 128 <= dir.length; o += 128) {
    const type = dir[o + 66]!;
    if (type !== 1 && type !== 2 && type !== 5) continue;
    const nameLen = Math.min(dir.readUInt16LE(o + 64), 64);
    const name = dir.subarray(o, o + Math.max(0, nameLen - 2)).toString("utf16le");
    const high = dir.readUInt32LE(o + 124);
    const size = dir.readUInt32LE(o + 120);
    if (high !== 0 && sector === 4096) throw broken(`流 ${name} 声明的大小过大`);
    entries.push({ name, type, start: dir.readUInt32LE(o + 116), size });
  }
  const root = entries.find((e) => e.type === 5);
  if (!root) throw broken("没有根目录项");

  let miniStream: Buffer | null = null;
  let miniFat: Uint32Array | null = null;
  const loadMini = () => {
    if (miniStream && miniFat) return;
    miniStream = root.size > 0 ? readChain(root.start, root.size, "小扇区流") : Buffer.alloc(0);
    const mf = miniFatStart === END || miniFatStart === FREE ? Buffer.alloc(0) : readChain(miniFatStart, null, "小扇区分配表");
    miniFat = new Uint32Array(mf.length / 4);
    for (let i = 0; i < miniFat.length; i++) miniFat[i] = mf.readUInt32LE(i * 4);
  };

  return {
    entries,
    read(entry) {
      if (entry.size > buf.length) throw broken(`流 ${entry.name} 声明的大小超过文件`);
      if (entry.size >= cutoff || entry.type === 5) return readChain(entry.start, entry.size, `流 ${entry.name} `);
      loadMini();
      const list = chain(entry.start, miniFat!, Math.floor(miniStream!.length / mini), `流 ${entry.name} `);
      if (entry.size > list.length * mini) throw broken(`流 ${entry.name} 声明的大小超过其扇区链`);
      return Buffer.concat(list.map((n) => miniStream!.subarray(n * mini, n * mini + mini))).subarray(0, entry.size);
    },
  };
}
