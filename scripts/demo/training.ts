/**
 * training.csv, saved in GBK as Chinese-locale Excel does: one row per officer per course.
 * Each officer gets a target of counted hours (most ≥ 60, a unit-dependent minority short),
 * spread over courses of the three counted kinds, plus political courses that do not count;
 * some rows give 时长（分钟） instead of 学时, a few are dated 2023-12 (outside the period).
 */
import { CsvWriter } from "./csv-writer.js";
import { chinese, day, dotted, iso, slash, type Day } from "./dates.js";
import { COUNTED_KINDS, COURSES, POLITICAL_KINDS } from "./names.js";
import { officerId, unknownOfficerId, type OfficerTable } from "./officers.js";
import { allocate, Rng } from "./prng.js";
import type { Log } from "./report.js";
import type { Unit } from "./units.js";

export const TRAINING_HEADER = ["人员编号", "培训日期", "培训名称", "培训类别", "学时", "时长（分钟）"];

interface Course {
  day: Day;
  kind: string;
  hours: number;
  /** give the length as minutes (hours × 45) and leave 学时 blank */
  asMinutes: boolean;
  /** minutes when they are not a whole number of 学时 (political courses only) */
  minutes?: number;
}

const YEAR_START = day(2024, 1, 8);
const YEAR_DAYS = day(2024, 12, 27) - YEAR_START;

/** A weekday in [from, from + span]: training is not held at weekends. */
function workday(rng: Rng, from: Day, span: number): Day {
  const d = from + rng.int(0, span);
  const dow = (d + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return dow === 6 ? d - 1 : dow === 0 ? d - 2 : d;
}

/** Splits `total` 学时 over n rows: a few long courses, many short ones, each ≥ 1. */
function split(rng: Rng, total: number, n: number): number[] {
  if (n === 0) return [];
  const w = Array.from({ length: n }, () => 0.15 + rng.next() ** 3 * 4);
  const sum = w.reduce((a, b) => a + b, 0);
  const h = w.map((x) => Math.max(1, Math.round((total * x) / sum)));
  let diff = total - h.reduce((a, b) => a + b, 0);
  // settle the rounding on the longest courses, never below 1
  while (diff !== 0) {
    let j = 0;
    for (let k = 1; k < n; k++) if (h[k]! > h[j]!) j = k;
    if (diff > 0) {
      h[j]! += diff;
      diff = 0;
    } else {
      const take = Math.min(-diff, h[j]! - 1);
      if (take === 0) break;
      h[j]! -= take;
      diff += take;
    }
  }
  // half hours now and then, keeping the sum
  if (n >= 2 && rng.chance(0.3)) {
    const a = rng.int(0, n - 1);
    const b = (a + 1) % n;
    if (h[a]! >= 2) {
      h[a]! -= 0.5;
      h[b]! += 0.5;
    }
  }
  return h;
}

type Special = "exact60" | "boost" | undefined;

/** The courses of one officer: k rows aiming at `target` counted 学时 inside 2024. */
function plan(rng: Rng, k: number, target: number, special: Special): Course[] {
  const out: Course[] = [];
  const political = k >= 4 ? Math.max(1, Math.round(k * rng.range(0.1, 0.3))) : 0;
  for (let p = 0; p < political; p++) {
    const minutes = rng.chance(0.2) ? rng.pick([60, 90, 120]) : undefined;
    out.push({
      day: workday(rng, YEAR_START, YEAR_DAYS),
      kind: rng.pick(POLITICAL_KINDS),
      hours: rng.int(2, 4),
      asMinutes: minutes !== undefined,
      minutes,
    });
  }
  let counted = k - political;
  let total = target;
  if (special === "exact60") {
    // 54 学时 as given plus 45 + 90 + 135 minutes = 1 + 2 + 3 学时: exactly 60.0
    for (const h of [1, 2, 3])
      out.push({ day: workday(rng, YEAR_START, YEAR_DAYS), kind: rng.pick(COUNTED_KINDS), hours: h, asMinutes: true });
    counted -= 3;
    total = 54;
  } else if (special === "boost" || (counted >= 3 && rng.chance(0.01))) {
    // a course in December 2023: outside the period, must not count
    out.push({
      day: workday(rng, day(2023, 12, 4), 24),
      kind: rng.pick(COUNTED_KINDS),
      hours: special === "boost" ? 8 : rng.int(2, 8),
      asMinutes: false,
    });
    counted -= 1;
    if (special === "boost") total = 56;
  }
  total = Math.min(Math.max(total, counted), counted * 40);
  for (const h of split(rng, total, counted)) {
    const asMinutes = special === undefined && Number.isInteger(h) && h <= 4 && rng.chance(0.3);
    out.push({ day: workday(rng, YEAR_START, YEAR_DAYS), kind: rng.pick(COUNTED_KINDS), hours: h, asMinutes });
  }
  return out.sort((a, b) => a.day - b.day);
}

function formatDay(rng: Rng, d: Day): string {
  const x = rng.next();
  return x < 0.94 ? iso(d) : x < 0.97 ? slash(d) : x < 0.99 ? chinese(d) : dotted(d);
}

export async function writeTraining(
  path: string,
  seed: number,
  units: readonly Unit[],
  officers: OfficerTable,
  total: number | undefined,
  log: Log,
): Promise<number> {
  const rng = new Rng(seed, "training");
  const n = officers.count;
  let rows: ArrayLike<number>;
  if (total === undefined) {
    const natural = new Int32Array(n);
    for (let i = 0; i < n; i++) natural[i] = officers.inPost[i] ? rng.int(8, 20) : rng.int(2, 8);
    // a broken officer row gets no courses, so its error does not spill into this file
    for (let i = 0; i < n; i++) if (officers.bad[i]) natural[i] = 0;
    rows = natural;
  } else {
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[i] = officers.inPost[i] ? rng.range(0.6, 1.4) : rng.range(0.1, 0.5);
    for (let i = 0; i < n; i++) if (officers.bad[i]) weights[i] = 0;
    rows = allocate(total, weights);
  }
  let rowTotal = 0;
  for (let i = 0; i < n; i++) rowTotal += rows[i]!;

  const w = CsvWriter.open(path, "gbk", TRAINING_HEADER);
  const lastUnit = Math.max(0, units.length - 1);
  let exact60 = -1;
  let boost = -1;
  const badAt = [0.15, 0.5, 0.85].map((f) => Math.floor(rowTotal * rng.range(f - 0.1, f + 0.1)));
  const badKinds = ["date", "hours", "officer"];
  let row = 0;
  let shortUnit = -1;
  let unitLeft = 0;
  let shortLeft = 0;

  // officers in post per unit, for spreading each unit's short officers
  const postPerUnit = new Int32Array(units.length);
  for (let i = 0; i < n; i++) if (officers.inPost[i] && !officers.bad[i]) postPerUnit[officers.unit[i]!]!++;

  for (let i = 0; i < n; i++) {
    const k = rows[i]!;
    const unit = units[officers.unit[i]!]!;
    // officers of a unit are contiguous: draw that unit's number of short officers once,
    // then spread it over them (selection sampling), so even a small unit shows its profile
    if (officers.unit[i] !== shortUnit) {
      shortUnit = officers.unit[i]!;
      unitLeft = postPerUnit[shortUnit]!;
      shortLeft = Math.floor(unit.profile.trainingShort * unitLeft + rng.next());
    }
    const counts = officers.inPost[i] === 1 && officers.bad[i] === 0;
    let drawnShort = false;
    if (counts) {
      drawnShort = rng.next() * unitLeft < shortLeft;
      if (drawnShort) shortLeft--;
      unitLeft--;
    }
    if (k === 0) continue;
    const usable = officers.inPost[i] === 1 && officers.bad[i] === 0 && k >= 6;
    let special: Special;
    if (exact60 < 0 && usable && officers.unit[i]! >= Math.min(1, lastUnit)) {
      exact60 = i;
      special = "exact60";
    } else if (boost < 0 && usable && officers.unit[i]! >= Math.min(2, lastUnit)) {
      boost = i;
      special = "boost";
    }
    const short = special === undefined && (counts ? drawnShort : rng.chance(0.5));
    const target = special ? 60 : short ? rng.int(24, 58) : 62 + Math.floor(rng.next() ** 1.6 * 34);
    const id = officerId(i, officers.idWidth);
    let firstLine = 0;
    for (const c of plan(rng, k, target, special)) {
      const cells = [
        id,
        formatDay(rng, c.day),
        rng.pick(COURSES[c.kind]!),
        c.kind,
        c.asMinutes ? "" : String(c.hours),
        c.asMinutes ? String(c.minutes ?? c.hours * 45) : "",
      ];
      if (badAt[0] !== undefined && row >= badAt[0] && special === undefined) {
        badAt.shift();
        const kind = badKinds.shift();
        if (kind === "date") {
          cells[1] = "2024-02-30";
          log.badRow({
            file: "training.csv",
            line: w.line + 1,
            column: "培训日期",
            value: cells[1],
            what: "不存在的日期 / impossible date",
          });
        } else if (kind === "hours") {
          cells[4] = "两";
          cells[5] = "";
          log.badRow({
            file: "training.csv",
            line: w.line + 1,
            column: "学时",
            value: cells[4],
            what: "学时不是数字 / hours not a number",
          });
        } else {
          cells[0] = unknownOfficerId(officers);
          log.badRow({
            file: "training.csv",
            line: w.line + 1,
            column: "人员编号",
            value: cells[0],
            what: "人员编号不在 officers.csv 中 / officer id not in officers.csv",
          });
        }
      }
      const line = w.row(cells);
      if (firstLine === 0) firstLine = line;
      row++;
      if (w.full) await w.flush();
    }
    if (special === "exact60") {
      log.edge(
        "training.csv",
        firstLine,
        "exact60",
        `${id} 起共 ${k} 行：计入学时恰为 60.0，其中 45、90、135 分钟各一行（按45分钟折1学时）/ counted hours exactly 60.0, reached through 45/90/135-minute rows`,
      );
    } else if (special === "boost") {
      log.edge(
        "training.csv",
        firstLine,
        "boost",
        `${id} 起共 ${k} 行：2024年内计入56学时，另有2023年12月8学时（期外，不应计入）/ 56 counted hours in 2024 plus 8 in 2023-12 that must not count`,
      );
    }
  }
  await w.close();
  return row;
}
