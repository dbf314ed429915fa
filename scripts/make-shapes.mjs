#!/usr/bin/env node
/**
 * Re-saves the small tidy data set (test/fixtures/eval/small) in the shapes staff really make
 * files in Excel and WPS, one folder per shape under test/fixtures/shapes/. test/data/shapes.test.ts
 * asserts for each: the tidy run's totals and grades, or exit 1 with the changed totals
 * provisional and a message naming file and line. Run again only to change them:
 *   node scripts/make-shapes.mjs
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

const HERE = dirname(fileURLToPath(import.meta.url));
const TIDY = join(HERE, "..", "test", "fixtures", "eval", "small");
const OUT = join(HERE, "..", "test", "fixtures", "shapes");

/** The tidy set as { name: rows (arrays of strings) }. */
async function tidy() {
  const out = {};
  for (const f of (await readdir(TIDY)).filter((f) => f.endsWith(".csv")).sort()) {
    const text = await readFile(join(TIDY, f), "utf8");
    out[f.replace(/\.csv$/, "")] = text
      .trimEnd()
      .split("\n")
      .map((l) => l.split(","));
  }
  return out;
}

const field = (v) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** CSV as Excel writes it: CRLF, fields quoted when needed. */
const csv = (rows) => rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";

/** A shape: every dataset as UTF-8 CSV, except what `files` overrides ({ name: Buffer|string }). */
async function shape(name, data, files = {}) {
  const dir = join(OUT, name);
  await mkdir(dir, { recursive: true });
  for (const [ds, rows] of Object.entries(data)) {
    if (Object.keys(files).some((f) => f.startsWith(`${ds}.`))) continue;
    await writeFile(join(dir, `${ds}.csv`), csv(rows));
  }
  for (const [f, content] of Object.entries(files)) await writeFile(join(dir, f), content);
}

const clone = (d) => JSON.parse(JSON.stringify(d));
const col = (rows, header) => rows[0].indexOf(header);
const mapCol = (rows, header, fn) => {
  const i = col(rows, header);
  rows.slice(1).forEach((r, k) => (r[i] = fn(r[i], k)));
};

async function xlsx(build) {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const day = (iso) => {
  const [y, m, d] = iso.split(/[-/]/).map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

async function main() {
  await rm(OUT, { recursive: true, force: true });
  const t = await tidy();
  await shape("tidy", t);

  // CSV (UTF-8 with BOM) and CSV (逗号分隔) as Chinese-locale Excel saves it: GBK
  {
    const files = {};
    for (const [ds, rows] of Object.entries(t))
      files[`${ds}.csv`] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(rows))]);
    await shape("bom", t, files);
    const gbk = {};
    for (const [ds, rows] of Object.entries(t)) gbk[`${ds}.csv`] = iconv.encode(csv(rows), "gbk");
    await shape("gbk", t, gbk);
  }

  // Excel's CSV export of date cells: 2024/3/10 0:00; 20240310 typed as text; a time with seconds
  {
    const d = clone(t);
    const excel = (v) => (v ? `${v.replace(/-0?/g, "/").replace(/\/(\d)\//, "/$1/")} 0:00` : v);
    const iso = (v) => v.replace(/\//g, "-").replace(/-(\d)(?=-|$)/g, "-0$1");
    for (const h of ["立案日期", "决定日期", "法制审核日期", "公示日期"]) mapCol(d.cases, h, (v) => (v ? excel(iso(v)) : v));
    mapCol(d.officers, "证件有效期至", (v) => (v ? v.replace(/-/g, "") : v));
    mapCol(d.milestones, "完成日期", (v) => `${v} 00:00:00`);
    await shape("excel-datetimes", d);
  }

  // placeholders in optional cells: 无, 暂无, /, —, N/A (a certificate number of 无 is no certificate)
  {
    const d = clone(t);
    const marks = ["无", "暂无", "/", "—", "N/A", "-", "没有", "空"];
    let k = 0;
    for (const [ds, rows] of Object.entries(d)) {
      const optional =
        {
          officers: ["执法证号", "证件有效期至", "证件状态"],
          cases: ["法制审核日期", "公示日期", "执法依据", "是否重大案件"],
          case_reviews: ["否决项", "问题描述"],
          milestones: ["佐证材料"],
          indicators: ["佐证材料"],
          documents: ["失效日期"],
        }[ds] ?? [];
      for (const h of optional) mapCol(rows, h, (v) => (v === "" ? marks[k++ % marks.length] : v));
    }
    await shape("placeholders", d);
  }

  // headers with hints, * and （必填） markers, line breaks, synonyms
  {
    const d = clone(t);
    const rename = (rows, from, to) => (rows[0][col(rows, from)] = to);
    rename(d.officers, "人员编号", "*人员编号");
    rename(d.officers, "执法证号", "执法证件号");
    rename(d.officers, "证件状态", "证件状态（有效/暂扣/收回/注销）");
    rename(d.officers, "是否执法岗位", "是否执法岗位（是/否）");
    rename(d.training, "学时", "学时（小时）");
    rename(d.training, "培训日期", "培训时间");
    rename(d.cases, "是否重大案件", "是否重大案件（是/否）");
    rename(d.cases, "决定日期", "决定\n日期");
    rename(d.cases, "案件编号", "案件编号（必填）");
    rename(d.case_reviews, "否决项", "否决项（如有）");
    rename(d.units, "单位类别", "单位 类别");
    await shape("hint-headers", d);
  }

  // title rows, 填报单位/填报日期 lines, a blank line above the header; 合计 and 填表说明 rows below
  {
    const d = clone(t);
    const w = (rows) => rows[0].length;
    const pad = (cells, n) => [...cells, ...Array(Math.max(0, n - cells.length)).fill("")];
    for (const [ds, rows] of Object.entries(d)) {
      rows.unshift(
        pad([`2024年度${ds}情况统计表`], w(rows)),
        pad(["填报单位：清远市清新区司法局", "", "填报日期：2025年1月5日"], w(rows)),
        pad([], w(rows)),
      );
    }
    d.training.push(["合计", "", "", "", "209.5", "2700"]);
    d.cases.push(pad(["填表说明：1.案件编号须唯一；2.日期填写为2024-01-01格式。"], w(d.cases)));
    await shape("title-rows", d);
  }

  // XLSX as made in Excel: a merged title row, a two-row merged header (证件信息 over three
  // columns), date cells, 20240310 as a number, a datetime serial with a time; units.xlsx with a
  // merged 填表说明 row at the end
  {
    const officers = await xlsx((wb) => {
      const s = wb.addWorksheet("Sheet1");
      const o = t.officers;
      s.addRow(["清新区行政执法人员名单"]);
      s.mergeCells(1, 1, 1, 7);
      s.addRow(["人员编号", "姓名", "单位编码", "是否执法岗位", "证件信息", "", ""]);
      s.addRow(["", "", "", "", "执法证号", "证件有效期至", "证件状态"]);
      for (const c of [1, 2, 3, 4]) s.mergeCells(2, c, 3, c);
      s.mergeCells(2, 5, 2, 7);
      o.slice(1).forEach((r, k) => {
        const exp = r[5] ? (k % 2 === 0 ? day(r[5]) : Number(r[5].replace(/-/g, ""))) : null;
        s.addRow([r[0], r[1], r[2], r[3], r[4] || null, exp, r[6] || null]);
      });
      s.getColumn(6).numFmt = "yyyy-mm-dd";
    });
    const units = await xlsx((wb) => {
      const s = wb.addWorksheet("单位名单");
      for (const r of t.units) s.addRow(r);
      const at = t.units.length + 1;
      s.addRow(["填表说明：单位编码由区司法局统一编制，单位类别填写区直部门或镇人民政府。"]);
      s.mergeCells(at, 1, at, 4);
    });
    const reviews = await xlsx((wb) => {
      const s = wb.addWorksheet("Sheet1");
      s.addRow(t.case_reviews[0]);
      t.case_reviews.slice(1).forEach((r) => {
        // a datetime serial with a fraction: the date cell holds a time of day
        const dt = new Date(day(r[2]).getTime() + 9.5 * 3600_000);
        s.addRow([r[0], r[1], dt, r[3], Number(r[4]), r[5] || null, r[6] || null]);
      });
      s.getColumn(3).numFmt = "yyyy/m/d h:mm";
      s.addRow(["合计", "", "", "", 238, "", ""]);
    });
    await shape("xlsx-merged", t, { "officers.xlsx": officers, "units.xlsx": units, "case_reviews.xlsx": reviews });
  }

  // a long preamble above the header (beyond the first 12 lines): a title, 填报单位/填报日期 and a
  // numbered 填表说明 of a dozen lines — in officers.xlsx each line merged across the columns, in
  // training.csv each in the first cell
  {
    const notes = Array.from(
      { length: 12 },
      (_, k) => `${k + 1}. 第 ${k + 1} 项填写要求：按《行政执法人员管理办法》的口径填写，不得留空。`,
    );
    const officers = await xlsx((wb) => {
      const s = wb.addWorksheet("行政执法人员");
      const o = t.officers;
      s.addRow(["清新区行政执法人员名册（2024年度）"]);
      s.mergeCells(1, 1, 1, 7);
      s.addRow(["填报单位：清远市清新区司法局", "", "", "", "填报日期：2025年1月5日"]);
      s.addRow(["填表说明："]);
      s.mergeCells(3, 1, 3, 7);
      for (const n of notes) {
        const r = s.addRow([n]);
        s.mergeCells(r.number, 1, r.number, 7);
      }
      for (const r of o) s.addRow(r.map((v) => v || null));
    });
    const pad = (cells) => [...cells, ...Array(Math.max(0, t.training[0].length - cells.length)).fill("")];
    const training = [
      pad(["2024年度行政执法人员培训登记表"]),
      pad(["填报单位：清远市清新区司法局", "", "", "填报日期：2025年1月5日"]),
      pad([]),
      pad(["填表说明："]),
      ...notes.map((n) => pad([n])),
      ...t.training,
    ];
    await shape("long-preamble", { ...t, training }, { "officers.xlsx": officers });
  }

  // one stray " at the start of a field: never closed (the rest of the file cannot be read) …
  {
    const text = csv(t.cases).split("\r\n");
    text[2] = text[2].replace(",否,", ',"否,');
    await shape("stray-quote", t, { "cases.csv": text.join("\r\n") });
    // … or closed by a second stray quote lines later: the lines between are one swallowed cell
    const two = csv(t.cases).split("\r\n");
    two[1] = two[1].replace(",是,", ',"是,');
    two[3] = two[3].replace(",是,", ',是",');
    await shape("stray-quotes-swallow", t, { "cases.csv": two.join("\r\n") });
  }

  // one line saved in GBK among UTF-8 lines (pasted from another file)
  {
    const lines = csv(t.training).split("\r\n");
    const parts = lines.map((l, i) => (i === 3 ? iconv.encode(l, "gbk") : Buffer.from(l)));
    const joined = [];
    parts.forEach((p, i) => joined.push(p, Buffer.from(i < parts.length - 1 ? "\r\n" : "")));
    await shape("gbk-line", t, { "training.csv": Buffer.concat(joined) });
  }

  // a header close to a contract column but not matched: a warning naming both, and the column's indicators unusable
  {
    const d = clone(t);
    d.officers[0][col(d.officers, "执法证号")] = "执法证编码";
    await shape("near-header", d);
  }

  // Excel's date cells as dates all through case and training files (xlsx), numbers as numbers
  {
    const cases = await xlsx((wb) => {
      const s = wb.addWorksheet("Sheet1");
      s.addRow(t.cases[0]);
      for (const r of t.cases.slice(1)) s.addRow(r.map((v, i) => ([5, 6, 8, 9].includes(i) && v ? day(v) : v || null)));
    });
    await shape("xlsx-dates", t, { "cases.xlsx": cases });
  }
}

await main();
