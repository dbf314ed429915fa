/**
 * The values seen in a unique column (e.g. 1,000,000 case ids) and the line each was first
 * seen on, kept compactly: an open-addressing hash table of 53-bit hashes in typed arrays, the
 * values themselves as UTF-8 bytes in one growing buffer. A hash hit is checked against the
 * stored bytes, so two different values with the same hash are never taken for a duplicate.
 */

/** cyrb53: a 53-bit string hash (exact in a double), never 0 here (0 marks an empty slot). */
export function hash53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The table's first size for a file or part of `bytes` bytes, so that it need not grow by
 * doubling from 1,024 row after row: at most one slot per 64 bytes (rows of 128 bytes or less
 * fill it at least half, so it is never larger than the doubling would make it), a power of two
 * from 1,024 to 2^20. */
export function slotsFor(bytes: number): number {
  let n = 1024;
  while (n < 1 << 20 && n * 2 * 64 <= bytes) n *= 2;
  return n;
}

export class UniqueValues {
  private hashes: Float64Array;
  /** first line (+ 0: a line number is at least 1) */
  private lines: Float64Array;
  private starts: Float64Array;
  private lengths: Uint32Array;
  private bytes: Buffer;
  private used = 0;
  private count = 0;
  /** `hash` is for tests (to force collisions); `slots` the first size (a power of two, see slotsFor) */
  constructor(
    readonly seed: number,
    private readonly hash: (s: string, seed: number) => number = hash53,
    slots = 1024,
  ) {
    this.hashes = new Float64Array(slots);
    this.lines = new Float64Array(slots);
    this.starts = new Float64Array(slots);
    this.lengths = new Uint32Array(slots);
    this.bytes = Buffer.allocUnsafe(16 * slots);
  }

  get size(): number {
    return this.count;
  }

  /** The line `value` was first seen on, or undefined (it is then recorded as seen on `line`). */
  firstLine(value: string, line: number): number | undefined {
    const h = this.hash(value, this.seed) || 1;
    const mask = this.hashes.length - 1;
    // h % length, as an integer: the length is a power of two ≤ 2^32 (h >>> 0 is h mod 2^32)
    let i = (h >>> 0) & mask;
    let encoded: Buffer | null = null;
    for (;;) {
      const at = this.hashes[i]!;
      if (at === 0) break;
      if (at === h) {
        encoded ??= Buffer.from(value, "utf8");
        const start = this.starts[i]!;
        const len = this.lengths[i]!;
        if (len === encoded.length && this.bytes.compare(encoded, 0, len, start, start + len) === 0) return this.lines[i]!;
      }
      i = (i + 1) & mask;
    }
    // record it
    const need = Buffer.byteLength(value, "utf8");
    if (this.used + need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.bytes.write(value, this.used, "utf8");
    this.hashes[i] = h;
    this.lines[i] = line;
    this.starts[i] = this.used;
    this.lengths[i] = need;
    this.used += need;
    if (++this.count * 2 > this.hashes.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const { hashes, lines, starts, lengths } = this;
    const n = hashes.length * 2;
    this.hashes = new Float64Array(n);
    this.lines = new Float64Array(n);
    this.starts = new Float64Array(n);
    this.lengths = new Uint32Array(n);
    const mask = n - 1;
    for (let j = 0; j < hashes.length; j++) {
      const h = hashes[j]!;
      if (h === 0) continue;
      let i = (h >>> 0) & mask;
      while (this.hashes[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = h;
      this.lines[i] = lines[j]!;
      this.starts[i] = starts[j]!;
      this.lengths[i] = lengths[j]!;
    }
  }

  /** The hashes of the values seen (unordered). */
  allHashes(): Float64Array {
    const out = new Float64Array(this.count);
    let k = 0;
    for (let i = 0; i < this.hashes.length; i++) if (this.hashes[i] !== 0) out[k++] = this.hashes[i]!;
    return out;
  }
}
