#!/usr/bin/env node
/**
 * fazhi's own streaming xlsx reader (src/data/xlsx-stream.ts) against exceljs' streaming
 * WorkbookReader, on two large one-sheet workbooks:
 *   - "generator": the demo generator's case_reviews.xlsx (exceljs' WorkbookWriter: inline strings,
 *     the sheet before the workbook's parts in the zip);
 *   - "excel-order": the same kind of rows as Excel and WPS save them: shared strings, and the parts
 *     in Excel's order (the sheet before styles.xml and sharedStrings.xml).
 * Each reader runs in its own child process (peak RSS = the child's maxRSS) and turns every cell into
 * what the loader gets (exceljs' values through plainCell, as src/data/xlsx.ts does); both hash
 * every row, and the bench says whether the two gave the same cells.
 *
 *   npm run build && node bench/xlsx-reader.mjs [--rows 200000] [--runs 3]
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, statSync, writeFileSync, renameSync } from "node:fs";
import { loadavg } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// ------------------------------------------------------------------ child: one reader, one file

async function readWithFazhi(file) {
  const { openWorkbookStream } = await import(join(root, "dist/data/xlsx-stream.js"));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const book = await openWorkbookStream(file, statSync(file).size);
  if (book.kind !== "stream") throw new Error(`fazhi's reader did not stream this file: ${book.kind} ${book.why ?? book.reason}`);
  const count = counter();
  for (const sheet of book.sheets) for await (const batch of sheet.rows(() => {})) for (const row of batch) count(row.line, row.cells);
  return { ...count.done(), ms: performance.now() - t0, cpu: cpuSince(c0) };
}

async function readWithExceljs(file) {
  const { default: ExcelJS } = await import("exceljs");
  const { plainCell } = await import(join(root, "dist/data/xlsx.js"));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const count = counter();
  for await (const sheet of reader)
    for await (const row of sheet) {
      const values = row.values;
      const cells = [];
      for (let c = 1; c < values.length; c++) cells.push(plainCell(values[c]));
      count(row.number, cells);
    }
  return { ...count.done(), ms: performance.now() - t0, cpu: cpuSince(c0) };
}

/** user + system CPU seconds since `c0` (worker threads included: fazhi's reader inflates in zlib's pool) */
function cpuSince(c0) {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/** rows, cells, cells holding U+FFFD (text broken in decoding) and a hash of every row's number and cells (dates as ISO text) */
function counter() {
  const hash = createHash("sha1");
  let rows = 0;
  let cells = 0;
  let broken = 0;
  const text = (v) =>
    v === null || v === undefined
      ? ""
      : v instanceof Date
        ? v.toISOString()
        : typeof v === "object"
          ? JSON.stringify(v)
          : `${typeof v}:${v}`;
  const count = (line, row) => {
    rows++;
    cells += row.length;
    for (const v of row) if (typeof v === "string" && v.includes("\ufffd")) broken++;
    hash.update(`${line}\u0001${row.map(text).join("\u0002")}\n`);
  };
  count.done = () => ({ rows, cells, broken, hash: hash.digest("hex").slice(0, 16) });
  return count;
}

// ------------------------------------------------------------------ parent: data, runs, table

const { values: opts } = parseArgs({
  options: { rows: { type: "string", default: "200000" }, runs: { type: "string", default: "3" }, child: { type: "string" } },
  allowPositionals: true,
  strict: true,
});

if (opts.child) {
  const file = process.argv[process.argv.length - 1];
  const r = opts.child === "fazhi" ? await readWithFazhi(file) : await readWithExceljs(file);
  writeFileSync(3, JSON.stringify({ ...r, rssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const ROWS = Number(opts.rows);
const RUNS = Number(opts.runs);
const dir = join(root, "bench/data", `xlsx-reader-${ROWS}`);
mkdirSync(dir, { recursive: true });

/** the demo generator's case_reviews.xlsx with ROWS reviews (cases 2× reviews, few other rows) */
async function generatorFile() {
  const file = join(dir, "generator", "case_reviews.xlsx");
  if (existsSync(file)) return file;
  const { generate } = await import(join(root, "build/demo/generate.js"));
  const units = Math.max(24, Math.round(ROWS / 500));
  await generate({ out: join(dir, "generator"), units, officers: units * 10, training: units * 10, cases: ROWS * 2, reviews: ROWS });
  return file;
}

/** ROWS review rows as Excel saves them: shared strings, a date style, parts in Excel's order */
async function excelOrderFile() {
  const file = join(dir, "excel-order.xlsx");
  if (existsSync(file)) return file;
  const { default: JSZip } = await import("jszip");
  let seed = 20240101;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const strings = [];
  const index = new Map();
  const s = (text) => {
    let i = index.get(text);
    if (i === undefined) index.set(text, (i = strings.push(text) - 1));
    return `<c t="s"><v>${i}</v></c>`;
  };
  const esc = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const col = (n) => String.fromCharCode(65 + n);
  const header = ["案件编号", "单位编码", "评查日期", "评查类型", "评查得分", "否决项", "存在问题", "评查人"];
  const kinds = ["日常评查", "专项评查", "交叉评查"];
  const problems = ["", "", "", "文书送达不规范", "证据材料不完整", "未告知陈述申辩权利", "案卷装订顺序不规范", "法律依据引用不准确"];
  const people = ["陈志明", "林晓燕", "黄国强", "李慧敏", "张伟", "罗文静"];
  const parts = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ];
  const cellAt = (cell, r, c) => `<c r="${col(c)}${r}"${cell.slice(2)}`;
  parts.push(`<row r="1">${header.map((h, c) => cellAt(s(h), 1, c)).join("")}</row>`);
  const base = 45292; // 2024-01-01
  for (let i = 0; i < ROWS; i++) {
    const r = i + 2;
    const unit = `QX-U${String(Math.floor(rand() * 400)).padStart(3, "0")}`;
    const score = Math.round((60 + rand() * 40) * 10) / 10;
    const cells = [
      s(`${unit}-2024-${String(i).padStart(6, "0")}`),
      s(unit),
      `<c s="1"><v>${base + Math.floor(rand() * 366)}</v></c>`,
      s(kinds[Math.floor(rand() * kinds.length)]),
      `<c><v>${score}</v></c>`,
      rand() < 0.02 ? s("未经法制审核作出重大执法决定") : null,
      ((p) => (p ? s(p) : null))(problems[Math.floor(rand() * problems.length)]),
      s(people[Math.floor(rand() * people.length)]),
    ];
    parts.push(`<row r="${r}">${cells.map((cell, c) => (cell === null ? "" : cellAt(cell, r, c))).join("")}</row>`);
  }
  parts.push("</sheetData></worksheet>");
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const zip = new JSZip();
  // Excel's order: content types, package rels, doc props, workbook, its rels, the sheet, theme, styles, shared strings
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="案卷评查" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  zip.file("xl/worksheets/sheet1.xml", parts.join(""));
  zip.file(
    "xl/styles.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet ${ns}><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  zip.file(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst ${ns} count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t xml:space="preserve">${esc(t)}</t></si>`).join("")}</sst>`,
  );
  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  return file;
}

function child(reader, file) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const cp = spawn(process.execPath, [fileURLToPath(import.meta.url), "--child", reader, file], {
      stdio: ["ignore", "inherit", "inherit", "pipe"],
    });
    let out = "";
    cp.stdio[3].on("data", (d) => (out += d));
    cp.on("exit", (code) => {
      if (!out) return reject(new Error(`${reader} on ${file} exited ${code} without a report`));
      resolve({ ...JSON.parse(out), wall: performance.now() - t0 });
    });
  });
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(`load average before: ${load()}`);
const files = { generator: await generatorFile(), "excel-order": await excelOrderFile() };
const table = [];
let differ = false;
for (const [name, file] of Object.entries(files)) {
  const mb = (statSync(file).size / 1048576).toFixed(1);
  for (let run = 1; run <= RUNS; run++) {
    // alternate who goes first, so neither always reads from a warm page cache
    const order = run % 2 ? ["fazhi", "exceljs"] : ["exceljs", "fazhi"];
    const r = {};
    for (const reader of order) r[reader] = await child(reader, file);
    const same = r.fazhi.hash === r.exceljs.hash && r.fazhi.rows === r.exceljs.rows;
    if (!same) differ = true;
    table.push({
      file: `${name} (${mb} MB, ${r.fazhi.rows.toLocaleString("en-US")} rows)`,
      run,
      "fazhi s": (r.fazhi.ms / 1000).toFixed(2),
      "exceljs s": (r.exceljs.ms / 1000).toFixed(2),
      "exceljs/fazhi": (r.exceljs.ms / r.fazhi.ms).toFixed(2),
      "fazhi cpu s": r.fazhi.cpu.toFixed(2),
      "exceljs cpu s": r.exceljs.cpu.toFixed(2),
      "cpu exceljs/fazhi": (r.exceljs.cpu / r.fazhi.cpu).toFixed(2),
      "fazhi MB": Math.round(r.fazhi.rssMb),
      "exceljs MB": Math.round(r.exceljs.rssMb),
      "same cells": same ? "yes" : `NO: ${r.exceljs.broken} exceljs / ${r.fazhi.broken} fazhi cells with U+FFFD`,
    });
  }
}
console.table(table);
console.log(`load average after: ${load()}`);
console.log(
  "s = wall time reading every row inside the child (imports excluded); cpu s = its user + system CPU time; MB = the child's peak RSS",
);
if (differ) process.exitCode = 1;
