/**
 * Scoring invariants over the demo data: 0 ≤ item points ≤ maximum, improving an indicator never
 * lowers a score, and shuffling row order or file order gives byte-identical results.json.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { evaluate, loadOptionsFor } from "../../src/evaluate.js";
import { loadRubric, type LoadedRubric } from "../../src/rubric/load.js";
import { loadData } from "../../src/data/folder.js";
import { computeIndicators } from "../../src/indicators/compute.js";
import { buildConditions, scoreUnit } from "../../src/score/unit.js";
import { serializeResults } from "../../src/results/build.js";
import type { UnitIndicators } from "../../src/indicators/types.js";

const RUBRIC = "rubrics/qingxin-2024.json";
const DEMO = "inputs/demo";
let loaded: LoadedRubric;
let clean: string;
let baseline: string;
const dirs: string[] = [];

beforeAll(async () => {
  loaded = await loadRubric(RUBRIC);
  // a clean copy of the demo CSVs: the rows the loader rejects are dropped, so that shuffling is free of
  // "which duplicate comes first" (line numbers of rejected rows would change with their order)
  const { data } = await evaluate({ rubric: loaded, data: DEMO });
  clean = await mkdtemp(join(tmpdir(), "fazhi-clean-"));
  dirs.push(clean);
  for (const name of await readdir(DEMO)) {
    const ds = Object.values(data.datasets).find((d) => d!.file === name);
    if (!name.endsWith(".csv") || !ds) continue;
    const bad = new Set(ds.rejected.map((r) => r.line));
    const text = (await readFile(join(DEMO, name))).toString(ds.encoding === "gb18030" ? "latin1" : "utf8");
    const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
    const kept = lines.filter((_, i) => !bad.has(i + 1));
    await writeFile(join(clean, name), Buffer.from(kept.join("\n") + "\n", ds.encoding === "gb18030" ? "latin1" : "utf8"));
  }
  for (const name of await readdir(DEMO)) if (name.endsWith(".xlsx")) await writeFile(join(clean, name), await readFile(join(DEMO, name)));
  baseline = serializeResults((await evaluate({ rubric: loaded, data: clean })).results);
}, 60_000);
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("results do not depend on row order or file order", () => {
  it("shuffled rows (seeded) give byte-identical results.json", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const dir = await mkdtemp(join(tmpdir(), "fazhi-shuf-"));
        dirs.push(dir);
        let s = seed >>> 0;
        const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        // files written in a shuffled order too
        const names = (await readdir(clean)).sort(() => rand() - 0.5);
        for (const name of names) {
          const bytes = await readFile(join(clean, name));
          if (!name.endsWith(".csv")) {
            await writeFile(join(dir, name), bytes);
            continue;
          }
          const [header, ...rows] = bytes.toString("latin1").replace(/\n$/, "").split("\n");
          for (let i = rows.length - 1; i > 0; i--) {
            const j = Math.floor(rand() * (i + 1));
            [rows[i], rows[j]] = [rows[j]!, rows[i]!];
          }
          await writeFile(join(dir, name), Buffer.from([header, ...rows].join("\n") + "\n", "latin1"));
        }
        const text = serializeResults((await evaluate({ rubric: loaded, data: dir })).results);
        // rows are renumbered by the shuffle, nothing else may change
        expect(text).toBe(baseline);
      }),
      { numRuns: 3 },
    );
  }, 60_000);
});

const BETTER_HIGH = [
  "training.compliantRate",
  "training.averageHours",
  "certification.rate",
  "cases.onlineRate",
  "cases.legalReviewRate",
  "cases.publicityTimelyRate",
  "reviews.averageScore",
  "reviews.excellentRate",
];
const BETTER_LOW = ["cases.uncertifiedHandling", "cases.invalidBasis", "reviews.failed"];

describe("scoring invariants", () => {
  let ind: Map<string, UnitIndicators>;
  let units: { id: string; name: string; category: string; parentId: null }[];
  beforeAll(async () => {
    const data = await loadData(DEMO, loadOptionsFor(loaded.rubric));
    ind = computeIndicators(loaded.rubric, data);
    units = data.datasets.units!.records.map((r) => ({
      id: r.values.unit_id as string,
      name: r.values.unit_name as string,
      category: r.values.category as string,
      parentId: null,
    }));
  });
  it("0 ≤ points ≤ max for every item; improving an indicator never lowers an item or the total", async () => {
    const conditions = buildConditions(loaded.rubric);
    const keys = [...BETTER_HIGH, ...BETTER_LOW];
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constantFrom(...keys), fc.double({ min: 0, max: 1, noNaN: true }), async (ui, key, t) => {
        const unit = units[ui % units.length]!;
        const base = ind.get(unit.id)!;
        const v = base.values[key];
        if (typeof v !== "number") return;
        let better: number;
        if (BETTER_LOW.includes(key)) better = Math.floor(v * t);
        else if (key.endsWith("Rate")) better = v + (1 - v) * t;
        else if (key === "reviews.averageScore") better = v + (100 - v) * t;
        else better = v + 100 * t;
        const a = await scoreUnit(loaded.rubric, conditions, unit, base);
        const b = await scoreUnit(loaded.rubric, conditions, unit, { ...base, values: { ...base.values, [key]: better } });
        for (const s of [a, b])
          for (const it of s.items)
            if (it.points !== null) {
              expect(it.points).toBeGreaterThanOrEqual(0);
              expect(it.points).toBeLessThanOrEqual(it.max);
            }
        for (let i = 0; i < a.items.length; i++) {
          const pa = a.items[i]!.points,
            pb = b.items[i]!.points;
          if (pa !== null && pb !== null) expect(pb, `${a.items[i]!.id} ${key} ${v}→${better}`).toBeGreaterThanOrEqual(pa - 1e-9);
        }
        if (a.total !== null && b.total !== null) expect(b.total).toBeGreaterThanOrEqual(a.total - 1e-9);
      }),
      { numRuns: 150 },
    );
  });
});
