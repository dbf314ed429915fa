/** The checks of a row beyond its cells, as it is read: unique ids, references to earlier
 * datasets, the unit's folder, repeated records and each dataset's own row rules. */
import { CONTRACT, TRAINING_KINDS, UNIT_KEYED } from "./contract.js";
import { cellText, cleanText, foldWidth, normalizeCell, type CellSpec } from "./normalize.js";
import { formatDay } from "./dates.js";
import { sourceLabel } from "./sheets.js";
import { SRC_SHIFT, unitFolderProblem } from "./belongs.js";
import { slotsFor, UniqueValues } from "./unique.js";
import type { KnownIds, LoadOptions } from "./types.js";
import { reject, rejectCell, type DatasetReading, type ParsedRow } from "./reading.js";
import type { ResolvedColumn } from "./headers.js";

/**
 * The checks on a row beyond its cells, in this order, each only while the row is still good
 * (uniqueness is checked on every row): unique ids (the first line wins), units and officers
 * it refers to (from the datasets read before), then the dataset's own row rules.
 */
export function checkRow(
  w: DatasetReading,
  row: ParsedRow,
  options: LoadOptions,
  known: KnownIds,
  unique: readonly ResolvedColumn[],
): void {
  for (let c = 0; c < unique.length; c++) {
    const col = unique[c]!;
    const v = row.values[col.key];
    if (v === null || v === undefined) continue;
    let first = w.seen.get(col.key);
    if (!first) w.seen.set(col.key, (first = new UniqueValues(w.seen.size + 1, undefined, slotsFor(w.sizeHint))));
    const seen = first.firstLine(String(v), row.src * SRC_SHIFT + row.line);
    if (seen === undefined) continue;
    // the first line, in another file or sheet of the dataset named
    const src = Math.floor(seen / SRC_SHIFT);
    const other = src !== row.src ? w.tallies[src] : undefined;
    rejectCell(w, row, col.key, {
      code: "duplicate_id",
      column: col.source,
      value: cleanText(cellText(row.cells[col.index] ?? null) ?? ""),
      firstLine: seen - src * SRC_SHIFT,
      ...(other ? { firstFile: sourceLabel(other.source.file, other.sheet) } : {}),
    });
  }
  if (row.bad) return;
  if (known.units && UNIT_KEYED.includes(w.dataset)) checkExists(w, row, "unit_id", known.units.ids, known.units.where);
  if (row.bad) return;
  if (known.officers && w.dataset === "training")
    checkExists(w, row, "officer_id", known.officers.ids, known.officers.where, known.officers.unitOf);
  if (row.bad) return;
  checkUnitFolder(w, row, known);
  if (row.bad) return;
  if (w.records) checkRepeated(w, row);
  if (row.bad) return;
  checkRowRules(w, row, options);
}

/** A row in a unit's folder (or a file named for a unit) must be that unit's (see belongs.ts). */
function checkUnitFolder(w: DatasetReading, row: ParsedRow, known: KnownIds): void {
  const source = w.tallies[row.src]?.source;
  if (!source || source.unit === null) return;
  const problem = unitFolderProblem(w.dataset, source, row.values, known.officers?.unitOf);
  if (problem) rejectCell(w, row, problem.key, problem.problem, problem.reason);
}

/** A record equal in every column to one read before — in an earlier file, an earlier sheet of
 * the workbook or an earlier line of the same sheet or file — is not counted again (see belongs.ts). */
function checkRepeated(w: DatasetReading, row: ParsedRow): void {
  const records = w.records!;
  const k = records.find(row.values, row.src, row.line);
  if (k < 0) return;
  const origin = records.srcOf(k);
  const e = w.tallies[origin]!;
  if (origin !== row.src) {
    const here = w.tallies[row.src]!;
    (here.repeatsOf ??= new Map()).set(origin, (here.repeatsOf.get(origin) ?? 0) + 1);
  }
  // counted once: nothing of the unit's data is missing (no gap)
  w.settling = true;
  reject(
    w,
    { row, line: row.line, column: null, value: null },
    { code: "repeated_record", firstFile: sourceLabel(e.source.file, e.sheet), firstLine: records.lineOf(k) },
  );
  w.settling = false;
}

/** `rejectedToo`: the ids of the list's rejected rows too (an officer whose own row was rejected: said so). */
function checkExists(
  w: DatasetReading,
  row: ParsedRow,
  key: string,
  known: { has(id: string): boolean },
  where: string,
  rejectedToo?: { get(id: string): string | undefined },
): void {
  const col = w.byKey.get(key);
  if (!col) return;
  const v = row.values[key];
  if (typeof v !== "string" || known.has(v)) return;
  if (key === "unit_id") rejectCell(w, row, key, { code: "unknown_unit", column: col.source, value: v, list: where });
  else
    rejectCell(w, row, key, {
      code: "unknown_officer",
      column: col.source,
      value: v,
      list: where,
      ...(rejectedToo?.get(v) !== undefined ? { rejected: true as const } : {}),
    });
}

function checkRowRules(w: DatasetReading, row: ParsedRow, options: LoadOptions): void {
  switch (w.dataset) {
    case "milestones": {
      if (options.taskIds) {
        const col = w.byKey.get("task_id")!;
        const t = row.values.task_id as string;
        if (!options.taskIds.has(t)) rejectCell(w, row, "task_id", { code: "unknown_task", column: col.source, value: t });
      }
      break;
    }
    case "activities": {
      if (options.activityTypes) {
        const t = row.values.type as string;
        if (!options.activityTypes.has(t))
          rejectCell(w, row, "type", { code: "unknown_activity_type", column: w.byKey.get("type")!.source, value: t });
      }
      break;
    }
    case "indicators": {
      if (!options.reported) break;
      const idCol = w.byKey.get("indicator")!;
      const valueCol = w.byKey.get("value")!;
      const id = row.values.indicator as string;
      const kind = options.reported.get(id);
      if (!kind) {
        rejectCell(w, row, "indicator", { code: "unknown_indicator", column: idCol.source, value: id });
        break;
      }
      const spec = { kind, required: true, ...(kind === "number" ? reportedNumberRules(options.reportedFormats?.get(id)) : {}) };
      const r = normalizeCell(spec, row.cells[valueCol.index] ?? null, valueCol.source, { date1904: w.date1904 });
      if (r.ok) row.values.value = r.value;
      else rejectCell(w, row, "value", { code: "bad_reported_value", cause: r.problem, indicator: id, kind });
      break;
    }
    case "officers": {
      const no = row.values.certificate_no;
      // 未取得, 暂无证, 待办理, 否, 0: words for "none" that are no placeholder, never a certificate
      if (typeof no === "string" && !/[1-9A-Za-z]/.test(foldWidth(no)))
        rejectCell(w, row, "certificate_no", { code: "not_certificate_no", column: w.byKey.get("certificate_no")!.source, value: no });
      break;
    }
    case "cases": {
      // 行政处罚（一般程序）, 行政 处罚: the contract's type with a hint or a space in it is that type
      const t = listedAs(row.values.case_type, (x) => CASE_TYPES.has(x));
      if (t !== null) row.values.case_type = t;
      checkCaseDates(w, row);
      break;
    }
    case "documents": {
      const status = row.values.status;
      if ((status === "失效" || status === "废止") && (row.values.invalid_from ?? null) === null) {
        rejectCell(w, row, w.byKey.has("invalid_from") ? "invalid_from" : "status", { code: "missing_invalid_from", status });
      }
      break;
    }
    case "case_reviews": {
      // 否决项 否 / 不涉及 / 无否决项: an answer that there is none, not a 否决项 named
      if (typeof row.values.veto === "string" && NO_VETO.test(foldWidth(row.values.veto).replace(/\s+/g, ""))) row.values.veto = null;
      if (!options.reviewStandard && (row.values.score ?? null) === null) {
        rejectCell(w, row, w.byKey.has("score") ? "score" : "case_id", { code: "missing_score", scoreName: SCORE.name });
      }
      break;
    }
    case "units": {
      const c = row.values.category;
      if (options.gradedCategories && typeof c === "string" && !options.gradedCategories.has(c)) {
        rejectCell(w, row, "category", { code: "ungraded_category", category: c, categories: [...options.gradedCategories] });
      }
      break;
    }
    case "training": {
      if ((row.values.hours ?? null) === null && (row.values.minutes ?? null) === null) {
        rejectCell(w, row, w.byKey.has("hours") ? "hours" : "minutes", {
          code: "missing_hours",
          hoursName: HOURS.name,
          minutesName: MINUTES.name,
        });
      }
      // 执法技能（线上）, 业务 知识, full-width letters: the contract's kind (or one the rubric counts) with a hint or a space in it is that kind
      const k = listedAs(row.values.kind, (x) => TRAINING_KINDS.has(x) || options.trainingKinds?.has(x) === true);
      if (k !== null) row.values.kind = k;
      break;
    }
    default:
      break;
  }
}

/** A text not in a list that is an entry of it once width-folded, without spaces and without a
 * final bracketed hint (行政处罚（一般程序）, 行政 处罚 → 行政处罚): that entry; else null (as written). */
function listedAs(value: unknown, listed: (x: string) => boolean): string | null {
  if (typeof value !== "string" || listed(value)) return null;
  const f = foldWidth(value).replace(/\s+/g, "");
  const base = listed(f) ? f : /^(.+?)\([^()]*\)$/.exec(f)?.[1];
  return base !== undefined && listed(base) ? base : null;
}

/** The case types the contract names (what rubrics count by: 行政处罚 …). */
const CASE_TYPES: ReadonlySet<string> = new Set([
  "行政处罚",
  "行政检查",
  "行政强制",
  "行政许可",
  "行政征收",
  "行政征用",
  "行政确认",
  "行政给付",
  "行政奖励",
  "行政裁决",
]);

/** What reviewers write in 否决项 for "none" beyond the placeholders (无, /, — …). */
const NO_VETO =
  /^(?:否|不涉及|未涉及|不存在|未发现|无否决(?:项|情形)?|没有否决(?:项|情形)?|未发现否决(?:项|情形)?|不存在否决(?:项|情形)?)[。.]?$/;

/** What a self-reported number of the rubric's `format` may be. */
function reportedNumberRules(format: string | undefined): Partial<Pick<CellSpec, "min" | "integer" | "percent" | "rate">> {
  switch (format) {
    case "rate":
      return { rate: true };
    case "count":
      return { min: 0, integer: true, percent: false };
    case "score":
    case "hours":
      return { min: 0, percent: false };
    case "days":
      return { percent: false };
    default:
      return {};
  }
}

/** A case's dates in an order that cannot be: 立案 after 决定, 法制审核 before 立案, 公示 before 决定 or without one. */
function checkCaseDates(w: DatasetReading, row: ParsedRow): void {
  const v = row.values;
  const day = (key: string) => (typeof v[key] === "number" ? (v[key] as number) : null);
  const name = (key: string) => w.byKey.get(key)!.source;
  const opened = day("opened");
  const decided = day("decided");
  const reviewed = day("legal_review_date");
  const published = day("published");
  const order = (later: string, laterDay: number, earlier: string, earlierDay: number) =>
    rejectCell(w, row, later, {
      code: "date_order",
      later: name(later),
      laterDate: formatDay(laterDay),
      earlier: name(earlier),
      earlierDate: formatDay(earlierDay),
    });
  if (opened !== null && decided !== null && decided < opened) order("decided", decided, "opened", opened);
  else if (opened !== null && reviewed !== null && reviewed < opened) order("legal_review_date", reviewed, "opened", opened);
  else if (published !== null && decided !== null && published < decided) order("published", published, "decided", decided);
  else if (published !== null && decided === null && w.byKey.has("decided"))
    rejectCell(w, row, "published", {
      code: "published_undecided",
      published: name("published"),
      publishedDate: formatDay(published),
      decided: name("decided"),
    });
}

const SCORE = CONTRACT.case_reviews.columns.find((c) => c.key === "score")!;
const HOURS = CONTRACT.training.columns.find((c) => c.key === "hours")!;
const MINUTES = CONTRACT.training.columns.find((c) => c.key === "minutes")!;
