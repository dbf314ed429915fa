/**
 * The header row → which column of the contract each source column holds. Headers are
 * trimmed and width-folded, then matched case-insensitively against the Chinese name or the
 * English alias; a user mapping is applied first; unknown headers are kept as extra columns.
 */
import { CONTRACT, GENERIC_SYNONYMS, SYNONYMS, type ColumnSpec, type DatasetId } from "./contract.js";
import { cleanText, foldWidth } from "./normalize.js";
import type { FileProblem, ProblemOf } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

/** A header as text: NFKC-folded (时长（分钟） → 时长(分钟)) and trimmed. Extra columns are keyed by this. */
export function foldHeader(header: string): string {
  return foldWidth(header);
}

/** What two headers must share to be the same column: folded, whitespace (line breaks too)
 * removed, lower case, `*` and （必填）/（选填） markers removed. */
export function headerMatchKey(header: string): string {
  return foldHeader(header)
    .replace(/\s+/g, "")
    .toLowerCase()
    .replace(/[(\[【<]\s*(?:必填|必填项|选填|非必填|可选)\s*[)\]】>]/g, "")
    .replace(/\*/g, "");
}

/** The match key without bracketed hints: 证件状态（有效/暂扣/收回/注销） → 证件状态, 学时（小时） → 学时. */
export function hintlessKey(key: string): string {
  return key.replace(/\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】/g, "");
}

export interface ResolvedColumn {
  /** position in the source row, 0-based */
  index: number;
  /** the header as it stands in the file (trimmed) */
  source: string;
  /** key in Row.values: the column key, or the folded header of an extra column */
  key: string;
  /** the column's spec; null for an extra column kept as text */
  spec: ColumnSpec | null;
}

export interface HeaderResolution {
  columns: ResolvedColumn[];
  /** for DatasetLoad.headers: source header and the column key it matched (null: extra) */
  headers: { source: string; key: string | null }[];
  /** file-level problems, joined; null when the header is usable */
  error: string | null;
  /** the same problems, coded (missing_column first, then mapping_unknown_column and duplicate_column in column order) */
  problems: FileProblem[];
  /** headers close to a column of the contract but not matched to it */
  warnings: string[];
  /** the same warnings, coded (near_column) */
  warningProblems: ProblemOf<"near_column">[];
  /** distinct contract (or rubric) columns the header names */
  matched: number;
}

const label = (spec: ColumnSpec) => `「${spec.name}」(${spec.key})`;

/** Columns a dataset has: the contract's, then extra typed columns the rubric declares (a clash with the contract is ignored). */
export function datasetColumns(dataset: DatasetId, extra: readonly ColumnSpec[] = []): ColumnSpec[] {
  const cols = [...CONTRACT[dataset].columns];
  const taken = new Set(cols.flatMap((c) => [headerMatchKey(c.key), headerMatchKey(c.name)]));
  for (const spec of extra) {
    const keys = [headerMatchKey(spec.key), headerMatchKey(spec.name)];
    if (keys.some((k) => taken.has(k))) continue;
    keys.forEach((k) => taken.add(k));
    cols.push(spec);
  }
  return cols;
}

/** Which column a header cell names, built once per file (for finding the header row among title rows). */
export function headerNamer(
  dataset: DatasetId,
  opts: { mapping?: Readonly<Record<string, string>>; extra?: readonly ColumnSpec[] } = {},
): (cell: string) => string | null {
  const specs = datasetColumns(dataset, opts.extra);
  const byName = new Map<string, string>();
  const synonyms = SYNONYMS[dataset] ?? {};
  for (const spec of specs) for (const alt of synonyms[spec.key] ?? []) byName.set(headerMatchKey(alt), spec.key);
  for (const spec of specs) {
    byName.set(headerMatchKey(spec.key), spec.key);
    byName.set(headerMatchKey(spec.name), spec.key);
  }
  for (const [from, to] of Object.entries(opts.mapping ?? {})) {
    const key = byName.get(headerMatchKey(to)) ?? byName.get(hintlessKey(headerMatchKey(to)));
    if (key) byName.set(headerMatchKey(from), key);
  }
  return (cell) => {
    const k = headerMatchKey(cleanText(cell));
    if (k === "") return null;
    return byName.get(k) ?? byName.get(hintlessKey(k)) ?? null;
  };
}

/** Distinct columns a header row names. */
export function namedColumns(namer: (cell: string) => string | null, header: readonly string[]): number {
  const keys = new Set<string>();
  for (const cell of header) {
    const k = namer(cell);
    if (k) keys.add(k);
  }
  return keys.size;
}

/**
 * Match a header row (cells as text, blank allowed) to the dataset's columns.
 * `width` cells are considered: trailing blank header cells are not columns.
 */
export function resolveHeaders(
  dataset: DatasetId,
  header: readonly string[],
  opts: { mapping?: Readonly<Record<string, string>>; extra?: readonly ColumnSpec[] } = {},
): HeaderResolution {
  const specs = datasetColumns(dataset, opts.extra);
  const byName = new Map<string, ColumnSpec>();
  const synonyms = SYNONYMS[dataset] ?? {};
  for (const spec of specs) {
    for (const alt of synonyms[spec.key] ?? []) byName.set(headerMatchKey(alt), spec);
  }
  // the name and alias win over another column's synonym
  for (const spec of specs) {
    byName.set(headerMatchKey(spec.key), spec);
    byName.set(headerMatchKey(spec.name), spec);
  }
  const lookup = (match: string): ColumnSpec | null => byName.get(match) ?? byName.get(hintlessKey(match)) ?? null;
  const mapping = new Map<string, string>();
  for (const [from, to] of Object.entries(opts.mapping ?? {})) mapping.set(headerMatchKey(from), to);

  const problems: FileProblem[] = [];
  const columns: ResolvedColumn[] = [];
  const headers: HeaderResolution["headers"] = [];
  const firstByKey = new Map<string, ResolvedColumn>();
  const yielding = genericYielding(dataset, header, lookup);
  const yielded: ResolvedColumn[] = [];

  header.forEach((cell, index) => {
    const source = cleanText(cell);
    let spec: ColumnSpec | null = null;
    let key: string;
    if (source === "") {
      key = `第${index + 1}列`;
    } else {
      const match = headerMatchKey(source);
      const target = mapping.get(match);
      if (target !== undefined) {
        spec = lookup(headerMatchKey(target));
        if (!spec) {
          problems.push({ code: "mapping_unknown_column", source, target, datasetTitle: CONTRACT[dataset].title });
          headers.push({ source, key: null });
          return;
        }
      } else {
        spec = yielding.has(index) ? null : lookup(match);
      }
      key = spec ? spec.key : foldHeader(source);
      // an extra column named twice (a group title merged over several columns) is kept twice
      if (!spec && firstByKey.has(key)) key = `${key}（第${index + 1}列）`;
    }
    const col: ResolvedColumn = { index, source, key, spec };
    const first = firstByKey.get(key);
    if (first) {
      const what = spec ? label(spec) : `「${key}」`;
      problems.push({ code: "duplicate_column", first: first.source, firstIndex: first.index, second: source, secondIndex: index, what });
    } else {
      firstByKey.set(key, col);
    }
    columns.push(col);
    headers.push({ source, key: spec ? spec.key : null });
    if (yielding.has(index)) yielded.push(col);
  });

  const present = new Set(columns.filter((c) => c.spec).map((c) => c.spec!.key));
  const missing: string[] = [];
  const groups = new Map<string, ColumnSpec[]>();
  for (const spec of specs) {
    if (spec.headerGroup) {
      groups.set(spec.headerGroup, [...(groups.get(spec.headerGroup) ?? []), spec]);
      if (!spec.mustHaveHeader) continue;
    }
    if ((spec.mustHaveHeader ?? spec.required) && !present.has(spec.key)) missing.push(label(spec));
  }
  for (const members of groups.values()) {
    if (!members.some((m) => present.has(m.key))) missing.push(members.map(label).join(" 或 "));
  }
  if (missing.length > 0) {
    const found = columns.map((c) => c.source).filter((s) => s !== "");
    problems.unshift({ code: "missing_column", missing, found });
  }
  const warnings: ProblemOf<"near_column">[] = [];
  // (only the first columns are looked at: a sheet of thousands of extra columns is no typo)
  // a generic header that yielded (证件号码 beside 证件类型): said, whatever else the header holds
  for (const col of yielded) {
    const spec = lookup(headerMatchKey(col.source))!;
    warnings.push({ code: "near_column", header: col.source, index: col.index, near: label(spec), nearName: spec.name });
  }
  for (const col of columns.slice(0, 500)) {
    if (col.spec || col.source === "" || yielding.has(col.index)) continue;
    const near = nearColumn(
      hintlessKey(headerMatchKey(col.source)),
      specs.filter((s) => !present.has(s.key)),
      synonyms,
    );
    if (near) warnings.push({ code: "near_column", header: col.source, index: col.index, near: label(near), nearName: near.name });
  }
  return {
    columns,
    headers,
    error: problems.length > 0 ? problems.map(problemMessage).join("；") : null,
    problems,
    warnings: warnings.map(problemMessage),
    warningProblems: warnings,
    matched: present.size,
  };
}

/** The header cells matched by a generic synonym (GENERIC_SYNONYMS) that must not be read as the
 * column: another cell names the same column more specifically, or a cell says what they are (证件类型). */
function genericYielding(dataset: DatasetId, header: readonly string[], lookup: (match: string) => ColumnSpec | null): Set<number> {
  const out = new Set<number>();
  const generic = GENERIC_SYNONYMS[dataset];
  if (!generic) return out;
  const keys = header.map((cell) => headerMatchKey(cleanText(cell)));
  for (const [column, { names, unless }] of Object.entries(generic)) {
    const genericKeys = new Set(names.map(headerMatchKey));
    const unlessKeys = new Set(unless.map(headerMatchKey));
    const isGeneric = (k: string) => genericKeys.has(k) || genericKeys.has(hintlessKey(k));
    const cells = keys.flatMap((k, i) => (k !== "" && isGeneric(k) && lookup(k)?.key === column ? [i] : []));
    if (cells.length === 0) continue;
    const specific = keys.some((k, i) => !cells.includes(i) && k !== "" && lookup(k)?.key === column);
    const told = keys.some((k) => unlessKeys.has(k) || unlessKeys.has(hintlessKey(k)));
    if (specific || told) for (const i of cells) out.add(i);
  }
  return out;
}

/** A column whose name (or a synonym) is close to `key`: one contains the other (at least two
 * characters), or they differ by one character (names of at least three). */
function nearColumn(key: string, specs: readonly ColumnSpec[], synonyms: Readonly<Record<string, readonly string[]>>): ColumnSpec | null {
  if (key.length < 2) return null;
  for (const spec of specs) {
    for (const name of [spec.name, ...(synonyms[spec.key] ?? [])]) {
      const n = hintlessKey(headerMatchKey(name));
      if (n.length < 2) continue;
      if (key.includes(n) || n.includes(key)) return spec;
      if (n.length >= 3 && key.length >= 3 && editDistanceAtMostOne(key, n)) return spec;
    }
  }
  return null;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
