/**
 * The second pass over a schema-valid rubric: every id it names must exist (Lighthouse's
 * config validation: "could not find X for Y"). Errors stop the rubric; warnings are shown.
 */
import type { Condition, Rubric } from "./schema.js";
import { factsOf } from "./conditions.js";
import { availableIndicators } from "../indicators/describe.js";
import { STANDARD_BY_KEY } from "../indicators/catalog.js";
import { CONTRACT } from "../data/contract.js";
import { isUnitFact } from "../score/unit-facts.js";
import { BONUS_PATTERNS, patternOf } from "../score/patterns.js";
import type { PatternCheck } from "../score/pattern.js";

export interface CrossProblem {
  path: string;
  message: string;
}

export function crossCheck(rubric: Rubric): { errors: CrossProblem[]; warnings: CrossProblem[] } {
  const errors: CrossProblem[] = [];
  const warnings: CrossProblem[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const warn = (path: string, message: string) => warnings.push({ path, message });

  const available = new Map(availableIndicators(rubric).map((m) => [m.key, m]));
  const planFiles = new Set(rubric.plans.map((p) => p.file));
  const bonusPatterns = `${BONUS_PATTERNS.slice(0, -1).join("、")} 或 ${BONUS_PATTERNS.at(-1)}`;

  const checkFact = (path: string, key: string, who: string) => {
    if (isUnitFact(key) || available.has(key)) return;
    const std = STANDARD_BY_KEY.get(key);
    if (std) {
      const missing = std.needs.filter((d) => !rubric.datasets.includes(d));
      err(path, `${who}引用的指标“${key}”需要数据集 ${missing.join("、")}，但细则的 datasets 未包含`);
    } else if (key.startsWith("milestone.")) err(path, `${who}引用了未定义的任务“${key.slice(10)}”（tasks 中没有该编号）`);
    else if (key.startsWith("indicator.")) err(path, `${who}引用了未定义的自报指标“${key.slice(10)}”（reported 中没有该编号）`);
    else if (key.startsWith("activity.")) err(path, `${who}引用了未定义的活动类型“${key.slice(9)}”（activityTypes 中没有该编号）`);
    else err(path, `${who}引用了未知指标“${key}”`);
  };
  const checkCondition = (path: string, c: Condition, who: string) => factsOf(c).forEach((f) => checkFact(path, f, who));
  const checkSource = (path: string, plan: string, who: string) => {
    if (!planFiles.has(plan)) err(path, `${who}的出处“${plan}”不在细则的 plans 列表中`);
  };
  const dup = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) err(kind, `编号“${id}”重复`);
      seen.add(id);
    }
  };

  if (rubric.period.start > rubric.period.end) err("period", `考核期起始日 ${rubric.period.start} 晚于截止日 ${rubric.period.end}`);
  dup(
    "areas",
    rubric.areas.map((a) => a.id),
  );
  dup(
    "areas[].items",
    rubric.areas.flatMap((a) => a.items.map((i) => i.id)),
  );
  dup(
    "tasks",
    rubric.tasks.map((t) => t.id),
  );
  dup(
    "reported",
    rubric.reported.map((r) => r.id),
  );
  dup(
    "indicators",
    rubric.indicators.map((i) => i.id),
  );
  dup(
    "vetoes",
    rubric.vetoes.map((v) => v.id),
  );

  const basePoints = rubric.areas.filter((a) => !a.bonus).reduce((s, a) => s + a.points, 0);
  if (Math.abs(basePoints - rubric.totalPoints) > 1e-9)
    err("areas", `各考评领域（不含加分项）分值合计 ${basePoints} 分，与总分 ${rubric.totalPoints} 分不一致`);

  for (const [ai, area] of rubric.areas.entries()) {
    const sum = area.items.reduce((s, i) => s + i.max, 0);
    if (!area.bonus && Math.abs(sum - area.points) > 1e-9)
      warn(`areas[${ai}]（${area.id}）`, `领域“${area.title}”各项目满分合计 ${sum} 分，与领域分值 ${area.points} 分不同，将按比例折算`);
    for (const [ii, item] of area.items.entries()) {
      const path = `areas[${ai}]（${area.id}）.items[${ii}]（${item.id}）`;
      const who = `项目 ${item.id} `;
      checkSource(path, item.source.plan, who);
      const scoring = item.scoring;
      const pattern = patternOf(scoring);
      if (pattern.checkReads) for (const key of pattern.reads(scoring)) checkFact(`${path}.scoring`, key, who);
      if (item.applicableWhen) checkCondition(`${path}.applicableWhen`, item.applicableWhen, who);
      const at: PatternCheck = {
        rubric,
        item,
        who,
        indicator: (key) => available.get(key),
        error: (message, field) => err(field ? `${path}.scoring.${field}` : `${path}.scoring`, message),
        warn: (message, field) => warn(field ? `${path}.scoring.${field}` : `${path}.scoring`, message),
      };
      pattern.check?.(scoring, at);
      if (area.bonus && !pattern.bonus) err(`${path}.scoring`, `加分领域中的项目只能用 ${bonusPatterns} 计分`);
      if (item.falseReporting) {
        checkFact(`${path}.falseReporting`, item.falseReporting.reported, who);
        checkFact(`${path}.falseReporting`, item.falseReporting.verified, who);
      }
    }
  }
  for (const [ti, t] of rubric.tasks.entries()) checkSource(`tasks[${ti}]（${t.id}）`, t.source.plan, `任务 ${t.id} `);
  for (const [ri, r] of rubric.reported.entries()) {
    const path = `reported[${ri}]（${r.id}）`;
    if (r.ifNotReported === 0 && r.type !== "number") err(`${path}.ifNotReported`, `自报指标 ${r.id} 不是数值，未报送时不能视为 0`);
    if (r.ifNotReported === false && r.type !== "boolean")
      err(`${path}.ifNotReported`, `自报指标 ${r.id} 不是是/否值，未报送时不能视为“否”（false）`);
    if ((r.yes !== undefined || r.no !== undefined) && (r.type !== "boolean" || r.yes === undefined || r.no === undefined))
      err(path, `自报指标 ${r.id}：yes 与 no（是/否的表述）须成对给出，且只用于是/否值（boolean）`);
  }
  dup(
    "activityTypes",
    rubric.activityTypes.map((a) => a.id),
  );
  if (rubric.activityTypes.length > 0 && !rubric.datasets.includes("activities"))
    err("activityTypes", "细则定义了活动类型（activityTypes），但 datasets 未包含 activities");
  for (const [vi, v] of rubric.vetoes.entries()) {
    checkSource(`vetoes[${vi}]（${v.id}）`, v.source.plan, `否决项 ${v.id} `);
    checkCondition(`vetoes[${vi}]（${v.id}）.when`, v.when, `否决项 ${v.id} `);
    if (v.capGrade !== undefined)
      for (const [gi, g] of rubric.grades.entries())
        if (!g.bands.some((b) => b.grade === v.capGrade))
          err(`vetoes[${vi}]（${v.id}）.capGrade`, `否决项 ${v.id} 的封顶等次“${v.capGrade}”不在 grades[${gi}] 的等次中`);
  }

  // custom indicators: dataset, columns
  for (const [ci, def] of rubric.indicators.entries()) {
    const path = `indicators[${ci}]（${def.id}）`;
    if (def.dataset === "documents") err(path, `自定义指标 ${def.id}：数据集 documents 不按单位区分，无法按单位汇总`);
    if (!rubric.datasets.includes(def.dataset)) err(path, `自定义指标 ${def.id} 使用的数据集 ${def.dataset} 不在细则的 datasets 中`);
    const cols = new Map<string, string>(CONTRACT[def.dataset].columns.map((c) => [c.key, c.kind]));
    for (const x of rubric.extraColumns?.[def.dataset] ?? []) cols.set(x.key, x.kind);
    const checkCol = (p: string, key: string) => {
      if (!cols.has(key)) err(p, `自定义指标 ${def.id} 引用了数据集 ${def.dataset} 中不存在的列“${key}”（可在 extraColumns 中声明）`);
    };
    if (def.where) factsOf(def.where).forEach((f) => checkCol(`${path}.where`, f));
    if (def.numerator) factsOf(def.numerator).forEach((f) => checkCol(`${path}.numerator`, f));
    if (def.inPeriod) {
      checkCol(`${path}.inPeriod`, def.inPeriod);
      if (cols.has(def.inPeriod) && cols.get(def.inPeriod) !== "date")
        err(`${path}.inPeriod`, `自定义指标 ${def.id}：inPeriod 须为日期列，“${def.inPeriod}”不是`);
    }
    const needsColumn = ["countDistinct", "sum", "mean", "min", "max"].includes(def.aggregate);
    if (needsColumn && !def.column) err(path, `自定义指标 ${def.id}：汇总方式 ${def.aggregate} 须指定 column`);
    if (def.column) {
      checkCol(`${path}.column`, def.column);
      if (def.aggregate !== "countDistinct" && cols.has(def.column) && cols.get(def.column) !== "number")
        err(`${path}.column`, `自定义指标 ${def.id}：汇总方式 ${def.aggregate} 须用数值列，“${def.column}”不是`);
    }
    if (def.aggregate === "ratio" && !def.numerator) err(path, `自定义指标 ${def.id}：比率须给出 numerator（分子条件）`);
    if (def.aggregate !== "ratio" && def.numerator) err(path, `自定义指标 ${def.id}：只有比率（ratio）可以有 numerator`);
  }
  for (const [ds, list] of Object.entries(rubric.extraColumns ?? {})) {
    const spec = CONTRACT[ds as keyof typeof CONTRACT];
    for (const x of list ?? [])
      if (spec.columns.some((c) => c.key === x.key || c.name === x.name))
        err(`extraColumns.${ds}`, `扩展列“${x.name}”(${x.key}) 与数据集 ${ds} 的标准列重名`);
  }

  // grades
  const defaults = rubric.grades.filter((g) => !g.categories);
  if (defaults.length > 1) err("grades", "只能有一个不限类别的默认等次标准");
  const seenCat = new Set<string>();
  for (const [gi, g] of rubric.grades.entries()) {
    for (const c of g.categories ?? []) {
      if (seenCat.has(c)) err(`grades[${gi}]`, `单位类别“${c}”出现在多个等次标准中`);
      seenCat.add(c);
    }
    const last = g.bands[g.bands.length - 1]!;
    if (last.total || last.everyAreaShare) warn(`grades[${gi}]`, `最后一个等次“${last.grade}”带有条件，可能有单位评不上任何等次`);
  }
  return { errors, warnings };
}
