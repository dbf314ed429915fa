/**
 * The small files of a data set, one row per unit (or per unit and task/indicator):
 * units.csv, milestones.csv, documents.csv and indicators.csv, all UTF-8.
 */
import { CsvWriter } from "./csv-writer.js";
import { day, iso, slash, type Day } from "./dates.js";
import type { UnitCertStats } from "./officers.js";
import { Rng } from "./prng.js";
import { INVALIDATED, INVALIDATED_ON, STILL_VALID } from "./qingxin-docs.js";
import type { Log } from "./report.js";
import type { Unit } from "./units.js";

export async function writeUnits(path: string, units: readonly Unit[]): Promise<number> {
  const w = CsvWriter.open(path, "utf8", ["单位编码", "单位名称", "单位类别", "上级单位编码"]);
  for (const u of units) {
    w.row([u.id, u.name, u.category, u.parent]);
    if (w.full) await w.flush();
  }
  await w.close();
  return w.rows;
}

/** The tasks of 清新府办〔2024〕4号 the rubric checks, with their deadlines. */
export const TASKS: readonly { id: string; deadline: Day; evidence: string; townsOnly?: true }[] = [
  { id: "QX-TAIZHANG", deadline: day(2024, 3, 31), evidence: "专项整治台账及报区司法局备案回执" },
  { id: "QX-LUNXUN", deadline: day(2024, 6, 30), evidence: "全员轮训通知、签到表及课件" },
  { id: "QX-ZHENGZHI", deadline: day(2024, 6, 30), evidence: "专项整治情况报告及报送函" },
  { id: "QX-QUANZE", deadline: day(2024, 6, 30), evidence: "权责清单事项认领截图及对外公布网址" },
  { id: "QX-XIAFANG", deadline: day(2024, 12, 31), evidence: "下放行政执法事项评估报告", townsOnly: true },
];

export async function writeMilestones(path: string, seed: number, units: readonly Unit[], log: Log): Promise<number> {
  const rng = new Rng(seed, "milestones");
  const unitIds = new Set(units.map((u) => u.id));
  const w = CsvWriter.open(path, "utf8", ["单位编码", "任务编号", "完成日期", "佐证材料"]);
  let total = 0;
  for (const u of units) for (const t of TASKS) if (!t.townsOnly || u.category === "镇人民政府") total++;
  const badAt = [Math.floor(total * rng.range(0.2, 0.45)), Math.floor(total * rng.range(0.55, 0.9))];
  let n = 0;
  for (const u of units) {
    for (const t of TASKS) {
      if (t.townsOnly && u.category !== "镇人民政府") continue;
      n++;
      // real units miss only the tasks their profile names; invented ones now and then miss one
      if (u.profile.missingTasks.includes(t.id) || (rng.chance(0.005) && u.parent !== "QX")) continue;
      const late = rng.chance(u.profile.milestoneLate);
      const done = late
        ? t.deadline + (rng.chance(0.6) ? rng.int(1, 10) : rng.int(14, 42))
        : t.deadline - Math.floor(rng.next() ** 2 * (t.id === "QX-TAIZHANG" ? 30 : 50));
      const cells = [u.id, t.id, rng.chance(0.05) ? slash(done) : iso(done), t.evidence];
      if (badAt[0] !== undefined && n >= badAt[0] && t.deadline === day(2024, 6, 30)) {
        badAt.shift();
        if (badAt.length === 1) {
          cells[2] = "2024-06-31";
          log.badRow({
            file: "milestones.csv",
            line: w.line + 1,
            column: "完成日期",
            value: cells[2],
            what: "不存在的日期 / impossible date",
          });
        } else {
          let typo = u.id.slice(0, -1);
          while (unitIds.has(typo)) typo += "X";
          cells[0] = typo;
          log.badRow({
            file: "milestones.csv",
            line: w.line + 1,
            column: "单位编码",
            value: typo,
            what: `单位编码不在 units.csv 中 / unit id not in units.csv (typo of ${u.id})`,
          });
        }
      }
      w.row(cells);
      if (w.full) await w.flush();
    }
  }
  await w.close();
  return w.rows;
}

export async function writeDocuments(path: string): Promise<number> {
  const w = CsvWriter.open(path, "utf8", ["文号", "标题", "状态", "失效日期"]);
  for (const d of INVALIDATED) w.row([d.docNo, d.title, "失效", INVALIDATED_ON]);
  for (const d of STILL_VALID) w.row([d.docNo, d.title, "有效", ""]);
  await w.close();
  return w.rows;
}

function percent(x: number): string {
  const s = (Math.round(x * 1000) / 10).toFixed(1);
  return (s.endsWith(".0") ? s.slice(0, -2) : s) + "%";
}

export async function writeIndicators(
  path: string,
  seed: number,
  units: readonly Unit[],
  stats: readonly UnitCertStats[],
): Promise<number> {
  const rng = new Rng(seed, "indicators");
  const w = CsvWriter.open(path, "utf8", ["单位编码", "指标编码", "数值", "佐证材料"]);
  units.forEach((u, k) => {
    const p = u.profile;
    const town = u.category === "镇人民政府";
    w.row([
      u.id,
      "funding_guaranteed",
      p.funding ? "是" : "否",
      p.funding ? "2024年部门预算批复（行政执法工作经费）" : "经费未单列，从部门公用经费中列支",
    ]);
    const advisers = u.id.endsWith("-SFJ") ? rng.int(4, 6) : town ? rng.int(0, 2) : rng.int(1, 4);
    w.row([u.id, "legal_advisers", String(advisers), advisers > 0 ? "公职律师证书及法律顾问聘用合同" : ""]);
    const s = stats[k]!;
    if (s.inPost > 0) {
      const rate = p.falseReport ? "100%" : percent(s.validAtEnd / s.inPost);
      w.row([u.id, "certification_rate_reported", rate, "本单位行政执法人员持证情况统计表"]);
    }
    const practices = rng.weighted<number>([
      [0, 75],
      [1, 17],
      [2, 6],
      [3, 2],
    ]);
    w.row([u.id, "typical_practices", String(practices), practices > 0 ? "上级转发推广文件" : ""]);
    w.row([
      u.id,
      "major_illegal_act",
      p.majorIllegalAct ? "是" : "否",
      p.majorIllegalAct ? "行政复议决定书（行政处罚决定被确认违法）" : "",
    ]);
    if (p.guidanceScore !== null) w.row([u.id, "case_guidance_score", String(p.guidanceScore), "区司法局案例指导和考核评议评分表"]);
  });
  await w.close();
  return w.rows;
}
