/**
 * The records of a dataset with no unique id (training, case_reviews) seen so far, and where each
 * was first seen, to count a record found twice once (belongs.ts REPEATABLE). Every row of a
 * 2,000,000-row file goes in, so it keeps no values, only two fingerprints of each record:
 *
 * - `h`, 53 bits, places the record in an open-addressing table (its low 32 bits) and is what the
 *   parts of a split file send to the merge (stream/merge.ts: an `h` found in two parts makes the
 *   file read again whole, so there it only costs time);
 * - `g`, 53 bits more, from lanes of their own (another seed, other multipliers and a rotation each
 *   step, so that a value's high bits reach the low ones): a record is a repeat when both equal
 *   those of a record seen before. Two different records are taken for one with a chance of about
 *   one in 2^106 a pair, as for random fingerprints: for a 2,000,000-row file, n²/2 pairs, about
 *   2.5 × 10^-20 — far below a machine's own error rate. (The table before kept each record's
 *   values as bytes to compare them, and cost 13–15 % of a run's time and ≈ 65 MB at the bench's
 *   size 1: bench/README.md, eleventh round.)
 *
 * Both are taken over each value's kind and its characters and length, or its number, in one pass,
 * the same on every thread and every part. Each slot is one Int32: the record's number and, above
 * it, a few bits of `h` that do not place it, probed first so that a slot held by another record is
 * passed over without reading that record's fingerprints elsewhere in memory (the check costs
 * mostly cache misses).
 */
import { CONTRACT, type DatasetId } from "./contract.js";
import type { CellValue } from "./types.js";
import { grown } from "../util/grown.js";

// each value's kind, fed to both fingerprints (a text and a number that read alike differ)
const BLANK = 1;
const TEXT = 2;
const NUMBER = 3;
const TRUE = 4;
const FALSE = 5;
/** a list of ids, as its JSON text */
const LIST = 6;
/** a number not a whole one below 2^31: its 8 bytes */
const NUMBER_BITS = 7;

/** A table's slots for `bytes` bytes of files: a slot per 32 bytes, a power of two from 2^10 to 2^23. */
function slotsFor(bytes: number): number {
  let n = 1024;
  while (n < 1 << 23 && n * 32 < bytes) n *= 2;
  return n;
}

/** The tag of a slot whose other `bits` bits hold a record's number: the top 31 − bits of its
 * 53-bit h (not among those that place it), never 0. */
const tagOf = (h: number, bits: number) => Math.floor(h / 2 ** (22 + bits)) || 1;

// h's lanes (cyrb53's), g's lanes
const M1 = 2654435761;
const M2 = 1597334677;
const M3 = 2246822519;
const M4 = 3266489917;

export class RecordTable {
  private keys: readonly string[];
  /** per slot: 0 when empty, else (tag << bits) | (1 + the number of the record held there), the
   * tag being the top 31 − bits bits of the record's h (never 0) */
  private slots: Int32Array;
  private mask: number;
  /** bits of a slot for the record's number (more when there are more records: fewer for the tag) */
  private bits = 23;
  /** per record, in the order first seen: its two fingerprints, where it was first seen (file or
   * sheet, line) */
  private hs: Float64Array;
  private gs: Float64Array;
  private srcs: Uint32Array;
  private lines: Uint32Array;
  private count = 0;
  /** the record being checked: its h and g (in an array: a number returned would be boxed, one
   * allocation a row) */
  private readonly hash = new Float64Array(2);
  private readonly hashed: ((h: number) => number) | null;
  private readonly float = new Float64Array(1);
  private readonly floatWords = new Int32Array(this.float.buffer);

  /**
   * A table for the records of `bytes` bytes of files (0: not known), sized so that rows of 64
   * bytes or more need no more room: a slot per 32 bytes (at most 2^23). Made before any row is
   * read (read-dataset.ts), and reused from one part of a file to the next (stream/part.ts): made
   * while a batch of rows was being checked, a table for a 24 MB part set the old generation
   * collecting again and again (the batch's rows promoted), the read two to three times slower.
   * `test` is for tests: `hashed` to force collisions of h (every record's h made another), `bits`
   * for fewer bits of a slot for the record's number at first (more are taken as records come).
   */
  constructor(dataset: DatasetId, bytes = 0, test: { hashed?: (h: number) => number; bits?: number } = {}) {
    this.hashed = test.hashed ?? null;
    if (test.bits) this.bits = test.bits;
    const slots = slotsFor(bytes);
    this.keys = CONTRACT[dataset].columns.map((c) => c.key);
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    this.hs = new Float64Array(slots / 2);
    this.gs = new Float64Array(slots / 2);
    this.srcs = new Uint32Array(slots / 2);
    this.lines = new Uint32Array(slots / 2);
  }

  /** Emptied for `dataset`'s records of `bytes` bytes, its memory kept: false (and left as it
   * is) when it has fewer slots than a new table would. */
  reuse(dataset: DatasetId, bytes: number): boolean {
    if (this.mask + 1 < slotsFor(bytes)) return false;
    this.keys = CONTRACT[dataset].columns.map((c) => c.key);
    this.slots.fill(0);
    this.count = 0;
    return true;
  }

  get size(): number {
    return this.count;
  }

  /**
   * The number of the record equal to `values` in every column seen before (srcOf and lineOf say
   * where), or -1: it is then recorded as seen at `line` of file or sheet `src`. Allocates nothing
   * a row (no fingerprint returned: a number not a small integer passed out of a call is a new
   * heap object).
   */
  find(values: Readonly<Record<string, CellValue>>, src: number, line: number): number {
    this.fingerprint(values);
    const h = this.hashed ? this.hashed(this.hash[0]!) : this.hash[0]!;
    const g = this.hash[1]!;
    const bits = this.bits;
    const tag = tagOf(h, bits);
    const low = 2 ** bits - 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = (h >>> 0) & mask;
    for (;;) {
      const e = slots[i]!;
      if (e === 0) break;
      if (e >>> bits === tag) {
        const k = (e & low) - 1;
        if (this.hs[k] === h && this.gs[k] === g) return k;
      }
      i = (i + 1) & mask;
    }
    // record it
    const k = this.count;
    if (k === this.hs.length) this.more();
    this.hs[k] = h;
    this.gs[k] = g;
    this.srcs[k] = src;
    this.lines[k] = line;
    slots[i] = (tag << bits) | (k + 1);
    this.count = k + 1;
    if (this.count * 2 > mask + 1 || this.count === low) this.grow();
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

  /** The h of the records seen (unordered; a view of the table's own, good until it changes). */
  allHashes(): Float64Array {
    return this.hs.subarray(0, this.count);
  }

  /** Room for twice as many records. */
  private more(): void {
    const n = Math.max(16, this.hs.length * 2);
    this.hs = grown(this.hs, n);
    this.gs = grown(this.gs, n);
    this.srcs = grown(this.srcs, n);
    this.lines = grown(this.lines, n);
  }

  /** Twice as many slots (or a bit more of each slot for the record's number), every record
   * placed again. */
  private grow(): void {
    if (this.count * 2 > this.mask + 1) this.mask = this.mask * 2 + 1;
    if (this.count >= 2 ** this.bits - 1) this.bits++;
    const n = this.mask + 1;
    const bits = this.bits;
    const slots = new Int32Array(n);
    for (let k = 0; k < this.count; k++) {
      const h = this.hs[k]!;
      let i = (h >>> 0) & this.mask;
      while (slots[i] !== 0) i = (i + 1) & this.mask;
      slots[i] = (tagOf(h, bits) << bits) | (k + 1);
    }
    this.slots = slots;
  }

  /** The record's h into `hash[0]` (never 0), its g into `hash[1]`: each lane is fed every word —
   * each value's kind, then its characters and its length above any UTF-16 unit, or its number. */
  private fingerprint(values: Readonly<Record<string, CellValue>>): void {
    let h1 = 0xdeadbeef ^ 99;
    let h2 = 0x41c6ce57 ^ 99;
    let g1 = 0x9e3779b9;
    let g2 = 0x85ebca6b;
    for (let c = 0; c < this.keys.length; c++) {
      let v = values[this.keys[c]!];
      let tag: number;
      if (v === null || v === undefined) tag = BLANK;
      else if (typeof v === "string") tag = TEXT;
      else if (typeof v === "number") {
        // -0 is 0 (as its text is)
        if (v === 0) v = 0;
        tag = Number.isInteger(v) && v >= 0 && v < 0x80000000 ? NUMBER : NUMBER_BITS;
      } else if (typeof v === "boolean") tag = v ? TRUE : FALSE;
      else {
        v = JSON.stringify(v);
        tag = LIST;
      }
      h1 = lane1(h1, tag);
      h2 = lane2(h2, tag);
      g1 = lane3(g1, tag);
      g2 = lane4(g2, tag);
      if (tag === NUMBER) {
        const x = v as number;
        h1 = lane1(h1, x);
        h2 = lane2(h2, x);
        g1 = lane3(g1, x);
        g2 = lane4(g2, x);
      } else if (tag === NUMBER_BITS) {
        this.float[0] = v as number;
        const lo = this.floatWords[0]!;
        const hi = this.floatWords[1]!;
        h1 = lane1(lane1(h1, lo), hi);
        h2 = lane2(lane2(h2, lo), hi);
        g1 = lane3(lane3(g1, lo), hi);
        g2 = lane4(lane4(g2, lo), hi);
      } else if (typeof v === "string") {
        // its length, then its UTF-16 units two to a word
        const n = v.length;
        h1 = lane1(h1, n);
        h2 = lane2(h2, n);
        g1 = lane3(g1, n);
        g2 = lane4(g2, n);
        let i = 0;
        for (; i + 1 < n; i += 2) {
          const w = v.charCodeAt(i) | (v.charCodeAt(i + 1) << 16);
          h1 = lane1(h1, w);
          h2 = lane2(h2, w);
          g1 = lane3(g1, w);
          g2 = lane4(g2, w);
        }
        if (i < n) {
          const w = v.charCodeAt(i);
          h1 = lane1(h1, w);
          h2 = lane2(h2, w);
          g1 = lane3(g1, w);
          g2 = lane4(g2, w);
        }
      }
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.hash[0] = 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
    g1 = Math.imul(g1 ^ (g1 >>> 15), 0x2c1b3c6d) ^ Math.imul(g2 ^ (g2 >>> 13), 0x297a2d39);
    g2 = Math.imul(g2 ^ (g2 >>> 16), 0x85ebca6b) ^ Math.imul(g1 ^ (g1 >>> 16), 0xc2b2ae35);
    g1 = Math.imul(g1 ^ (g1 >>> 13), 0x27d4eb2f) ^ g2;
    this.hash[1] = 4294967296 * (2097151 & g2) + (g1 >>> 0);
  }
}

// one word into a lane: h's two as cyrb53's, g's two with a rotation first (a word's high bits
// reach the lane's low ones, which a multiplication alone never carries down)
const lane1 = (h: number, x: number) => Math.imul(h ^ x, M1);
const lane2 = (h: number, x: number) => Math.imul(h ^ x, M2);
const lane3 = (g: number, x: number) => Math.imul(((g << 5) | (g >>> 27)) ^ x, M3);
const lane4 = (g: number, x: number) => Math.imul(((g << 11) | (g >>> 21)) ^ x, M4);
