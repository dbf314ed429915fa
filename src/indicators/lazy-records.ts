/**
 * The records behind an indicator, written out only when first read. Most are never read: an
 * item lists its indicators' records only when it falls short, and an indicator no item reads
 * (a custom count of 200,000 inspection cases kept for the xlsx) lists none — at 2,000 units
 * more than half the records the folds keep. Until then a detail holds how many there are and
 * what makes them (the folds' compact lists: ids, day numbers); `records` reads as before.
 */
import type { EvidenceRecord, IndicatorDetail } from "./types.js";

/** How many records a lazy detail holds (read without writing them out), and what writes them. */
const COUNT = Symbol("records");
const MAKE = Symbol("make records");
/** What writes out a target's records on every read (recordsOnRead). */
const ON_READ = Symbol("records on read");

type Lazy = IndicatorDetail & { [COUNT]: number; [MAKE]: () => EvidenceRecord[] };

/** The getter of every lazy detail's `records` (one function for all, so that V8 gives the
 * 100,000 details of a province one hidden class, not one each with its own closure). */
function writeOnce(this: Lazy): EvidenceRecord[] {
  const records = this[MAKE]();
  if (records.length !== this[COUNT]) throw new Error(`records: ${records.length} written, ${this[COUNT]} counted`);
  Object.defineProperty(this, "records", { value: records, writable: true, enumerable: true, configurable: true });
  return records;
}

/** The getter of recordsOnRead's `records` (one for all, as writeOnce). */
function writeEachTime(this: { [ON_READ]: () => EvidenceRecord[] }): EvidenceRecord[] {
  return this[ON_READ]();
}

/**
 * `detail` with `records` as `count` records that `make` writes out the first time they are
 * read (then kept: the same array every time). `records` stays an ordinary enumerable property
 * to its readers: JSON, spreading and structured cloning (a worker's result) write them out.
 */
export function withRecords(detail: Omit<IndicatorDetail, "records">, count: number, make: () => EvidenceRecord[]): IndicatorDetail {
  const d = detail as IndicatorDetail;
  if (count === 0) {
    d.records = [];
    return d;
  }
  Object.defineProperty(d, COUNT, { value: count, enumerable: false });
  Object.defineProperty(d, MAKE, { value: make, enumerable: false });
  Object.defineProperty(d, "records", { configurable: true, enumerable: true, get: writeOnce });
  return d;
}

/** How many records a detail has, without writing out lazy ones. */
export function recordCount(detail: IndicatorDetail): number {
  const n = (detail as { [COUNT]?: number })[COUNT];
  return n !== undefined ? n : (detail.records?.length ?? 0);
}

/** A detail's records, written out afresh when they are lazy and not yet read (not kept: the
 * caller holds them as long as it needs them — results.json writes a unit's and lets them go). */
export function recordsOf(detail: IndicatorDetail): EvidenceRecord[] {
  const own = Object.getOwnPropertyDescriptor(detail, "records");
  const make = (detail as { [MAKE]?: () => EvidenceRecord[] })[MAKE];
  return own?.get && make ? make() : (detail.records ?? []);
}

/**
 * `target.records` as the records that `make` writes out every time they are read, never kept
 * (an item's records in the results: written into results.json a unit at a time, then let go,
 * so that a province's 300,000 records are not all in memory at once). It reads as an ordinary
 * enumerable property: JSON, spreading and structured cloning write them out.
 */
export function recordsOnRead(target: object, make: () => EvidenceRecord[]): void {
  Object.defineProperty(target, ON_READ, { value: make, enumerable: false });
  Object.defineProperty(target, "records", { configurable: true, enumerable: true, get: writeEachTime });
}
