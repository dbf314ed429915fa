/**
 * A list of ids (e.g. 100,000 officer ids) and where each is in it, found by an open-addressing
 * table of 4-byte positions over the list's own strings: a tenth of a Map's memory, and the same
 * on every thread that builds one.
 */
import type { OfficerUnits } from "./types.js";

/** FNV-1a over UTF-16 units (32 bits). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class IdIndex {
  /** per slot: 1 + the id's position in `ids`, 0 when empty (at most half full) */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `ids` are expected distinct; of two equal ones the first is found. */
  constructor(readonly ids: readonly string[]) {
    let n = 16;
    while (n < ids.length * 2) n *= 2;
    const slots = new Int32Array(n);
    const mask = n - 1;
    outer: for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      let i = hash32(id) & mask;
      for (;;) {
        const e = slots[i]!;
        if (e === 0) break;
        if (ids[e - 1] === id) continue outer;
        i = (i + 1) & mask;
      }
      slots[i] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  get size(): number {
    return this.ids.length;
  }

  /** `id`'s position in the list, or -1. */
  indexOf(id: string): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash32(id) & mask; ; i = (i + 1) & mask) {
      const e = slots[i]!;
      if (e === 0) return -1;
      if (this.ids[e - 1] === id) return e - 1;
    }
  }

  has(id: string): boolean {
    return this.indexOf(id) >= 0;
  }
}

/** Officers' units by officer id: an accepted officer's (`unitAt` its position in `ids`), else
 * that of a rejected row whose unit could be told. */
export function officerUnits(
  ids: IdIndex,
  unitAt: (i: number) => string,
  rejected: readonly (readonly [string, string])[] = [],
): OfficerUnits {
  const others = new Map(rejected);
  return {
    get(id) {
      const i = ids.indexOf(id);
      return i >= 0 ? unitAt(i) : others.get(id);
    },
  };
}
