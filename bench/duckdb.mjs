// Child: DuckDB computing the same standard indicators in SQL over the same files (the tool a
// data team would reach for). DuckDB cannot read GBK, so a GB18030 CSV is transcoded to a
// temporary UTF-8 copy first — inside the timed run. Prints per-unit counts on fd 3.
import { createReadStream, createWriteStream, mkdtempSync, openSync, readSync, closeSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { isUtf8 } from "node:buffer";
// DuckDB is the bench's yardstick only, not a dependency of fazhi: its platform bindings break
// `npm ci` with npm 11, so it is installed on first use into bench/.deps (gitignored).
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
const DUCKDB = "@duckdb/node-api@1.5.6-r.1";
async function loadDuckDB() {
  try {
    return await import("@duckdb/node-api");
  } catch {
    const deps = new URL("./.deps/", import.meta.url).pathname;
    if (!existsSync(`${deps}node_modules/@duckdb/node-api`)) {
      execFileSync("npm", ["install", "--prefix", deps, "--no-save", "--no-audit", "--no-fund", DUCKDB], { stdio: "inherit" });
    }
    return await import(createRequire(`${deps}package.json`).resolve("@duckdb/node-api"));
  }
}
const { DuckDBInstance } = await loadDuckDB();

const [dir, paramsJson] = process.argv.slice(2);
const p = JSON.parse(paramsJson);
const t0 = performance.now();
const tmp = mkdtempSync(join(tmpdir(), "fazhi-duck-"));

/** a UTF-8 path for `file` (transcoding GB18030 when the file is not UTF-8) */
async function utf8(file) {
  const path = join(dir, file);
  const fd = openSync(path, "r");
  const head = Buffer.alloc(1 << 20);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  // the bench's own files are either UTF-8 (with or without BOM) or GB18030 throughout
  let cut = n;
  while (cut > 0 && cut > n - 4 && (head[cut - 1] & 0xc0) === 0x80) cut--;
  if (cut > 0 && head[cut - 1] >= 0xc0) cut--;
  if (isUtf8(head.subarray(0, cut))) return path;
  const out = join(tmp, file);
  const dec = new TextDecoder("gb18030");
  await pipeline(
    createReadStream(path),
    new Transform({
      transform(c, _e, cb) {
        cb(null, dec.decode(c, { stream: true }));
      },
      flush(cb) {
        cb(null, dec.decode());
      },
    }),
    createWriteStream(out),
  );
  return out;
}
const q = (s) => `'${s.replaceAll("'", "''")}'`;
const files = {
  units: await utf8("units.csv"),
  officers: await utf8("officers.csv"),
  training: await utf8("training.csv"),
  cases: await utf8("cases.csv"),
};
const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
const csv = (f) => `read_csv(${q(f)}, all_varchar = true, header = true, quote = '"', strict_mode = false)`;
const D = (c) => `try_strptime(${c}, ['%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y年%m月%d日'])::DATE`;
const BOOL = (c) =>
  `CASE WHEN ${c} IN ('是','Y','y','yes','true','1','√','有') THEN true WHEN ${c} IN ('否','N','n','no','false','0','×','无') THEN false END`;
const kinds = p.trainingKinds.map(q).join(",");
const start = q(p.start),
  end = q(p.end),
  asOf = q(p.asOf);
const tpm = 10000,
  tph = Math.round(p.minutesPerHour * tpm),
  minTicks = Math.round(p.trainingMinHours * tph);
await con.run(`
CREATE TABLE units AS SELECT DISTINCT ON ("单位编码") trim("单位编码") AS unit_id FROM ${csv(files.units)} WHERE trim("单位编码") <> '';
CREATE TABLE officers_raw AS SELECT row_number() OVER () AS ln, trim("人员编号") AS officer_id, trim("单位编码") AS unit_id,
  "是否执法岗位" AS post, coalesce(trim("执法证号"), '') AS cert, trim("证件有效期至") AS expires_raw, coalesce(trim("证件状态"), '') AS status FROM ${csv(files.officers)};
CREATE TABLE officers AS SELECT officer_id, unit_id, ${BOOL("post")} AS in_post, cert, ${D("expires_raw")} AS expires, status FROM (
  SELECT *, row_number() OVER (PARTITION BY officer_id ORDER BY ln) AS k FROM officers_raw) o
  WHERE k = 1 AND unit_id IN (SELECT unit_id FROM units) AND ${BOOL("post")} IS NOT NULL
    AND (expires_raw IS NULL OR expires_raw = '' OR ${D("expires_raw")} IS NOT NULL);
-- a record equal in every column to one before it (after its values are read) is counted once, as fazhi does
CREATE TABLE training AS SELECT DISTINCT trim("人员编号") AS officer_id, ${D('"培训日期"')} AS day, trim("培训名称") AS course, trim("培训类别") AS kind,
  try_cast(replace("学时", ',', '') AS DOUBLE) AS hours, try_cast(replace("时长（分钟）", ',', '') AS DOUBLE) AS minutes,
  "学时" AS hours_raw, "时长（分钟）" AS minutes_raw FROM ${csv(files.training)};
CREATE TABLE ticks AS SELECT officer_id, sum(CASE WHEN hours IS NOT NULL THEN round(hours * ${tph}) ELSE round(minutes * ${tpm}) END)::BIGINT AS t
  FROM training WHERE day IS NOT NULL AND officer_id IN (SELECT officer_id FROM officers)
    AND (hours_raw IS NULL OR hours IS NOT NULL) AND (minutes_raw IS NULL OR minutes IS NOT NULL) AND (hours IS NOT NULL OR minutes IS NOT NULL)
    AND day BETWEEN ${start} AND ${end} AND kind IN (${kinds}) GROUP BY officer_id;
CREATE TABLE cases_raw AS SELECT row_number() OVER () AS ln, * FROM ${csv(files.cases)};
CREATE TABLE cases AS SELECT trim("单位编码") AS unit_id, trim("案件类型") AS type, ${BOOL('"是否线上办理"')} AS online,
  ${D('"决定日期"')} AS decided, coalesce(${BOOL('"是否重大案件"')}, false) AS major, ${D('"法制审核日期"')} AS reviewed FROM (
  SELECT *, row_number() OVER (PARTITION BY trim("案件编号") ORDER BY ln) AS k FROM cases_raw) c
  WHERE k = 1 AND trim("单位编码") IN (SELECT unit_id FROM units) AND ${D('"决定日期"')} IS NOT NULL AND ${BOOL('"是否线上办理"')} IS NOT NULL
    AND (coalesce("立案日期", '') = '' OR ${D('"立案日期"')} IS NOT NULL) AND (coalesce("法制审核日期", '') = '' OR ${D('"法制审核日期"')} IS NOT NULL)
    AND (coalesce("公示日期", '') = '' OR ${D('"公示日期"')} IS NOT NULL) AND (coalesce("是否重大案件", '') = '' OR ${BOOL('"是否重大案件"')} IS NOT NULL);
`);
const rows = async (sql) => await (await con.run(sql)).getRowObjectsJS();
const officerStats =
  await rows(`SELECT o.unit_id, count(*) FILTER (WHERE in_post) AS n, coalesce(sum(coalesce(t.t, 0)) FILTER (WHERE in_post), 0) AS ticks,
  count(*) FILTER (WHERE in_post AND coalesce(t.t, 0) >= ${minTicks}) AS ok,
  count(*) FILTER (WHERE in_post AND cert <> '' AND (status = '' OR status = '有效') AND (expires IS NULL OR expires >= ${asOf})) AS certified
  FROM officers o LEFT JOIN ticks t USING (officer_id) GROUP BY o.unit_id`);
const caseStats = await rows(`SELECT unit_id, count(*) AS total, count(*) FILTER (WHERE type = '行政处罚') AS penalty,
  count(*) FILTER (WHERE type = '行政处罚' AND online) AS online, count(*) FILTER (WHERE major) AS major,
  count(*) FILTER (WHERE major AND reviewed IS NOT NULL AND reviewed <= decided) AS reviewed
  FROM cases WHERE decided BETWEEN ${start} AND ${end} GROUP BY unit_id`);
const units = (await rows(`SELECT unit_id FROM units`)).map((r) => r.unit_id);
const rate = (a, b) => (b === 0 ? null : a / b);
const N = (x) => Number(x ?? 0);
const out = {};
const os = new Map(officerStats.map((r) => [r.unit_id, r]));
const cs = new Map(caseStats.map((r) => [r.unit_id, r]));
for (const u of units) {
  const o = os.get(u) ?? {},
    c = cs.get(u) ?? {};
  const n = N(o.n);
  out[u] = {
    "training.officers": n,
    "training.averageHours": n === 0 ? null : N(o.ticks) / tph / n,
    "training.compliantRate": rate(N(o.ok), n),
    "certification.rate": rate(N(o.certified), n),
    "cases.total": N(c.total),
    "cases.onlineRate": rate(N(c.online), N(c.penalty)),
    "cases.legalReviewRate": rate(N(c.reviewed), N(c.major)),
  };
}
const ms = performance.now() - t0;
rmSync(tmp, { recursive: true, force: true });
writeSync(3, JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, metrics: out }));
