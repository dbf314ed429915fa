/** Stage 6: assembles results.json in a fixed key order, so the same inputs give the same bytes. */
import type { LoadedRubric } from "../rubric/load.js";
import type { LoadedData, ReadCounts, RejectedRow } from "../data/types.js";
import { DATASET_IDS } from "../data/contract.js";
import { availableIndicators } from "../indicators/describe.js";
import { formatDay } from "../data/dates.js";
import { indicatorTable } from "./indicators.js";
import { RESULTS_VERSION, type InputResult, type Results, type UnitResult } from "./types.js";

export function buildResults(loaded: LoadedRubric, file: string, units: UnitResult[], data: LoadedData, timestamp?: string): Results {
  const { rubric } = loaded;
  const available = availableIndicators(rubric);
  const dateKeys = new Set(available.filter((m) => m.format === "date").map((m) => m.key));
  const ordered = [...units]
    .map((u) => ({
      ...u,
      metrics: Object.fromEntries(
        Object.entries(u.metrics).map(([k, v]) => [k, dateKeys.has(k) && typeof v === "number" ? formatDay(v) : v]),
      ),
    }))
    .sort((a, b) => (a.rank.overall ?? Infinity) - (b.rank.overall ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const inputs = inputResults(data);
  const byGrade: Record<string, number> = {};
  for (const scale of rubric.grades) for (const b of scale.bands) byGrade[b.grade] ??= 0;
  for (const u of ordered) if (u.grade) byGrade[u.grade] = (byGrade[u.grade] ?? 0) + 1;
  return {
    resultsVersion: RESULTS_VERSION,
    rubric: {
      id: rubric.id,
      title: rubric.title,
      issuer: rubric.issuer,
      file,
      sha256: loaded.sha256,
      ...(loaded.bases?.length ? { extends: loaded.bases } : {}),
      plans: rubric.plans,
      period: rubric.period,
      asOf: rubric.asOf ?? rubric.period.end,
      totalPoints: rubric.totalPoints,
      areas: rubric.areas.map((a) => ({ id: a.id, title: a.title, points: a.points, bonus: a.bonus })),
      grades: rubric.grades,
      ...(loaded.standard
        ? (() => {
            const { $schema: _s, ...standard } = loaded.standard.standard;
            return { reviewStandard: { file: rubric.reviewStandard!, sha256: loaded.standard.sha256, ...standard } };
          })()
        : {}),
    },
    indicators: indicatorTable(available, ordered),
    ...(timestamp ? { generatedAt: timestamp } : {}),
    summary: {
      units: ordered.length,
      complete: ordered.filter((u) => u.complete).length,
      incompleteData: ordered.filter((u) => u.incompleteData).length,
      byGrade,
      rowsRejected: DATASET_IDS.reduce((s, ds) => s + (data.datasets[ds]?.rejectedRows ?? 0), 0),
      filesWithErrors: inputs.filter((i) => i.error).length,
    },
    units: ordered,
    inputs,
    ignoredFiles: data.ignoredFiles,
    notRead: data.notRead ?? [],
  };
}

/** Rejected rows as results.json lists them (the data contract): line, column, value, the problem's code, the reason. */
function listedRows(rows: readonly RejectedRow[]): RejectedRow[] {
  return rows.map((r) => ({
    line: r.line,
    column: r.column,
    value: r.value,
    ...(r.code !== undefined ? { code: r.code } : {}),
    reason: r.reason,
  }));
}

/**
 * results.json's inputs: one entry per file and sheet read (a dataset without any: one entry with its error),
 * each rejected row with its problem code and each error with its `errorCode` (data/problems.ts).
 */
export function inputResults(data: LoadedData): InputResult[] {
  const errorCode = (c: ReadCounts) => (c.error !== null && c.errorCode ? { errorCode: c.errorCode } : {});
  const inputs: InputResult[] = [];
  for (const ds of DATASET_IDS) {
    const d = data.datasets[ds];
    if (!d) continue;
    if (d.sources?.length) {
      for (const src of d.sources) {
        inputs.push({
          dataset: ds,
          file: src.file,
          ...(src.sheet !== null ? { sheet: src.sheet } : {}),
          ...(src.unit !== null ? { unit: src.unit } : {}),
          ...(src.late ? { late: true } : {}),
          format: src.format,
          encoding: src.encoding,
          rows: src.rows,
          accepted: src.accepted,
          rejected: listedRows(src.rejected),
          ...(src.rejectedTotal !== undefined ? { rejectedTotal: src.rejectedTotal } : {}),
          ...(src.outsidePeriod !== undefined ? { outsidePeriod: src.outsidePeriod } : {}),
          ...(src.uncountedKinds ? { uncountedKinds: src.uncountedKinds } : {}),
          ...(src.unread ? { unread: src.unread } : {}),
          ...(src.skipped ? { skipped: src.skipped } : {}),
          ...(src.skippedTotal !== undefined ? { skippedTotal: src.skippedTotal } : {}),
          ...(src.warnings ? { warnings: src.warnings } : {}),
          error: src.error,
          ...errorCode(src),
        });
      }
      continue;
    }
    inputs.push({
      dataset: ds,
      file: d.file,
      format: d.format,
      encoding: d.encoding,
      rows: d.rows,
      accepted: d.accepted,
      rejected: listedRows(d.rejected),
      ...(d.rejectedTotal !== undefined ? { rejectedTotal: d.rejectedTotal } : {}),
      ...(d.unread ? { unread: d.unread } : {}),
      ...(d.skipped ? { skipped: d.skipped } : {}),
      ...(d.skippedTotal !== undefined ? { skippedTotal: d.skippedTotal } : {}),
      ...(d.warnings ? { warnings: d.warnings } : {}),
      error: d.error,
      ...errorCode(d),
    });
  }
  return inputs;
}

/** The JSON text of results: two-space indented, final newline. */
export function serializeResults(results: Results): string {
  return JSON.stringify(results, null, 2) + "\n";
}

/**
 * The same text as serializeResults, in pieces (a unit at a time), so that a province's
 * results.json is written without building one string of it all.
 */
export function* serializeResultsChunks(results: Results): Generator<string> {
  const entries = Object.entries(results).filter(([, v]) => v !== undefined && typeof v !== "function");
  if (entries.length === 0) {
    yield "{}\n";
    return;
  }
  let first = true;
  for (const [key, value] of entries) {
    yield `${first ? "{\n" : ",\n"}  ${JSON.stringify(key)}: `;
    first = false;
    if (key === "units" && Array.isArray(value) && value.length > 0) {
      for (let i = 0; i < value.length; i++) yield `${i === 0 ? "[\n" : ",\n"}    ${nested(value[i], 2)}`;
      yield "\n  ]";
    } else yield nested(value, 1);
  }
  yield "\n}\n";
}

/**
 * `value`'s two-space-indented JSON as it reads `depth` levels down in a larger document (its
 * inner lines indented 2 × depth spaces more): JSON.stringify of the value wrapped in `depth`
 * arrays, the wrapping cut off — no second pass over the text to indent it.
 */
function nested(value: unknown, depth: 1 | 2): string {
  if (depth === 1) {
    const s = JSON.stringify([value], null, 2);
    // "[\n  " … "\n]"
    return s.slice(4, s.length - 2);
  }
  const s = JSON.stringify([[value]], null, 2);
  // "[\n  [\n    " … "\n  ]\n]"
  return s.slice(10, s.length - 6);
}
