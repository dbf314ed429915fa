/**
 * Rows that are no records because of what they hold against the header: the header again
 * (a printed report's header repeated every page, two exports pasted one under the other) and an
 * unused row of a template whose 序号 column was numbered in advance. They are skipped and listed
 * with why, as 合计 and note rows are — not rejected as rows with blank required cells, which made
 * every unit's data incomplete and cost them points.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import type { Results } from "../../src/results/types.js";

const RUBRIC = "rubrics/qingxin-2024.json";
const TIDY = "test/fixtures/shapes/tidy";

async function run(edit?: (dir: string) => Promise<void>): Promise<{ code: number; out: string; res: Results }> {
  const dir = await mkdtemp(join(tmpdir(), "fazhi-norecord-"));
  await cp(TIDY, join(dir, "data"), { recursive: true });
  if (edit) await edit(join(dir, "data"));
  const out: string[] = [];
  const code = await runCli(["evaluate", "--rubric", RUBRIC, "--data", join(dir, "data"), "--out", join(dir, "out")], {
    out: (s) => out.push(s),
    err: (s) => out.push(s),
  });
  return { code, out: out.join("\n"), res: JSON.parse(await readFile(join(dir, "out", "results.json"), "utf8")) as Results };
}

const lines = async (dir: string, file: string) => (await readFile(join(dir, file), "utf8")).trimEnd().split(/\r?\n/);
const totals = (r: Results) => r.units.map((u) => [u.id, u.total, u.complete]);

let tidy: Results;
beforeAll(async () => {
  tidy = (await run()).res;
}, 60_000);

describe("rows that are no records by their shape", () => {
  it("the header repeated inside the data (a printed report), and a second export pasted below with its BOM", async () => {
    const r = await run(async (dir) => {
      const [head, ...rows] = await lines(dir, "training.csv");
      await writeFile(
        join(dir, "training.csv"),
        `${[head, ...rows.slice(0, 3), head, ...rows.slice(3, 5), `\ufeff${head}`, ...rows.slice(5)].join("\r\n")}\r\n`,
      );
    });
    expect(r.code).toBe(0);
    expect(totals(r.res)).toEqual(totals(tidy));
    const input = r.res.inputs.find((i) => i.dataset === "training")!;
    expect(input.rejected).toEqual([]);
    expect(input.skipped?.map((s) => s.line)).toEqual([5, 8]);
    expect(input.skipped?.[0]?.reason).toBe("重复的表头行「人员编号、培训日期、培训名称…」，不是记录");
    expect(r.out).toContain("重复的表头行");
  });

  it("a template's 序号 numbered past the data: the unused rows are no records", async () => {
    const r = await run(async (dir) => {
      const [head, ...rows] = await lines(dir, "officers.csv");
      const numbered = [`序号,${head}`, ...rows.map((l, i) => `${i + 1},${l}`)];
      for (let n = rows.length + 1; n <= rows.length + 4; n++) numbered.push(`${n},,,,,,,`);
      await writeFile(join(dir, "officers.csv"), `${numbered.join("\r\n")}\r\n`);
    });
    expect(r.code).toBe(0);
    expect(totals(r.res)).toEqual(totals(tidy));
    const input = r.res.inputs.find((i) => i.dataset === "officers")!;
    expect(input.rejected).toEqual([]);
    expect(input.skipped?.map((s) => s.line)).toEqual([8, 9, 10, 11]);
    expect(input.skipped?.[0]).toMatchObject({ line: 8, reason: "只填了「序号」，本表的列都是空的，不是记录" });
  });

  it("a row with a value in a column of the dataset is still a record (rejected when it cannot be used)", async () => {
    const r = await run(async (dir) => {
      const [head, ...rows] = await lines(dir, "officers.csv");
      const numbered = [`序号,${head}`, ...rows.map((l, i) => `${i + 1},${l}`), `${rows.length + 1},,,QX-THZ,,,,`];
      await writeFile(join(dir, "officers.csv"), `${numbered.join("\r\n")}\r\n`);
    });
    expect(r.code).toBe(1);
    const input = r.res.inputs.find((i) => i.dataset === "officers")!;
    expect([...new Set(input.rejected.map((x) => x.line))]).toEqual([8]);
    expect(r.res.units.find((u) => u.id === "QX-THZ")!.complete).toBe(false);
  });
});

describe("a template's hint row", () => {
  const HINTS = "必填，如 P001,必填,必填，见执法单位表,填“是”或“否”,无证的填“无”,格式：2026-12-31,有效/暂扣/收回/注销";

  it("right below the header: skipped and listed", async () => {
    const r = await run(async (dir) => {
      const [head, ...rows] = await lines(dir, "officers.csv");
      await writeFile(join(dir, "officers.csv"), `${[head, HINTS, ...rows].join("\r\n")}\r\n`);
    });
    expect(r.code).toBe(0);
    expect(totals(r.res)).toEqual(totals(tidy));
    const input = r.res.inputs.find((i) => i.dataset === "officers")!;
    expect(input.rejected).toEqual([]);
    expect(input.skipped?.[0]?.line).toBe(2);
    expect(input.skipped?.[0]?.reason).toContain("表头下方的填写提示行「必填，如 P001、必填、必填，见执法单位表…」");
  });

  it("anywhere else it is a row (rejected, the data incomplete)", async () => {
    const r = await run(async (dir) => {
      const [head, ...rows] = await lines(dir, "officers.csv");
      await writeFile(join(dir, "officers.csv"), `${[head, rows[0], HINTS, ...rows.slice(1)].join("\r\n")}\r\n`);
    });
    expect(r.code).toBe(1);
    expect(r.res.inputs.find((i) => i.dataset === "officers")!.rejected.map((x) => x.line)).toContain(3);
  });
});

describe("a stray header far right", () => {
  it("备注 in XFD1 does not make every row 16,384 columns wide: the same totals, a cell under a blank header still kept", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const { loadData } = await import("../../src/data/folder.js");
    const edit = async (dir: string) => {
      for (const name of ["officers", "training"]) {
        const rows = (await lines(dir, `${name}.csv`)).map((l) => l.split(","));
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet(name);
        for (const r of rows) ws.addRow(r);
        ws.getCell("XFD1").value = "备注";
        if (name === "officers") ws.getCell("J3").value = "借调";
        await wb.xlsx.writeFile(join(dir, `${name}.xlsx`));
        await rm(join(dir, `${name}.csv`));
      }
    };
    const r = await run(edit);
    expect(r.code).toBe(0);
    expect(totals(r.res)).toEqual(totals(tidy));
    // the cells as read: only the row with a cell under a blank header has that column
    const dir = await mkdtemp(join(tmpdir(), "fazhi-wide-"));
    await cp(TIDY, dir, { recursive: true });
    await edit(dir);
    const officers = (await loadData(dir, {})).datasets.officers!.records;
    expect(officers.map((o) => o.values["第10列"] ?? null)).toEqual([null, "借调", null, null, null, null]);
    expect(officers.every((o) => Object.keys(o.values).length < 20)).toBe(true);
  });
});
