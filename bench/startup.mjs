// Start times of the CLI (issue 16: `fazhi --help` and `fazhi validate` in < 0.3 s), against a
// bare `node -e ""` in the same run: each command is run --runs times, interleaved, and the
// median wall time printed. Not a test: timings depend on the machine's load (printed).
//   npm run build && node bench/startup.mjs [--runs 9]
// (`npm run build`, not tsc alone: it also bundles the rubric checker validate loads; see
// scripts/bundle-checker.mjs)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 9;
const cases = [
  ['node -e "" (floor)', ["-e", ""]],
  ["fazhi --help", ["bin/fazhi.js", "--help"]],
  ["fazhi validate --help", ["bin/fazhi.js", "validate", "--help"]],
  ["fazhi validate --rubric …", ["bin/fazhi.js", "validate", "--rubric", "rubrics/qingxin-2024.json"]],
  // the rubric checker alone, as validate loads it (one bundled file) and as the modules (tsc's output)
  ["checker: bundle", ["--input-type=module", "-e", checker("./dist/rubric/load.bundle.js")]],
  ["checker: modules", ["--input-type=module", "-e", checker("./dist/rubric/load.js")]],
];
function checker(path) {
  return `const { loadRubric } = await import(${JSON.stringify(path)}); await loadRubric("rubrics/qingxin-2024.json");`;
}
if (!existsSync("dist/rubric/load.bundle.js")) throw new Error("no dist/rubric/load.bundle.js: run npm run build first");
const times = cases.map(() => []);
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (let r = 0; r < runs; r++) {
  cases.forEach(([, argv], i) => {
    const t = process.hrtime.bigint();
    const res = spawnSync(process.execPath, argv, { stdio: "ignore" });
    times[i].push(Number(process.hrtime.bigint() - t) / 1e9);
    if (res.status !== 0) throw new Error(`${cases[i][0]} exited ${res.status}`);
  });
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const floor = median(times[0]);
for (const [i, [name]] of cases.entries()) {
  const m = median(times[i]);
  const target = name.startsWith("fazhi") ? (m < 0.3 ? "   (< 0.3 s)" : "   (target < 0.3 s)") : "";
  console.log(
    `${name.padEnd(28)} median ${m.toFixed(3)} s   min ${Math.min(...times[i]).toFixed(3)} s   ${(m / floor).toFixed(2)}× node's own start, ${(m - floor).toFixed(3)} s above it${target}`,
  );
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
