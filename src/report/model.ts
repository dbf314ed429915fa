/**
 * View models for the reports: pure functions of results.json, nothing else. Everything the
 * templates show is decided here (order, grouping, what is cut and counted); templates only lay out.
 */
import type { Results, UnitResult } from "../results/types.js";
import type { ItemResult } from "../score/types.js";
import { fmtNum, fmtPercent } from "../util/format.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";
import type { StandardIndicatorKey } from "../indicators/catalog.js";
import { indicatorOf } from "../results/indicators.js";
import { adviceOf } from "../results/advice.js";
import { vetoApplies } from "../score/unit.js";

/** How many records behind a deduction a report lists before counting the rest. */
export const RECORDS_SHOWN = 8;
/** How many rejected rows per file the data-quality appendix lists. */
export const REJECTED_SHOWN = 20;

const STATE_ZH: Record<ItemResult["state"], string> = {
  scored: "已评分",
  notApplicable: "不适用",
  manual: "待评审录入",
  error: "无法评分",
};

export interface Cover {
  title: string;
  issuer: string;
  plans: { title: string; docNo: string }[];
  period: string;
  asOf: string;
}

export function cover(results: Results): Cover {
  const r = results.rubric;
  return {
    title: r.title,
    issuer: r.issuer,
    plans: r.plans.map((p) => ({ title: p.title, docNo: p.docNo ?? "" })),
    period: `${formatDayZh(parseIsoDay(r.period.start))}至${formatDayZh(parseIsoDay(r.period.end))}`,
    asOf: formatDayZh(parseIsoDay(r.asOf)),
  };
}

export const pts = (x: number | null | undefined): string => (x === null || x === undefined ? "—" : fmtNum(x));

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}

export interface ItemRow {
  id: string;
  title: string;
  max: string;
  points: string;
  state: string;
  stateClass: string;
  reason: string;
  clause: string;
  bonus: boolean;
}

export interface AreaBlock {
  id: string;
  title: string;
  max: string;
  points: string;
  bonus: boolean;
  items: ItemRow[];
}

export interface Deduction {
  id: string;
  title: string;
  lost: string;
  /** whether any record has a name (officers do, cases do not) */
  hasNames: boolean;
  records: { id: string; name: string; detail: string }[];
  more: number;
}

export interface RectificationRow {
  order: number;
  id: string;
  title: string;
  recoverable: string;
  problem: string;
  advice: string;
  records: number;
}

export interface InputRow {
  file: string;
  rows: number;
  accepted: number;
  rejected: number;
  error: string;
  samples: { line: number; column: string; value: string; reason: string }[];
  more: number;
}

export interface UnitReport {
  cover: Cover;
  unit: { id: string; name: string; category: string };
  total: string;
  totalMax: string;
  grade: string;
  gradeReason: string;
  complete: boolean;
  pending: string;
  rank: { category: string; overall: string; categorySize: number; overallSize: number };
  comparison: { categoryMean: string; categoryBest: string; gapMean: string; gapBest: string };
  /** provisional: applied only because the unit's missing rows could fire it */
  vetoes: { title: string; reason: string; provisional: boolean }[];
  areas: AreaBlock[];
  deductions: Deduction[];
  rectification: RectificationRow[];
  inputs: InputRow[];
  /** for the chart: points by area */
  chart: { labels: string[]; points: number[]; max: number[] };
}

function itemRow(i: ItemResult): ItemRow {
  return {
    id: i.id,
    title: i.title,
    max: pts(i.max),
    points: i.state === "scored" || (i.state === "notApplicable" && i.points !== null) ? pts(i.points) : "—",
    // scored from data of which rows were rejected or not read: the points stand only provisionally
    state: i.provisional ? "暂计" : STATE_ZH[i.state],
    stateClass: i.state,
    reason: i.reason,
    clause: i.source.clause,
    bonus: i.bonus === true,
  };
}

/** Points an item could still win back: its max less its points, for scored non-bonus items. */
export function recoverable(i: ItemResult): number {
  return i.state === "scored" && !i.bonus && i.points !== null ? Math.max(0, i.max - i.points) : 0;
}

function signed(x: number | null): string {
  if (x === null) return "—";
  const s = fmtNum(x);
  return x > 0 ? `+${s}` : s;
}

export function inputRows(results: Results): InputRow[] {
  return results.inputs.map((i) => ({
    file: i.file === null ? `${i.dataset}（缺失）` : `${i.file}${i.sheet !== undefined ? ` [${i.sheet}]` : ""}`,
    rows: i.rows,
    accepted: i.accepted,
    rejected: new Set(i.rejected.map((r) => r.line)).size,
    error: i.error ?? "",
    samples: i.rejected
      .slice(0, REJECTED_SHOWN)
      .map((r) => ({ line: r.line, column: r.column ?? "", value: r.value ?? "", reason: r.reason })),
    more: Math.max(0, i.rejected.length - REJECTED_SHOWN),
  }));
}

export function unitReport(results: Results, u: UnitResult): UnitReport {
  const peers = results.units.filter((x) => x.category === u.category && x.total !== null).map((x) => x.total!);
  const catMean = mean(peers);
  const catBest = peers.length ? Math.max(...peers) : null;
  const areas: AreaBlock[] = results.rubric.areas.map((a) => {
    const ar = u.areas.find((x) => x.id === a.id);
    return {
      id: a.id,
      title: a.title,
      max: pts(ar?.max),
      points: pts(ar?.points),
      bonus: a.bonus,
      items: u.items.filter((i) => i.area === a.id).map(itemRow),
    };
  });
  const lost = u.items.filter((i) => recoverable(i) > 0);
  // (each item's records read once: in results just evaluated they are written out on reading)
  const itemRecords = new Map(lost.map((i) => [i.id, i.records ?? []]));
  const deductions: Deduction[] = lost
    .filter((i) => itemRecords.get(i.id)!.length > 0)
    .map((i) => {
      const records = itemRecords.get(i.id)!;
      return {
        id: i.id,
        title: i.title,
        lost: pts(recoverable(i)),
        hasNames: records.some((r) => !!r.name),
        records: records.slice(0, RECORDS_SHOWN).map((r) => ({ id: r.id, name: r.name ?? "", detail: r.detail })),
        more: Math.max(0, records.length - RECORDS_SHOWN),
      };
    });
  const rectification = [...lost]
    .sort((a, b) => recoverable(b) - recoverable(a) || (a.id < b.id ? -1 : 1))
    .map((i, n) => ({
      order: n + 1,
      id: i.id,
      title: i.title,
      recoverable: pts(recoverable(i)),
      problem: i.reason,
      advice: adviceOf(i) ?? "对照细则要求整改。",
      records: itemRecords.get(i.id)!.length,
    }));
  const nonBonus = u.areas.filter((a) => !a.bonus);
  return {
    cover: cover(results),
    unit: { id: u.id, name: u.name, category: u.category },
    total: pts(u.total),
    totalMax: pts(results.rubric.totalPoints),
    grade: u.grade ?? "—",
    gradeReason: u.gradeReason,
    complete: u.complete,
    pending: u.pending.join("、"),
    rank: {
      category: u.rank.category === null ? "—" : String(u.rank.category),
      overall: u.rank.overall === null ? "—" : String(u.rank.overall),
      categorySize: results.units.filter((x) => x.category === u.category).length,
      overallSize: results.units.length,
    },
    comparison: {
      categoryMean: pts(catMean),
      categoryBest: pts(catBest),
      gapMean: u.total === null || catMean === null ? "—" : signed(u.total - catMean),
      gapBest: u.total === null || catBest === null ? "—" : signed(u.total - catBest),
    },
    vetoes: u.vetoes.filter(vetoApplies).map((v) => ({ title: v.title, reason: v.reason, provisional: v.provisional === true })),
    areas,
    deductions,
    rectification,
    inputs: inputRows(results),
    chart: {
      labels: nonBonus.map((a) => results.rubric.areas.find((x) => x.id === a.id)?.title ?? a.id),
      points: nonBonus.map((a) => a.points),
      max: nonBonus.map((a) => a.max),
    },
  };
}

// ---- the leadership summary -----------------------------------------------------------------

export interface SummaryReport {
  cover: Cover;
  unitCount: number;
  completeCount: number;
  categories: {
    name: string;
    mean: string;
    rows: { rank: string; overall: string; id: string; name: string; total: string; grade: string; note: string }[];
  }[];
  grades: { grade: string; count: number }[];
  /** `unit`: what follows a value on the chart ("%" for rates, "分" for scores) */
  indicators: { key: string; label: string; unit: string; note: string; labels: string[]; values: number[]; display: string[] }[];
  costly: { id: string; title: string; lost: string; units: number }[];
  costlyChart: { labels: string[]; values: number[] };
  vetoes: { unit: string; title: string; reason: string }[];
  dataProblems: InputRow[];
  unitProblems: { unit: string; items: string }[];
}

/** Indicators leadership compares across units, when the results have them (labels and formats from results.json). */
const COMPARED = [
  "certification.rate",
  "training.compliantRate",
  "cases.onlineRate",
  "reviews.averageScore",
  "cases.legalReviewRate",
  "cases.publicityTimelyRate",
] as const satisfies readonly StandardIndicatorKey[];
/** Past this many units a comparison chart shows the lowest ones only. */
export const CHART_UNITS = 30;

export function summaryReport(results: Results): SummaryReport {
  const cats = [...new Set(results.units.map((u) => u.category))];
  const categories = cats.map((name) => {
    const units = results.units
      .filter((u) => u.category === name)
      .sort((a, b) => (a.rank.category ?? Infinity) - (b.rank.category ?? Infinity) || (a.id < b.id ? -1 : 1));
    return {
      name,
      mean: pts(mean(units.filter((u) => u.total !== null).map((u) => u.total!))),
      rows: units.map((u) => ({
        rank: u.rank.category === null ? "—" : String(u.rank.category),
        overall: u.rank.overall === null ? "—" : String(u.rank.overall),
        id: u.id,
        name: u.name,
        total: pts(u.total),
        grade: u.grade ?? "—",
        note: [
          u.vetoes.some((v) => v.fired === true) ? "一票否决" : u.vetoes.some((v) => v.provisional) ? "暂按一票否决" : "",
          u.complete ? "" : "总分暂计",
        ]
          .filter(Boolean)
          .join("，"),
      })),
    };
  });
  const indicators = COMPARED.filter((key) => results.units.some((u) => typeof u.metrics[key] === "number")).map((key) => {
    const { label, format } = indicatorOf(results, key);
    const rate = format === "rate";
    const withValue = results.units
      .filter((u) => typeof u.metrics[key] === "number")
      .map((u) => ({ name: u.name, v: u.metrics[key] as number }))
      .sort((a, b) => a.v - b.v || (a.name < b.name ? -1 : 1));
    const shown = withValue.slice(0, CHART_UNITS);
    const missing = results.units.length - withValue.length;
    const notes = [];
    if (withValue.length > CHART_UNITS) notes.push(`共 ${withValue.length} 个单位，图中列出最低的 ${CHART_UNITS} 个`);
    if (missing > 0) notes.push(`${missing} 个单位无适用数据，未列入`);
    return {
      key,
      label,
      unit: rate ? "%" : "分",
      note: notes.join("；"),
      labels: shown.map((s) => s.name),
      values: shown.map((s) => (rate ? Math.round(s.v * 1000) / 10 : Math.round(s.v * 10) / 10)),
      display: shown.map((s) => (rate ? fmtPercent(s.v) : `${fmtNum(s.v, 1)} 分`)),
    };
  });
  const lostBy = new Map<string, { id: string; title: string; lost: number; units: number }>();
  for (const u of results.units)
    for (const i of u.items) {
      const r = recoverable(i);
      if (r <= 0) continue;
      const e = lostBy.get(i.id) ?? { id: i.id, title: i.title, lost: 0, units: 0 };
      e.lost += r;
      e.units++;
      lostBy.set(i.id, e);
    }
  const costlyAll = [...lostBy.values()].sort((a, b) => b.lost - a.lost || (a.id < b.id ? -1 : 1)).slice(0, 10);
  return {
    cover: cover(results),
    unitCount: results.units.length,
    completeCount: results.units.filter((u) => u.complete).length,
    categories,
    grades: Object.entries(results.summary.byGrade).map(([grade, count]) => ({ grade, count })),
    indicators,
    costly: costlyAll.map((c) => ({ id: c.id, title: c.title, lost: pts(c.lost), units: c.units })),
    costlyChart: { labels: costlyAll.map((c) => `${c.id} ${c.title}`), values: costlyAll.map((c) => Math.round(c.lost * 100) / 100) },
    vetoes: results.units.flatMap((u) => u.vetoes.filter(vetoApplies).map((v) => ({ unit: u.name, title: v.title, reason: v.reason }))),
    dataProblems: inputRows(results).filter((i) => i.rejected > 0 || i.error),
    unitProblems: results.units
      .filter((u) => !u.complete)
      .map((u) => ({
        unit: u.name,
        items: u.items
          .filter((i) => i.state === "error" || i.state === "manual" || i.provisional)
          .map((i) => `${i.id} ${i.title}（${i.provisional ? "暂计" : STATE_ZH[i.state]}）`)
          .join("；"),
      })),
  };
}
