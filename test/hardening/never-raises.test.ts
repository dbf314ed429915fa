/**
 * "Incomplete data never raises a score" (README "What fazhi reads" → "Incomplete data"), row by
 * row: the small tidy data set (test/fixtures/shapes/tidy) with one data row at a time made
 * unusable — a cell no one can read, or a unit (for training, an officer) no one knows — scores
 * no item and no total above the tidy run, marks every unit whose score moved provisional, and
 * exits 1. Three rejected case rows may be three more cases citing an invalid document.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import type { Results } from "../../src/results/types.js";

const RUBRIC = "rubrics/qingxin-2024.json";
/** The rubric's grades, best first (the same names for every category). */
const GRADES = ["优秀", "良好", "合格", "不合格"];
const TIDY = "test/fixtures/shapes/tidy";

/** Per file: the cell made unreadable, and the column naming the row's unit (documents: its 文号, left blank). */
const BREAK: Record<string, { cell: string; unit: string }> = {
  "cases.csv": { cell: "决定日期", unit: "单位编码" },
  "case_reviews.csv": { cell: "得分", unit: "单位编码" },
  "documents.csv": { cell: "状态", unit: "文号" },
  "indicators.csv": { cell: "数值", unit: "单位编码" },
  "milestones.csv": { cell: "完成日期", unit: "单位编码" },
  "officers.csv": { cell: "是否执法岗位", unit: "单位编码" },
  "training.csv": { cell: "培训日期", unit: "人员编号" },
};

async function evaluate(dir: string): Promise<{ code: number; res: Results; printed: string }> {
  const out = await mkdtemp(join(tmpdir(), "fazhi-raise-out-"));
  let printed = "";
  const code = await runCli(["evaluate", "--rubric", RUBRIC, "--data", dir, "--out", out], {
    out: (s) => (printed += s),
    err: () => {},
  });
  return { code, res: JSON.parse(await readFile(join(out, "results.json"), "utf8")) as Results, printed };
}

/** The tidy folder with line `line` (1 = header) of `file` changed in column `column` to `to`. */
async function broken(file: string, line: number, column: string, to: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fazhi-raise-"));
  await cp(TIDY, dir, { recursive: true });
  const lines = (await readFile(join(TIDY, file), "utf8")).split("\n");
  const at = lines[0]!.split(",").indexOf(column);
  const cells = lines[line - 1]!.split(",");
  cells[at] = to;
  lines[line - 1] = cells.join(",");
  await writeFile(join(dir, file), lines.join("\n"));
  return dir;
}

let tidy: Results;
const cases: [string, number, "cell" | "unit"][] = [];
beforeAll(async () => {
  tidy = (await evaluate(TIDY)).res;
});
for (const [file] of Object.entries(BREAK)) {
  // (the fixture's line counts, read when the test file is collected)
  const n = readFileSync(join(TIDY, file), "utf8").trimEnd().split("\n").length;
  for (let line = 2; line <= n; line++) cases.push([file, line, "cell"], [file, line, "unit"]);
}

describe("one row made unusable never raises an item or a total above the tidy run", () => {
  it("covers every data row of every file but units.csv", async () => {
    expect((await readdir(TIDY)).filter((f) => f !== "units.csv").sort()).toEqual(Object.keys(BREAK).sort());
    expect(cases.length).toBeGreaterThan(70);
  });

  it.each(cases)("%s line %i, %s", async (file, line, how) => {
    const spec = BREAK[file]!;
    const dir = await broken(
      file,
      line,
      how === "cell" ? spec.cell : spec.unit,
      how === "cell" ? "不详" : file === "documents.csv" ? "" : "QX-未知",
    );
    const { code, res } = await evaluate(dir);
    expect(code).toBe(1);
    // the row was seen as a gap somewhere, else this case tested nothing
    expect(res.units.some((u) => (u.incompleteData ?? []).length > 0)).toBe(true);
    for (const u of res.units) {
      const t = tidy.units.find((x) => x.id === u.id)!;
      for (const item of u.items) {
        const before = t.items.find((i) => i.id === item.id)!;
        expect(item.points ?? 0, `${u.id} ${item.id}: ${item.reason}`).toBeLessThanOrEqual(before.points ?? 0);
      }
      expect(u.total ?? 0, u.id).toBeLessThanOrEqual(t.total ?? 0);
      // nor a grade (a veto the missing rows could fire is applied)
      expect(GRADES.indexOf(u.grade!), `${u.id} ${u.grade} / ${t.grade}`).toBeGreaterThanOrEqual(GRADES.indexOf(t.grade!));
      if (u.total !== t.total) expect(u.complete, u.id).toBe(false);
    }
  });
});

describe("an item scored on the rows read says what the missing rows could cost", () => {
  it("a rejected case that cited an invalid document: B5 scores no more than with the case, and says both", async () => {
    // cases.csv line 3, SC-002, cites 清新府办〔2015〕18 号 (失效 2024-01-29) and was decided 2024-06-20
    const { res } = await evaluate(await broken("cases.csv", 3, "决定日期", "不详"));
    const b5 = res.units.find((u) => u.id === "QX-SCJG")!.items.find((i) => i.id === "B5")!;
    const tidyB5 = tidy.units.find((u) => u.id === "QX-SCJG")!.items.find((i) => i.id === "B5")!;
    expect(tidyB5.points).toBe(6);
    expect(b5).toMatchObject({ points: 6, asRead: 8, provisional: true, state: "scored" });
    expect(b5.reason).toBe(
      "引用已失效规范性文件作出决定的案件 0 件，不扣分。行政执法案件有 1 行无法读取（第 3 行），这些数据计入后本项最低可得 6 分（按已读数据为 8 分），数据补全前暂按 6 分计。",
    );
    // the row was QX-SCJG's: QX-THZ's data have no gap
    const thz = res.units.find((u) => u.id === "QX-THZ")!;
    expect(thz.items.find((i) => i.id === "B5")!.asRead).toBeUndefined();
  });

  it("a milestone row not read cannot make a task later than reported: the deadline items keep their points", async () => {
    // milestones.csv line 2 (QX-SCJG's QX-LUNXUN) with a unit no one knows: a gap in every unit's milestones
    const { res } = await evaluate(await broken("milestones.csv", 2, "单位编码", "QX-未知"));
    for (const u of res.units)
      for (const item of u.items.filter((i) => i.indicators.some((k) => k.startsWith("milestone.")) && i.state === "scored"))
        expect(item.asRead, `${u.id} ${item.id}`).toBeUndefined();
  });

  it("a self-reported row no one can place: a veto it could fire is applied until the data are whole", async () => {
    // indicators.csv line 5: QX-SCJG's major_illegal_act 否, its unit made unknown — it may have been either unit's first report
    const { res, printed } = await evaluate(await broken("indicators.csv", 5, "单位编码", "QX-未知"));
    const thz = res.units.find((u) => u.id === "QX-THZ")!;
    expect(tidy.units.find((u) => u.id === "QX-THZ")!.grade).not.toBe("不合格");
    expect(thz.vetoes[0]).toMatchObject({ id: "V1", fired: null, provisional: true });
    expect(thz.vetoes[0]!.reason).toContain("缺失的数据可能触发一票否决，数据补全前暂按触发计，等次最高为不合格。");
    expect(thz).toMatchObject({ grade: "不合格", complete: false });
    expect(thz.gradeReason).toContain("可能触发一票否决（数据不完整，暂按触发计），定为不合格");
    // the printed ranking does not call it fired
    const row = printed.split("\n").find((l) => l.includes("QX-THZ"))!;
    expect(row).toContain("不合格（暂按否决）");
  });
});
