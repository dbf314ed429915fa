/**
 * Case indicators: cases.total, onlineRate, uncertifiedHandling, legalReviewRate,
 * publicityTimelyRate, invalidBasis — all over cases decided in the assessment period (an open
 * case, 未结案, has no 决定日期 and counts in none of them) — and cases.closingRate: the share
 * of cases opened (立案日期) in the period that were decided by the as-of day.
 */
import type { IndicatorContext } from "./context.js";
import { perUnit, rate } from "./context.js";
import { arenaAggregator, type Aggregator, type IndicatorSink } from "./aggregate.js";
import { EvidenceArena, fields, type ArenaGroups } from "./evidence-arena.js";
import type { Row } from "../data/types.js";
import type { EvidenceRecord } from "./types.js";
import type { IndicatorKey } from "./catalog.js";
import { WorkingCalendar } from "./calendar.js";
import { formatDayZh } from "../data/dates.js";
import { foldWidth, looseDocNo } from "../data/normalize.js";
import { withRecords } from "./lazy-records.js";

const PENALTY = "行政处罚";

interface InvalidDoc {
  docNo: string;
  from: number;
  status: string;
}

/** The records' lists in the arena (evidence-arena.ts): per record the two days its text
 * names (NaN: none) and the case id, or the case id and its text. */
const OFFLINE = 0; // a: decided
const UNREVIEWED = 1; // a: decided, b: legal review date
const PUB_LATE = 2; // a: decided, b: published
const NOT_CLOSED = 3; // a: opened, b: decided
const UNCERTIFIED = 4; // id, text
const INVALID_BASIS = 5; // id, text
const TAGS = 6;

/*
 * The records' makers and texts are made by the functions below, outside the aggregator, so that
 * what a unit's results keep until results.json is written (lazy-records.ts) holds the arena's
 * lists and a few values — not the aggregator's scope, which holds the indicator context (every
 * officer, the kept datasets' rows).
 */

/** A unit's records of a list whose text is made from its days, sorted by id. */
function datedList(groups: ArenaGroups, u: number, tag: number, detail: (a: number, b: number) => string): () => EvidenceRecord[] {
  return () =>
    groups
      .records(u, tag)
      .map((r) => ({ id: r.fields[0]!, detail: detail(r.a, r.b) }))
      .sort(byId);
}

/** … of a list whose records carry their text. */
function textedList(groups: ArenaGroups, u: number, tag: number): () => EvidenceRecord[] {
  return () =>
    groups
      .records(u, tag)
      .map((r) => ({ id: r.fields[0]!, detail: r.fields[1]! }))
      .sort(byId);
}

/** The texts of the dated lists' records. */
function caseTexts(asOf: number, calendar: WorkingCalendar, publicityWorkingDays: number) {
  return {
    offlineText: (d: number) => `${PENALTY}案件，${formatDayZh(d)}作出决定，未线上办理`,
    unreviewedText: (d: number, r: number) =>
      Number.isNaN(r) ? `重大执法决定（${formatDayZh(d)}）未经法制审核` : `法制审核日期${formatDayZh(r)}晚于决定日期${formatDayZh(d)}`,
    pubLateText: (d: number, pub: number) =>
      Number.isNaN(pub)
        ? `${formatDayZh(d)}作出决定，至${formatDayZh(asOf)}未公示`
        : `${formatDayZh(d)}作出决定，${formatDayZh(pub)}公示，用时 ${calendar.workingDaysBetween(d, pub)} 个工作日，超过 ${publicityWorkingDays} 个工作日`,
    notClosedText: (o: number, d: number) =>
      Number.isNaN(d)
        ? `${formatDayZh(o)}立案，至${formatDayZh(asOf)}未结案`
        : `${formatDayZh(o)}立案，${formatDayZh(d)}结案，晚于${formatDayZh(asOf)}`,
  };
}

/** A handler cell's entry not in the officers' list that is officers of it once width-folded and
 * split on spaces ("P00021 P00010", "Ｐ０００２１"): their positions in the list, or null. */
function knownHandlers(h: string, officers: IndicatorContext["officers"]): number[] | null {
  const parts = foldWidth(h)
    .split(/\s+/)
    .filter((x) => x !== "");
  if (parts.length === 0 || (parts.length === 1 && parts[0] === h)) return null;
  const found: number[] = [];
  for (const id of parts) {
    const i = officers.indexOf(id);
    if (i < 0) return null;
    found.push(i);
  }
  return found;
}

/** Officers by name, made the first time a handler is not in the list (most runs never need it). */
function officersByName(officers: IndicatorContext["officers"]): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  for (let i = 0; i < officers.size; i++) {
    const name = officers.nameAt(i);
    const list = byName.get(name);
    if (list) list.push(i);
    else byName.set(name, [i]);
  }
  return byName;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function casesAggregator(ctx: IndicatorContext, opts: { documents: boolean; officers: boolean }): Aggregator {
  const p = ctx.rubric.parameters;
  const calendar = new WorkingCalendar(p.workingDays.holidays, p.workingDays.workdays);
  const types = p.caseTypes ? new Set(p.caseTypes) : null;
  const invalid = new Map<string, InvalidDoc>();
  // the same 文号 written 清新府规第2018003号, 清新府办〔2015〕第18号 or without 号: found by its loose form
  const invalidLoose = new Map<string, InvalidDoc>();
  if (opts.documents) {
    for (const r of ctx.rows("documents")) {
      const v = r.values;
      if (v.status !== "有效" && typeof v.invalid_from === "number") {
        const d = { docNo: v.doc_no as string, from: v.invalid_from, status: v.status as string };
        invalid.set(d.docNo, d);
        invalidLoose.set(looseDocNo(d.docNo), d);
      }
    }
  }
  const acc = perUnit(ctx.unitIds, (unit) => ({
    /** the unit's index (its records' in the arena) */
    unit,
    total: 0,
    penalty: 0,
    online: 0,
    major: 0,
    reviewed: 0,
    pubDue: 0,
    pubOk: 0,
    opened: 0,
    closed: 0,
  }));
  const arena = new EvidenceArena();
  // officers by name: made at the first handler not in the list
  let names: Map<string, number[]> | null = null;
  // the records' texts (written when an item reads them)
  const { offlineText, unreviewedText, pubLateText, notClosedText } = caseTexts(ctx.asOf, calendar, p.publicityWorkingDays);
  return arenaAggregator(acc, arena, add, finish, (a, b) => {
    a.total += b.total;
    a.penalty += b.penalty;
    a.online += b.online;
    a.major += b.major;
    a.reviewed += b.reviewed;
    a.pubDue += b.pubDue;
    a.pubOk += b.pubOk;
    a.opened += b.opened;
    a.closed += b.closed;
  });
  function add(r: Row): void {
    const v = r.values;
    const decidedOrNull = (v.decided ?? null) as number | null;
    const opened = (v.opened ?? null) as number | null;
    if (opened !== null && opened >= ctx.start && opened <= ctx.end) {
      const u = acc.get(v.unit_id as string);
      if (u) {
        u.opened++;
        if (decidedOrNull !== null && decidedOrNull <= ctx.asOf) u.closed++;
        else arena.add(u.unit, NOT_CLOSED, opened, decidedOrNull ?? NaN, fields(v.case_id as string));
      }
    }
    // an open case (no 决定日期) counts only in the closing rate
    if (decidedOrNull === null) return;
    const decided = decidedOrNull;
    if (decided < ctx.start || decided > ctx.end) return;
    const a = acc.get(v.unit_id as string);
    if (!a) return;
    const unit = a.unit;
    const caseId = v.case_id as string;
    const type = v.case_type as string;
    if (!types || types.has(type)) a.total++;

    if (type === PENALTY) {
      a.penalty++;
      if (v.online === true) a.online++;
      else arena.add(unit, OFFLINE, decided, NaN, fields(caseId));

      // publicity: due within N working days after the decision; not yet due on the as-of day → not counted
      const due = calendar.addWorkingDays(decided, p.publicityWorkingDays);
      const published = v.published as number | null;
      if (published !== null && published !== undefined && published <= due) {
        a.pubDue++;
        a.pubOk++;
      } else if (published !== null && published !== undefined) {
        a.pubDue++;
        arena.add(unit, PUB_LATE, decided, published, fields(caseId));
      } else if (due <= ctx.asOf) {
        a.pubDue++;
        arena.add(unit, PUB_LATE, decided, NaN, fields(caseId));
      }
    }

    if (opts.officers) {
      const handlers = (v.handlers as string[]) ?? [];
      // (no list made for the common case of a row without problems)
      let problems: string[] | null = null;
      let valid = 0;
      const officers = ctx.officers;
      for (let k = 0; k < handlers.length; k++) {
        const h = handlers[k]!;
        const o = officers.indexOf(h);
        // "P00021 P00010" (a space between), "Ｐ００２１": officers of the list as typed
        const os = o >= 0 ? null : knownHandlers(h, officers);
        if (o < 0 && os === null) {
          // a name written for an id: the unit's officer of that name said (the case still counts: no id, no certificate)
          const name = h.trim();
          const same = (names ??= officersByName(officers)).get(name)?.filter((i) => officers.unitAt(i) === v.unit_id) ?? [];
          const hint =
            same.length > 0 ? `（本单位 ${same.map((i) => officers.idAt(i)).join("、")} 的姓名为${name}：承办人应填人员编号）` : "";
          (problems ??= []).push(`承办人 ${h} 不在执法人员名单中${hint}`);
          continue;
        }
        for (let m = 0, count = os ? os.length : 1; m < count; m++) {
          const q = os ? os[m]! : o;
          const problem = officers.problemAt(q, decided, formatDayZh);
          if (problem) (problems ??= []).push(`承办人 ${officers.idAt(q)} ${officers.nameAt(q)}${problem}`);
          else valid++;
        }
      }
      if (valid < p.minCertifiedHandlers) (problems ??= []).push(`持有效执法证的承办人 ${valid} 人，少于 ${p.minCertifiedHandlers} 人`);
      if (problems !== null)
        arena.add(unit, UNCERTIFIED, decided, NaN, fields(caseId, `${formatDayZh(decided)}决定；${problems.join("；")}`));
    }

    if (v.major === true) {
      a.major++;
      const reviewed = v.legal_review_date as number | null;
      if (reviewed !== null && reviewed !== undefined && reviewed <= decided) a.reviewed++;
      else arena.add(unit, UNREVIEWED, decided, reviewed === null || reviewed === undefined ? NaN : reviewed, fields(caseId));
    }

    if (opts.documents) {
      // 文号 are folded by the loader (normalizeDocNo), as documents.doc_no is
      const cited = (v.legal_basis as string[] | null) ?? [];
      let bad: InvalidDoc[] | null = null;
      for (let k = 0; k < cited.length; k++) {
        const d = invalid.get(cited[k]!) ?? invalidLoose.get(looseDocNo(cited[k]!));
        if (d && d.from <= decided) (bad ??= []).push(d);
      }
      if (bad !== null) {
        const detail = `${formatDayZh(decided)}作出决定，引用已${bad[0]!.status}的${bad.map((d) => `${d.docNo}（${formatDayZh(d.from)}起${d.status}）`).join("、")}`;
        arena.add(unit, INVALID_BASIS, decided, NaN, fields(caseId, detail));
      }
    }
  }
  function finish(sink: IndicatorSink): void {
    const groups = arena.group(ctx.unitIds.length, TAGS);
    for (const [unitId, a] of acc) {
      const u = a.unit;
      const n = (tag: number) => groups.count(u, tag);
      /** A rate and the records behind what it misses (a list of days made into text). */
      const rated = (key: IndicatorKey, num: number, den: number, tag: number, text: (a: number, b: number) => string) =>
        sink.set(unitId, key, rate(num, den), withRecords({ num, den }, n(tag), datedList(groups, u, tag, text)));
      sink.set(unitId, "cases.total", a.total);
      rated("cases.closingRate", a.closed, a.opened, NOT_CLOSED, notClosedText);
      rated("cases.onlineRate", a.online, a.penalty, OFFLINE, offlineText);
      if (opts.officers)
        sink.set(unitId, "cases.uncertifiedHandling", n(UNCERTIFIED), withRecords({}, n(UNCERTIFIED), textedList(groups, u, UNCERTIFIED)));
      rated("cases.legalReviewRate", a.reviewed, a.major, UNREVIEWED, unreviewedText);
      rated("cases.publicityTimelyRate", a.pubOk, a.pubDue, PUB_LATE, pubLateText);
      if (opts.documents)
        sink.set(unitId, "cases.invalidBasis", n(INVALID_BASIS), withRecords({}, n(INVALID_BASIS), textedList(groups, u, INVALID_BASIS)));
    }
  }
}
