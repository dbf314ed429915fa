/**
 * The records behind a large dataset's indicators, kept compactly while its rows stream: per
 * record its unit (an index), a list tag, two numbers (day numbers, a score …) and its text
 * fields, the texts of a part as UTF-8 bytes. A worker's part of a file then crosses to the
 * main thread as a few typed arrays — not hundreds of thousands of small strings and objects
 * to copy, deserialise and collect — and the main thread keeps the parts as they came until a
 * unit's records are read (lazy-records.ts); a record's text is decoded then (an id in ASCII
 * is a one-byte string again, as quick to write out as the loader's). The texts of the parts
 * absorbed (a large file read in parts) go to a spill file as they come, not kept in memory
 * (hundreds of thousands of case ids for a province): a unit's records are read back from it.
 */

import { Utf8Bytes } from "../util/utf8-bytes.js";
import { grown } from "../util/grown.js";
import { SpillFile } from "../util/spill-file.js";

/** Between a record's fields, and a field that is null (records end in a 0 byte). */
const FIELD = "\u0001"; // (byte 1 in UTF-8; NONE byte 2, ESCAPED byte 3)
const NONE = "\u0002";
/** A field holding one of the characters above (or this one) is written as ESCAPED + its JSON. */
const ESCAPED = "\u0003";
/** (a UTF-16 surrogate too: a lone one would not survive UTF-8, and JSON keeps it) */
const SPECIAL = /[\u0000-\u0003\uD800-\uDFFF]/;

/** Records added on one thread, as they cross to another (structured-cloneable). */
export interface ArenaPart {
  n: number;
  unit: Int32Array;
  tag: Uint8Array;
  a: Float64Array;
  b: Float64Array;
  /** the records' texts in UTF-8, each followed by a 0 byte */
  bytes: Uint8Array;
}

/** A record's text fields as one string (null: a field left blank). */
export function fields(...values: (string | null)[]): string {
  let out = "";
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    const f = v === null || v === undefined ? NONE : SPECIAL.test(v) ? ESCAPED + JSON.stringify(v) : v;
    out = k === 0 ? f : out + FIELD + f;
  }
  return out;
}

export class EvidenceArena {
  private n = 0;
  private unit = new Int32Array(256);
  private tag = new Uint8Array(256);
  private a = new Float64Array(256);
  private b = new Float64Array(256);
  /** the records' texts in UTF-8, each followed by a 0 byte: written as each record is added, so
   * that no record's string outlives its row (a field of a row read from CSV is a slice of the
   * text it was read from, and would keep all of it alive) */
  private text = new Utf8Bytes(4096);
  /** parts absorbed, in order (records added here are sealed into one first) */
  private parts: KeptPart[] = [];
  /** where the absorbed parts' texts go (undefined: none made yet; null: none can be made) */
  private file: SpillFile | null | undefined;

  /** One record of unit index `unit`, in list `tag`, with its numbers and its text (`fields`). */
  add(unit: number, tag: number, a: number, b: number, text: string): void {
    const i = this.n;
    if (i === this.unit.length) this.grow();
    this.unit[i] = unit;
    this.tag[i] = tag;
    this.a[i] = a;
    this.b[i] = b;
    this.n = i + 1;
    this.write(text);
  }

  /** Appends `text`'s UTF-8 bytes and a 0 byte. */
  private write(text: string): void {
    const t = this.text;
    t.append(text, 1);
    t.bytes[t.used++] = 0;
  }

  private grow(): void {
    const size = this.unit.length * 2;
    this.unit = grown(this.unit, size);
    this.tag = grown(this.tag, size);
    this.a = grown(this.a, size);
    this.b = grown(this.b, size);
  }

  /** The records added here (not those absorbed), to cross to another thread. */
  state(): ArenaPart {
    const n = this.n;
    return {
      n,
      unit: this.unit.slice(0, n),
      tag: this.tag.slice(0, n),
      a: this.a.slice(0, n),
      b: this.b.slice(0, n),
      bytes: new Uint8Array(this.text.bytes.subarray(0, this.text.used)),
    };
  }

  /** A later part's records, after these (parts in file order): its texts written to the spill
   * file (kept in memory only when there is none to be had). */
  absorb(part: ArenaPart): void {
    this.seal();
    if (part.n === 0) return;
    const starts = recordStarts(part.bytes, part.n);
    if (this.file === undefined) this.file = SpillFile.open();
    const at = this.file?.append(part.bytes) ?? null;
    this.parts.push({ ...part, bytes: at === null ? part.bytes : null, at: at ?? -1, starts });
  }

  /** Records added here become a part (so that parts absorbed later come after them). */
  private seal(): void {
    if (this.n === 0) return;
    const part = this.state();
    this.parts.push({ ...part, at: -1, starts: recordStarts(part.bytes, part.n) });
    this.n = 0;
    this.text.used = 0;
  }

  /** The records by unit and tag, in the order they came (`units` unit indexes, tags below `tags`). */
  group(units: number, tags: number): ArenaGroups {
    this.seal();
    return new ArenaGroups(this.parts, this.file ?? null, units, tags);
  }
}

/** A part as an arena keeps it: its texts in memory, or (bytes null) in the spill file from `at`;
 * `starts`: where each record's text starts in them (n + 1 entries). */
interface KeptPart extends Omit<ArenaPart, "bytes"> {
  bytes: Uint8Array | null;
  at: number;
  starts: Int32Array;
}

/** Where each of `n` records' texts starts in `bytes` (each ends in a 0 byte), and the end. */
function recordStarts(bytes: Uint8Array, n: number): Int32Array {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const starts = new Int32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = at;
    at = text.indexOf(0, at) + 1;
  }
  starts[n] = at;
  return starts;
}

/** Spilled records of a group read in one piece when they lie this close together in the file:
 * what lies between them (other lists' records) at most twice what is read for them, plus this. */
const SPAN_SLACK = 64 * 1024;

/** One record read back: its numbers and its text fields. */
export interface ArenaRecord {
  a: number;
  b: number;
  fields: (string | null)[];
}

/** The records of an arena grouped by unit and tag (a counting sort over their indexes). */
export class ArenaGroups {
  /** records (global index) of group k = unit * tags + tag: refs[first[k] .. first[k + 1]) */
  private readonly first: Int32Array;
  private readonly refs: Int32Array;
  /** where each part's records start in the global numbering */
  private readonly bases: number[] = [];
  /** each part's texts in memory (null: in the spill file) */
  private readonly texts: (Buffer | null)[];

  constructor(
    private readonly parts: readonly KeptPart[],
    private readonly file: SpillFile | null,
    units: number,
    private readonly tags: number,
  ) {
    let total = 0;
    for (const p of parts) {
      this.bases.push(total);
      total += p.n;
    }
    const first = new Int32Array(units * tags + 1);
    for (const p of parts) for (let i = 0; i < p.n; i++) first[p.unit[i]! * tags + p.tag[i]! + 1]!++;
    for (let k = 1; k < first.length; k++) first[k]! += first[k - 1]!;
    const fill = first.slice(0, units * tags);
    const refs = new Int32Array(total);
    parts.forEach((p, q) => {
      const base = this.bases[q]!;
      for (let i = 0; i < p.n; i++) refs[fill[p.unit[i]! * tags + p.tag[i]!]!++] = base + i;
    });
    this.first = first;
    this.refs = refs;
    this.texts = parts.map((p) => (p.bytes ? Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength) : null));
  }

  count(unit: number, tag: number): number {
    const k = unit * this.tags + tag;
    return this.first[k + 1]! - this.first[k]!;
  }

  /** The unit's records of one tag, in the order they came. */
  records(unit: number, tag: number): ArenaRecord[] {
    const k = unit * this.tags + tag;
    const from = this.first[k]!;
    const to = this.first[k + 1]!;
    // the spilled ones' texts: one read when they lie close together in the file (a file sorted by
    // unit), else one a record
    let lo = Infinity;
    let hi = -1;
    let need = 0;
    if (this.file) {
      for (let r = from; r < to; r++) {
        const g = this.refs[r]!;
        const q = this.partOf(g);
        const p = this.parts[q]!;
        if (p.bytes !== null) continue;
        const i = g - this.bases[q]!;
        const start = p.at + p.starts[i]!;
        const end = p.at + p.starts[i + 1]!;
        if (start < lo) lo = start;
        if (end > hi) hi = end;
        need += end - start;
      }
    }
    const span = need > 0 && hi - lo <= 2 * need + SPAN_SLACK ? this.file!.read(lo, hi - lo) : null;
    const out: ArenaRecord[] = [];
    for (let r = from; r < to; r++) {
      const g = this.refs[r]!;
      const q = this.partOf(g);
      const p = this.parts[q]!;
      const i = g - this.bases[q]!;
      const start = p.starts[i]!;
      const end = p.starts[i + 1]! - 1;
      const text = this.texts[q];
      const fields = text
        ? decode(text, start, end)
        : span
          ? decode(span, p.at + start - lo, p.at + end - lo)
          : decode(this.file!.read(p.at + start, end + 1 - start), 0, end - start);
      out.push({ a: p.a[i]!, b: p.b[i]!, fields });
    }
    return out;
  }

  /** The part record g (global index) is in. */
  private partOf(g: number): number {
    let q = this.parts.length - 1;
    while (this.bases[q]! > g) q--;
    return q;
  }
}

/** A record's text fields, from its bytes text[from .. end) (end: its 0 byte). */
function decode(text: Buffer, from: number, end: number): (string | null)[] {
  // each field decoded on its own (an ASCII id stays a one-byte string beside a Chinese text)
  const out: (string | null)[] = [];
  for (;;) {
    let to = text.indexOf(1, from);
    if (to < 0 || to > end) to = end;
    const first = text[from];
    if (to - from === 1 && first === 2) out.push(null);
    else if (to > from && first === 3) out.push(JSON.parse(text.toString("utf8", from + 1, to)) as string);
    else out.push(text.toString("utf8", from, to));
    if (to === end) break;
    from = to + 1;
  }
  return out;
}
