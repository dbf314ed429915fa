import { describe, expect, it } from "vitest";
import { sortHashes } from "../../src/util/sort-hashes.js";

describe("sortHashes: 53-bit hashes sorted as Float64Array.prototype.sort sorts them", () => {
  it("small and large lists, repeats, the ends of the range and of each digit", () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    // (then smaller and larger again: the second array is kept from one sort to the next)
    for (const n of [0, 1, 100, 65535, 65536, 200_001, 70_000, 300_000]) {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = i % 5 === 0 && i > 0 ? a[i - 1]! : (random() % 2097152) * 4294967296 + random();
      const edges = [0, 1, 2 ** 53 - 1, 4294967295, 4294967296, 65535, 65536, 2 ** 43, 2 ** 43 - 1];
      edges.forEach((x, i) => i < n && (a[i] = x));
      const expected = a.slice().sort();
      expect(Array.from(sortHashes(a))).toEqual(Array.from(expected));
    }
  });
});
