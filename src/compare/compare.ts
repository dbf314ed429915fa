/**
 * Year on year (fazhi compare): two results.json files, units matched by id and items by id.
 * An item present in only one year is listed as such, never counted as zero; indicator
 * changes are given for every metric both years have a value for, rates in 个百分点.
 */
import type { IndicatorDescription, Results, UnitResult } from "../results/types.js";
import type { Discrepancy } from "../results/discrepancies.js";
import type { IndicatorFormat } from "../indicators/catalog.js";
import { indicatorOf } from "../results/indicators.js";
import { fmtNum, round } from "../util/format.js";
import { formatDayZh, parseIsoDay, tryParseIsoDay } from "../data/dates.js";

export interface UnitSnapshot {
  total: number | null;
  complete: boolean;
  grade: string | null;
  rank: { overall: number | null; category: number | null };
  /** units ranked in that file (for "3/24") */
  of: number;
}

export interface ItemChange {
  id: string;
  title: string;
  before: number;
  after: number;
  delta: number;
}

export interface ItemOnlyIn {
  id: string;
  title: string;
  points: number | null;
  max: number;
}

/** An item in both years whose points cannot be compared (not applicable, pending, error in one of them). */
export interface ItemUncompared {
  id: string;
  title: string;
  before: string;
  after: string;
}

export interface IndicatorChange {
  key: string;
  label: string;
  format: IndicatorFormat;
  before: number | boolean | string;
  after: number | boolean | string;
  /** after − before for numbers (rates as fractions), null otherwise */
  delta: number | null;
  changed: boolean;
  /** "持证率 92.1% → 98.0%，+5.9 个百分点" */
  text: string;
}

export interface UnitComparison {
  id: string;
  name: string;
  category: string;
  before: UnitSnapshot;
  after: UnitSnapshot;
  /** after.total − before.total; null when either is null */
  totalDelta: number | null;
  gained: ItemChange[];
  lost: ItemChange[];
  unchanged: string[];
  uncompared: ItemUncompared[];
  onlyBefore: ItemOnlyIn[];
  onlyAfter: ItemOnlyIn[];
  indicators: IndicatorChange[];
  discrepancies: { before: Discrepancy[]; after: Discrepancy[] };
}

export interface ComparedFile {
  rubricId: string;
  title: string;
  asOf: string;
  period: { start: string; end: string };
  units: number;
}

export interface Comparison {
  before: ComparedFile;
  after: ComparedFile;
  /** units in both files, in the later file's rank order */
  units: UnitComparison[];
  onlyBefore: { id: string; name: string; category: string }[];
  onlyAfter: { id: string; name: string; category: string }[];
}

export type IndicatorLook = Pick<IndicatorDescription, "label" | "format" | "unit">;
export type MetaLookup = (key: string) => IndicatorLook | undefined;

const STATE_TEXT = { scored: "已评分", notApplicable: "不适用", manual: "待录入", error: "无法评分" } as const;

/**
 * Compares two results. Labels and formats come from the later file's `indicators` table, then
 * the earlier one's; `meta` (a rubric, say) serves files written before results.json had the table.
 */
export function compareResults(earlier: Results, later: Results, meta?: MetaLookup): Comparison {
  const lookup: MetaLookup = (key) => later.indicators?.[key] ?? earlier.indicators?.[key] ?? meta?.(key);
  const beforeById = new Map(earlier.units.map((u) => [u.id, u]));
  const afterIds = new Set(later.units.map((u) => u.id));
  const units: UnitComparison[] = [];
  for (const a of later.units) {
    const b = beforeById.get(a.id);
    if (b) units.push(compareUnit(b, a, earlier.units.length, later.units.length, lookup));
  }
  const brief = (u: UnitResult) => ({ id: u.id, name: u.name, category: u.category });
  return {
    before: file(earlier),
    after: file(later),
    units,
    onlyBefore: earlier.units.filter((u) => !afterIds.has(u.id)).map(brief),
    onlyAfter: later.units.filter((u) => !beforeById.has(u.id)).map(brief),
  };
}

/** The change in a unit's total, or null when the unit is not in both or a total is missing. */
export function totalDelta(comparison: Comparison, unitId: string): number | null {
  return comparison.units.find((u) => u.id === unitId)?.totalDelta ?? null;
}

function file(r: Results): ComparedFile {
  return { rubricId: r.rubric.id, title: r.rubric.title, asOf: r.rubric.asOf, period: r.rubric.period, units: r.units.length };
}

function snapshot(u: UnitResult, of: number): UnitSnapshot {
  return { total: u.total, complete: u.complete, grade: u.grade, rank: { overall: u.rank.overall, category: u.rank.category }, of };
}

export function compareUnit(b: UnitResult, a: UnitResult, ofBefore: number, ofAfter: number, meta?: MetaLookup): UnitComparison {
  const bItems = new Map(b.items.map((i) => [i.id, i]));
  const aIds = new Set(a.items.map((i) => i.id));
  const gained: ItemChange[] = [];
  const lost: ItemChange[] = [];
  const unchanged: string[] = [];
  const uncompared: ItemUncompared[] = [];
  const onlyAfter: ItemOnlyIn[] = [];
  for (const ai of a.items) {
    const bi = bItems.get(ai.id);
    if (!bi) {
      onlyAfter.push({ id: ai.id, title: ai.title, points: ai.points, max: ai.max });
      continue;
    }
    if (bi.points === null || ai.points === null || bi.state !== "scored" || ai.state !== "scored") {
      if (bi.state !== ai.state || bi.points !== ai.points)
        uncompared.push({ id: ai.id, title: ai.title, before: itemText(bi), after: itemText(ai) });
      continue;
    }
    const delta = round(ai.points - bi.points, 4);
    const change = { id: ai.id, title: ai.title, before: bi.points, after: ai.points, delta };
    if (delta > 0) gained.push(change);
    else if (delta < 0) lost.push(change);
    else unchanged.push(ai.id);
  }
  const onlyBefore = b.items.filter((i) => !aIds.has(i.id)).map((i) => ({ id: i.id, title: i.title, points: i.points, max: i.max }));
  gained.sort((x, y) => y.delta - x.delta);
  lost.sort((x, y) => x.delta - y.delta);
  return {
    id: a.id,
    name: a.name,
    category: a.category,
    before: snapshot(b, ofBefore),
    after: snapshot(a, ofAfter),
    totalDelta: a.total === null || b.total === null ? null : round(a.total - b.total, 4),
    gained,
    lost,
    unchanged,
    uncompared,
    onlyBefore,
    onlyAfter,
    indicators: compareMetrics(b.metrics, a.metrics, meta),
    discrepancies: { before: b.discrepancies ?? [], after: a.discrepancies ?? [] },
  };
}

function itemText(i: UnitResult["items"][number]): string {
  return i.state === "scored" || (i.state === "notApplicable" && i.points !== null)
    ? `${fmtNum(i.points!)}/${fmtNum(i.max)}`
    : STATE_TEXT[i.state];
}

/** The label and format of a metric key: the lookup given, else the standard catalogue or the key itself. */
function metaOf(key: string, meta?: MetaLookup): IndicatorLook {
  return meta?.(key) ?? indicatorOf({}, key);
}

export function compareMetrics(before: UnitResult["metrics"], after: UnitResult["metrics"], meta?: MetaLookup): IndicatorChange[] {
  const out: IndicatorChange[] = [];
  for (const [key, av] of Object.entries(after)) {
    if (!(key in before)) continue;
    const bv = before[key];
    if (bv === null || bv === undefined || av === null || av === undefined) continue;
    const m = metaOf(key, meta);
    out.push(indicatorChange(key, m, bv, av));
  }
  return out;
}

/** "持证率 92.1% → 98.0%，+5.9 个百分点"; "办结案件数 12 件 → 15 件，+3 件"; "…，持平". */
export function indicatorChange(
  key: string,
  m: IndicatorLook,
  bv: number | boolean | string,
  av: number | boolean | string,
): IndicatorChange {
  const base = { key, label: m.label, format: m.format, before: bv, after: av };
  if (typeof bv !== "number" || typeof av !== "number") {
    // booleans and dates (ISO strings in results.json)
    const show = (v: number | boolean | string) =>
      typeof v === "boolean"
        ? v
          ? "是"
          : "否"
        : typeof v === "string" && tryParseIsoDay(v) !== null
          ? formatDayZh(parseIsoDay(v))
          : String(v);
    const changed = bv !== av;
    return { ...base, delta: null, changed, text: changed ? `${m.label} ${show(bv)} → ${show(av)}` : `${m.label} ${show(av)}，未变` };
  }
  const delta = av - bv;
  const changed = Math.abs(delta) > 1e-9;
  let from: string, to: string, diff: string;
  switch (m.format) {
    case "rate":
      from = pct(bv);
      to = pct(av);
      diff = `${signed(delta * 100, 1, true)} 个百分点`;
      break;
    case "hours":
      from = `${fmtNum(bv, 1)} 学时`;
      to = `${fmtNum(av, 1)} 学时`;
      diff = `${signed(delta, 1)} 学时`;
      break;
    case "score":
      from = `${fmtNum(bv, 1)} 分`;
      to = `${fmtNum(av, 1)} 分`;
      diff = `${signed(delta, 1)} 分`;
      break;
    case "days":
      from = `${fmtNum(bv)} 天`;
      to = `${fmtNum(av)} 天`;
      diff = `${signed(delta, 2)} 天`;
      break;
    case "count": {
      const unit = m.unit ?? "个";
      from = `${fmtNum(bv)} ${unit}`;
      to = `${fmtNum(av)} ${unit}`;
      diff = `${signed(delta, 2)} ${unit}`;
      break;
    }
    default: {
      const unit = m.unit ? ` ${m.unit}` : "";
      from = `${fmtNum(bv)}${unit}`;
      to = `${fmtNum(av)}${unit}`;
      diff = `${signed(delta, 2)}${unit}`;
    }
  }
  return { ...base, delta, changed, text: `${m.label} ${from} → ${to}，${changed ? diff : "持平"}` };
}

/** 0.98 → "98.0%": one decimal, never 100.0% for a rate below 1. */
function pct(rate: number): string {
  let d = 1;
  let s = round(rate * 100, d).toFixed(d);
  while (d < 4 && rate < 1 && s === (100).toFixed(d)) s = round(rate * 100, ++d).toFixed(d);
  return `${s}%`;
}

/** +5.9 / -1; `fixed`: always `decimals` places (+50.0). */
function signed(x: number, decimals: number, fixed = false): string {
  const r = round(x, decimals);
  const abs = fixed ? Math.abs(r).toFixed(decimals) : fmtNum(Math.abs(r), decimals);
  return r > 0 ? `+${abs}` : r < 0 ? `-${abs}` : fixed ? (0).toFixed(decimals) : "0";
}
