/**
 * Strings appended to one growing buffer as UTF-8: ASCII copied byte by byte, the rest written by
 * Buffer.write from the first other character. What keeps a province's ids and record texts as
 * bytes (a unique column's values, the records behind the indicators) instead of strings.
 */
export class Utf8Bytes {
  bytes: Buffer;
  /** bytes written so far */
  used = 0;
  constructor(size: number) {
    this.bytes = Buffer.allocUnsafe(size);
  }

  /** Appends `text`'s UTF-8 bytes, and room for `extra` bytes more (the caller writes them). */
  append(text: string, extra = 0): void {
    const n = text.length;
    // at most 3 bytes a UTF-16 unit
    if (this.used + 3 * n + extra > this.bytes.length) {
      const more = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + 3 * n + extra));
      this.bytes.copy(more, 0, 0, this.used);
      this.bytes = more;
    }
    const b = this.bytes;
    let o = this.used;
    for (let j = 0; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x80) {
        o += b.write(j === 0 ? text : text.slice(j), o, "utf8");
        break;
      }
      b[o++] = c;
    }
    this.used = o;
  }
}
