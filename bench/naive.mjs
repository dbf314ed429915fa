// Child: the naive design — the same loading and checking as fazhi (every file read on one thread,
// every accepted row kept as a record), then json-rules-engine run on every case row and every
// training row to compute the case and training indicators per unit.
import { writeSync } from "node:fs";
import { Engine } from "json-rules-engine";
const [dir, rubricPath] = process.argv.slice(2);
const t0 = performance.now();
const { loadRubric } = await import("../dist/rubric/load.js");
const { loadData } = await import("../dist/data/folder.js");
const { loadOptionsFor } = await import("../dist/evaluate.js");
const { parseIsoDay } = await import("../dist/data/dates.js");
const { rubric } = await loadRubric(rubricPath);
const data = await loadData(dir, loadOptionsFor(rubric));
const start = parseIsoDay(rubric.period.start),
  end = parseIsoDay(rubric.period.end);
const inPeriod = (fact) => ({
  all: [
    { fact, operator: "greaterThanInclusive", value: start },
    { fact, operator: "lessThanInclusive", value: end },
  ],
});
const cases = new Engine([], { allowUndefinedFacts: true });
cases.addRule({
  conditions: { all: [inPeriod("decided"), { fact: "case_type", operator: "equal", value: "行政处罚" }] },
  event: { type: "penalty" },
});
cases.addRule({
  conditions: {
    all: [
      inPeriod("decided"),
      { fact: "case_type", operator: "equal", value: "行政处罚" },
      { fact: "online", operator: "equal", value: true },
    ],
  },
  event: { type: "online" },
});
cases.addRule({ conditions: { all: [inPeriod("decided"), { fact: "major", operator: "equal", value: true }] }, event: { type: "major" } });
cases.addRule({
  conditions: {
    all: [
      inPeriod("decided"),
      { fact: "major", operator: "equal", value: true },
      { fact: "legal_review_date", operator: "notEqual", value: null },
    ],
  },
  event: { type: "reviewed" },
});
const training = new Engine([], { allowUndefinedFacts: true });
training.addRule({
  conditions: { all: [inPeriod("date"), { fact: "kind", operator: "in", value: rubric.parameters.trainingKinds }] },
  event: { type: "counts" },
});
const perUnit = new Map();
const unit = (id) => perUnit.get(id) ?? (perUnit.set(id, { penalty: 0, online: 0, major: 0, reviewed: 0 }), perUnit.get(id));
let rows = 0;
for (const r of data.datasets.cases?.records ?? []) {
  const { events } = await cases.run(r.values);
  const a = unit(r.values.unit_id);
  for (const e of events) a[e.type]++;
  rows++;
}
const hours = new Map();
for (const r of data.datasets.training?.records ?? []) {
  const { events } = await training.run(r.values);
  if (events.length > 0)
    hours.set(
      r.values.officer_id,
      (hours.get(r.values.officer_id) ?? 0) + (r.values.hours ?? (r.values.minutes ?? 0) / rubric.parameters.minutesPerHour),
    );
  rows++;
}
writeSync(3, JSON.stringify({ ms: performance.now() - t0, rssMB: process.resourceUsage().maxRSS / 1024, rows }));
