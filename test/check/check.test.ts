/** fazhi check: a department's self-check on a folder holding only its own data, and the 整改台账. */
import { describe, expect, it, beforeAll } from "vitest";
import { cp, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";
import { runCheck } from "../../src/check/check.js";
import { LEDGER_HEADERS, ledgerRows } from "../../src/check/ledger.js";
import { printCheck } from "../../src/check/print.js";
import type { CheckReport } from "../../src/check/types.js";
import type { Results } from "../../src/results/types.js";

const SCJG = "test/fixtures/check/scjg";
const SMALL = "test/fixtures/eval/small";
const RUBRIC = "rubrics/qingxin-2024.json";

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("self-check on a single-unit data folder, mid-year", () => {
  let report: CheckReport;
  beforeAll(async () => {
    report = await runCheck({ rubric: RUBRIC, data: SCJG, unit: "QX-SCJG", asOf: "2024-06-15", workers: 0 });
  });

  it("judges on the as-of day given and omits the rank", () => {
    expect(report.asOf).toBe("2024-06-15");
    expect(report.results.rubric.asOf).toBe("2024-06-15");
    expect(report.singleUnit).toBe(true);
    expect(report.unit.rank).toEqual({ category: null, overall: null });
    // deadlines after the as-of day are not yet due
    const c1 = report.unit.items.find((i) => i.id === "B2")!;
    expect(c1.state).toBe("notApplicable");
  });

  it("lists every item short of full points, most points first, with concrete actions", () => {
    const s = report.shortfalls;
    expect(s.length).toBeGreaterThan(3);
    for (let i = 1; i < s.length; i++) expect(s[i - 1]!.recoverableTotal).toBeGreaterThanOrEqual(s[i]!.recoverableTotal);
    for (const x of s) {
      const item = report.unit.items.find((i) => i.id === x.item)!;
      expect(x.recoverable).toBeCloseTo(item.max - (item.points ?? 0), 6);
    }
    const a1 = s.find((x) => x.item === "A1")!;
    expect(a1.actions).toEqual(["P003 王五：已计 30 学时，还差 30 学时", "P005 孙九：已计 10 学时，还差 50 学时"]);
    expect(a1.remediation).toContain("政治理论、党性教育不计入");
    const e1 = s.find((x) => x.item === "E1")!;
    expect(e1.actions).toEqual(["SC-002：行政处罚案件，2024年6月20日作出决定，未线上办理"]);
    // the false report is part of what to fix on A3, a step before the records
    expect(s.find((x) => x.item === "A3")!.steps).toEqual([
      "核实并如实更正自报数据：自报执法人员持证率 100%，经核查为 75%（3/4），自报高于核查 25 个百分点",
    ]);
    expect(a1.steps).toEqual([]);
  });

  it("warns of certificates, training pace and milestones ahead", () => {
    const w = report.warnings;
    expect(w.certificates.map((c) => [c.officer, c.days])).toEqual([
      ["P003", -15],
      ["P005", 66],
    ]);
    expect(w.certificates[1]!.text).toBe("P005 孙九：执法证将于2024年8月20日到期（还有 66 天），请提前办理换证");
    // P005: 10 学时 in 167 days → about 21.9 by year end; P003's 30 in 167 days projects to 65.7: on course
    expect(w.hours.map((h) => h.officer)).toEqual(["P005"]);
    expect(w.hours[0]!.text).toBe("P005 孙九：截至2024年6月15日已计 10 学时，按目前进度全年约 21.9 学时，2024年12月31日前还需 50 学时");
    expect(w.milestones.map((m) => [m.task, m.due, m.days])).toEqual([["QX-ZHENGZHI", "2024-06-30", 15]]);
  });

  it("prints it in Chinese, without a rank", async () => {
    const r = await cli("check", "--rubric", RUBRIC, "--data", SCJG, "--unit", "QX-SCJG", "--as-of", "2024-06-15");
    expect(r.code).toBe(0);
    expect(r.out).toContain("（仅本单位数据，不排名）");
    expect(r.out).not.toMatch(/总排名/);
    expect(r.out).toContain("     · P005 孙九：已计 10 学时，还差 50 学时");
    expect(r.out).toContain("“专项整治情况报送区司法局汇总”（QX-ZHENGZHI）应于2024年6月30日前完成（还有 15 天），尚未报送完成情况");
    expect(r.out).toContain("自报执法人员持证率 100%，经核查为 75%（3/4），自报高于核查 25 个百分点。");
  });
});

describe("self-check at the period's end", () => {
  it("has no pace forecast (the shortfall is a deduction) and a missed milestone costs points", async () => {
    const report = await runCheck({ rubric: RUBRIC, data: SCJG, unit: "QX-SCJG", workers: 0 });
    expect(report.asOf).toBe("2024-12-31");
    expect(report.warnings.hours).toEqual([]);
    expect(report.warnings.milestones).toEqual([]);
    // P002's certificate expires on the as-of day: still valid, warned
    expect(report.warnings.certificates.map((c) => [c.officer, c.days])).toEqual(
      [
        ["P003", -214],
        ["P002", 0],
        ["P005", -133],
      ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    );
    const b2 = report.shortfalls.find((x) => x.item === "B2")!;
    expect(b2.actions).toEqual(["QX-ZHENGZHI：“专项整治情况报送区司法局汇总”要求2024年6月30日前完成，未报送完成情况"]);
    expect(b2.steps).toEqual(["尽快完成“专项整治情况报送区司法局汇总”并向考评机关报送完成情况及佐证材料"]);
  });

  it("ranks when the folder holds other units", async () => {
    const r = await cli("check", "--rubric", RUBRIC, "--data", SMALL, "--unit", "QX-SCJG");
    expect(r.code).toBe(0);
    expect(r.out).toContain("总排名 2/2，区直部门中排名 1");
    expect(r.out).not.toContain("不排名");
  });

  it("names the units there are when the unit is not in the data, and rejects a bad date", async () => {
    const r = await cli("check", "--rubric", RUBRIC, "--data", SCJG, "--unit", "QX-XXX");
    expect(r.code).toBe(1);
    expect(r.err).toBe("数据中没有单位“QX-XXX”。执法单位表中有：QX-SCJG（清远市清新区市场监督管理局）");
    const d = await cli("check", "--rubric", RUBRIC, "--data", SCJG, "--unit", "QX-SCJG", "--as-of", "2024-02-30");
    expect(d.code).toBe(1);
    expect(d.err).toContain("--as-of「2024-02-30」不是有效日期");
    const u = await cli("check", "--rubric", RUBRIC, "--data", SCJG, "--unit", "QX-SCJG", "--as-of", "6月15日");
    expect(u.code).toBe(2);
  });
});

describe("整改台账 (--ledger)", () => {
  let rows: (string | number | null)[][];
  let title: string;
  let results: Results;
  let warnings: string[];
  let report: CheckReport;
  beforeAll(async () => {
    report = await runCheck({ rubric: RUBRIC, data: SCJG, unit: "QX-SCJG", workers: 0 });
    const dir = await mkdtemp(join(tmpdir(), "fazhi-ledger-"));
    const file = join(dir, "台账.xlsx");
    const r = await cli("check", "--rubric", RUBRIC, "--data", SCJG, "--unit", "QX-SCJG", "--ledger", file);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`整改台账已写入 ${file}`);
    const e = await cli("evaluate", "--rubric", RUBRIC, "--data", SCJG, "--out", dir);
    expect(e.code).toBe(0);
    results = JSON.parse(await readFile(join(dir, "results.json"), "utf8"));
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("整改台账")!;
    title = String(ws.getCell(1, 1).value);
    rows = [];
    ws.eachRow((row, n) => {
      if (n >= 2) rows.push(LEDGER_HEADERS.map((_, c) => (row.getCell(c + 1).value as string | number | null) ?? null));
    });
    warnings = [];
    wb.getWorksheet("预警事项")!.eachRow((row, n) => {
      if (n >= 2) warnings.push(String(row.getCell(3).value));
    });
  });

  it("has a title, Chinese headers in the ledger's column order", () => {
    expect(title).toBe("清远市清新区市场监督管理局清远市清新区提升行政执法质量三年行动2024年度考评问题整改台账");
    expect(rows[0]).toEqual(["序号", "考评项目", "问题描述", "涉及记录", "扣分", "整改建议", "责任人", "整改时限", "整改完成情况"]);
  });

  it("has one row per item short of full points in results.json, row by row", () => {
    const unit = results.units.find((u) => u.id === "QX-SCJG")!;
    const short = unit.items.filter(
      (i) => !i.bonus && (i.state === "manual" || i.state === "error" || (i.points !== null && i.points < i.max)),
    );
    const body = rows.slice(1, 1 + short.length);
    expect(body).toHaveLength(short.length);
    expect(rows[1 + short.length]![0]).toMatch(/^自查日期：2024年12月31日；总分/);
    const seen = new Set<string>();
    body.forEach((row, i) => {
      expect(row[0]).toBe(i + 1);
      const id = String(row[1]).split(" ")[0]!;
      const item = unit.items.find((x) => x.id === id)!;
      seen.add(id);
      expect(row[1]).toBe(`${item.id} ${item.title}`);
      expect(row[2]).toBe(item.reason);
      expect(row[4]).toBeCloseTo(item.max - (item.points ?? 0), 6);
      for (const r of item.records ?? []) expect(String(row[3])).toContain(`${r.id}${r.name ? ` ${r.name}` : ""}：${r.detail}`);
      // 整改建议: the steps besides the records (a false report corrected …), then the rubric's remediation
      const steps = report.shortfalls.find((x) => x.item === id)!.steps;
      expect(row[5]).toBe([...steps, ...(item.remediation ? [item.remediation] : [])].join("\n") || null);
      for (const step of steps) expect(String(row[3])).not.toContain(step);
      expect(row[6]).toBeNull(); // 责任人: to fill in
      expect(row[7]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日前$/);
      expect(row[8]).toBeNull();
    });
    expect([...seen].sort()).toEqual(short.map((i) => i.id).sort());
    // ordered by points recoverable
    const pts = body.map((r) => r[4] as number);
    expect(pts[0]).toBe(Math.max(...pts));
  });

  it("a score resting on rows not read: putting the data right is the first step, in 整改建议, never cut off", async () => {
    // cases.csv line 2 (SC-001) with a 决定日期 no one can read: B5's three cases may be four
    const data = await mkdtemp(join(tmpdir(), "fazhi-ledger-gap-"));
    await cp(SCJG, data, { recursive: true });
    const cases = await readFile(join(SCJG, "cases.csv"), "utf8");
    await writeFile(join(data, "cases.csv"), cases.replace("2024-03-01,2024-03-10", "2024-03-01,2024-13-10"));
    const gap = await runCheck({ rubric: RUBRIC, data, unit: "QX-SCJG", workers: 0 });
    const b5 = gap.shortfalls.find((x) => x.item === "B5")!;
    const step = "补正不完整的数据后重新自查：按已读数据本项为 6 分，数据补全前暂按 4 分计（见问题描述）";
    expect(b5.steps).toEqual([step]);
    expect(b5.actions).toEqual(["SC-002：2024年6月20日作出决定，引用已失效的清新府办〔2015〕18号（2024年1月29日起失效）"]);
    // printed with one record shown per item: the step is still there, before the records
    const printed = printCheck(gap, 1);
    const at = printed.indexOf("B5 不得引用已宣布失效的规范性文件作出执法决定");
    expect(printed.indexOf(`· ${step}`, at)).toBeGreaterThan(at);
    expect(printed.indexOf(`· ${step}`, at)).toBeLessThan(printed.indexOf("· SC-002：2024年6月20日作出决定", at));
    const ledger = ledgerRows(gap).find((r) => r.考评项目.startsWith("B5 "))!;
    expect(ledger.涉及记录).toBe(b5.actions[0]);
    expect(ledger.整改建议.split("\n")[0]).toBe(step);
    expect(ledger.整改建议).toContain(b5.remediation!);
  });

  it("has the warnings on a second sheet", () => {
    expect(warnings).toContain("P002 李四：执法证将于2024年12月31日到期（即当日），请提前办理换证");
    expect(warnings).toContain("自报执法人员持证率 100%，经核查为 50%（2/4），自报高于核查 50 个百分点。");
  });
});

describe("--out through the report templates", () => {
  it("writes the unit's HTML report, without rank for a one-unit folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-check-out-"));
    const r = await cli("check", "--rubric", RUBRIC, "--data", SCJG, "--unit", "QX-SCJG", "--out", dir, "--format", "html");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const files = (await readdir(dir)).map(String);
    const html = files.find((f) => f.endsWith(".html") && f.includes("QX-SCJG"));
    expect(html).toBeDefined();
    const text = await readFile(join(dir, html!), "utf8");
    expect(text).toContain("数据仅含本单位，不排名。");
  });
});
