/**
 * Reports on incomplete data. scores.xlsx: an item scored provisionally keeps its number (a number cell),
 * shaded, with a note giving the points the rows read would give; the 一票否决 column tells a
 * veto that fired from one applied only because the missing rows could fire it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../src/evaluate.js";
import { writeScoresXlsx } from "../../src/report/xlsx.js";
import { renderUnitHtml } from "../../src/report/html.js";
import type { Results } from "../../src/results/types.js";

const RUBRIC = "rubrics/qingxin-2024.json";

async function scores(results: Results) {
  const file = join(await mkdtemp(join(tmpdir(), "fazhi-xlsx-")), "scores.xlsx");
  await writeScoresXlsx(results, file);
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet("得分")!;
  const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const rowOf = (id: string) => {
    let found = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(3).value === id) found = n;
    });
    return ws.getRow(found);
  };
  return { wb, header, rowOf };
}

describe("scores.xlsx on incomplete data", () => {
  let gap: Results;
  let demo: Results;
  beforeAll(async () => {
    // the tidy shapes folder with indicators.csv line 5 (QX-SCJG's major_illegal_act 否) naming no known unit
    const dir = await mkdtemp(join(tmpdir(), "fazhi-xlsx-gap-"));
    await cp("test/fixtures/shapes/tidy", dir, { recursive: true });
    const lines = (await readFile(join(dir, "indicators.csv"), "utf8")).split("\n");
    lines[4] = lines[4]!.replace(/^QX-SCJG,/, "QX-未知,");
    await writeFile(join(dir, "indicators.csv"), lines.join("\n"));
    gap = (await evaluate({ rubric: RUBRIC, data: dir, workers: 0 })).results;
    demo = (await evaluate({ rubric: RUBRIC, data: "inputs/demo", workers: 0 })).results;
  });

  it("a provisional item keeps its number, shaded, with a note; a sure one has neither", async () => {
    const { header, rowOf } = await scores(gap);
    const thz = gap.units.find((u) => u.id === "QX-THZ")!;
    const d3 = thz.items.find((i) => i.id === "D3")!;
    expect(d3).toMatchObject({ provisional: true, points: 0, asRead: 3.5 });
    const cell = rowOf("QX-THZ").getCell(header.indexOf("D3 行政执法案例指导和考核评议") + 1);
    expect(cell.value).toBe(0);
    expect(cell.note).toBe("暂计：数据不完整，按已读数据为 3.5 分，数据补全前暂按 0 分计（说明见报告）");
    expect((cell.fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe("FFFFEB9C");
    const sure = thz.items.find((i) => !i.provisional && i.state === "scored")!;
    const plain = rowOf("QX-THZ").getCell(header.indexOf(`${sure.id} ${sure.title}`) + 1);
    expect(plain.value).toBe(sure.points);
    expect(plain.note).toBeUndefined();
  });

  it("the 一票否决 column: 否决 for one that fired, 暂按否决 for one the missing rows could fire, empty otherwise", async () => {
    const g = await scores(gap);
    expect(g.header.slice(-4)).toEqual(["总分", "等次", "总分是否完整", "一票否决"]);
    const veto = g.header.indexOf("一票否决") + 1;
    expect(g.rowOf("QX-THZ").getCell(veto).value).toBe("暂按否决（数据不完整）：发生重大违法行政行为并造成严重后果");
    const d = await scores(demo);
    expect(demo.units.find((u) => u.id === "QX-ZJJ")!.vetoes[0]!.fired).toBe(true);
    expect(d.rowOf("QX-ZJJ").getCell(veto).value).toBe("否决：发生重大违法行政行为并造成严重后果");
    expect(d.rowOf("QX-SCJG").getCell(veto).value).toBeNull();
    // the legend, beside the items' sources
    const info = d.wb.getWorksheet("项目说明")!;
    const texts: string[] = [];
    info.eachRow((r) => texts.push(String(r.getCell(2).value)));
    expect(texts.at(-1)).toContain("底色为黄色的得分为暂计");
  });

  it("the unit's report heads a veto applied only for missing rows 一票否决（暂按触发计）, a fired one 一票否决", () => {
    expect(renderUnitHtml(gap, "QX-THZ")).toContain('<p class="veto">一票否决（暂按触发计）：发生重大违法行政行为并造成严重后果。');
    const zjj = renderUnitHtml(demo, "QX-ZJJ");
    expect(zjj).toContain('<p class="veto">一票否决：发生重大违法行政行为并造成严重后果。');
    expect(zjj).not.toContain("暂按触发计）：");
  });
});
