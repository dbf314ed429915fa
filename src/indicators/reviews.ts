/** reviews.count / averageScore / excellentRate / failed over case files reviewed in the period. */
import type { IndicatorContext } from "./context.js";
import { perUnit, rate } from "./context.js";
import { arenaAggregator, type Aggregator } from "./aggregate.js";
import type { EvidenceRecord } from "./types.js";
import { formatDayZh } from "../data/dates.js";
import type { Row } from "../data/types.js";
import type { IndicatorSink } from "./aggregate.js";
import { withRecords } from "./lazy-records.js";
import { EvidenceArena, fields, type ArenaGroups } from "./evidence-arena.js";

const SCALE = 10_000; // scores summed as integers so the mean does not depend on row order

/** The records' lists in the arena: files failed (below the pass mark, or vetoed), files below excellent. */
const FAILED = 0;
const LOW = 1;

function byId(x: EvidenceRecord, y: EvidenceRecord): number {
  return x.id < y.id ? -1 : x.id > y.id ? 1 : x.detail < y.detail ? -1 : 1;
}

function records(groups: ArenaGroups, unit: number, tag: number): EvidenceRecord[] {
  return groups.records(unit, tag).map(({ fields: [id, detail] }) => ({ id: id!, detail: detail! }));
}

/** A unit's record lists (written afresh each time they are read: nothing kept once results.json has
 * them), made here and not in the aggregator: they hold the arena's lists, not the aggregator's
 * scope with the indicator context (every officer, the kept rows) while the results keep them. */
function reviewLists(groups: ArenaGroups, u: number): { failedOf: () => EvidenceRecord[]; both: () => EvidenceRecord[] } {
  const failedOf = () => records(groups, u, FAILED).sort(byId);
  return { failedOf, both: () => [...failedOf(), ...records(groups, u, LOW).sort(byId)] };
}

export function reviewsAggregator(ctx: IndicatorContext): Aggregator {
  const p = ctx.rubric.parameters;
  const acc = perUnit(ctx.unitIds, (unit) => ({ unit, n: 0, sum: 0, excellent: 0 }));
  // per record: day, score; case id, its text
  const arena = new EvidenceArena();
  return arenaAggregator(acc, arena, add, finish, (a, b) => {
    a.n += b.n;
    a.sum += b.sum;
    a.excellent += b.excellent;
  });
  function add(r: Row): void {
    const v = r.values;
    const day = v.date as number;
    if (day < ctx.start || day > ctx.end) return;
    const unitId = v.unit_id as string;
    const a = acc.get(unitId);
    if (!a) return;
    // scored against the review standard: the computed score (a file whose findings could not be used is left out; its unit's reviews.* are errors)
    const computed = ctx.reviewScores?.get(r.line);
    if (ctx.reviewScores && (!computed || computed.score === null)) return;
    const score = computed ? computed.score! : (v.score as number);
    const veto = computed ? computed.veto : ((v.veto as string | null) ?? null);
    a.n++;
    a.sum += Math.round(score * SCALE);
    if (score >= p.reviewExcellent && !veto) a.excellent++;
    const problems = (v.problems as string | null) ?? null;
    const failed = score < p.reviewPass || !!veto;
    // (the text written here, on the thread reading the file: nearly every record is read)
    if (failed || score < p.reviewExcellent)
      arena.add(
        a.unit,
        failed ? FAILED : LOW,
        day,
        score,
        fields(
          v.case_id as string,
          `${formatDayZh(day)}评查，得分 ${score}${veto ? `，否决项：${veto}` : ""}${problems ? `；问题：${problems}` : ""}`,
        ),
      );
  }
  function finish(sink: IndicatorSink): void {
    const groups = arena.group(ctx.unitIds.length, 2);
    for (const [unitId, a] of acc) {
      const u = a.unit;
      const { failedOf, both } = reviewLists(groups, u);
      const failed = groups.count(u, FAILED);
      const n = failed + groups.count(u, LOW);
      sink.set(unitId, "reviews.count", a.n);
      sink.set(unitId, "reviews.averageScore", a.n === 0 ? null : a.sum / SCALE / a.n, withRecords({}, n, both));
      sink.set(unitId, "reviews.excellentRate", rate(a.excellent, a.n), withRecords({ num: a.excellent, den: a.n }, n, both));
      sink.set(unitId, "reviews.failed", failed, withRecords({}, failed, failedOf));
    }
  }
}
