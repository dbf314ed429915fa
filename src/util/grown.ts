/** `x` copied into a typed array of the same kind with `size` entries (the rest zero). */
export function grown<T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(x: T, size: number): T {
  const out = new (x.constructor as new (n: number) => T)(size);
  out.set(x);
  return out;
}
