/** The fast CSV tokenizer (plain lines split without csv-parse) gives exactly what csv-parse gives. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCsvRecords, setFastCsvTokenizer, type CsvItem } from "../../src/data/csv.js";
import { decodeText } from "../../src/data/encoding.js";
import { loadData } from "../../src/data/folder.js";

async function items(text: string, fast: boolean, chunkSize?: number): Promise<CsvItem[]> {
  setFastCsvTokenizer(fast);
  const out: CsvItem[] = [];
  try {
    for await (const item of readCsvRecords(text, chunkSize)) out.push(item);
  } finally {
    setFastCsvTokenizer(true);
  }
  return out;
}

function csvFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...csvFiles(p));
    else if (name.toLowerCase().endsWith(".csv")) out.push(p);
  }
  return out;
}

const FIXTURES = join(import.meta.dirname, "../fixtures");

afterEach(() => setFastCsvTokenizer(true));

describe("fast CSV tokenizer = csv-parse", () => {
  const files = csvFiles(FIXTURES);
  it("finds the fixtures", () => expect(files.length).toBeGreaterThan(10));
  it("every CSV fixture, whole and in small chunks", async () => {
    for (const f of files) {
      const decoded = decodeText(readFileSync(f));
      if (!decoded.ok) continue;
      for (const chunk of [undefined, 7, 1]) {
        expect(await items(decoded.text, true, chunk), `${f} (${chunk ?? "64 KiB"})`).toEqual(await items(decoded.text, false, chunk));
      }
    }
  });

  it("every fixture folder loads the same", async () => {
    const dirs = new Set(files.map((f) => join(f, "..")));
    for (const dir of [...dirs].sort()) {
      setFastCsvTokenizer(false);
      const slow = await loadData(dir).catch((e: Error) => e.message);
      setFastCsvTokenizer(true);
      const fast = await loadData(dir).catch((e: Error) => e.message);
      expect(fast, dir).toEqual(slow);
    }
  });

  it("random CSV texts (quotes, CR, CRLF, blank lines, long lines, tabs)", async () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pieces = ["a", "b", "张三", "1", ",", ",", ",", "\n", "\n", "\r\n", "\r", '"', '""', " ", "\t", ";", "x".repeat(70000)];
    for (let t = 0; t < 400; t++) {
      const ends = ["\n", "\r\n", "\r"][rnd(3)]!;
      let text = rnd(4) === 0 ? "" : ["id,name,v", "id\tname", "id;v", '"id",name'][rnd(4)]! + ends;
      const n = rnd(40);
      for (let i = 0; i < n; i++) {
        const p = pieces[rnd(rnd(5) === 0 ? pieces.length : pieces.length - 1)]!;
        text += p === "\n" ? ends : p;
      }
      for (const chunk of text.length > 1000 ? [undefined, 4093] : [undefined, 3, 64]) {
        expect(await items(text, true, chunk), JSON.stringify(text.slice(0, 300))).toEqual(await items(text, false, chunk));
      }
    }
  });

  it("line numbers across quoted multi-line records", async () => {
    const text = 'a,b\n1,2\n"3\n4",5\n6,7\r\n\n8,"9"\n10,11';
    const got = await items(text, true);
    expect(got).toEqual(await items(text, false));
    expect(got.map((x) => x.line)).toEqual([1, 2, 3, 5, 6, 7, 8]);
  });
});
