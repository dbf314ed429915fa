/**
 * Corrupted inputs end in a clear error or rejected rows — never a crash, a hang or unbounded
 * memory: truncated files, binary junk, a wrong encoding, unbalanced quotes, a 10 MB field,
 * 100,000 columns, an xlsx that is no zip or a zip bomb.
 */
import { zip } from "../zip.js";
import { mkdtemp, rm, writeFile, readFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadData } from "../../src/data/folder.js";
import type { LoadOptions } from "../../src/data/types.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fazhi-hard-"));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
  return dir;
}
const UNITS = "单位编码,单位名称,单位类别\nU1,单位一,区直部门\nU2,单位二,镇人民政府\n";
const OFFICERS =
  "人员编号,姓名,单位编码,是否执法岗位,执法证号,证件有效期至,证件状态\nP1,张三,U1,是,441,2026-01-01,有效\nP2,李四,U2,否,,,\n";
const OPTS: LoadOptions = { required: ["units", "officers"] };

/** the load ends, and every dataset is either a clear file error or rows (accepted or rejected with a reason) */
async function loadsCleanly(dir: string) {
  const data = await loadData(dir, OPTS);
  for (const d of Object.values(data.datasets)) {
    if (d!.error) {
      expect(d!.error).toMatch(/\S/);
      expect(d!.accepted).toBe(0);
    } else {
      expect(d!.rows).toBe(d!.accepted + (d!.rejectedRows ?? 0));
      for (const r of d!.rejected) expect(r.reason).toMatch(/\S/);
    }
  }
  return data;
}

describe("property: any bytes as a dataset file", () => {
  it("truncating a valid file anywhere gives rows or a clear error", async () => {
    const full = Buffer.from(OFFICERS, "utf8");
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: full.length }), async (cut) => {
        await loadsCleanly(await folder({ "units.csv": UNITS, "officers.csv": full.subarray(0, cut) }));
      }),
      { numRuns: 25 },
    );
  });
  it("binary junk, random text and mangled CSV never crash", async () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.string({ maxLength: 500 }).map((s) => Buffer.from(s, "utf8")),
      fc
        .array(fc.constantFrom(",", '"', "\n", "\r", "是", "P1", "U1", "2024-02-30", "\t", "；", "\ufeff"), { maxLength: 300 })
        .map((a) => Buffer.from(OFFICERS.split("\n")[0] + "\n" + a.join(""), "utf8")),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (bytes) => {
        await loadsCleanly(await folder({ "units.csv": UNITS, "officers.csv": bytes }));
      }),
      { numRuns: 40 },
    );
  });
});

describe("named corruptions", () => {
  it("unbalanced quotes: the rows before are kept, the rest is one clear rejection", async () => {
    const data = await loadsCleanly(
      await folder({
        "units.csv": UNITS,
        "officers.csv": OFFICERS + 'P3,"王五,U1,是,442,2026-01-01,有效\nP4,赵六,U1,是,443,2026-01-01,有效\n',
      }),
    );
    const o = data.datasets.officers!;
    expect(o.accepted).toBe(2);
    expect(o.rejected[0]!.reason).toContain("引号没有闭合");
  });
  it("a 10 MB field ends the file with a clear error, in bounded memory", async () => {
    const big = "x".repeat(10 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const data = await loadsCleanly(
      await folder({
        "units.csv": UNITS,
        "officers.csv": OFFICERS + `P3,${big},U1,是,442,2026-01-01,有效\nP4,赵六,U1,是,443,2026-01-01,有效\n`,
      }),
    );
    expect(data.datasets.officers!.rejected[0]!.reason).toContain("一行内容过长");
    expect(data.datasets.officers!.rejected[0]!.value!.length).toBeLessThan(300);
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
  });
  it("100,000 columns are read (extra columns kept), quickly", async () => {
    const extra = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const header = "单位编码,单位名称,单位类别," + extra.join(",");
    const row = "U1,单位一,区直部门," + extra.map(() => "").join(",");
    const t = Date.now();
    const data = await loadsCleanly(await folder({ "units.csv": `${header}\n${row}\nU2,单位二,镇人民政府\n` }));
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(data.datasets.units!.accepted).toBe(1);
    expect(data.datasets.units!.rejected[0]!.reason).toContain("列");
  });
  it("a wrong encoding: UTF-16 is refused with advice; GBK after megabytes of ASCII is still GBK", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(UNITS, "utf16le")]);
    const data = await loadsCleanly(await folder({ "units.csv": UNITS, "officers.csv": utf16 }));
    expect(data.datasets.officers!.error).toContain("UTF-16");
    const ascii = Array.from({ length: 60_000 }, (_, i) => `P${i},Name${i},U1,Y,,,`).join("\n");
    const gbk = Buffer.concat([
      Buffer.from(OFFICERS.split("\n")[0] + "\n" + ascii + "\n", "utf8"),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]) /* 张三 in GBK */,
      Buffer.from(",Z,U1,是,,,\n".replace("是", ""), "utf8"),
    ]);
    const g = await loadsCleanly(await folder({ "units.csv": UNITS, "officers.csv": gbk }));
    // the header is UTF-8 Chinese, the tail GBK: neither encoding fits the whole → a clear error
    expect(g.datasets.officers!.error).toContain("编码无法识别");
  });
  it("an xlsx that is not a zip, and a zip bomb, are refused before unpacking", async () => {
    const notZip = await loadsCleanly(await folder({ "units.csv": UNITS, "officers.xlsx": "hello, not a zip" }));
    expect(notZip.datasets.officers!.error).toContain("不是 zip");
    const data = await loadsCleanly(await folder({ "units.csv": UNITS, "officers.xlsx": zipBomb() }));
    expect(data.datasets.officers!.error).toContain("压缩炸弹");
  });
  it("a GBK file read in full is detected (streamed)", async () => {
    const { default: iconv } = await import("iconv-lite");
    const ascii = Array.from({ length: 40_000 }, (_, i) => `P${i},Name${i},U1,N,,,`).join("\n");
    const bytes = iconv.encode(OFFICERS + ascii + "\nP99999,张三,U1,是,,,\n", "gbk");
    const data = await loadsCleanly(await folder({ "units.csv": UNITS, "officers.csv": bytes }));
    expect(data.datasets.officers!.encoding).toBe("gb18030");
    expect(data.datasets.officers!.records.at(-1)!.values.name).toBe("张三");
  });
});

/** A zip whose one entry inflates 64 MB of zeros (~64 KB compressed). */
function zipBomb(): Buffer {
  return zip({ "xl/worksheets/sheet1.xml": Buffer.alloc(64 * 1024 * 1024) });
}

describe("rejected rows are listed up to a bound, and counted in full", () => {
  it("more than 10,000 rejections: 10,000 listed, rejectedTotal and the row count exact", async () => {
    const bad = Array.from({ length: 12_000 }, (_, i) => `P${i},名${i},U9,是,,,`).join("\n");
    const data = await loadsCleanly(await folder({ "units.csv": UNITS, "officers.csv": OFFICERS + bad + "\n" }));
    const o = data.datasets.officers!;
    expect(o.rejected).toHaveLength(10_000);
    expect(o.rejectedTotal).toBe(12_000);
    expect(o.rejectedRows).toBe(12_000);
    expect(o.rows).toBe(12_002);
  });
});
void readFile;
void copyFile;
