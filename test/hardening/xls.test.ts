/**
 * Hostile .xls/.et files: truncated, a looping sector chain, sizes far beyond the file, a string
 * table that claims millions of strings, random bytes — each refused fast with a Chinese reason,
 * never a throw, never a hang; and random damage to a real file never throws.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readXls } from "../../src/data/xls.js";
import { loadData } from "../../src/data/folder.js";

const FIX = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "xls");
const real = () => Buffer.from(readFileSync(join(FIX, "demo", "units.xls")));
const tmp: string[] = [];
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});

/** readXls must answer within `ms` with a refusal in Chinese. */
function refused(bytes: Buffer, ms = 1000): string {
  const t0 = Date.now();
  const r = readXls(bytes);
  expect(Date.now() - t0).toBeLessThan(ms);
  expect(r.ok).toBe(false);
  const reason = (r as { reason: string }).reason;
  expect(reason).toMatch(/[\u4e00-\u9fff]/);
  return reason;
}

const sectorSize = (b: Buffer) => 1 << b.readUInt16LE(0x1e);
function dirEntry(b: Buffer, name: string): number {
  const s = sectorSize(b);
  const dirStart = b.readUInt32LE(0x30);
  const base = (dirStart + 1) * s;
  for (let o = base; o < base + s; o += 128) if (b.subarray(o, o + name.length * 2).toString("utf16le") === name) return o;
  throw new Error("no entry");
}

describe("hostile .xls files", () => {
  it("the real file reads", () => {
    const r = readXls(real());
    expect(r.ok && r.sheets[0]!.rows.length).toBe(25);
  });

  it("truncated", () => {
    const b = real();
    expect(refused(b.subarray(0, 300))).toContain("不是有效的 .xls/.et 文件");
    expect(refused(b.subarray(0, Math.floor(b.length / 2)))).toContain("不是有效的 .xls/.et 文件");
  });

  it("a FAT chain that loops", () => {
    const b = real();
    const s = sectorSize(b);
    const fat0 = b.readUInt32LE(0x4c);
    const dirStart = b.readUInt32LE(0x30);
    b.writeUInt32LE(dirStart, (fat0 + 1) * s + dirStart * 4);
    expect(refused(b)).toBe("不是有效的 .xls/.et 文件：文件已损坏（目录的扇区链循环）");
  });

  it("a stream and a FAT far larger than the file", () => {
    const b = real();
    b.writeUInt32LE(0x7ffffff0, dirEntry(b, "Workbook") + 120);
    expect(refused(b)).toMatch(/声明的大小超过/);
    const c = real();
    c.writeUInt32LE(0x0fffffff, 0x2c);
    expect(refused(c)).toMatch(/声明的分配表扇区数超出文件/);
  });

  it("a string table that claims millions of strings", () => {
    const b = real();
    let at = -1;
    for (let i = 512; i + 12 < b.length; i++) {
      if (
        b.readUInt16LE(i) === 0x00fc &&
        b.readUInt16LE(i + 2) <= 8224 &&
        b.readUInt32LE(i + 8) > 0 &&
        b.readUInt32LE(i + 8) <= b.readUInt32LE(i + 4)
      ) {
        at = i;
        break;
      }
    }
    expect(at).toBeGreaterThan(0);
    b.writeUInt32LE(4_000_000, at + 8);
    expect(refused(b)).toMatch(/字符串/);
  });

  it("random bytes, with and without the compound-file signature; an xlsx or a web page named .xls", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const noise = Buffer.from(Array.from({ length: 8192 }, rand));
    expect(refused(noise)).toContain("不是 Excel 97–2003 格式");
    const signed = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise]);
    refused(signed);
    expect(refused(Buffer.from("PK\u0003\u0004rest"))).toContain("实际是 .xlsx 格式");
    expect(refused(Buffer.from("<html><table><tr><td>单位编码</td></tr></table></html>"))).toContain("网页");
  });

  it("random damage to a real file never throws and never hangs", () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    const t0 = Date.now();
    for (let k = 0; k < 300; k++) {
      const b = real();
      for (let n = 0; n < 1 + (k % 8); n++) b[rand() % b.length] = rand() & 0xff;
      const r = readXls(b);
      if (!r.ok) expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it("a hostile file in a data folder is that dataset's error, never a throw", async () => {
    const d = await mkdtemp(join(tmpdir(), "fazhi-xls-"));
    tmp.push(d);
    const b = real();
    b.writeUInt32LE(b.readUInt32LE(0x30), (b.readUInt32LE(0x4c) + 1) * sectorSize(b) + b.readUInt32LE(0x30) * 4);
    await writeFile(join(d, "units.xls"), b);
    await copyFile(join(FIX, "sheets.et"), join(d, "milestones.et"));
    const data = await loadData(d, { required: ["units"] });
    expect(data.datasets.units!.error).toBe("units.xls：不是有效的 .xls/.et 文件：文件已损坏（目录的扇区链循环）");
    expect(data.datasets.milestones!.accepted).toBe(4);
    // an xlsx saved as .xls is read as what it is
    await rm(join(d, "units.xls"));
    await copyFile(join(FIX, "..", "data", "xlsx", "units.xlsx"), join(d, "units.xls"));
    const again = await loadData(d, { required: ["units"] });
    expect(again.datasets.units).toMatchObject({ error: null, accepted: 3, sources: [{ file: "units.xls", format: "xlsx" }] });
  });
});
