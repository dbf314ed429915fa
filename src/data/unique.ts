/**
 * The values seen in a unique column (e.g. 1,000,000 case ids) and the line each was first
 * seen on, kept compactly: an open-addressing table of indexes, the 53-bit hashes and lines in typed arrays, the
 * values themselves as UTF-8 bytes in one growing buffer. A hash hit is checked against the
 * stored bytes, so two different values with the same hash are never taken for a duplicate.
 */
import { Utf8Bytes } from "../util/utf8-bytes.js";
import { grown } from "../util/grown.js";

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

/** The table's first size for a file or part of `bytes` bytes, so that it need not grow row
 * after row: one slot per 64 bytes, rounded up to a power of two, from 1,024 to 2^20. A table is
 * at most half full, so rows of 128 bytes or more never make it grow (a 21.6 MB part of the
 * bench's cases.csv, 167,000 rows of 126 bytes: 2^19 slots, which doubling from 2^18 reached
 * anyway after 131,072 rows). */
export function slotsFor(bytes: number): number {
  let n = 1024;
  while (n < 1 << 20 && n * 64 < bytes) n *= 2;
  return n;
}

export class UniqueValues {
  /** per slot: 1 + the index of the value held there, 0 when empty (4 bytes a slot, so that a
   * table sized for the largest part costs little where the part's rows are longer) */
  private slots: Int32Array;
  private mask: number;
  /** per value, in the order first seen: its hash, the line it was first seen on, and where its
   * UTF-8 bytes end in `text` (they start where the value before ends) */
  private hashes: Float64Array;
  private lines: Float64Array;
  private ends: Uint32Array;
  private readonly text: Utf8Bytes;
  private count = 0;
  /** `hash` is for tests (to force collisions); `slots` the first size (a power of two, see slotsFor) */
  constructor(
    readonly seed: number,
    private readonly hash: (s: string, seed: number) => number = hash53,
    slots = 1024,
  ) {
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    // as many values as the table holds before it grows
    this.hashes = new Float64Array(slots / 2);
    this.lines = new Float64Array(slots / 2);
    this.ends = new Uint32Array(slots / 2);
    this.text = new Utf8Bytes(8 * slots);
  }

  get size(): number {
    return this.count;
  }

  /** The line `value` was first seen on, or undefined (it is then recorded as seen on `line`). */
  firstLine(value: string, line: number): number | undefined {
    const h = this.hash(value, this.seed) || 1;
    const slots = this.slots;
    const mask = this.mask;
    // h % slots, as an integer: the slot count is a power of two ≤ 2^32 (h >>> 0 is h mod 2^32)
    let i = (h >>> 0) & mask;
    for (;;) {
      const e = slots[i]!;
      if (e === 0) break;
      if (this.hashes[e - 1] === h && this.holds(value, e - 1)) return this.lines[e - 1]!;
      i = (i + 1) & mask;
    }
    // record it
    const k = this.count;
    if (k === this.hashes.length) this.more();
    this.text.append(value);
    this.hashes[k] = h;
    this.lines[k] = line;
    this.ends[k] = this.text.used;
    slots[i] = k + 1;
    if (++this.count * 2 > mask + 1) this.grow();
    return undefined;
  }

  /** Do value k's bytes hold `value` (in UTF-8)? */
  private holds(value: string, k: number): boolean {
    const b = this.text.bytes;
    const start = k === 0 ? 0 : this.ends[k - 1]!;
    const length = this.ends[k]! - start;
    if (length === value.length) {
      // as long in bytes as in UTF-16 units: equal only when every character is ASCII
      for (let j = 0; j < length; j++) if (value.charCodeAt(j) !== b[start + j]) return false;
      return true;
    }
    const encoded = Buffer.from(value, "utf8");
    return encoded.length === length && b.compare(encoded, 0, length, start, start + length) === 0;
  }

  /** Room for twice as many values. */
  private more(): void {
    const n = Math.max(16, this.hashes.length * 2);
    this.hashes = grown(this.hashes, n);
    this.lines = grown(this.lines, n);
    this.ends = grown(this.ends, n);
  }

  /** Twice as many slots, every value placed again. */
  private grow(): void {
    const n = (this.mask + 1) * 2;
    const slots = new Int32Array(n);
    const mask = n - 1;
    for (let k = 0; k < this.count; k++) {
      let i = (this.hashes[k]! >>> 0) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** The hashes of the values seen (unordered; a view of the table's own, good until it changes). */
  allHashes(): Float64Array {
    return this.hashes.subarray(0, this.count);
  }
}
