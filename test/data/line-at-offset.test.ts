import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lineAtOffset, linesAtOffsets } from "../../src/data/byte-range.js";

/** The line an offset is on, counted one byte at a time (\n, \r\n and \r each end a line). */
function reference(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0d) line++;
    else if (buf[i] === 0x0a && !(i > 0 && buf[i - 1] === 0x0d)) line++;
  }
  return line;
}

describe("lineAtOffset", () => {
  const dir = mkdtempSync(join(tmpdir(), "fazhi-line-"));
  /** `count` files of text with every kind of line end (and a seeded random number source) */
  function* texts(prefix: string, count: number, seed: number): Generator<{ t: number; buf: Buffer; file: string; rand: () => number }> {
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    const pieces = ["a", "中", ",", "\n", "\r\n", "\r", "\r\r\n", "\n\r", "x\r"];
    for (let t = 0; t < count; t++) {
      let text = "";
      const n = 20 + Math.floor(rand() * 400);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(rand() * pieces.length)];
      const buf = Buffer.from(text, "utf8");
      const file = join(dir, `${prefix}${t}.csv`);
      writeFileSync(file, buf);
      yield { t, buf, file, rand };
    }
  }
  it("counts LF, CRLF and lone CR line ends as the CSV reader does, across chunk boundaries", async () => {
    for (const { t, buf, file } of texts("t", 40, 7)) {
      for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
        for (const offset of [0, 1, Math.floor(buf.length / 3), Math.floor(buf.length / 2), buf.length - 1, buf.length]) {
          expect(await lineAtOffset(file, offset, chunk), `text ${t}, chunk ${chunk}, offset ${offset}`).toBe(reference(buf, offset));
        }
      }
    }
  });
  it("a CRLF cut by a chunk boundary is one line end", async () => {
    const file = join(dir, "cut.csv");
    writeFileSync(file, "ab\r\ncd\r\nef\r\n");
    // chunk of 3 bytes: "ab\r" | "\ncd" | "\r\ne" …
    expect(await lineAtOffset(file, 12, 3)).toBe(4);
    expect(await lineAtOffset(file, 3, 3)).toBe(2);
    expect(await lineAtOffset(file, 4, 3)).toBe(2);
  });
  it("linesAtOffsets gives every offset's line in one pass, as lineAtOffset one at a time", async () => {
    for (const { t, buf, file, rand } of texts("m", 30, 11)) {
      // ascending offsets, some equal, some at a CR of a CRLF, one past the end
      const offsets = [0, 0, 1];
      for (let i = 0; i < 6; i++) offsets.push(Math.floor(rand() * buf.length));
      offsets.push(buf.indexOf("\r\n") + 1, buf.length, buf.length + 5);
      offsets.sort((a, b) => a - b);
      for (const chunk of [1, 2, 3, 5, 64, 1 << 20]) {
        const got = await linesAtOffsets(file, offsets, chunk);
        expect(got, `text ${t}, chunk ${chunk}`).toEqual(offsets.map((o) => reference(buf, o)));
      }
    }
    expect(await linesAtOffsets(join(dir, "m0.csv"), [])).toEqual([]);
  });
});
