/**
 * officers.csv (UTF-8 with BOM): officers per unit, ~95% in an enforcement post, with
 * certificates whose quality follows the unit's profile. Streams rows; keeps only a few
 * typed arrays per officer, which cases.ts needs to pick handlers.
 */
import { CsvWriter } from "./csv-writer.js";
import { day, iso, slash, type Day } from "./dates.js";
import { GIVEN_CHARS, SURNAMES } from "./names.js";
import { allocate, Rng } from "./prng.js";
import type { Log } from "./report.js";
import type { Unit } from "./units.js";

export const OFFICER_HEADER = ["人员编号", "姓名", "单位编码", "是否执法岗位", "执法证号", "证件有效期至", "证件状态"];

const PERIOD_END = day(2024, 12, 31);

export interface OfficerTable {
  count: number;
  /** digits after the P of an officer id */
  idWidth: number;
  /** index into units */
  unit: Int32Array;
  inPost: Uint8Array;
  /** has a certificate number and an effective status (有效 or blank) */
  certOk: Uint8Array;
  /** certificate expiry day, 0 when none */
  expires: Int32Array;
  /** the row was deliberately broken, so the officer is unknown to the engine */
  bad: Uint8Array;
  /** officers per unit */
  perUnit: number[];
}

export function officerId(i: number, width: number): string {
  return "P" + String(i + 1).padStart(width, "0");
}

/** An id no officer has, for rows that name someone missing from officers.csv. */
export function unknownOfficerId(t: OfficerTable): string {
  return officerId(t.count + 17, t.idWidth);
}

export function validAtEnd(t: OfficerTable, i: number): boolean {
  return t.certOk[i] === 1 && t.expires[i]! >= PERIOD_END;
}

export interface UnitCertStats {
  inPost: number;
  validAtEnd: number;
}

function personName(rng: Rng): string {
  const s = rng.weighted(SURNAMES);
  const g = rng.pick(GIVEN_CHARS) + (rng.chance(0.75) ? rng.pick(GIVEN_CHARS) : "");
  return s + g;
}

/** Natural size of each unit, also used as weights when a total is asked for. */
function naturalCounts(rng: Rng, units: readonly Unit[]): number[] {
  return units.map((u) => (u.category === "区直部门" ? rng.int(8, 60) : rng.int(6, 25)));
}

export async function writeOfficers(
  path: string,
  seed: number,
  units: readonly Unit[],
  total: number | undefined,
  log: Log,
): Promise<{ table: OfficerTable; stats: UnitCertStats[] }> {
  const rng = new Rng(seed, "officers");
  const natural = naturalCounts(rng, units);
  const perUnit = total === undefined ? natural : allocate(total, natural);
  const count = perUnit.reduce((a, b) => a + b, 0);
  const idWidth = Math.max(5, String(count).length);
  const t: OfficerTable = {
    count,
    idWidth,
    unit: new Int32Array(count),
    inPost: new Uint8Array(count),
    certOk: new Uint8Array(count),
    expires: new Int32Array(count),
    bad: new Uint8Array(count),
    perUnit,
  };
  const stats: UnitCertStats[] = units.map(() => ({ inPost: 0, validAtEnd: 0 }));
  const unitIds = new Set(units.map((u) => u.id));
  const w = CsvWriter.open(path, "utf8-bom", OFFICER_HEADER);

  // deliberately broken rows, placed at the first suitable officer after each mark
  const badAt = [Math.floor(count * rng.range(0.2, 0.45)), Math.floor(count * rng.range(0.55, 0.9))];
  const designatedExpiry = count > 2 ? 2 : -1;
  const certBase = rng.int(0, 999_999);

  let i = 0;
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    const risk = unit.profile.certRisk;
    for (let k = 0; k < perUnit[u]!; k++, i++) {
      const name = personName(rng);
      const inPost = i === designatedExpiry || rng.chance(0.95);
      const hasCert = inPost ? !rng.chance(0.025 * risk) : rng.chance(0.25);
      let certNo = "";
      let expires: Day = 0;
      let status = "";
      if (hasCert) {
        // a bijection of the officer index, so numbers are unique up to a million officers
        certNo = "44180" + String((certBase + i * 7919) % 1_000_000).padStart(6, "0");
        expires = rng.chance(0.012 * risk) ? day(2024, 2, 1) + rng.int(0, 303) : day(2025, 1, 15) + rng.int(0, 1446);
        const s = rng.next();
        status = s < 0.004 * risk ? "暂扣" : s < 0.007 * risk ? "注销" : s < 0.008 * risk ? "收回" : rng.chance(0.1) ? "" : "有效";
      }
      if (i === designatedExpiry) {
        certNo = certNo || "44180" + String((certBase + i * 7919) % 1_000_000).padStart(6, "0");
        expires = PERIOD_END;
        status = "有效";
      }
      t.unit[i] = u;
      t.inPost[i] = inPost ? 1 : 0;
      t.certOk[i] = certNo !== "" && (status === "有效" || status === "") ? 1 : 0;
      t.expires[i] = expires;

      const cells = [
        officerId(i, idWidth),
        name,
        unit.id,
        inPost ? "是" : "否",
        certNo,
        expires === 0 ? "" : rng.chance(0.05) ? slash(expires) : iso(expires),
        status,
      ];
      const suitable = inPost && certNo !== "" && i !== designatedExpiry;
      if (badAt[0] !== undefined && i >= badAt[0] && suitable) {
        badAt.shift();
        t.bad[i] = 1;
        if (badAt.length === 1) {
          cells[5] = "2025-02-29";
          log.badRow({
            file: "officers.csv",
            line: w.line + 1,
            column: "证件有效期至",
            value: "2025-02-29",
            what: "不存在的日期 / impossible date (2025 is not a leap year)",
          });
        } else {
          let typo = unit.id.slice(0, -1);
          while (unitIds.has(typo)) typo += "X";
          cells[2] = typo;
          log.badRow({
            file: "officers.csv",
            line: w.line + 1,
            column: "单位编码",
            value: typo,
            what: `单位编码不在 units.csv 中 / unit id not in units.csv (typo of ${unit.id})`,
          });
        }
      }
      const line = w.row(cells);
      if (i === designatedExpiry)
        log.edge(
          "officers.csv",
          line,
          "expiry",
          `${cells[0]} 证件有效期至 2024-12-31：考核期末当天仍有效 / certificate expires on the period's last day, still valid`,
        );
      if (t.bad[i] === 0 && inPost) {
        stats[u]!.inPost++;
        if (validAtEnd(t, i)) stats[u]!.validAtEnd++;
      }
      if (w.full) await w.flush();
    }
  }
  await w.close();
  return { table: t, stats };
}
