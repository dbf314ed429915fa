#!/usr/bin/env node
/**
 * `fazhi draft` on long plans: builds plans of 2,000, 4,000 and 8,000 lines from a real plan
 * (qingxin-2024: its numbered tasks repeated under new 一、二、… headings), drafts each in
 * this process (best of 5, after a warm-up) and prints the times and the ratio 8,000 lines / 2,000 lines —
 * about 4 when drafting is linear, about 16 when it is quadratic. Not a test: a bench.
 *
 *   npm run build && node bench/draft.mjs [--lines 2000,4000,8000]
 */
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { draftFromBytes } = await import(join(root, "dist/draft/draft.js"));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg("--lines", "2000,4000,8000").split(",").map(Number);
const PLAN = join(root, "..", "shared", "plans", "qingxin-2024-invalidated-docs-and-plan.txt");

/**
 * A plan of about `n` lines: the real plan up to its 主要任务 heading, its task section
 * (（一）…（六）, tasks 1–16) repeated with the numbering continued, then its closing section.
 */
export function longPlan(n) {
  const lines = readFileSync(PLAN, "utf8").split(/\r?\n/);
  const from = lines.findIndex((l) => /^二、主要任务/.test(l));
  const to = lines.findIndex((l, i) => i > from && /^三、/.test(l));
  const head = lines.slice(0, from + 1);
  const section = lines.slice(from + 1, to);
  const tail = lines.slice(to);
  const out = [...head];
  let k = 0;
  while (out.length + tail.length < n)
    for (const l of section) {
      if (out.length + tail.length >= n) break;
      out.push(/^\s*\d+[.．、]/.test(l) ? l.replace(/\d+/, String(++k)) : l);
    }
  return [...out, ...tail].join("\n");
}

// warm up (JIT), so the first size is not charged for it
draftFromBytes(Buffer.from(longPlan(Math.min(...sizes)), "utf8"), { planFile: "warm-up.txt", year: 2024 });
const times = new Map();
for (const n of sizes) {
  const bytes = Buffer.from(longPlan(n), "utf8");
  let best = Infinity;
  let tasks = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const d = draftFromBytes(bytes, { planFile: `plan-${n}.txt`, year: 2024 });
    best = Math.min(best, performance.now() - t0);
    tasks = d.summary.tasks;
  }
  times.set(n, best);
  console.log(`${String(n).padStart(6)} 行：${(best / 1000).toFixed(2)} s，${tasks} 项任务`);
}
const lo = Math.min(...sizes);
const hi = Math.max(...sizes);
if (times.has(lo) && times.has(hi) && lo !== hi)
  console.log(
    `${hi} 行 / ${lo} 行 用时之比：${(times.get(hi) / times.get(lo)).toFixed(1)}（线性约为 ${hi / lo}，平方约为 ${(hi / lo) ** 2}）`,
  );
