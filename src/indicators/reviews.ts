/** reviews.count / averageScore / excellentRate / failed over case files reviewed in the period. */
import { detach } from "../data/normalize.js";
import type { IndicatorContext } from "./context.js";
import { perUnit, rate } from "./context.js";
import { unitAggregator, append, type Aggregator } from "./aggregate.js";
import type { EvidenceRecord } from "./types.js";
import { formatDayZh } from "../data/dates.js";
import type { Row } from "../data/types.js";
import type { IndicatorSink } from "./aggregate.js";
import { withRecords } from "./lazy-records.js";

const SCALE = 10_000; // scores summed as integers so the mean does not depend on row order

export function reviewsAggregator(ctx: IndicatorContext): Aggregator {
  const p = ctx.rubric.parameters;
  const acc = perUnit(ctx.unitIds, () => ({ n: 0, sum: 0, excellent: 0, failed: [] as EvidenceRecord[], low: [] as EvidenceRecord[] }));
  return unitAggregator(acc, add, finish, (a, b) => {
    a.n += b.n;
    a.sum += b.sum;
    a.excellent += b.excellent;
    append(a.failed, b.failed);
    append(a.low, b.low);
  });
  function add(r: Row): void {
    const v = r.values;
    const day = v.date as number;
    if (day < ctx.start || day > ctx.end) return;
    const a = acc.get(v.unit_id as string);
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
    const rec = {
      id: detach(v.case_id as string),
      detail: detach(`${formatDayZh(day)}评查，得分 ${score}${veto ? `，否决项：${veto}` : ""}${problems ? `；问题：${problems}` : ""}`),
    };
    if (score < p.reviewPass || veto) a.failed.push(rec);
    else if (score < p.reviewExcellent) a.low.push(rec);
  }
  function finish(sink: IndicatorSink): void {
    const byId = (x: EvidenceRecord, y: EvidenceRecord) => (x.id < y.id ? -1 : x.id > y.id ? 1 : x.detail < y.detail ? -1 : 1);
    for (const [unitId, a] of acc) {
      // (sorted once, when first read; the lists below are copies)
      let sorted = false;
      const failed = () => {
        if (!sorted) {
          a.failed.sort(byId);
          a.low.sort(byId);
          sorted = true;
        }
        return a.failed;
      };
      const both = () => [...failed(), ...a.low];
      const n = a.failed.length + a.low.length;
      sink.set(unitId, "reviews.count", a.n);
      sink.set(unitId, "reviews.averageScore", a.n === 0 ? null : a.sum / SCALE / a.n, withRecords({}, n, both));
      sink.set(unitId, "reviews.excellentRate", rate(a.excellent, a.n), withRecords({ num: a.excellent, den: a.n }, n, both));
      sink.set(
        unitId,
        "reviews.failed",
        a.failed.length,
        withRecords({}, a.failed.length, () => [...failed()]),
      );
    }
  }
}
