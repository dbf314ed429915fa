const t0=performance.now(); const m = await import(process.argv[2]); const t1=performance.now();
await m.loadRubric("rubrics/qingxin-2024.json"); const t2=performance.now();
console.log(process.argv[2].padEnd(30), "import", (t1-t0).toFixed(1), "run", (t2-t1).toFixed(1));
