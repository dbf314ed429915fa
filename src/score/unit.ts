/**
 * Stage 4: scores every item for every unit. All unit conditions of the rubric live in one
 * json-rules-engine engine, run once per unit over that unit's indicators.
 */
import type { Rubric } from "../rubric/schema.js";
import type { IndicatorValue, UnitIndicators } from "../indicators/types.js";
import { ConditionSet, decide, describeCondition, factsOf } from "../rubric/conditions.js";
import { indicatorMeta } from "../indicators/describe.js";
import type { IndicatorMeta } from "../indicators/catalog.js";
import { factPhrase, fmtConstant, fmtValue, round } from "../util/format.js";
import { conditionName, scoreItem } from "./item.js";
import { patternOf } from "./patterns.js";
import { indicatorFacts } from "./unit-facts.js";
import { constantsOf, eachCorner } from "./corners.js";
import type { ItemResult, ScoringEnv } from "./types.js";
import { parseIsoDay } from "../data/dates.js";

export interface UnitInfo {
  id: string;
  name: string;
  category: string;
  parentId: string | null;
}

export interface AreaResult {
  id: string;
  title: string;
  /** the area's applicable points (after rescaling away not-applicable items) */
  max: number;
  points: number;
  /** points / max, unrounded; null when nothing in the area applies */
  share: number | null;
  bonus?: boolean;
}

export interface VetoResult {
  id: string;
  title: string;
  /** true: fired; false: checked, not fired; null: its data is missing */
  fired: boolean | null;
  reason: string;
  /** the grade cap, for a veto that caps the grade */
  capGrade?: string;
  /** a veto that zeroes the total */
  zeroTotal?: true;
  /** not known to have fired (`fired: null`) for rows not read that could fire it: applied until the data are whole */
  provisional?: true;
}

/** A veto that caps the grade or zeroes the total: fired, or applied until the data are whole. */
export const vetoApplies = (v: Pick<VetoResult, "fired" | "provisional">): boolean => v.fired === true || v.provisional === true;

export interface UnitScore {
  items: ItemResult[];
  areas: AreaResult[];
  /** null when no item applies */
  total: number | null;
  /** false when an item is in error or awaits a manual entry: the total is provisional */
  complete: boolean;
  pending: string[];
  vetoes: VetoResult[];
}

export function buildConditions(rubric: Rubric): ConditionSet {
  const set = new ConditionSet();
  for (const area of rubric.areas)
    for (const item of area.items) {
      const when = patternOf(item.scoring).when?.(item.scoring);
      if (when) set.add(conditionName.when(item), when);
      if (item.applicableWhen) set.add(conditionName.applicable(item), item.applicableWhen);
    }
  for (const v of rubric.vetoes) set.add(`veto:${v.id}`, v.when);
  return set;
}

/** indicatorMeta, remembered for one evaluation (its conditions are built once, from the rubric
 * as it is then): a key outside the standard catalogue otherwise lists every indicator the
 * rubric has, for every unit and item. */
const metaCache = new WeakMap<ConditionSet, Map<string, IndicatorMeta | undefined>>();
function metaOf(rubric: Rubric, conditions: ConditionSet, key: string): IndicatorMeta | undefined {
  let cache = metaCache.get(conditions);
  if (!cache) metaCache.set(conditions, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, indicatorMeta(rubric, key));
  return cache.get(key);
}

export async function scoreUnit(rubric: Rubric, conditions: ConditionSet, unit: UnitInfo, indicators: UnitIndicators): Promise<UnitScore> {
  const engineFacts: Record<string, unknown> = { ...indicators.values, "unit.id": unit.id, "unit.category": unit.category };
  const holds = await conditions.evaluate(engineFacts);
  const meta = (key: string): Pick<IndicatorMeta, "label" | "format" | "unit" | "yes" | "no"> =>
    key === "unit.category"
      ? { label: "单位类别", format: "number" as const }
      : key === "unit.id"
        ? { label: "单位编码", format: "number" as const }
        : (metaOf(rubric, conditions, key) ?? { label: key, format: "number" as const });
  const asOf = parseIsoDay(rubric.asOf ?? rubric.period.end);
  const value = (k: string): IndicatorValue => (k in indicators.values ? indicators.values[k]! : null);
  const factOf = (value: (k: string) => IndicatorValue) => (f: string) =>
    f === "unit.id" ? unit.id : f === "unit.category" ? unit.category : value(f);
  const env: ScoringEnv = {
    value,
    detail: (k) => indicators.details[k],
    meta,
    text: (k) => fmtValue(meta(k), value(k), indicators.details[k]),
    fact: (k) => factPhrase(meta(k), value(k), indicators.details[k]),
    decide: (c) => decide(c, factOf(value)),
    condition: (name) => holds.get(name) === true,
    describe: (c) =>
      describeCondition(c, {
        label: (f) => meta(f).label,
        value: (f, v) => fmtConstant(meta(f), v),
        phrase: (fc) => {
          const m = meta(fc.fact);
          if (typeof fc.value !== "boolean" || !m.yes || !m.no || (fc.operator !== "equal" && fc.operator !== "notEqual")) return undefined;
          return (fc.value === true) === (fc.operator === "equal") ? m.yes : m.no;
        },
      }),
    overlay: (values) => overlayOf(values),
    asOf,
    precision: rubric.precision,
  };
  // (a verdict at an overlay is read for its points: nothing is worded; conditions registered by
  // name were decided on the values read, so an overlay decides with `decide`)
  const overlayOf = (values: ReadonlyMap<string, IndicatorValue>): ScoringEnv => {
    const at = (k: string) => (values.has(k) ? values.get(k)! : value(k));
    return { ...env, value: at, text: () => "", fact: () => "", describe: () => "", decide: (c) => decide(c, factOf(at)) };
  };

  const items: ItemResult[] = [];
  const areas: AreaResult[] = [];
  // the base areas' points and applicable maximum, each scaled to its area's points
  let base = 0;
  let baseMax = 0;
  let bonusTotal = 0;
  for (const area of rubric.areas) {
    const results = area.items.map((item) =>
      scoreItem({ rubric, area, item, unit, env, errors: indicators.errors, incomplete: indicators.incomplete, ranges: indicators.ranges }),
    );
    items.push(...results);
    const sumMax = area.items.reduce((s, i) => s + i.max, 0);
    const scale = area.points / sumMax;
    const earned = results.reduce((s, r) => s + (r.points ?? 0), 0);
    if (area.bonus) {
      const pts = Math.min(earned, area.points);
      bonusTotal += pts;
      areas.push({
        id: area.id,
        title: area.title,
        max: area.points,
        points: round(pts, rubric.precision),
        share: pts / area.points,
        bonus: true,
      });
      continue;
    }
    const applicableMax = results.reduce((s, r) => s + (r.state === "notApplicable" && r.points === null ? 0 : r.max), 0);
    base += earned * scale;
    baseMax += applicableMax * scale;
    areas.push({
      id: area.id,
      title: area.title,
      max: round(applicableMax * scale, rubric.precision),
      points: round(earned * scale, rubric.precision),
      share: applicableMax === 0 ? null : earned / applicableMax,
    });
  }
  let total: number | null = baseMax > 0 ? (base * rubric.totalPoints) / baseMax + bonusTotal : null;
  if (total !== null && rubric.capTotal) total = Math.min(total, rubric.totalPoints);
  // "扣100分": deductions that reach past their item into the total, floored at 0
  const pastItems = items.reduce((s, i) => s + (i.totalDeduction ?? 0), 0);
  if (total !== null && pastItems > 0) total = Math.max(0, total - pastItems);
  if (total !== null) total = round(total, rubric.precision);
  const pending = items.filter((i) => i.state === "manual" || i.state === "error" || i.provisional).map((i) => i.id);

  const vetoes: VetoResult[] = rubric.vetoes.map((v) => {
    const facts = indicatorFacts(factsOf(v.when));
    const missing = facts.filter((f) => env.value(f) === null || indicators.errors[f]);
    const what = env.describe(v.when);
    const kind = v.capGrade !== undefined ? { capGrade: v.capGrade } : { zeroTotal: true as const };
    const gaps = [...new Set(facts.map((f) => indicators.incomplete?.[f]).filter((x): x is string => !!x))];
    if (gaps.length > 0 && holds.get(`veto:${v.id}`) !== true) {
      // rows not read never spare a unit a veto: one the missing rows could fire counts as fired until the data are whole
      const values = new Map<string, IndicatorValue>();
      const at = env.overlay(values);
      let fires = false;
      const near = { constants: constantsOf(v.when), format: (k: string) => env.meta(k).format };
      const tried = eachCorner(facts, indicators.ranges ?? {}, env.value, near, values, () => {
        if (at.decide(v.when) !== false) fires = true;
      });
      const could = !tried || fires || facts.some((f) => indicators.incomplete?.[f] && env.value(f) === null);
      const effect = v.capGrade !== undefined ? `等次最高为${v.capGrade}` : "总分为零";
      return {
        id: v.id,
        title: v.title,
        fired: null,
        ...kind,
        ...(could ? { provisional: true as const } : {}),
        reason: `${gaps.join("；")}，数据不完整，无法确定是否存在“${what}”的情形${could ? `；缺失的数据可能触发一票否决，数据补全前暂按触发计，${effect}` : ""}。`,
      };
    }
    if (missing.length > 0)
      return {
        id: v.id,
        title: v.title,
        fired: null,
        ...kind,
        reason: `${missing.map((f) => meta(f).label).join("、")}无数据，无法判断是否存在“${what}”的情形。`,
      };
    const fired = holds.get(`veto:${v.id}`) === true;
    const actual = facts.map((f) => env.fact(f)).join("，");
    const effect = v.capGrade !== undefined ? `等次最高为${v.capGrade}` : "总分为零";
    return {
      id: v.id,
      title: v.title,
      fired,
      ...kind,
      reason: fired ? `${actual}，触发一票否决，${effect}。` : `${actual}，未触发一票否决。`,
    };
  });
  // a veto that zeroes the score: whatever the points, the total is 0
  if (total !== null && vetoes.some((v) => v.zeroTotal && vetoApplies(v))) total = 0;
  return { items, areas, total, complete: pending.length === 0, pending, vetoes };
}
