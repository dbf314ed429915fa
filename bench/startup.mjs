// Start times of the CLI (issue 16: `fazhi --help` and `fazhi validate` in < 0.3 s), against a
// bare `node -e ""` in the same run: each command is run --runs times, interleaved, and the
// median wall time printed. Not a test: timings depend on the machine's load (printed).
//   npm run build && node bench/startup.mjs [--runs 9]
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 9;
const cases = [
  ["node -e \"\" (floor)", ["-e", ""]],
  ["fazhi --help", ["bin/fazhi.js", "--help"]],
  ["fazhi validate --help", ["bin/fazhi.js", "validate", "--help"]],
  ["fazhi validate --rubric …", ["bin/fazhi.js", "validate", "--rubric", "rubrics/qingxin-2024.json"]],
];
const times = cases.map(() => []);
console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
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
  console.log(`${name.padEnd(28)} median ${m.toFixed(3)} s   min ${Math.min(...times[i]).toFixed(3)} s   above node's own start ${(m - floor).toFixed(3)} s${i > 0 ? (m < 0.3 ? "   (< 0.3 s)" : "   (target < 0.3 s)") : ""}`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
