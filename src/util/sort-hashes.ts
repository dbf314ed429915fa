/** A second array and counts for the sorts of this thread, kept from one sort to the next (made for
 * each part, they were garbage outside the heap, which V8 collects only once 64 MB of it has built up). */
let scratch = new Float64Array(0);
const counts = new Uint32Array(65536);

/**
 * Whole numbers below 2^53 (the 53-bit hashes of unique ids and records, unique.ts and
 * record-table.ts) sorted, by a radix sort of four passes over 16, 16, 11 and 10 bits: about half
 * the time of Float64Array.prototype.sort for 400,000 (a part of a split file sorts its hashes
 * once it is read: stream/part.ts). The array given is sorted and returned.
 */
export function sortHashes(a: Float64Array): Float64Array {
  const n = a.length;
  if (n < 65536) return a.sort();
  if (scratch.length < n) scratch = new Float64Array(n);
  let from: Float64Array = a;
  let to: Float64Array = scratch.subarray(0, n);
  for (const [bits, shift] of [
    [16, 0],
    [16, 16],
    [11, 32],
    [10, 43],
  ] as const) {
    const size = 1 << bits;
    const mask = size - 1;
    counts.fill(0, 0, size);
    if (shift < 32) for (let i = 0; i < n; i++) counts[(from[i]! >>> shift) & mask]!++;
    else for (let i = 0; i < n; i++) counts[((from[i]! / 4294967296) >>> (shift - 32)) & mask]!++;
    let sum = 0;
    for (let d = 0; d < size; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    if (shift < 32)
      for (let i = 0; i < n; i++) {
        const x = from[i]!;
        to[counts[(x >>> shift) & mask]!++] = x;
      }
    else
      for (let i = 0; i < n; i++) {
        const x = from[i]!;
        to[counts[((x / 4294967296) >>> (shift - 32)) & mask]!++] = x;
      }
    const t = from;
    from = to;
    to = t;
  }
  // (four passes: the numbers are back in `a`)
  return from;
}
