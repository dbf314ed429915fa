/**
 * Seeded randomness for the demo generator: mulberry32 streams, one per purpose, so that
 * the same seed gives the same bytes and changing how one file is drawn leaves the others
 * alone. Nothing here reads the clock or Math.random.
 */

/** mulberry32: a 32-bit state PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a label into a seed (FNV-1a), giving an independent stream per purpose. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h, 0x01000193) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // a few rounds of avalanche so that neighbouring seeds diverge at once
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private readonly f: () => number;

  constructor(seed: number, label = "") {
    this.f = mulberry32(deriveSeed(seed, label));
  }

  /** float in [0, 1) */
  next(): number {
    return this.f();
  }

  /** integer in [lo, hi], both inclusive */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.f() * (hi - lo + 1));
  }

  /** float in [lo, hi) */
  range(lo: number, hi: number): number {
    return lo + this.f() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.f() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.f() * items.length)]!;
  }

  /** picks an item with probability proportional to its weight */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.f() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /**
   * A bell-shaped value around `mean` (Irwin–Hall of 3 uniforms, no transcendental
   * functions so results cannot differ between platforms), within mean ± 1.5 × spread.
   */
  bell(mean: number, spread: number): number {
    return mean + (this.f() + this.f() + this.f() - 1.5) * spread;
  }
}

/**
 * Splits `total` into `weights.length` non-negative integers proportional to the weights,
 * summing exactly to `total` (cumulative rounding; no sort, so it is stable and O(n)).
 */
export function allocate(total: number, weights: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]!;
  const out: number[] = new Array<number>(weights.length).fill(0);
  if (sum <= 0 || total <= 0) return out;
  let cum = 0;
  let prev = 0;
  for (let i = 0; i < weights.length; i++) {
    cum += weights[i]!;
    const upto = i === weights.length - 1 ? total : Math.round((total * cum) / sum);
    out[i] = upto - prev;
    prev = upto;
  }
  return out;
}

/** Like allocate, but no bucket exceeds its cap; what does not fit goes to the others. */
export function allocateCapped(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let left = Math.min(
    total,
    caps.reduce((a, b) => a + b, 0),
  );
  for (let round = 0; left > 0 && round < 50; round++) {
    const w = weights.map((x, i) => (out[i]! < caps[i]! ? x : 0));
    if (w.every((x) => x <= 0)) {
      // only zero-weight buckets have room left: fill them in order
      for (let i = 0; i < out.length && left > 0; i++) {
        const add = Math.min(left, caps[i]! - out[i]!);
        out[i]! += add;
        left -= add;
      }
      break;
    }
    const share = allocate(left, w);
    for (let i = 0; i < out.length; i++) {
      const add = Math.min(share[i]!, caps[i]! - out[i]!);
      out[i]! += add;
      left -= add;
    }
  }
  return out;
}
