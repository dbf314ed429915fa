/**
 * fazhi draft: a plan as published → a draft rubric an author finishes. Every numbered task or
 * measure becomes an item citing its clause, with its words, 责任单位, quantitative targets and
 * deadlines (as tasks); points are split evenly and the rubric and every item carry
 * `draft: true` until the author has set points and scoring. Nothing is invented: a clause
 * with no number has no target, one with no deadline no task.
 */
import { basename } from "node:path";
import type { RubricInput, Target } from "../rubric/schema.js";
import { parseRubric } from "../rubric/load.js";
import { cleanLines, decodePlan, encodingLabel, joinAllBroken, joinBroken, readPlan, type Line, type PlanText } from "./text.js";
import { findStructure, type PlanTask, type Unplaced } from "./structure.js";
import { findTargets } from "./targets.js";
import { findDeadlines, normaliseDeadlines } from "./deadlines.js";
import { InputError } from "../errors.js";

export interface DraftOptions {
  /** the year for deadlines that name none (年底前); default: inferred from the plan */
  year?: number;
  /** the plan's file name as items cite it (default: the file's base name) */
  planFile?: string;
  totalPoints?: number;
}

export interface DraftSummary {
  file: string;
  encoding: string;
  shape: "prose" | "table";
  title: string;
  year: number;
  /** where the year comes from, in Chinese */
  yearSource: string;
  tasks: number;
  areas: number;
  targets: { clause: string; text: string; by?: string }[];
  deadlines: { clause: string; text: string; normalised: string }[];
  /** tasks with no deadline that took the plan's default one */
  defaultDeadline?: { date: string; text: string; used: number };
  unplaced: Unplaced[];
  pointsEach: string;
}

export interface Draft {
  rubric: RubricInput;
  summary: DraftSummary;
}

/** Reads a plan file and drafts a rubric from it. */
export async function draftFromFile(file: string, options: DraftOptions = {}): Promise<Draft> {
  const plan = await readPlan(file);
  return draftFromText(plan, { planFile: basename(file), ...options }, file);
}

/** Drafts from a plan's bytes (UTF-8 or GBK). */
export function draftFromBytes(bytes: Uint8Array, options: DraftOptions & { planFile: string }): Draft {
  return draftFromText(decodePlan(bytes, options.planFile), options, options.planFile);
}

export function draftFromText(plan: PlanText, options: DraftOptions & { planFile?: string }, file = options.planFile ?? "<plan>"): Draft {
  const planFile = options.planFile ?? basename(file);
  const lines = cleanLines(plan.text);
  const structure = findStructure(lines);
  if (structure.tasks.length === 0)
    throw new InputError(`方案文件 ${file} 中没有找到编号的任务或措施（如“1.”“⒈”“(1)”开头的段落，或含“主要措施”“责任单位”列的表格）`);
  const meta = planMeta(lines, structure.tasks[0]!.line);
  const { year, yearSource } =
    options.year !== undefined
      ? { year: options.year, yearSource: "--year 指定" }
      : meta.date
        ? { year: Number(meta.date.slice(0, 4)), yearSource: `取自发文日期 ${meta.date}` }
        : meta.period
          ? { year: meta.period[0], yearSource: `取自方案期限 ${meta.period[0]}—${meta.period[1]} 年的首年` }
          : earliestYear(structure.tasks)
            ? {
                year: earliestYear(structure.tasks)!,
                yearSource: `方案未写发文日期和期限，取完成时限中最早的年份 ${earliestYear(structure.tasks)}`,
              }
            : { year: new Date().getFullYear(), yearSource: "方案中未找到年份，取今年" };
  const allText = joinAllBroken(lines.map((l) => l.text));
  const fallback = defaultDeadline(allText, year);

  const total = options.totalPoints ?? 100;
  const points = splitEvenly(total, structure.tasks.length);
  const summary: DraftSummary = {
    file,
    encoding: encodingLabel(plan.encoding),
    shape: structure.shape,
    title: meta.title,
    year,
    yearSource,
    tasks: structure.tasks.length,
    areas: 0,
    targets: [],
    deadlines: [],
    unplaced: structure.unplaced,
    pointsEach: describePoints(points),
  };
  if (fallback) summary.defaultDeadline = { ...fallback, used: 0 };

  const prefix = structure.shape === "table" ? "M" : "T";
  const width = String(structure.tasks.length).length < 2 ? 2 : String(structure.tasks.length).length;
  const tasks: NonNullable<RubricInput["tasks"]> = [];
  const reported: NonNullable<RubricInput["reported"]> = [];
  const areas: RubricInput["areas"] = [];
  const areaOf = new Map<string, RubricInput["areas"][number]>();

  for (const [i, t] of structure.tasks.entries()) {
    const id = `${prefix}${String(t.number).padStart(width, "0")}`;
    const source = { plan: planFile, clause: t.clause, quote: t.text };
    const deadlineText = t.deadlineText ?? t.text;
    const targetText = t.deadlineText ? `${t.text}。${t.deadlineText}` : t.text;
    const targets: Target[] = findTargets(targetText, year);
    const dl = normaliseDeadlines(deadlineText, year);
    const responsible = t.responsible.length ? { responsible: t.responsible } : {};

    const itemTasks: NonNullable<RubricInput["tasks"]> = [];
    for (const [k, d] of dl.dates.entries()) {
      itemTasks.push({
        id: `${id}-${k + 1}`,
        title: clauseOf(deadlineText, d.index) || titleOf(t),
        deadline: d.date,
        ...(dl.ongoing ? { ongoing: true } : {}),
        ...responsible,
        source,
      });
      summary.deadlines.push({ clause: t.clause, text: d.text, normalised: d.date + (dl.ongoing ? "，持续" : "") });
    }
    if (dl.recurring) {
      itemTasks.push({
        id: `${id}-${dl.dates.length + 1}`,
        title: titleOf(t),
        recurring: dl.recurring,
        ...(dl.ongoing ? { ongoing: true } : {}),
        ...responsible,
        source,
      });
      summary.deadlines.push({
        clause: t.clause,
        text: [
          ...new Set(
            findDeadlines(deadlineText, year)
              .filter((f) => f.recurring)
              .map((f) => f.text),
          ),
        ].join("，"),
        normalised: `每年 ${dl.recurring.join("、")}`,
      });
    }
    if (dl.ongoing && itemTasks.length === 0) {
      itemTasks.push({ id: `${id}-1`, title: titleOf(t), ongoing: true, ...responsible, source });
      summary.deadlines.push({
        clause: t.clause,
        text:
          findDeadlines(deadlineText, year)
            .filter((f) => f.ongoing)
            .map((f) => f.text)[0] ?? "",
        normalised: "长期（ongoing）",
      });
    }
    if (itemTasks.length === 0 && fallback) {
      itemTasks.push({ id: `${id}-1`, title: titleOf(t), deadline: fallback.date, ...responsible, source });
      summary.defaultDeadline!.used++;
    }
    tasks.push(...itemTasks);
    for (const tg of targets)
      summary.targets.push({ clause: t.clause, text: tg.text + (tg.per ? "（每年）" : ""), ...(tg.by ? { by: tg.by } : {}) });

    const withDate = itemTasks.find((x) => x.deadline);
    let scoring: RubricInput["areas"][number]["items"][number]["scoring"];
    if (withDate) {
      scoring = { type: "deadline", task: withDate.id, late: { points: 0 }, missing: 0 };
    } else {
      const rid = `${id}_score`;
      reported.push({ id: rid, label: `${titleOf(t)}（评审得分）`, type: "number", format: "score" });
      scoring = { type: "manual", indicator: `indicator.${rid}`, guidance: `由考评单位根据${t.clause}“${titleOf(t)}”的落实情况评分` };
    }

    const gkey = t.group.key || "—";
    let area = areaOf.get(gkey);
    if (!area) {
      area = { id: `A${areaOf.size + 1}`, title: t.group.title || "（未分组）", points: 0, items: [] };
      areaOf.set(gkey, area);
      areas.push(area);
    }
    area.items.push({
      id,
      title: titleOf(t),
      max: points[i]!,
      source,
      scoring,
      ...(targets.length ? { targets } : {}),
      ...responsible,
      draft: true,
    });
  }
  for (const a of areas) a.points = Math.round(a.items.reduce((s, it) => s + it.max * 100, 0)) / 100;
  summary.areas = areas.length;

  const idBase = planFile.replace(/\.[^.]+$/, "").replace(/[^A-Za-z0-9_.\-\u4e00-\u9fff]+/g, "-") || "plan";
  const rubric: RubricInput = {
    $schema: "./rubric.schema.json",
    draft: true,
    id: `${idBase}-draft`,
    title: `${meta.title || planFile}考评细则（草稿）`,
    issuer: meta.issuer ?? "（请填写考评单位）",
    plans: [
      {
        file: planFile,
        title: meta.title || planFile,
        ...(meta.docNo ? { docNo: meta.docNo } : {}),
        ...(meta.date ? { date: meta.date } : {}),
      },
    ],
    period: { start: `${year}-01-01`, end: `${year}-12-31` },
    totalPoints: total,
    precision: 2,
    notApplicable: "rescale",
    datasets: ["units", "milestones", "indicators"],
    parameters: {
      trainingMinHours: firstTarget(summaryTargets(areas), "学时", "min") ?? 60,
      minutesPerHour: firstTarget(summaryTargets(areas), "分钟", "conversion") ?? 45,
      trainingKinds: ["公共法律知识", "业务知识", "执法技能"],
      minCertifiedHandlers: 2,
      publicityWorkingDays: 7,
      reviewExcellent: 90,
      reviewPass: 60,
    },
    tasks,
    reported,
    grades: [
      {
        bands: [
          { grade: "优秀", total: { gte: 90 } },
          { grade: "良好", total: { gte: 80 } },
          { grade: "合格", total: { gte: 60 } },
          { grade: "不合格" },
        ],
      },
    ],
    areas,
  };
  // a draft must be a valid rubric: fazhi validate then only warns that it is a draft
  parseRubric(rubric, `${idBase}-draft.json`);
  return { rubric, summary };
}

/** The earliest year a task's deadline names (2024年6月底前 → 2024). */
function earliestYear(tasks: PlanTask[]): number | undefined {
  const years = tasks.flatMap((t) =>
    findDeadlines(t.deadlineText ?? t.text, 2000)
      .filter((d) => d.date && /\d{4}年/.test(d.text))
      .map((d) => Number(d.date!.slice(0, 4))),
  );
  return years.length ? Math.min(...years) : undefined;
}

function summaryTargets(areas: RubricInput["areas"]): Target[] {
  return areas.flatMap((a) => a.items.flatMap((i) => (i.targets ?? []) as Target[]));
}

function firstTarget(targets: Target[], unit: string, kind: Target["kind"]): number | undefined {
  return targets.find((t) => t.unit === unit && t.kind === kind)?.value;
}

/** The item title: the task's heading words (up to the first 。), or its first words. */
function titleOf(t: PlanTask): string {
  const first = t.text.split(/[。；]/)[0]!.trim();
  const s = first.length <= 40 ? first : `${first.slice(0, 38)}…`;
  return s || t.clause;
}

/** The comma clause of a text around an index, as a task title. */
function clauseOf(text: string, index: number): string {
  const start = Math.max(...["，", "。", "；", ",", "、"].map((c) => text.lastIndexOf(c, index))) + 1;
  const ends = ["，", "。", "；", ","].map((c) => text.indexOf(c, index)).filter((i) => i >= 0);
  const s = text.slice(start, ends.length ? Math.min(...ends) : text.length).trim();
  return s.length <= 60 ? s : `${s.slice(0, 58)}…`;
}

/** n shares of total, in hundredths, as even as can be and summing to total exactly (largest remainder). */
export function splitEvenly(total: number, n: number): number[] {
  const cents = Math.round(total * 100);
  const base = Math.floor(cents / n);
  const extra = cents - base * n;
  return Array.from({ length: n }, (_, i) => (base + (i < extra ? 1 : 0)) / 100);
}

function describePoints(points: number[]): string {
  const distinct = [...new Set(points)].sort((a, b) => b - a);
  if (distinct.length === 1) return `每项 ${distinct[0]} 分`;
  const count = (v: number) => points.filter((p) => p === v).length;
  return distinct.map((v) => `${count(v)} 项 ${v} 分`).join("，");
}

interface PlanMeta {
  title: string;
  docNo?: string;
  date?: string;
  issuer?: string;
  period?: [number, number];
}

const TITLE_END = /(实施方案|工作方案|任务清单|实施纲要|行动计划|实施意见)\s*([（(]\s*\d{4}\s*[—–\-－]+\s*\d{4}\s*年\s*[）)])?$/;

/** Lines around a title that are not part of it: a date, a 文号, an issuer, 附件 N. */
const NOT_TITLE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|〔\d{4}〕|^附\s*件\s*\d*$|(政府|市委|县委|区委|办公室)$/;

/** Title, 文号, issue date and period of the plan: read from the lines before its first task. */
export function planMeta(lines: Line[], firstTaskLine: number): PlanMeta {
  const before = lines.filter((l) => l.no < firstTaskLine).map((l) => l.text.replace(/\t/g, " ").trim());
  // titles break over up to three short lines
  let title = "";
  let titleAt = -1;
  for (let i = 0; i < before.length; i++) {
    let cand = "";
    for (let k = 0; k < 3 && i + k < before.length; k++) {
      const piece = before[i + k]!;
      if (piece.length > 40 || /[。，；]/.test(piece) || NOT_TITLE.test(piece)) break;
      cand = joinBroken(cand, piece);
      if (TITLE_END.test(cand) && !/关于|通知|印发/.test(cand)) {
        // a period on the next line belongs to the title: （2023—2025年）
        const next = before[i + k + 1];
        if (next && /^[（(]\s*\d{4}\s*[—–\-－]+\s*\d{4}\s*年\s*[）)]$/.test(next) && !/[）)]$/.test(cand)) {
          cand = joinBroken(cand, next);
          k++;
        }
        title = cand.replace(/\s+/g, "");
        titleAt = i;
        i += k;
        break;
      }
    }
  }
  const head = (titleAt >= 0 ? before.slice(0, titleAt) : before).join("\n");
  const dates = [...head.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g)];
  const lastDate = dates[dates.length - 1];
  const docs = [...head.matchAll(/[\u4e00-\u9fff]{2,8}〔\d{4}〕\s*\d+\s*号/g)];
  const period = /(\d{4})\s*[—–\-－]+\s*(\d{4})\s*年/.exec(title);
  const meta: PlanMeta = { title };
  if (docs.length) meta.docNo = docs[docs.length - 1]![0].replace(/\s+/g, "");
  if (lastDate) {
    const iso = `${lastDate[1]}-${lastDate[2]!.padStart(2, "0")}-${lastDate[3]!.padStart(2, "0")}`;
    if (!Number.isNaN(new Date(`${iso}T00:00:00Z`).getTime()) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso))
      meta.date = iso;
  }
  if (period) meta.period = [Number(period[1]), Number(period[2])];
  return meta;
}

/** "各项工作任务除本方案已明确完成时限外，原则上应当在2019年年底前完成" → the default deadline. */
function defaultDeadline(text: string, year: number): { date: string; text: string } | undefined {
  const m = /除[^。]{0,20}?明确(?:的)?(?:完成)?时限外[^。]{0,20}?(?:在|于)([^。，]{2,16}?前)完成/.exec(text);
  if (!m) return undefined;
  const d = findDeadlines(m[1]!, year).find((f) => f.date);
  return d?.date ? { date: d.date, text: m[0] } : undefined;
}
