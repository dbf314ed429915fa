/** The year-on-year comparison as the CLI prints it, in Chinese. */
import { fmtNum } from "../util/format.js";
import { renderTable } from "../util/table.js";
import type { Comparison, UnitComparison, UnitSnapshot } from "./compare.js";

const total = (s: UnitSnapshot) => (s.total === null ? "—" : fmtNum(s.total) + (s.complete ? "" : "*"));
const rank = (s: UnitSnapshot) => (s.rank.overall === null ? "—" : `${s.rank.overall}/${s.of}`);
const signed = (x: number | null) => (x === null ? "—" : x > 0 ? `+${fmtNum(x)}` : x < 0 ? `-${fmtNum(-x)}` : "0");

export function comparisonTable(c: Comparison): string {
  const rows = c.units.map((u) => [
    u.id,
    u.name,
    total(u.before),
    total(u.after),
    signed(u.totalDelta),
    `${u.before.grade ?? "—"} → ${u.after.grade ?? "—"}`,
    `${rank(u.before)} → ${rank(u.after)}`,
    `${u.before.rank.category ?? "—"} → ${u.after.rank.category ?? "—"}`,
  ]);
  return renderTable(["单位编码", "单位名称", "上期总分", "本期总分", "变化", "等次", "总排名", "类别内排名"], rows, new Set([2, 3, 4]));
}

export function printComparison(c: Comparison, opts: { unit?: string; all?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`同比：${c.before.title}（${c.before.rubricId}） → ${c.after.title}（${c.after.rubricId}）`);
  out.push(`上期 ${c.before.units} 个单位，本期 ${c.after.units} 个单位，两期均有 ${c.units.length} 个`);
  const units = opts.unit ? c.units.filter((u) => u.id === opts.unit) : c.units;
  out.push("");
  out.push(opts.unit ? comparisonTable({ ...c, units }) : comparisonTable(c));
  const up = c.units.filter((u) => (u.totalDelta ?? 0) > 0).length;
  const down = c.units.filter((u) => (u.totalDelta ?? 0) < 0).length;
  if (!opts.unit)
    out.push(`\n总分上升 ${up} 个，下降 ${down} 个${c.units.some((u) => !u.after.complete || !u.before.complete) ? "；* 为暂计总分" : ""}`);
  if (c.onlyBefore.length) out.push(`仅上期有的单位：${c.onlyBefore.map((u) => `${u.id} ${u.name}`).join("、")}`);
  if (c.onlyAfter.length) out.push(`仅本期有的单位：${c.onlyAfter.map((u) => `${u.id} ${u.name}`).join("、")}`);
  for (const u of units) {
    out.push("");
    out.push(unitDetail(u, opts.all ?? false));
  }
  return out.join("\n");
}

export function unitDetail(u: UnitComparison, all = false): string {
  const out: string[] = [];
  out.push(
    `【${u.id} ${u.name}（${u.category}）】总分 ${total(u.before)} → ${total(u.after)}（${signed(u.totalDelta)}），等次 ${u.before.grade ?? "—"} → ${u.after.grade ?? "—"}，总排名 ${rank(u.before)} → ${rank(u.after)}`,
  );
  if (u.gained.length)
    out.push(
      `  得分增加：${u.gained.map((i) => `${i.id} ${i.title} ${fmtNum(i.before)} → ${fmtNum(i.after)}（${signed(i.delta)}）`).join("；")}`,
    );
  if (u.lost.length)
    out.push(
      `  得分减少：${u.lost.map((i) => `${i.id} ${i.title} ${fmtNum(i.before)} → ${fmtNum(i.after)}（${signed(i.delta)}）`).join("；")}`,
    );
  if (u.uncompared.length) out.push(`  无法比较：${u.uncompared.map((i) => `${i.id} ${i.title} ${i.before} → ${i.after}`).join("；")}`);
  if (u.onlyBefore.length) out.push(`  仅上期细则有的项目：${u.onlyBefore.map((i) => `${i.id} ${i.title}`).join("；")}`);
  if (u.onlyAfter.length) out.push(`  仅本期细则有的项目：${u.onlyAfter.map((i) => `${i.id} ${i.title}`).join("；")}`);
  const ind = all ? u.indicators : u.indicators.filter((i) => i.changed);
  if (ind.length) {
    out.push("  指标变化：");
    for (const i of ind) out.push(`    · ${i.text}`);
  }
  for (const d of u.discrepancies.before) out.push(`  ! 上期自报不实：${d.text}`);
  for (const d of u.discrepancies.after) out.push(`  ! 本期自报不实：${d.text}`);
  return out.join("\n");
}
