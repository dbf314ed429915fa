// Child: the floor — a bare csv-parse pass over the same files that only counts rows (xlsx: exceljs, counting rows).
import { createReadStream, readdirSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse";
const dir = process.argv[2];
const t0 = performance.now();
const counts = {};
for (const f of readdirSync(dir).sort()) {
  if (f.endsWith(".csv")) {
    let n = 0;
    const parser = createReadStream(join(dir, f)).pipe(parse({ relax_column_count: true, relax_quotes: true }));
    for await (const _ of parser) n++;
    counts[f] = n - 1;
  } else if (f.endsWith(".xlsx")) {
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, f));
    counts[f] = wb.worksheets[0].actualRowCount - 1;
  }
}
writeSync(3, JSON.stringify({ ms: performance.now() - t0, rssMB: process.resourceUsage().maxRSS / 1024, counts }));
