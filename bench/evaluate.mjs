#!/usr/bin/env node
/**
 * Province-scale bench: generates data folders (1 = 2,000 units, 100,000 officers, 2,000,000
 * training rows, 1,000,000 cases, 200,000 reviews; --sizes picks fractions) into bench/data/,
 * then times, each in its own child process (peak RSS from the child, worker threads included):
 *   1. fazhi evaluate end to end     2. a bare csv-parse pass counting rows (the floor)
 *   3. the naive design: fazhi's loading on one thread, rows kept, json-rules-engine on every case
 *      and training row   4. DuckDB, same indicators in SQL
 * and prints ratios 1/2, 3/1, 1/4 and peak RSS. Fails (exit 1) when 1 and 4 disagree on any value.
 *
 * --rounds N: 1, 2 and 4 run N times in turn (1 2 4 1 2 4 …), so that a change in the machine's
 * speed falls on all three; the seconds printed are medians, the ratios the median of each
 * round's own ratio (min–max after them), the RSS the largest of the N runs.
 *
 * --all-csv: the same folder with case_reviews.xlsx written as case_reviews.csv (bench/all-csv.mjs),
 * so the floor is one csv-parse pass over every file.
 *
 *   npm run build && node bench/evaluate.mjs [--sizes 0.1,0.5,1] [--skip-naive] [--all-csv] [--rounds 3]
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg("--sizes", "0.1,0.5,1").split(",").map(Number);
const skipNaive = process.argv.includes("--skip-naive");
const allCsv = process.argv.includes("--all-csv");
const rounds = Math.max(1, Number(arg("--rounds", "1")));
const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const RUBRIC = join(root, "rubrics/qingxin-2024.json");
const FULL = { units: 2000, officers: 100000, training: 2000000, cases: 1000000, reviews: 200000 };

/** run `node script args` with fd 3 as a pipe for its JSON report; wall time measured here */
function child(script, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const cp = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "inherit", "pipe"] });
    let out = "";
    cp.stdio[3].on("data", (d) => (out += d));
    cp.on("exit", (code) => {
      const wall = performance.now() - t0;
      if (!out) return reject(new Error(`${script} exited ${code} without a report`));
      resolve({ ...JSON.parse(out), wall });
    });
  });
}

const { loadRubric } = await import(join(root, "dist/rubric/load.js"));
const { rubric } = await loadRubric(RUBRIC);
const params = {
  start: rubric.period.start,
  end: rubric.period.end,
  asOf: rubric.asOf ?? rubric.period.end,
  trainingKinds: rubric.parameters.trainingKinds,
  trainingMinHours: rubric.parameters.trainingMinHours,
  minutesPerHour: rubric.parameters.minutesPerHour,
};

const rows = [];
let failed = false;
for (const size of sizes) {
  const n = Object.fromEntries(Object.entries(FULL).map(([k, v]) => [k, Math.round(v * size)]));
  const gen = join(root, "bench/data", `s${size}`);
  if (!existsSync(join(gen, "cases.csv"))) {
    mkdirSync(gen, { recursive: true });
    await child(join(root, "bench/gen.mjs"), [gen, JSON.stringify(n)]);
  }
  const dir = allCsv ? `${gen}-csv` : gen;
  if (allCsv && !existsSync(join(dir, "case_reviews.csv"))) await child(join(root, "bench/all-csv.mjs"), [gen, dir]);
  const out = join(root, "bench/data", `out-${size}${allCsv ? "-csv" : ""}`);
  const evs = [];
  const floors = [];
  const ducks = [];
  let duck = null;
  for (let round = 0; round < rounds; round++) {
    const e = await child(join(root, "bench/run-cli.mjs"), ["evaluate", "--rubric", RUBRIC, "--data", dir, "--out", out]);
    if (e.code !== 0) console.error(`fazhi evaluate exited ${e.code} at size ${size}`);
    evs.push(e);
    floors.push(await child(join(root, "bench/floor.mjs"), [dir]));
    duck = await child(join(root, "bench/duckdb.mjs"), [dir, JSON.stringify(params)]);
    ducks.push(duck);
    if (rounds > 1)
      console.error(
        `size ${size} round ${round + 1}: evaluate ${(e.wall / 1000).toFixed(2)} s, floor ${(floors.at(-1).wall / 1000).toFixed(2)} s, DuckDB ${(duck.wall / 1000).toFixed(2)} s, RSS ${Math.round(e.rssMB)} MB`,
      );
  }
  const ratios = (as, bs) => as.map((a, i) => a.wall / bs[i].wall);
  const ev = {
    wall: median(evs.map((e) => e.wall)),
    rssMB: Math.max(...evs.map((e) => e.rssMB)),
    ratios: { floor: ratios(evs, floors), duck: ratios(evs, ducks) },
  };
  const floor = { wall: median(floors.map((f) => f.wall)) };
  const naive = skipNaive ? null : await child(join(root, "bench/naive.mjs"), [dir, RUBRIC]);
  duck = { ...duck, wall: median(ducks.map((d) => d.wall)), rssMB: Math.max(...ducks.map((d) => d.rssMB)) };
  // indicator values of 1 and 4 must agree exactly
  const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
  let compared = 0;
  const diffs = [];
  for (const u of results.units) {
    const d = duck.metrics[u.id];
    if (!d) {
      diffs.push(`${u.id}: not in DuckDB's units`);
      continue;
    }
    for (const [k, v] of Object.entries(d)) {
      compared++;
      if (!Object.is(u.metrics[k], v)) diffs.push(`${u.id} ${k}: fazhi ${u.metrics[k]} ≠ DuckDB ${v}`);
    }
  }
  if (Object.keys(duck.metrics).length !== results.units.length)
    diffs.push(`unit count: fazhi ${results.units.length} ≠ DuckDB ${Object.keys(duck.metrics).length}`);
  if (diffs.length) {
    failed = true;
    console.error(`✖ size ${size}: fazhi and DuckDB disagree on ${diffs.length} values:\n  ${diffs.slice(0, 20).join("\n  ")}`);
  }
  rows.push({ size, n, ev, floor, naive, duck, compared, agree: diffs.length === 0 });
}

const s = (ms) => (ms / 1000).toFixed(2);
/** 1/2 and 1/4: the median of each round's own ratio */
const r12 = (r) => median(r.ev.ratios.floor);
const r14 = (r) => median(r.ev.ratios.duck);
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
console.log(
  `\nfazhi bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${(await import("node:os")).availableParallelism()} cores${allCsv ? ", all-CSV folders" : ""}`,
);
console.log(
  "size  units  officers  training    cases  reviews | 1 evaluate  2 csv floor  3 naive  4 DuckDB |  1/2   3/1   1/4 | RSS 1    RSS 4 | 1=4",
);
for (const r of rows) {
  console.log(
    `${String(r.size).padEnd(4)} ${String(r.n.units).padStart(6)} ${String(r.n.officers).padStart(9)} ${String(r.n.training).padStart(9)} ${String(r.n.cases).padStart(8)} ${String(r.n.reviews).padStart(8)} |` +
      ` ${s(r.ev.wall).padStart(9)}s ${s(r.floor.wall).padStart(10)}s ${r.naive ? s(r.naive.wall).padStart(7) + "s" : "      –"} ${s(r.duck.wall).padStart(7)}s |` +
      ` ${r12(r).toFixed(2)} ${r.naive ? (r.naive.wall / r.ev.wall).toFixed(1).padStart(5) : "    –"} ${r14(r).toFixed(2)} |` +
      ` ${Math.round(r.ev.rssMB).toString().padStart(4)} MB ${Math.round(r.duck.rssMB).toString().padStart(5)} MB | ${r.agree ? "yes" : "NO"} (${r.compared} values)`,
  );
}
const full = rows.find((r) => r.size === 1),
  half = rows.find((r) => r.size === 0.5);
if (rounds > 1)
  for (const r of rows)
    console.log(
      `size ${r.size}, ${rounds} rounds: 1/2 ${spread(r.ev.ratios.floor)}, 1/4 ${spread(r.ev.ratios.duck)} (each round's ratio, min–max)`,
    );
const double = rows.find((r) => r.size === 2);
if (full && half) console.log(`RSS full/half: ${(full.ev.rssMB / half.ev.rssMB).toFixed(2)}`);
if (full && double) console.log(`RSS double/full: ${(double.ev.rssMB / full.ev.rssMB).toFixed(2)}`);
// issue 16's targets, for each size run: 1/2 ≤ 1.0, 1/4 ≤ 2, peak RSS ≤ 400 MB; flat from size 1 to 2 (taken as ≤ 1.1)
const mark = (ok) => (ok ? "met" : "NOT met");
for (const r of rows)
  console.log(
    `targets at size ${r.size}: 1/2 ${r12(r).toFixed(2)} ≤ 1.0 ${mark(r12(r) <= 1)}; ` +
      `1/4 ${r14(r).toFixed(2)} ≤ 2 ${mark(r14(r) <= 2)}; ` +
      `RSS ${Math.round(r.ev.rssMB)} MB ≤ 400 ${mark(r.ev.rssMB <= 400)}`,
  );
if (full && double)
  console.log(
    `target RSS flat size 1 → 2: ${(double.ev.rssMB / full.ev.rssMB).toFixed(2)} ≤ 1.1 ${mark(double.ev.rssMB <= 1.1 * full.ev.rssMB)}`,
  );
if (failed) {
  console.error("✖ fazhi and DuckDB disagree (see above)");
  process.exit(1);
}
