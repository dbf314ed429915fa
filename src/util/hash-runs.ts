/**
 * Sorted runs of 53-bit hashes — each part of a split file sends the sorted hashes of its unique
 * ids and records (stream/part.ts) — and whether any hash is in two runs, or twice in one.
 *
 * The runs are kept in a spill file (util/spill-file.ts) while the file's other parts are read,
 * not in memory: held until the last part came in, they were ≈ 26 MB outside the heap at the
 * bench's size 1 and ≈ 50 MB at size 2 (bench/README.md, thirteenth round). They are merged at
 * the end from the file, a window of each run at a time. A run too short to be worth a write, or
 * any run when no spill file can be had, is kept in memory.
 */
import { SpillFile } from "./spill-file.js";

/** Runs shorter than this stay in memory (a small file's parts: 32 KB). */
const SPILL_FROM = 4096;
/** Hashes read back at a time from each spilled run while merging (64 KB). */
const WINDOW = 8192;

interface Run {
  /** the run itself, kept in memory; or null, in the spill file from byte `at` */
  kept: Float64Array | null;
  at: number;
  n: number;
}

export interface HashRunsOptions {
  /** runs at least this long go to the spill file */
  spillFrom?: number;
  /** hashes read back at a time from each spilled run */
  window?: number;
  /** the spill file's folder (default: SpillFile's) */
  dir?: string;
}

export class HashRuns {
  private file: SpillFile | null | undefined;
  private runs: Run[] = [];
  private readonly spillFrom: number;
  private readonly window: number;

  constructor(private readonly opts: HashRunsOptions = {}) {
    this.spillFrom = opts.spillFrom ?? SPILL_FROM;
    this.window = Math.max(1, opts.window ?? WINDOW);
  }

  /** One more run, sorted ascending. A spilled run is copied out: the array may be let go or reused. */
  add(sorted: Float64Array): void {
    if (sorted.length === 0) return;
    if (sorted.length >= this.spillFrom) {
      // (an undefined folder: SpillFile's own)
      if (this.file === undefined) this.file = SpillFile.open(this.opts.dir);
      const at = this.file?.append(new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength)) ?? null;
      if (at !== null) {
        this.runs.push({ kept: null, at, n: sorted.length });
        return;
      }
    }
    this.runs.push({ kept: sorted, at: -1, n: sorted.length });
  }

  /** Whether no hash is in two runs, or twice in one (the same unique id or record in two parts,
   * or, rarely, two with the same hash: the file is then read whole, where they are compared
   * exactly): a merge of the runs that keeps only the last hash taken and a window of each
   * spilled run. */
  allDifferent(): boolean {
    const cursors = this.runs.map((r) => new Cursor(r, this.file ?? null, this.window));
    let last = Number.NaN;
    for (;;) {
      let k = -1;
      let min = Number.POSITIVE_INFINITY;
      for (let j = 0; j < cursors.length; j++) {
        const h = cursors[j]!.head;
        if (h <= min) {
          min = h;
          k = j;
        }
      }
      // (a hash is below 2^53: an ended run's head is Infinity)
      if (min === Number.POSITIVE_INFINITY) return true;
      if (min === last) return false;
      last = min;
      cursors[k]!.next();
    }
  }

  /** Lets the runs go and closes the spill file. */
  close(): void {
    this.runs = [];
    this.file?.close();
    this.file = null;
  }
}

/** A run read in order: `head` is its next hash (Infinity once it has ended). */
class Cursor {
  head = Number.POSITIVE_INFINITY;
  private readonly values: Float64Array;
  /** the run's hashes read so far, and the place in `values` of the head */
  private read = 0;
  private pos = 0;
  private end = 0;

  constructor(
    private readonly run: Run,
    private readonly file: SpillFile | null,
    window: number,
  ) {
    this.values = run.kept ?? new Float64Array(Math.min(window, run.n));
    if (run.kept) {
      this.read = this.end = run.n;
    } else this.fill();
    this.head = this.end > 0 ? this.values[0]! : Number.POSITIVE_INFINITY;
  }

  next(): void {
    if (++this.pos === this.end && this.run.kept === null) this.fill();
    this.head = this.pos < this.end ? this.values[this.pos]! : Number.POSITIVE_INFINITY;
  }

  /** The next window of a spilled run. */
  private fill(): void {
    const n = Math.min(this.values.length, this.run.n - this.read);
    if (n > 0) this.file!.readInto(this.run.at + this.read * 8, new Uint8Array(this.values.buffer, 0, n * 8));
    this.read += n;
    this.pos = 0;
    this.end = n;
  }
}
