/** certification.rate: officers in an enforcement post whose certificate is valid as of the as-of day. */
import type { IndicatorContext } from "./context.js";
import { perUnit, rate } from "./context.js";
import type { IndicatorSink } from "./aggregate.js";
import type { EvidenceRecord } from "./types.js";
import { formatDayZh } from "../data/dates.js";

export function computeCertification(ctx: IndicatorContext, sink: IndicatorSink): void {
  const acc = perUnit(ctx.unitIds, () => ({ n: 0, ok: 0, bad: [] as EvidenceRecord[] }));
  // (in id order)
  const officers = ctx.officers;
  for (let i = 0; i < officers.size; i++) {
    const a = acc.get(officers.unitAt(i));
    if (!a || !officers.inPostAt(i)) continue;
    a.n++;
    const problem = officers.problemAt(i, ctx.asOf, formatDayZh);
    if (problem === null) a.ok++;
    else a.bad.push({ id: officers.idAt(i), name: officers.nameAt(i), detail: problem });
  }
  for (const [unitId, a] of acc) {
    sink.set(unitId, "certification.rate", rate(a.ok, a.n), { num: a.ok, den: a.n, records: a.bad });
  }
}
