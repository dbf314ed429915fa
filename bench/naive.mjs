// Child: the naive design — json-rules-engine run on every case row (one engine, facts per row).
import { createReadStream, writeSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse";
import { Engine } from "json-rules-engine";
const dir = process.argv[2];
const t0 = performance.now();
const engine = new Engine([], { allowUndefinedFacts: true });
engine.addRule({ conditions: { all: [{ fact: "type", operator: "equal", value: "行政处罚" }, { fact: "online", operator: "equal", value: "是" }] }, event: { type: "online" } });
engine.addRule({ conditions: { all: [{ fact: "major", operator: "equal", value: "是" }, { fact: "reviewed", operator: "notEqual", value: "" }] }, event: { type: "reviewed" } });
engine.addRule({ conditions: { all: [{ fact: "type", operator: "equal", value: "行政处罚" }, { fact: "published", operator: "equal", value: "" }] }, event: { type: "unpublished" } });
const perUnit = new Map();
let n = 0;
const parser = createReadStream(join(dir, "cases.csv")).pipe(parse({ relax_column_count: true, relax_quotes: true, from_line: 2 }));
for await (const r of parser) {
  const { events } = await engine.run({ unit: r[1], type: r[2], online: r[3], major: r[7], reviewed: r[8], published: r[9] });
  const a = perUnit.get(r[1]) ?? { online: 0, reviewed: 0, unpublished: 0 };
  for (const e of events) a[e.type]++;
  perUnit.set(r[1], a);
  n++;
}
writeSync(3, JSON.stringify({ ms: performance.now() - t0, rssMB: process.resourceUsage().maxRSS / 1024, rows: n }));
