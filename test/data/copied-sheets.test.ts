/**
 * A sheet copied and changed in the same workbook (培训登记 → 培训登记 (2), a few 学时 corrected)
 * with both sheets left in: the copy's unchanged rows repeat the original's and are not counted
 * again, but each changed row would have been counted beside the row it replaced — an officer's
 * hours twice, a higher score with exit 0. Which sheet is right cannot be told, so the dataset
 * cannot be used (its items 无法评分, exit 1) and the message says which sheets and what to do.
 * An exact copy, a copy holding other rows only, and sheets that repeat each other without a
 * copy's name (上半年 and 全年) are read as before.
 */
import { copyFile, cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copiedFrom } from "../../src/data/read-dataset.js";
import { DEMO, demoTable, RUBRIC, ROOT, totals, writeWorkbook } from "../shapes.js";
import { runCli } from "../../src/cli/main.js";

const TIDY = join(ROOT, "test", "fixtures", "shapes", "tidy");

const tmp: string[] = [];
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});

/** The demo with training.csv replaced by a workbook of these sheets. */
async function withTraining(sheets: { name: string; rows: string[][] }[]): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "fazhi-copied-"));
  tmp.push(d);
  for (const ds of ["units", "officers", "cases", "milestones", "documents", "indicators"])
    await copyFile(join(DEMO, `${ds}.csv`), join(d, `${ds}.csv`));
  await copyFile(join(DEMO, "case_reviews.xlsx"), join(d, "case_reviews.xlsx"));
  await writeWorkbook(
    join(d, "training.xlsx"),
    sheets.map((s) => ({ name: s.name, header: t.header, rows: s.rows })),
  );
  return d;
}

const t = demoTable("training");
const HOURS = t.header.indexOf("学时");
/** The rows with every 500th row's 学时 one more (a clerk's corrections). */
const edited = t.rows.map((r, i) =>
  i % 500 === 0 && r[HOURS] !== "" && !Number.isNaN(Number(r[HOURS])) ? r.with(HOURS, String(Number(r[HOURS]) + 1)) : r,
);

let demo: Awaited<ReturnType<typeof totals>>;
beforeAll(async () => {
  demo = await totals(await withTraining([{ name: "培训登记", rows: t.rows }]));
}, 120_000);

describe("a copied sheet", () => {
  it.each([
    ["培训登记 (2)", "after the original"],
    ["培训登记（2）", "before the original"],
    ["培训登记 副本", "after the original"],
  ])("%s, changed, %s: the dataset cannot be used, its items 无法评分, never a higher total", async (copy, where) => {
    const sheets = [
      { name: "培训登记", rows: t.rows },
      { name: copy, rows: edited },
    ];
    const run = await totals(await withTraining(where === "before the original" ? sheets.reverse() : sheets));
    const training = run.results.inputs.filter((i) => i.dataset === "training");
    const bad = training.find((i) => i.sheet === copy)!;
    expect(bad.errorCode).toBe("copied_sheet");
    const changed = edited.filter((r, i) => r !== t.rows[i]).length;
    expect(changed).toBeGreaterThan(5);
    expect(bad.error).toContain(`工作表「${copy}」像是「培训登记」复制后改过的工作表`);
    expect(bad.error).toContain(
      "无法确定以哪个工作表为准；请删除（或隐藏）不用的那个工作表后重新运行（两个工作表都要时，删去其中重复的行即可）",
    );
    // the original is not used either: a file of the dataset failed
    expect(training.find((i) => i.sheet === "培训登记")!.errorCode).toBe("unused_file");
    for (const u of run.results.units) {
      const a1 = u.items.find((i) => i.id === "A1")!;
      expect(a1.state, u.id).toBe("error");
      expect(u.complete).toBe(false);
      expect(u.total ?? 0).toBeLessThanOrEqual(demo.results.units.find((x) => x.id === u.id)!.total ?? 0);
    }
  });

  it("the tidy set's training copied, one officer's row changed in the copy: exit 1, no total above the tidy run's (it was 85.51 → 96.15, exit 0)", async () => {
    const d = await mkdtemp(join(tmpdir(), "fazhi-copied-"));
    tmp.push(d);
    await cp(TIDY, d, { recursive: true });
    const lines = (await readFile(join(TIDY, "training.csv"), "utf8"))
      .trimEnd()
      .split(/\r?\n/)
      .map((l) => l.split(","));
    await rm(join(d, "training.csv"));
    const [header, ...rows] = lines;
    const hours = header!.indexOf("学时");
    await writeWorkbook(join(d, "training.xlsx"), [
      { name: "培训登记", header: header!, rows },
      // P102's row changed in the copy (学时 59.5 → 1): beside the original's 59.5 it made P102's 60.5, 达标
      { name: "培训登记 (2)", header: header!, rows: rows.map((r) => (r[0] === "P102" ? r.with(hours, "1") : r)) },
    ]);
    const out: string[] = [];
    const code = await runCli(["evaluate", "--rubric", RUBRIC, "--data", d, "--out", await mkdtemp(join(tmpdir(), "fazhi-copied-out-"))], {
      out: (x) => out.push(x),
      err: (x) => out.push(x),
    });
    expect(code).toBe(1);
    expect(out.join("\n")).toContain(
      "✖ training.xlsx [培训登记 (2)]：工作表「培训登记 (2)」像是「培训登记」复制后改过的工作表：有 6 行与「培训登记」的行完全相同，另有 1 行不同",
    );
    const tidy = await totals(TIDY);
    const run = await totals(d);
    for (const u of run.results.units) {
      expect(u.complete).toBe(false);
      expect(u.total ?? 0).toBeLessThanOrEqual(tidy.results.units.find((x) => x.id === u.id)!.total ?? 0);
    }
  });

  it("an exact copy, a copy of other rows only (a 续表 whose repeated rows were taken out), and 上半年 beside 全年: read as before, the demo's totals", async () => {
    const exact = await totals(
      await withTraining([
        { name: "培训登记", rows: t.rows },
        { name: "培训登记 (2)", rows: t.rows },
      ]),
    );
    expect(exact.byUnit).toEqual(demo.byUnit);
    const split = await totals(
      await withTraining([
        { name: "培训登记", rows: t.rows.slice(0, 3000) },
        { name: "培训登记 (2)", rows: t.rows.slice(3000) },
      ]),
    );
    expect(split.byUnit).toEqual(demo.byUnit);
    const date = t.header.indexOf("培训日期");
    const halves = await totals(
      await withTraining([
        { name: "上半年", rows: t.rows.filter((r) => r[date]! < "2024-07") },
        { name: "全年", rows: t.rows },
      ]),
    );
    expect(halves.byUnit).toEqual(demo.byUnit);
  });

  it("a copy's name as Excel, WPS and people give it", () => {
    expect(copiedFrom("培训登记 (2)")).toBe("培训登记");
    expect(copiedFrom("培训登记(3)")).toBe("培训登记");
    expect(copiedFrom("培训登记（2）")).toBe("培训登记");
    expect(copiedFrom("Sheet1 (2)")).toBe("Sheet1");
    expect(copiedFrom("培训登记 副本")).toBe("培训登记");
    expect(copiedFrom("培训登记-副本2")).toBe("培训登记");
    expect(copiedFrom("培训登记")).toBeNull();
    expect(copiedFrom("2024年")).toBeNull();
    expect(copiedFrom("城关镇")).toBeNull();
  });
});
