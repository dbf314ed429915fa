/**
 * The units of a generated data set: the 24 real units of 清新区 first, then invented units
 * of other Guangdong districts (16 departments and 8 towns each) with unique ids. Each unit
 * carries a quality profile, so units differ the way real ones do.
 */
import { Rng } from "./prng.js";
import { CITIES, DEPARTMENTS, DISTRICTS, PLACE_SYLLABLES } from "./names.js";

export type UnitCategory = "区直部门" | "镇人民政府";

export interface Profile {
  /** multiplier of the base risks of a missing, expired, suspended or revoked certificate */
  certRisk: number;
  /** reports 100% certification whatever its records show */
  falseReport: boolean;
  /** share of cases handled on the 粤执法 platform */
  onlineRate: number;
  /** share of officers whose counted training falls short of 60 学时 */
  trainingShort: number;
  /** share of tasks reported late */
  milestoneLate: number;
  /** tasks not reported at all */
  missingTasks: readonly string[];
  /** share of 行政处罚 cases published late (8–12 days after the decision) */
  publishLate: number;
  /** share of major cases with 法制审核 on or before the decision */
  legalReviewOk: number;
  /** centre of the case-review scores */
  reviewMean: number;
  funding: boolean;
  /** 案例指导和考核评议 score, null = not yet given */
  guidanceScore: number | null;
  majorIllegalAct: boolean;
}

export interface Unit {
  id: string;
  name: string;
  category: UnitCategory;
  parent: string;
  profile: Profile;
}

const QX_DEPARTMENTS: readonly (readonly [string, string])[] = [
  ["QX-SCJG", "清远市清新区市场监督管理局"],
  ["QX-SFJ", "清远市清新区司法局"],
  ["QX-ZRZY", "清远市清新区自然资源局"],
  ["QX-ZJJ", "清远市清新区住房和城乡建设局"],
  ["QX-JTJ", "清远市清新区交通运输局"],
  ["QX-NYJ", "清远市清新区农业农村局"],
  ["QX-WJJ", "清远市清新区卫生健康局"],
  ["QX-YJJ", "清远市清新区应急管理局"],
  ["QX-CGJ", "清远市清新区城市管理和综合执法局"],
  ["QX-WGLT", "清远市清新区文化广电旅游体育局"],
  ["QX-RSJ", "清远市清新区人力资源和社会保障局"],
  ["QX-SLJ", "清远市清新区水利局"],
  ["QX-JYJ", "清远市清新区教育局"],
  ["QX-LYJ", "清远市清新区林业局"],
  ["QX-STHJ", "清远市生态环境局清新分局"],
  ["QX-MZJ", "清远市清新区民政局"],
];

const QX_TOWNS: readonly (readonly [string, string])[] = [
  ["QX-THZ", "清远市清新区太和镇人民政府"],
  ["QX-STZ", "清远市清新区山塘镇人民政府"],
  ["QX-TPZ", "清远市清新区太平镇人民政府"],
  ["QX-SKZ", "清远市清新区三坑镇人民政府"],
  ["QX-LJZ", "清远市清新区龙颈镇人民政府"],
  ["QX-HYZ", "清远市清新区禾云镇人民政府"],
  ["QX-JTZ", "清远市清新区浸潭镇人民政府"],
  ["QX-SHTZ", "清远市清新区石潭镇人民政府"],
];

/** What makes each real unit stand out in the demo (the rest are ordinary). */
const QX_PROFILES: Readonly<Record<string, Partial<Profile>>> = {
  "QX-SCJG": { certRisk: 0.2, reviewMean: 90, trainingShort: 0.03 },
  "QX-SFJ": { certRisk: 0.2, reviewMean: 91, trainingShort: 0.02 },
  "QX-ZRZY": { publishLate: 0.35 },
  "QX-ZJJ": { majorIllegalAct: true, reviewMean: 80 },
  "QX-JTJ": { trainingShort: 0.35 },
  "QX-YJJ": { legalReviewOk: 0.55 },
  "QX-WGLT": { onlineRate: 0.45 },
  "QX-RSJ": { milestoneLate: 0.75 },
  "QX-LYJ": { certRisk: 6, falseReport: true, reviewMean: 79 },
  "QX-MZJ": { missingTasks: ["QX-QUANZE"], guidanceScore: null, funding: false },
  "QX-TPZ": { trainingShort: 0.4, funding: false },
  "QX-SKZ": { certRisk: 7, falseReport: true },
  "QX-LJZ": { missingTasks: ["QX-XIAFANG"], milestoneLate: 0.5 },
  "QX-HYZ": { certRisk: 5 },
  "QX-JTZ": { onlineRate: 0.3, reviewMean: 78 },
  "QX-SHTZ": { milestoneLate: 0.8, guidanceScore: null },
};

function baseProfile(rng: Rng): Profile {
  return {
    certRisk: rng.weighted<number>([
      [0.2, 4],
      [1, 5],
      [3, 1],
    ]),
    falseReport: false,
    onlineRate: rng.range(0.9, 1),
    trainingShort: rng.range(0.02, 0.1),
    milestoneLate: rng.range(0, 0.25),
    missingTasks: [],
    publishLate: rng.range(0, 0.12),
    legalReviewOk: rng.range(0.85, 1),
    reviewMean: rng.range(82, 89),
    funding: true,
    guidanceScore: rng.weighted<number>([
      [4, 3],
      [3.5, 3],
      [3, 2],
      [2.5, 1],
    ]),
    majorIllegalAct: false,
  };
}

/** Varies an invented unit's profile a little more than a real one's. */
function syntheticProfile(rng: Rng): Profile {
  const p = baseProfile(rng);
  if (rng.chance(0.08)) p.onlineRate = rng.range(0.25, 0.6);
  if (rng.chance(0.06)) p.trainingShort = rng.range(0.3, 0.5);
  if (rng.chance(0.05)) p.certRisk = rng.range(4, 8);
  if (rng.chance(0.03)) p.falseReport = true;
  if (rng.chance(0.04)) p.guidanceScore = null;
  if (rng.chance(0.05)) p.funding = false;
  if (rng.chance(0.03)) p.missingTasks = [rng.pick(["QX-TAIZHANG", "QX-ZHENGZHI", "QX-QUANZE", "QX-LUNXUN"])];
  return p;
}

function townName(rng: Rng, used: Set<string>): readonly [string, string] {
  for (;;) {
    const a = rng.pick(PLACE_SYLLABLES);
    const b = rng.pick(PLACE_SYLLABLES);
    if (a[0] === b[0]) continue;
    const name = a[0] + b[0];
    if (used.has(name)) continue;
    used.add(name);
    return [name + "镇", a[1] + b[1]];
  }
}

/** Invented districts after the real list runs out: 城市 + two syllables + 区/县, ids D0001… */
function* districts(rng: Rng): Generator<readonly [string, string, string]> {
  yield* DISTRICTS;
  const used = new Set(DISTRICTS.map((d) => d[1]));
  for (let n = 1; ; n++) {
    for (;;) {
      const a = rng.pick(PLACE_SYLLABLES)[0];
      const b = rng.pick(PLACE_SYLLABLES)[0];
      const area = a + b + rng.pick(["区", "县"]);
      if (a === b || used.has(area)) continue;
      used.add(area);
      yield [rng.pick(CITIES), area, "D" + String(n).padStart(4, "0")];
      break;
    }
  }
}

/**
 * `count` units: the real 清新区 units first (a proportional subset of departments and
 * towns when count < 24), then invented districts, departments before towns.
 */
export function buildUnits(seed: number, count: number): Unit[] {
  const rng = new Rng(seed, "units");
  const units: Unit[] = [];
  const realDepts = count >= 24 ? 16 : Math.ceil((count * 2) / 3);
  const realTowns = Math.min(8, count - realDepts);
  for (const [id, name] of QX_DEPARTMENTS.slice(0, realDepts)) {
    units.push({ id, name, category: "区直部门", parent: "QX", profile: { ...baseProfile(rng), ...QX_PROFILES[id] } });
  }
  for (const [id, name] of QX_TOWNS.slice(0, realTowns)) {
    units.push({ id, name, category: "镇人民政府", parent: "QX", profile: { ...baseProfile(rng), ...QX_PROFILES[id] } });
  }
  const ids = new Set(units.map((u) => u.id));
  const areas = districts(rng);
  while (units.length < count) {
    const [city, area, code] = areas.next().value as readonly [string, string, string];
    // a county-level city is named on its own (英德市…); a district or county after its city
    const prefix = area.endsWith("市") ? area : city + area;
    for (const [suffix, dept] of DEPARTMENTS) {
      if (units.length >= count) break;
      const name = dept === "STHJ" ? `${city}生态环境局${area.replace(/(区|县|市|瑶族自治县|壮族瑶族自治县)$/, "")}分局` : prefix + suffix;
      units.push({ id: `${code}-${dept}`, name, category: "区直部门", parent: code, profile: syntheticProfile(rng) });
      ids.add(`${code}-${dept}`);
    }
    const usedTowns = new Set<string>();
    for (let t = 0; t < 8 && units.length < count; t++) {
      const [town, initials] = townName(rng, usedTowns);
      let id = `${code}-${initials}Z`;
      for (let k = 2; ids.has(id); k++) id = `${code}-${initials}Z${k}`;
      ids.add(id);
      units.push({ id, name: prefix + town + "人民政府", category: "镇人民政府", parent: code, profile: syntheticProfile(rng) });
    }
  }
  // exactly one unit reports a major illegal act: the real one when present, else one drawn
  if (!units.some((u) => u.profile.majorIllegalAct) && units.length > 0) {
    rng.pick(units).profile.majorIllegalAct = true;
  }
  const seen = new Set<string>();
  for (const u of units) {
    if (seen.has(u.id)) throw new Error(`duplicate unit id ${u.id}`);
    seen.add(u.id);
  }
  return units;
}
