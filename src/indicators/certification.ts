/** certification.rate: officers in an enforcement post whose certificate is valid as of the as-of day. */
import type { IndicatorContext } from "./context.js";
import { certificateProblem, perUnit, rate } from "./context.js";
import type { IndicatorSink } from "./aggregate.js";
import type { EvidenceRecord } from "./types.js";
import { formatDayZh } from "../data/dates.js";

export function computeCertification(ctx: IndicatorContext, sink: IndicatorSink): void {
  const acc = perUnit(ctx.unitIds, () => ({ n: 0, ok: 0, bad: [] as EvidenceRecord[] }));
  // (in id order)
  for (const o of ctx.officers.values()) {
    const a = acc.get(o.unitId);
    if (!a || !o.inPost) continue;
    a.n++;
    const problem = certificateProblem(o, ctx.asOf, formatDayZh);
    if (problem === null) a.ok++;
    else a.bad.push({ id: o.id, name: o.name, detail: problem });
  }
  for (const [unitId, a] of acc) {
    sink.set(unitId, "certification.rate", rate(a.ok, a.n), { num: a.ok, den: a.n, records: a.bad });
  }
}
