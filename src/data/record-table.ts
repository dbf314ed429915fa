/**
 * The records of a dataset with no unique id (training, case_reviews) seen so far, and where each
 * was first seen, to count a record found twice once (belongs.ts REPEATABLE). The technique of
 * unique.ts (an open-addressing table of 53-bit hashes in typed arrays, a hash hit checked against
 * the bytes kept: never a false repeat), made compact and cheap because every row of a
 * 2,000,000-row file goes in:
 *
 * - the hash is taken over the values as they are, and is the same on every thread and every
 *   part of a split file, so that the parts compare their hashes (stream/merge.ts);
 * - the bytes kept for the check, taken in the same pass, give each value a tag and then: a whole
 *   number its 7-bit groups, another number its 8 bytes, a text its length and its characters, one
 *   byte each when all are ASCII — else its number in a dictionary of the column's values (a
 *   12-character course name is 1–2 bytes instead of 36 in UTF-8), or two bytes a character once
 *   the dictionary holds DICTIONARY_MAX values (so a column of all-different texts costs little).
 *   A value's form never changes once seen, so two records are equal exactly when their bytes are;
 * - beside each slot's record number, a byte of that record's hash is kept in a table of its own
 *   (one byte a slot) and probed first, so that a slot held by another record is passed over
 *   without reading that record's hash elsewhere in memory (this check costs mostly cache misses).
 */
import { CONTRACT, type DatasetId } from "./contract.js";
import type { CellValue } from "./types.js";
import { detach } from "./normalize.js";
import { grown } from "../util/grown.js";

/** Values a column's dictionary holds at most. */
const DICTIONARY_MAX = 4096;
/** The hash's seed (the unique-id tables' are 1, 2, …). */
const SEED = 99;

// each value's tag (fed to the hash too: a number and a text hash the same whatever their form)
const BLANK = 1;
const TEXT = 2;
const NUMBER = 3;
const TRUE = 4;
const FALSE = 5;
/** a list of ids, as its JSON text */
const LIST = 6;
// … and in the bytes only: a number not whole (its 8 bytes), a text by its dictionary number,
// a text with characters beyond ASCII (TEXT or LIST + WIDE: two bytes a character)
const NUMBER_BITS = 7;
const TEXT_WORD = 8;
const WIDE = 16;

/** A byte of hash `h` not among those that place it (its top 8 of 53 bits), never 0. */
const tagOf = (h: number) => Math.floor(h / 2 ** 45) || 1;

/** A table's slots for `bytes` bytes of files: a slot per 32 bytes, a power of two from 2^10 to 2^23. */
function slotsFor(bytes: number): number {
  let n = 1024;
  while (n < 1 << 23 && n * 32 < bytes) n *= 2;
  return n;
}

const M1 = 2654435761;
const M2 = 1597334677;

export class RecordTable {
  private keys: readonly string[];
  /** per column: text value → its number */
  private dictionaries: Map<string, number>[];
  /** per slot: a byte of the hash of the record held there (never 0; 0: empty), then 1 + its number */
  private tags: Uint8Array;
  private slots: Int32Array;
  private mask: number;
  /** per record, in the order first seen: its hash, where it was first seen (file or sheet, line),
   * where its bytes end in `kept` */
  private hashes: Float64Array;
  private srcs: Uint32Array;
  private lines: Uint32Array;
  private ends: Uint32Array;
  private kept: Uint8Array;
  private used = 0;
  private count = 0;
  /** the record being checked: its hash (in an array: a number returned would be boxed, one
   * allocation a row), its bytes (`length` of them) */
  private readonly hash = new Float64Array(1);
  private bytes = new Uint8Array(256);
  private length = 0;
  private readonly float = new Float64Array(1);
  private readonly floatBytes = new Uint8Array(this.float.buffer);

  /**
   * A table for the records of `bytes` bytes of files (0: not known), sized so that rows of 64
   * bytes or more need no more room: a slot per 32 bytes (at most 2^23), half as many kept bytes
   * as the files have (a training record keeps about a third of its row). Made before any row is
   * read (read-dataset.ts), and reused from one part of a file to the next (stream/part.ts):
   * made while a batch of rows was being checked, its ~27 MB for a 24 MB part set the old
   * generation collecting again and again (the batch's rows promoted), the read two to three
   * times slower. `hashed` is for tests (to force collisions: every record's hash made one).
   */
  constructor(
    dataset: DatasetId,
    bytes = 0,
    private readonly hashed: ((h: number) => number) | null = null,
  ) {
    const slots = slotsFor(bytes);
    this.keys = CONTRACT[dataset].columns.map((c) => c.key);
    this.dictionaries = this.keys.map(() => new Map());
    this.tags = new Uint8Array(slots);
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    this.hashes = new Float64Array(slots / 2);
    this.srcs = new Uint32Array(slots / 2);
    this.lines = new Uint32Array(slots / 2);
    this.ends = new Uint32Array(slots / 2);
    this.kept = new Uint8Array(Math.max(16384, Math.floor(Math.min(bytes, 2 ** 28) / 2)));
  }

  /** Emptied for `dataset`'s records of `bytes` bytes, its memory kept: false (and left as it
   * is) when it has fewer slots than a new table would. */
  reuse(dataset: DatasetId, bytes: number): boolean {
    if (this.mask + 1 < slotsFor(bytes)) return false;
    this.keys = CONTRACT[dataset].columns.map((c) => c.key);
    this.dictionaries = this.keys.map(() => new Map());
    this.tags.fill(0);
    this.count = 0;
    this.used = 0;
    return true;
  }

  get size(): number {
    return this.count;
  }

  /**
   * The number of the record equal to `values` in every column seen before (srcOf and lineOf say
   * where), or -1: it is then recorded as seen at `line` of file or sheet `src`. Allocates nothing
   * a row (no hash returned, no line computed as one number: a number not a small integer passed
   * out of a call is a new heap object).
   */
  find(values: Readonly<Record<string, CellValue>>, src: number, line: number): number {
    this.encode(values);
    const h = this.hashed ? this.hashed(this.hash[0]!) : this.hash[0]!;
    const tag = tagOf(h);
    const tags = this.tags;
    const mask = this.mask;
    let i = (h >>> 0) & mask;
    for (;;) {
      const t = tags[i]!;
      if (t === 0) break;
      if (t === tag) {
        const e = this.slots[i]!;
        if (this.hashes[e - 1] === h && this.holds(e - 1)) return e - 1;
      }
      i = (i + 1) & mask;
    }
    // record it
    const k = this.count;
    if (k === this.hashes.length) this.more();
    if (this.used + this.length > this.kept.length) this.kept = grown(this.kept, Math.max(2 * this.kept.length, this.used + this.length));
    const kept = this.kept;
    const b = this.bytes;
    let o = this.used;
    for (let j = 0; j < this.length; j++) kept[o++] = b[j]!;
    this.used = o;
    this.hashes[k] = h;
    this.srcs[k] = src;
    this.lines[k] = line;
    this.ends[k] = this.used;
    tags[i] = tag;
    this.slots[i] = k + 1;
    if (++this.count * 2 > mask + 1) this.grow();
    return -1;
  }

  /** Where record k was first seen: the file or sheet … */
  srcOf(k: number): number {
    return this.srcs[k]!;
  }

  /** … and the line. */
  lineOf(k: number): number {
    return this.lines[k]!;
  }

  /** The hashes of the records seen (unordered). */
  allHashes(): Float64Array {
    return this.hashes.slice(0, this.count);
  }

  /** Are record k's bytes those of the record being checked? */
  private holds(k: number): boolean {
    const start = k === 0 ? 0 : this.ends[k - 1]!;
    const n = this.length;
    if (this.ends[k]! - start !== n) return false;
    const kept = this.kept;
    const b = this.bytes;
    for (let j = 0; j < n; j++) if (b[j] !== kept[start + j]) return false;
    return true;
  }

  /** Room for twice as many records. */
  private more(): void {
    const n = Math.max(16, this.hashes.length * 2);
    this.hashes = grown(this.hashes, n);
    this.srcs = grown(this.srcs, n);
    this.lines = grown(this.lines, n);
    this.ends = grown(this.ends, n);
  }

  /** Twice as many slots, every record placed again. */
  private grow(): void {
    const n = (this.mask + 1) * 2;
    const tags = new Uint8Array(n);
    const slots = new Int32Array(n);
    const mask = n - 1;
    for (let k = 0; k < this.count; k++) {
      const h = this.hashes[k]!;
      let i = (h >>> 0) & mask;
      while (tags[i] !== 0) i = (i + 1) & mask;
      tags[i] = tagOf(h);
      slots[i] = k + 1;
    }
    this.tags = tags;
    this.slots = slots;
    this.mask = mask;
  }

  /** The record's bytes into `bytes[0, length)`, its hash into `hash[0]` (cyrb53, as unique.ts
   * hash53, over each value's tag, then its characters and its length above any UTF-16 unit, or its number). */
  private encode(values: Readonly<Record<string, CellValue>>): void {
    let h1 = 0xdeadbeef ^ SEED;
    let h2 = 0x41c6ce57 ^ SEED;
    this.length = 0;
    for (let c = 0; c < this.keys.length; c++) {
      let v = values[this.keys[c]!];
      let tag: number;
      if (v === null || v === undefined) tag = BLANK;
      else if (typeof v === "string") tag = TEXT;
      else if (typeof v === "number") tag = NUMBER;
      else if (typeof v === "boolean") tag = v ? TRUE : FALSE;
      else {
        v = JSON.stringify(v);
        tag = LIST;
      }
      h1 = Math.imul(h1 ^ tag, M1);
      h2 = Math.imul(h2 ^ tag, M2);
      if (typeof v === "string") {
        // the characters into the hash, and into the bytes as one byte each (kept when all are ASCII)
        const n = v.length;
        this.room(11 + 2 * n);
        const b = this.bytes;
        const at = this.length;
        b[at] = tag;
        this.length = at + 1;
        this.varint(n);
        let o = this.length;
        let high = 0;
        for (let i = 0; i < n; i++) {
          const ch = v.charCodeAt(i);
          h1 = Math.imul(h1 ^ ch, M1);
          h2 = Math.imul(h2 ^ ch, M2);
          high |= ch;
          b[o++] = ch;
        }
        h1 = Math.imul(h1 ^ (0x10000 + n), M1);
        h2 = Math.imul(h2 ^ (0x10000 + n), M2);
        this.length = o;
        if (high >= 0x80) {
          this.length = at;
          this.wide(c, tag, v);
        }
      } else if (typeof v === "number") {
        // -0 is 0 (as its text is)
        const x = v === 0 ? 0 : v;
        if (Number.isInteger(x) && x >= 0 && x < 0x80000000) {
          h1 = Math.imul(h1 ^ x, M1);
          h2 = Math.imul(h2 ^ x, M2);
          this.room(6);
          this.bytes[this.length++] = NUMBER;
          this.varint(x);
        } else {
          const f = this.floatBytes;
          this.float[0] = x;
          const lo = f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24);
          const hi = f[4]! | (f[5]! << 8) | (f[6]! << 16) | (f[7]! << 24);
          h1 = Math.imul(Math.imul(h1 ^ lo, M1) ^ hi, M1);
          h2 = Math.imul(Math.imul(h2 ^ lo, M2) ^ hi, M2);
          this.room(9);
          this.bytes[this.length++] = NUMBER_BITS;
          for (let i = 0; i < 8; i++) this.bytes[this.length++] = f[i]!;
        }
      } else {
        this.room(1);
        this.bytes[this.length++] = tag;
      }
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.hash[0] = 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
  }

  /** Text `v` of column c (tag TEXT or LIST), not all ASCII, into the bytes: its number in the
   * column's dictionary, or two bytes a UTF-16 unit (exact, a lone surrogate too). */
  private wide(c: number, tag: number, v: string): void {
    if (tag === TEXT) {
      const d = this.dictionaries[c]!;
      let k = d.get(v);
      if (k === undefined && d.size < DICTIONARY_MAX) d.set(detach(v), (k = d.size));
      if (k !== undefined) {
        this.bytes[this.length++] = TEXT_WORD;
        this.varint(k);
        return;
      }
    }
    const n = v.length;
    this.bytes[this.length++] = tag + WIDE;
    this.varint(n);
    const b = this.bytes;
    let o = this.length;
    for (let i = 0; i < n; i++) {
      const ch = v.charCodeAt(i);
      b[o++] = ch & 0xff;
      b[o++] = ch >>> 8;
    }
    this.length = o;
  }

  /** `x` (0 ≤ x < 2^31) as 7-bit groups, the last one's high bit clear. */
  private varint(x: number): void {
    const b = this.bytes;
    let o = this.length;
    while (x >= 0x80) {
      b[o++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    b[o++] = x;
    this.length = o;
  }

  /** Room for `more` bytes after `length`. */
  private room(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}
