// Child of bench/evaluate.mjs: `fazhi evaluate` end to end in this process, then its peak RSS (workers included) on fd 3.
import { writeSync } from "node:fs";
const t0 = performance.now();
const { runCli } = await import("../dist/cli/main.js");
const io = { out: () => {}, err: (s) => process.stderr.write(s + "\n") };
const code = await runCli(process.argv.slice(2), io);
writeSync(3, JSON.stringify({ code, ms: performance.now() - t0, rssMB: process.resourceUsage().maxRSS / 1024 }));
