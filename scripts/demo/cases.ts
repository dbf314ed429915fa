/**
 * cases.csv (UTF-8) and, from the same pass, case_reviews.xlsx. Cases are written unit by
 * unit in order of 立案日期 (drawn as a per-day histogram, so no unit's cases are held in
 * memory); reviewed files are chosen while writing (selection sampling), so every review
 * names a case that exists, was decided in 2024 and is not one of the broken rows.
 */
import { CsvWriter } from "./csv-writer.js";
import { day, iso, type Day } from "./dates.js";
import { REVIEW_PROBLEMS } from "./names.js";
import { officerId, unknownOfficerId, validAtEnd, type OfficerTable } from "./officers.js";
import { allocate, allocateCapped, Rng } from "./prng.js";
import { CITABLE_VALID, INVALIDATED, INVALIDATED_ON } from "./qingxin-docs.js";
import type { Log } from "./report.js";
import { ReviewWriter } from "./reviews.js";
import type { Unit } from "./units.js";

export const CASE_HEADER = [
  "案件编号",
  "单位编码",
  "案件类型",
  "是否线上办理",
  "承办人",
  "立案日期",
  "决定日期",
  "是否重大案件",
  "法制审核日期",
  "公示日期",
  "执法依据",
];

const Y2024 = day(2024, 1, 1);
const END = day(2024, 12, 31);
const INVALID_FROM = day(2024, 1, 29);

type CaseType = "行政处罚" | "行政检查" | "行政强制" | "行政许可";
type BadKind = "dup" | "date" | "handler";

const TYPES: Record<Unit["category"], readonly (readonly [CaseType, number])[]> = {
  区直部门: [
    ["行政处罚", 68],
    ["行政检查", 17],
    ["行政强制", 7],
    ["行政许可", 8],
  ],
  镇人民政府: [
    ["行政处罚", 55],
    ["行政检查", 35],
    ["行政强制", 6],
    ["行政许可", 4],
  ],
};

interface Pools {
  /** in-post officers holding a certificate valid all year */
  valid: number[];
  /** every usable officer, in post first */
  any: number[];
}

function buildPools(units: readonly Unit[], t: OfficerTable): Pools[] {
  const pools: Pools[] = units.map(() => ({ valid: [], any: [] }));
  const offPost: number[][] = units.map(() => []);
  for (let i = 0; i < t.count; i++) {
    if (t.bad[i]) continue;
    const p = pools[t.unit[i]!]!;
    if (t.inPost[i]) {
      p.any.push(i);
      if (validAtEnd(t, i)) p.valid.push(i);
    } else offPost[t.unit[i]!]!.push(i);
  }
  pools.forEach((p, u) => {
    if (p.any.length < 2) p.any.push(...offPost[u]!);
  });
  return pools;
}

function pickHandlers(rng: Rng, pool: Pools): number[] {
  const n = rng.chance(0.02) || pool.any.length < 2 ? 1 : 2;
  const out: number[] = [];
  for (let tries = 0; out.length < n && tries < 50; tries++) {
    const from = pool.valid.length > 0 && !rng.chance(0.04) ? pool.valid : pool.any;
    const h = rng.pick(from);
    if (!out.includes(h)) out.push(h);
  }
  return out;
}

const pad5 = (n: number): string => String(n).padStart(5, "0");

function basis(rng: Rng, invalid: boolean): string {
  const docs: string[] = [];
  if (invalid) docs.push(rng.pick(INVALIDATED).docNo);
  const valid = invalid ? (rng.chance(0.5) ? 1 : 0) : rng.chance(0.9) ? rng.int(1, 2) : 0;
  while (docs.length < valid + (invalid ? 1 : 0)) {
    const d = rng.pick(CITABLE_VALID);
    if (!docs.includes(d)) docs.push(d);
  }
  return docs.join("；");
}

interface Draft {
  type: CaseType;
  online: boolean;
  handlers: number[];
  opened: Day;
  decided: Day;
  major: boolean;
  review: Day | null;
  published: Day | null;
}

/** The dates and flags of one case opened on `opened`, decided no later than `latest`. */
function draft(rng: Rng, unit: Unit, pool: Pools, opened: Day, latest: Day): Draft {
  const p = unit.profile;
  const type = rng.weighted(TYPES[unit.category]);
  const lag =
    type === "行政处罚"
      ? rng.chance(0.15)
        ? rng.int(30, 80)
        : rng.int(3, 30)
      : type === "行政检查"
        ? rng.int(1, 7)
        : type === "行政强制"
          ? rng.int(1, 20)
          : rng.int(1, 15);
  const decided = Math.min(opened + lag, latest);
  const major = (type === "行政处罚" || type === "行政强制") && rng.chance(0.07);
  let review: Day | null = null;
  if (major) {
    const x = rng.next();
    if (x < p.legalReviewOk) review = Math.max(opened, decided - rng.int(0, 5));
    else if (x < p.legalReviewOk + (1 - p.legalReviewOk) / 2) review = decided + rng.int(1, 6);
  } else if (type === "行政处罚" && rng.chance(0.1)) review = Math.max(opened, decided - rng.int(0, 3));
  let published: Day | null = null;
  if (type === "行政处罚" && !rng.chance(0.05)) {
    published = decided + (rng.chance(p.publishLate) ? rng.int(11, 12) : 1 + Math.floor(rng.next() ** 2 * 8));
  } else if (type === "行政许可" && rng.chance(0.5)) published = decided + rng.int(1, 7);
  return { type, online: rng.chance(p.onlineRate), handlers: pickHandlers(rng, pool), opened, decided, major, review, published };
}

function reviewScore(rng: Rng, mean: number): number {
  if (rng.chance(0.04)) return rng.int(50, 68);
  const s = Math.min(100, Math.max(60, rng.bell(mean, 14)));
  return rng.chance(0.15) ? Math.round(s * 2) / 2 : Math.round(s);
}

export interface CaseCounts {
  cases: number;
  reviews: number;
}

export async function writeCasesAndReviews(
  casePath: string,
  reviewPath: string,
  seed: number,
  units: readonly Unit[],
  officers: OfficerTable,
  totals: { cases?: number; reviews?: number },
  log: Log,
): Promise<CaseCounts> {
  const rng = new Rng(seed, "cases");
  const pools = buildPools(units, officers);
  const staffed = pools.map((p) => p.any.length > 0);

  // cases per unit: m decided in 2024, d decided in late 2023 (outside the period)
  const mNat = units.map((u, k) =>
    u.category === "区直部门" ? Math.min(200, Math.max(20, Math.round(officers.perUnit[k]! * rng.range(1.2, 4)))) : rng.int(20, 60),
  );
  const dNat = units.map(() => (rng.chance(0.3) ? rng.int(1, 2) : 0));
  let m: number[];
  let d: number[];
  if (totals.cases === undefined) {
    m = mNat.map((x, k) => (staffed[k] ? x : 0));
    d = dNat.map((x, k) => (staffed[k] ? x : 0));
  } else {
    const alloc = allocate(
      totals.cases,
      mNat.map((x, k) => (staffed[k] ? x + dNat[k]! : 0)),
    );
    d = alloc.map((a, k) => Math.min(dNat[k]!, Math.floor(a / 10)));
    m = alloc.map((a, k) => a - d[k]!);
  }

  // deliberately broken rows: (unit, 2024 sequence number) → kind
  const bad = new Map<string, BadKind>();
  const candidates = units.map((_, k) => k).filter((k) => m[k]! >= 6);
  for (const kind of ["dup", "date", "handler"] as const) {
    if (candidates.length === 0) break;
    const u = candidates.length > 1 ? candidates.splice(rng.int(0, candidates.length - 1), 1)[0]! : candidates[0]!;
    bad.set(`${u}:${rng.int(3, m[u]! - 1)}`, kind);
  }
  const ineligible = (u: number, j: number): boolean => bad.has(`${u}:${j}`) || bad.get(`${u}:${j + 1}`) === "dup" || (u === 0 && j === 1);
  const eligible = m.map((mu, u) => {
    let e = 0;
    for (let j = 1; j <= mu; j++) if (!ineligible(u, j)) e++;
    return e;
  });
  const reviewsPerUnit =
    totals.reviews === undefined ? eligible.map((e) => Math.min(e, rng.int(5, 12))) : allocateCapped(totals.reviews, eligible, eligible);

  // cases citing an invalidated document, chosen over all 2024 cases (selection sampling)
  let all2024 = m.reduce((a, b) => a + b, 0);
  let invalidLeft = Math.min(all2024, Math.max(6, Math.round(all2024 * 0.003)));

  const cw = CsvWriter.open(casePath, "utf8", CASE_HEADER);
  const rw = ReviewWriter.open(reviewPath);
  const unknownId = unknownOfficerId(officers);
  const id = (i: number): string => officerId(i, officers.idWidth);

  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    const pool = pools[u]!;
    // late 2023: outside the assessment period
    let seq2023 = rng.int(380, 900);
    for (let k = 0; k < d[u]!; k++) {
      const opened = day(2023, 10, 16) + rng.int(0, 45);
      const c = draft(rng, unit, pool, opened, day(2023, 12, 29));
      const caseId = `${unit.id}-2023-${pad5(seq2023++)}`;
      const line = cw.row(row(caseId, unit.id, c, id, basis(rng, false)));
      log.edge(
        "cases.csv",
        line,
        "2023",
        `${caseId} 决定日期 ${iso(c.decided)}：在考核期之前，不计入 / decided in 2023, outside the period`,
      );
    }

    const hist = new Uint32Array(365);
    for (let k = 0; k < m[u]!; k++) hist[rng.int(0, 364)]!++;
    let left = eligible[u]!;
    let need = reviewsPerUnit[u]!;
    let j = 0;
    let prevId = "";
    for (let dd = 0; dd < 365; dd++) {
      for (let k = 0; k < hist[dd]!; k++) {
        j++;
        let opened = Y2024 + dd;
        let latest = END;
        const forced = u === 0 && j === 1;
        if (forced) {
          opened = day(2024, 1, 2);
          latest = day(2024, 1, 16);
        }
        const c = draft(rng, unit, pool, opened, latest);
        if (forced) {
          c.type = "行政处罚";
          c.major = false;
          c.review = null;
          c.decided = latest;
          c.published = latest + 3;
        }
        const invalid = rng.next() * all2024 < invalidLeft;
        all2024--;
        // one decided before 2024-01-29 cites the document while it was still valid: a bonus
        // edge case that does not use up the quota of citations after the invalidation
        if (invalid && c.decided >= INVALID_FROM) invalidLeft--;
        const caseId = `${unit.id}-2024-${pad5(j)}`;
        const cells = row(caseId, unit.id, c, id, forced ? "清新府规2017001；清新府规2021002" : basis(rng, invalid));
        const badKind = bad.get(`${u}:${j}`);
        if (badKind === "dup") {
          cells[0] = prevId;
          log.badRow({
            file: "cases.csv",
            line: cw.line + 1,
            column: "案件编号",
            value: prevId,
            what: "案件编号与上一行重复 / duplicate case id (same as the line before)",
          });
        } else if (badKind === "date") {
          cells[6] = "2024-04-31";
          log.badRow({ file: "cases.csv", line: cw.line + 1, column: "决定日期", value: cells[6], what: "不存在的日期 / impossible date" });
        } else if (badKind === "handler") {
          cells[4] = [id(c.handlers[0]!), unknownId].join("、");
          log.badRow({
            file: "cases.csv",
            line: cw.line + 1,
            column: "承办人",
            value: cells[4],
            what: `承办人 ${unknownId} 不在 officers.csv 中，应视为无有效执法证的承办人 / handler not in officers.csv, so holding no valid certificate`,
          });
        }
        const line = cw.row(cells);
        prevId = caseId;
        if (forced) {
          log.edge(
            "cases.csv",
            line,
            "before-invalid",
            `${caseId} 决定于 2024-01-16，引用清新府规2017001（${INVALIDATED_ON} 才失效）：当时有效，不算依据失效 / cites a document before it was invalidated`,
          );
        } else if (invalid && !badKind) {
          const after = c.decided >= INVALID_FROM;
          log.edge(
            "cases.csv",
            line,
            after ? "invalid-basis" : "before-invalid",
            `${caseId} 决定于 ${iso(c.decided)}，引用已失效文件 ${cells[10]!.split("；")[0]}${after ? "：依据失效 / cites an invalidated document" : "：决定时尚未失效 / decided before the document was invalidated"}`,
          );
        }
        if (!ineligible(u, j)) {
          if (rng.next() * left < need) {
            need--;
            rw.add(reviewRow(rng, unit, caseId, c));
          }
          left--;
        }
        if (cw.full) await cw.flush();
      }
    }
  }
  await cw.close();
  await rw.close();
  return { cases: cw.rows, reviews: rw.count };
}

function row(caseId: string, unitId: string, c: Draft, id: (i: number) => string, legalBasis: string): string[] {
  return [
    caseId,
    unitId,
    c.type,
    c.online ? "是" : "否",
    c.handlers.map(id).join("、"),
    iso(c.opened),
    iso(c.decided),
    c.major ? "是" : "否",
    c.review === null ? "" : iso(c.review),
    c.published === null ? "" : iso(c.published),
    legalBasis,
  ];
}

function reviewRow(rng: Rng, unit: Unit, caseId: string, c: Draft) {
  const date = Math.min(END, c.decided + rng.int(10, 100));
  const kind = rng.weighted<string>([
    ["自查", 45],
    ["抽查", 35],
    ["互查", 20],
  ]);
  let veto = "";
  if (c.handlers.length < 2) veto = "执法人员不足2人";
  else if (c.major && (c.review === null || c.review > c.decided) && rng.chance(0.5)) veto = "未经法制审核作出重大执法决定";
  else if (rng.chance(0.012)) veto = rng.pick(["主体不合法", "超越法定职权"]);
  const score = veto ? Math.min(reviewScore(rng, unit.profile.reviewMean - 15), 85) : reviewScore(rng, unit.profile.reviewMean);
  const problems: string[] = [];
  const nProblems = score >= 93 ? 0 : score >= 85 ? 1 : score >= 75 ? 2 : 3;
  while (problems.length < nProblems) {
    const pr = rng.pick(REVIEW_PROBLEMS);
    if (!problems.includes(pr)) problems.push(pr);
  }
  const text = problems.length ? problems.join("；") : rng.chance(0.5) ? "案卷规范，未发现明显问题" : "";
  return { caseId, unitId: unit.id, date, kind, score, veto, problems: text };
}
