/**
 * A unit's self-check (fazhi check): the unit scored as the 司法局 would score it, on an
 * as-of day of its choosing, then every item short of full points with what would recover
 * them, ordered by the points they are worth, and warnings of what is coming: certificates
 * expiring, officers on course to miss the training hours, milestones falling due.
 *
 * The data folder may hold only the unit's own data (a department does not have the
 * others'): the rank is then omitted, never faked.
 */
import { loadRubric, type LoadedRubric } from "../rubric/load.js";
import type { Rubric } from "../rubric/schema.js";
import { evaluate, loadOptionsFor } from "../evaluate.js";
import { loadData } from "../data/folder.js";
import type { ColumnMapping, LoadedData } from "../data/types.js";
import { formatDay, formatDayZh, parseIsoDay, tryParseIsoDay } from "../data/dates.js";
import { taskOccurrences } from "../indicators/milestones.js";
import { InputError } from "../errors.js";
import { dataProblemGroups } from "./data-problems.js";
import { fmtNum } from "../util/format.js";
import type { UnitResult } from "../results/types.js";
import type { CertificateWarning, CheckReport, HoursWarning, MilestoneWarning, Shortfall } from "./types.js";

export interface CheckOptions {
  rubric: string | LoadedRubric;
  data: string;
  unit: string;
  /** ISO date overriding the rubric's asOf: certificates are judged on it, later deadlines are not yet due */
  asOf?: string;
  mapping?: ColumnMapping;
  workers?: number;
  /** 整改时限 when the rubric gives none: this many days after the as-of day (default 30) */
  defaultDays?: number;
  /** warn of certificates expiring within this many days of the as-of day (default 90) */
  certificateDays?: number;
  /** warn of milestones falling due within this many days of the as-of day (default 30) */
  milestoneDays?: number;
}

/** The rubric with another as-of day (checked: a real date within the period, or up to the rubric's own asOf). */
export function withAsOf(loaded: LoadedRubric, asOf: string | undefined): LoadedRubric {
  if (asOf === undefined) return loaded;
  const day = tryParseIsoDay(asOf);
  if (day === null) throw new InputError(`--as-of「${asOf}」不是有效日期，应写作 YYYY-MM-DD，如 2024-06-30`);
  const { period } = loaded.rubric;
  if (day < parseIsoDay(period.start))
    throw new InputError(`--as-of ${asOf} 早于考核期开始（${formatDayZh(parseIsoDay(period.start))}），无法自查`);
  const last = Math.max(parseIsoDay(period.end), loaded.rubric.asOf ? parseIsoDay(loaded.rubric.asOf) : -Infinity);
  if (day > last)
    throw new InputError(
      `--as-of ${asOf} 晚于考核期结束（${formatDayZh(parseIsoDay(period.end))}）${last > parseIsoDay(period.end) ? `和细则的判定日（${formatDayZh(last)}）` : ""}，无法自查；自查日期应在考核期内`,
    );
  return { ...loaded, rubric: { ...loaded.rubric, asOf: formatDay(day) } };
}

export async function runCheck(opts: CheckOptions): Promise<CheckReport> {
  const loaded = withAsOf(typeof opts.rubric === "string" ? await loadRubric(opts.rubric) : opts.rubric, opts.asOf);
  const { rubric } = loaded;
  const { results } = await evaluate({
    rubric: loaded,
    data: opts.data,
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
  });
  const found = results.units.find((u) => u.id === opts.unit);
  if (!found) {
    const ids = results.units
      .slice(0, 10)
      .map((u) => `${u.id}（${u.name}）`)
      .join("、");
    throw new InputError(
      `数据中没有单位“${opts.unit}”。${ids ? `执法单位表中有：${ids}${results.units.length > 10 ? " 等" : ""}` : "执法单位表为空。"}`,
    );
  }
  const singleUnit = results.units.length === 1;
  const unit: UnitResult = singleUnit ? { ...found, rank: { category: null, overall: null } } : found;
  const shown = singleUnit ? { ...results, units: [unit] } : results;
  const asOf = parseIsoDay(rubric.asOf ?? rubric.period.end);
  // the rows themselves (evaluate aggregates training while it streams and keeps none)
  const data = await loadData(opts.data, loadOptionsFor(rubric, opts.mapping));
  return {
    results: shown,
    unit,
    asOf: formatDay(asOf),
    singleUnit,
    shortfalls: shortfalls(rubric, unit, asOf, opts.defaultDays ?? 30),
    discrepancies: unit.discrepancies ?? [],
    dataProblems: dataProblemGroups(data, unit.id, singleUnit),
    warnings: {
      certificates: certificateWarnings(data, unit.id, asOf, opts.certificateDays ?? 90),
      hours: hoursWarnings(rubric, data, unit.id, asOf),
      milestones: milestoneWarnings(rubric, data, unit, asOf, opts.milestoneDays ?? 30),
    },
  };
}

/** Items short of full points, most points recoverable first (then rubric order). */
export function shortfalls(rubric: Rubric, unit: UnitResult, asOf: number, defaultDays = 30): Shortfall[] {
  const baseMax = unit.areas.filter((a) => !a.bonus).reduce((s, a) => s + a.max, 0);
  const scaleOf = new Map(rubric.areas.map((a) => [a.id, a.points / a.items.reduce((s, i) => s + i.max, 0)]));
  const itemDefs = new Map(rubric.areas.flatMap((a) => a.items.map((i) => [i.id, i] as const)));
  const end = parseIsoDay(rubric.period.end);
  const fallback = asOf < end ? Math.min(end, asOf + defaultDays) : asOf + defaultDays;
  const out: (Shortfall & { order: number })[] = [];
  unit.items.forEach((it, order) => {
    if (it.bonus) return;
    const pending = it.state === "manual" || it.state === "error";
    if (!pending && (it.points === null || it.points >= it.max)) return;
    const recoverable = it.max - (it.points ?? 0);
    const def = itemDefs.get(it.id);
    const records = it.records ?? [];
    const actions = records.map((r) => `${r.id}${r.name ? ` ${r.name}` : ""}：${r.detail}`);
    // what the unit does besides putting the records right: its data first, when the score rests on a gap
    const steps: string[] = [];
    if (it.asRead !== undefined)
      steps.push(
        `补正不完整的数据后重新自查：按已读数据本项为 ${fmtNum(it.asRead)} 分，数据补全前暂按 ${fmtNum(it.points ?? 0)} 分计（见问题描述）`,
      );
    let deadline = fallback;
    if (def?.scoring.type === "deadline") {
      const s = def.scoring;
      const task = rubric.tasks.find((t) => t.id === s.task);
      if (task) {
        const next = taskOccurrences(task, rubric.period).find((d) => d > asOf);
        if (next !== undefined) deadline = next;
        if (unit.metrics[`milestone.${task.id}`] === null && !pending)
          steps.push(`尽快完成“${task.title}”并向考评机关报送完成情况及佐证材料`);
      }
    }
    for (const d of unit.discrepancies ?? [])
      if (d.items.includes(it.id)) steps.push(`核实并如实更正自报数据：${d.text.replace(/。$/, "")}`);
    if (it.state === "manual") steps.push("待考评机关评审录入，请准备相关佐证材料");
    if (it.state === "error") steps.push("所需数据无法使用，请按提示修正数据文件后重新自查");
    const raw = recoverable * (scaleOf.get(it.area) ?? 1);
    out.push({
      item: it.id,
      area: it.area,
      title: it.title,
      max: it.max,
      points: it.points,
      state: it.state,
      recoverable: round2(recoverable),
      recoverableTotal: round2(baseMax > 0 ? (raw * rubric.totalPoints) / baseMax : raw),
      problem: it.reason,
      steps,
      actions,
      records,
      remediation: it.remediation ?? null,
      deadline: formatDay(deadline),
      source: it.source,
      order,
    });
  });
  out.sort((a, b) => b.recoverableTotal - a.recoverableTotal || b.recoverable - a.recoverable || a.order - b.order);
  return out.map(({ order: _order, ...s }) => s);
}

const round2 = (x: number) => Math.round(x * 100 + (x >= 0 ? 1e-7 : -1e-7)) / 100;

interface OfficerRow {
  id: string;
  name: string;
  inPost: boolean;
  certificateNo: string | null;
  status: string | null;
  expires: number | null;
}

function unitOfficers(data: LoadedData, unitId: string): OfficerRow[] {
  const rows = data.datasets.officers?.error ? [] : (data.datasets.officers?.records ?? []);
  return rows
    .filter((r) => r.values.unit_id === unitId)
    .map((r) => ({
      id: r.values.officer_id as string,
      name: r.values.name as string,
      inPost: r.values.in_enforcement_post === true,
      certificateNo: (r.values.certificate_no as string | null) ?? null,
      status: (r.values.certificate_status as string | null) ?? null,
      expires: (r.values.certificate_expires as number | null) ?? null,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Certificates of officers in post that have expired by the as-of day or expire within `within` days of it. */
export function certificateWarnings(data: LoadedData, unitId: string, asOf: number, within = 90): CertificateWarning[] {
  const out: CertificateWarning[] = [];
  for (const o of unitOfficers(data, unitId)) {
    if (!o.inPost || !o.certificateNo || o.expires === null || (o.status && o.status !== "有效")) continue;
    const days = o.expires - asOf;
    if (days > within) continue;
    const text =
      days < 0
        ? `${o.id} ${o.name}：执法证已于${formatDayZh(o.expires)}到期，应立即办理换证，换证前不得独立执法`
        : `${o.id} ${o.name}：执法证将于${formatDayZh(o.expires)}到期（${days === 0 ? "即当日" : `还有 ${days} 天`}），请提前办理换证`;
    out.push({ officer: o.id, name: o.name, expires: formatDay(o.expires), days, text });
  }
  return out.sort((a, b) => a.days - b.days || (a.officer < b.officer ? -1 : 1));
}

/**
 * Hours counted per officer of the unit, from the period's start to the as-of day: the
 * counted kinds only; 学时 as given, or minutes ÷ minutesPerHour.
 */
export function officerHours(rubric: Rubric, data: LoadedData, unitId: string, asOf: number): Map<string, number> {
  const p = rubric.parameters;
  const kinds = new Set(p.trainingKinds);
  const start = parseIsoDay(rubric.period.start);
  const last = Math.min(asOf, parseIsoDay(rubric.period.end));
  const officers = new Set(unitOfficers(data, unitId).map((o) => o.id));
  // whole ticks of 1/10000 minute, as the indicator counts them, so 60.0 学时 is exact
  const ticks = new Map<string, number>([...officers].map((id) => [id, 0]));
  const rows = data.datasets.training?.error ? [] : (data.datasets.training?.records ?? []);
  for (const r of rows) {
    const v = r.values;
    const id = v.officer_id as string;
    const day = v.date as number;
    if (!officers.has(id) || day < start || day > last || !kinds.has(v.kind as string)) continue;
    const hours = v.hours as number | null;
    const minutes = v.minutes as number | null;
    const t = hours !== null && hours !== undefined ? Math.round(hours * p.minutesPerHour * 10_000) : Math.round((minutes ?? 0) * 10_000);
    ticks.set(id, ticks.get(id)! + t);
  }
  return new Map([...ticks].map(([id, t]) => [id, t / 10_000 / p.minutesPerHour]));
}

/**
 * Officers in post whose hours so far, at their pace (hours ÷ days elapsed × days in the
 * period), fall short of trainingMinHours by the period's end. Only before the period ends:
 * after it, the shortfall is a deduction, not a forecast.
 */
export function hoursWarnings(rubric: Rubric, data: LoadedData, unitId: string, asOf: number): HoursWarning[] {
  const start = parseIsoDay(rubric.period.start);
  const end = parseIsoDay(rubric.period.end);
  if (asOf >= end || asOf < start || !data.datasets.training || data.datasets.training.error) return [];
  const target = rubric.parameters.trainingMinHours;
  const elapsed = asOf - start + 1;
  const length = end - start + 1;
  const hours = officerHours(rubric, data, unitId, asOf);
  const out: HoursWarning[] = [];
  for (const o of unitOfficers(data, unitId)) {
    if (!o.inPost) continue;
    const h = hours.get(o.id) ?? 0;
    if (h >= target - 1e-9) continue;
    const projected = (h / elapsed) * length;
    if (projected >= target - 1e-9) continue;
    out.push({
      officer: o.id,
      name: o.name,
      hoursSoFar: h,
      projected,
      target,
      text: `${o.id} ${o.name}：截至${formatDayZh(asOf)}已计 ${fmtNum(h, 1)} 学时，按目前进度全年约 ${fmtNum(projected, 1)} 学时，${formatDayZh(end)}前还需 ${fmtNum(target - h, 1)} 学时`,
    });
  }
  return out.sort((a, b) => a.hoursSoFar - b.hoursSoFar || (a.officer < b.officer ? -1 : 1));
}

/** Milestones of tasks the unit is scored on, due within `within` days after the as-of day and not yet reported. */
export function milestoneWarnings(
  rubric: Rubric,
  data: LoadedData,
  unit: Pick<UnitResult, "id" | "category">,
  asOf: number,
  within = 30,
): MilestoneWarning[] {
  const reports = new Map<string, number[]>();
  const rows = data.datasets.milestones?.error ? [] : (data.datasets.milestones?.records ?? []);
  for (const r of rows) {
    if (r.values.unit_id !== unit.id) continue;
    const t = r.values.task_id as string;
    reports.set(t, [...(reports.get(t) ?? []), r.values.done as number]);
  }
  const tasks = new Set<string>();
  for (const area of rubric.areas)
    for (const item of area.items)
      if (item.scoring.type === "deadline" && (!item.categories || item.categories.includes(unit.category))) tasks.add(item.scoring.task);
  const out: MilestoneWarning[] = [];
  for (const task of rubric.tasks) {
    if (!tasks.has(task.id)) continue;
    const occ = taskOccurrences(task, rubric.period);
    occ.forEach((due, i) => {
      if (due <= asOf || due > asOf + within) return;
      const after = i === 0 ? -Infinity : occ[i - 1]!;
      if ((reports.get(task.id) ?? []).some((d) => d > after)) return;
      const days = due - asOf;
      out.push({
        task: task.id,
        title: task.title,
        due: formatDay(due),
        days,
        text: `“${task.title}”（${task.id}）应于${formatDayZh(due)}前完成（还有 ${days} 天），尚未报送完成情况`,
      });
    });
  }
  return out.sort((a, b) => a.days - b.days);
}
