// Child: generate one bench data folder with the demo generator.
const [dir, counts] = process.argv.slice(2);
const { generate } = await import("../build/demo/generate.js");
const c = JSON.parse(counts);
await generate({ out: dir, ...c });
(await import("node:fs")).writeSync(3, "{}");
