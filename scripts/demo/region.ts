/**
 * Data for another region's rubric: `node build/demo/generate.js --rubric rubrics/taishan-2024.json --out <dir>`.
 *
 * Reads the rubric (resolved, with its base) for its datasets, period, task ids (deadline or
 * recurring dates) and reported indicator ids, takes the region's real units (连山县, 梅州市,
 * 台山市, 清远市 2017) and writes a small seeded data set the rubric can score end to end:
 * a few officers per unit, their training (with some 政治理论 hours, which do not count),
 * cases and case reviews inside the period, one milestones row per task (per occurrence for
 * recurring tasks; some late, a few missing) and one value per reported indicator (a
 * reviewer's score within the item's maximum for manual items; a few left out, so some
 * totals are provisional). No row is broken on purpose: the 清新区 demo set does that.
 */
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { CsvWriter } from "./csv-writer.js";
import { Rng } from "./prng.js";
import { COUNTED_KINDS, COURSES, GIVEN_CHARS, POLITICAL_KINDS, SURNAMES } from "./names.js";
import { loadRubric } from "../../dist/rubric/load.js";
import type { Rubric } from "../../dist/rubric/schema.js";
import { formatDay, parseIsoDay } from "../../dist/data/dates.js";
import { taskOccurrences } from "../../dist/indicators/milestones.js";

export interface RegionUnit {
  id: string;
  name: string;
  category: string;
  parent: string;
}

const u = (parent: string, category: string, list: readonly (readonly [string, string])[]): RegionUnit[] =>
  list.map(([id, name]) => ({ id, name, category, parent }));

/** Real units per region; ids are the codes the region's rubric conditions name. */
export const REGIONS: Readonly<Record<string, { name: string; units: readonly RegionUnit[] }>> = {
  lianshan: {
    name: "连山壮族瑶族自治县",
    units: [
      ...u("LS", "县直部门", [
        ["LS-SFJ", "连山壮族瑶族自治县司法局"],
        ["LS-GAJ", "连山壮族瑶族自治县公安局"],
        ["LS-SCJG", "连山壮族瑶族自治县市场监督管理局"],
        ["LS-ZRZY", "连山壮族瑶族自治县自然资源局"],
        ["LS-ZJJ", "连山壮族瑶族自治县住房和城乡建设局"],
        ["LS-JTJ", "连山壮族瑶族自治县交通运输局"],
        ["LS-NYJ", "连山壮族瑶族自治县农业农村局"],
        ["LS-WJJ", "连山壮族瑶族自治县卫生健康局"],
        ["LS-YJJ", "连山壮族瑶族自治县应急管理局"],
        ["LS-WGLT", "连山壮族瑶族自治县文化广电旅游体育局"],
        ["LS-STHJ", "清远市生态环境局连山分局"],
      ]),
      ...u("LS", "镇人民政府", [
        ["LS-JTZ", "连山壮族瑶族自治县吉田镇人民政府"],
        ["LS-TBZ", "连山壮族瑶族自治县太保镇人民政府"],
        ["LS-HDZ", "连山壮族瑶族自治县禾洞镇人民政府"],
        ["LS-YHZ", "连山壮族瑶族自治县永和镇人民政府"],
        ["LS-FTZ", "连山壮族瑶族自治县福堂镇人民政府"],
        ["LS-XSJ", "连山壮族瑶族自治县小三江镇人民政府"],
        ["LS-SSZ", "连山壮族瑶族自治县上帅镇人民政府"],
      ]),
    ],
  },
  meizhou: {
    name: "梅州市",
    units: [
      ...u("MZ", "市直部门", [
        ["MZ-SFJ", "梅州市司法局"],
        ["MZ-GAJ", "梅州市公安局"],
        ["MZ-SCJG", "梅州市市场监督管理局"],
        ["MZ-ZRZY", "梅州市自然资源局"],
        ["MZ-ZJJ", "梅州市住房和城乡建设局"],
        ["MZ-JTJ", "梅州市交通运输局"],
        ["MZ-NYJ", "梅州市农业农村局"],
        ["MZ-WJJ", "梅州市卫生健康局"],
        ["MZ-YJJ", "梅州市应急管理局"],
        ["MZ-CGJ", "梅州市城市管理和综合执法局"],
        ["MZ-WGLT", "梅州市文化广电旅游体育局"],
        ["MZ-STHJ", "梅州市生态环境局"],
      ]),
      ...u("MZ", "县（市、区）人民政府", [
        ["MZ-MJQ", "梅州市梅江区人民政府"],
        ["MZ-MXQ", "梅州市梅县区人民政府"],
        ["MZ-XNS", "兴宁市人民政府"],
        ["MZ-PYX", "平远县人民政府"],
        ["MZ-JLX", "蕉岭县人民政府"],
        ["MZ-DBX", "大埔县人民政府"],
        ["MZ-FSX", "丰顺县人民政府"],
        ["MZ-WHX", "五华县人民政府"],
      ]),
    ],
  },
  taishan: {
    name: "台山市",
    units: [
      ...u("TS", "市司法局", [["TS-SFJ", "台山市司法局"]]),
      ...u("TS", "市直部门", [
        ["TS-GAJ", "台山市公安局"],
        ["TS-FGJ", "台山市发展和改革局"],
        ["TS-CZJ", "台山市财政局"],
        ["TS-ZRZY", "台山市自然资源局"],
        ["TS-ZJJ", "台山市住房和城乡建设局"],
        ["TS-JTJ", "台山市交通运输局"],
        ["TS-SLJ", "台山市水利局"],
        ["TS-NYJ", "台山市农业农村局"],
        ["TS-WGLT", "台山市文化广电旅游体育局"],
        ["TS-WJJ", "台山市卫生健康局"],
        ["TS-YJJ", "台山市应急管理局"],
        ["TS-SCJG", "台山市市场监督管理局"],
        ["TS-CGJ", "台山市城市管理和综合执法局"],
        ["TS-ZSJ", "台山市政务服务数据管理局"],
        ["TS-STHJ", "江门市生态环境局台山分局"],
      ]),
      ...u("TS", "镇（街）", [
        ["TS-TCJD", "台山市台城街道办事处"],
        ["TS-DJZ", "台山市大江镇人民政府"],
        ["TS-SBZ", "台山市水步镇人民政府"],
        ["TS-SJZ", "台山市四九镇人民政府"],
        ["TS-BSZ", "台山市白沙镇人民政府"],
        ["TS-SHZ", "台山市三合镇人民政府"],
        ["TS-CLZ", "台山市冲蒌镇人民政府"],
        ["TS-DSZ", "台山市斗山镇人民政府"],
        ["TS-DHZ", "台山市都斛镇人民政府"],
        ["TS-CXZ", "台山市赤溪镇人民政府"],
        ["TS-DFZ", "台山市端芬镇人民政府"],
        ["TS-GHZ", "台山市广海镇人民政府"],
        ["TS-HYZ", "台山市海宴镇人民政府"],
        ["TS-WCZ", "台山市汶村镇人民政府"],
        ["TS-SJNZ", "台山市深井镇人民政府"],
        ["TS-BDZ", "台山市北陡镇人民政府"],
        ["TS-CDZ", "台山市川岛镇人民政府"],
      ]),
    ],
  },
  qingyuan: {
    name: "清远市",
    units: [
      // 2017 names of the departments
      ...u("QY", "市政府部门", [
        ["QY-FZJ", "清远市法制局"],
        ["QY-FGJ", "清远市发展和改革局"],
        ["QY-GAJ", "清远市公安局"],
        ["QY-GTJ", "清远市国土资源局"],
        ["QY-HBJ", "清远市环境保护局"],
        ["QY-ZJJ", "清远市住房和城乡建设管理局"],
        ["QY-JTJ", "清远市交通运输局"],
        ["QY-SWJ", "清远市水务局"],
        ["QY-NYJ", "清远市农业局"],
        ["QY-WGXC", "清远市文化广电新闻出版局"],
        ["QY-WJJ", "清远市卫生和计划生育局"],
        ["QY-AJJ", "清远市安全生产监督管理局"],
        ["QY-SYJ", "清远市食品药品监督管理局"],
        ["QY-GSJ", "清远市工商行政管理局"],
      ]),
      ...u("QY", "县（市、区）人民政府", [
        ["QY-QCQ", "清远市清城区人民政府"],
        ["QY-QXQ", "清远市清新区人民政府"],
        ["QY-YDS", "英德市人民政府"],
        ["QY-LZS", "连州市人民政府"],
        ["QY-FGX", "佛冈县人民政府"],
        ["QY-YSX", "阳山县人民政府"],
        ["QY-LSX", "连山壮族瑶族自治县人民政府"],
        ["QY-LNX", "连南瑶族自治县人民政府"],
      ]),
    ],
  },
};

export interface RubricDataOptions {
  out: string;
  rubric: string;
  seed?: number;
  /** a key of REGIONS; by default the rubric id's prefix (taishan-2024 → taishan) */
  region?: string;
}

export function regionOf(rubric: Rubric, file: string): string {
  const key = rubric.id.split("-")[0]!;
  if (REGIONS[key]) return key;
  throw new Error(`no unit list for rubric ${rubric.id} (${basename(file)}); pass --region ${Object.keys(REGIONS).join("|")}`);
}

/** Writes the data set; returns the rows written per dataset. */
export async function generateForRubric(opts: RubricDataOptions): Promise<Record<string, number>> {
  const { rubric } = await loadRubric(opts.rubric);
  const region = opts.region ?? regionOf(rubric, opts.rubric);
  const spec = REGIONS[region];
  if (!spec) throw new Error(`unknown region ${region}; one of ${Object.keys(REGIONS).join(", ")}`);
  const seed = opts.seed ?? 20240101;
  await mkdir(opts.out, { recursive: true });
  const path = (f: string) => join(opts.out, f);
  const has = (d: string) => (rubric.datasets as string[]).includes(d);
  const start = parseIsoDay(rubric.period.start);
  const end = parseIsoDay(rubric.period.end);
  const units = spec.units;
  const counts: Record<string, number> = {};
  const rng = new Rng(seed, `region:${region}`);

  const uw = CsvWriter.open(path("units.csv"), "utf8", ["单位编码", "单位名称", "单位类别", "上级单位编码"]);
  for (const x of units) uw.row([x.id, x.name, x.category, x.parent]);
  await uw.close();
  counts.units = uw.rows;

  // officers: a few per unit
  const officers = new Map<string, string[]>();
  if (has("officers") || has("training") || has("cases")) {
    const w = CsvWriter.open(path("officers.csv"), "utf8", [
      "人员编号",
      "姓名",
      "单位编码",
      "是否执法岗位",
      "执法证号",
      "证件有效期至",
      "证件状态",
    ]);
    let n = 0;
    for (const x of units) {
      const ids: string[] = [];
      for (let i = rng.int(4, 7); i > 0; i--) {
        const id = `P${String(++n).padStart(5, "0")}`;
        ids.push(id);
        const name = rng.weighted(SURNAMES) + rng.pick(GIVEN_CHARS) + (rng.chance(0.7) ? rng.pick(GIVEN_CHARS) : "");
        const certified = rng.chance(0.95);
        const expires = rng.chance(0.04) ? end - rng.int(10, 200) : end + rng.int(60, 900);
        w.row([
          id,
          name,
          x.id,
          "是",
          certified ? `44${rng.int(100000000, 999999999)}` : "",
          certified ? formatDay(expires) : "",
          certified ? "有效" : "",
        ]);
      }
      officers.set(x.id, ids);
    }
    await w.close();
    counts.officers = w.rows;
  }

  if (has("training")) {
    const w = CsvWriter.open(path("training.csv"), "utf8", ["人员编号", "培训日期", "培训名称", "培训类别", "学时", "时长（分钟）"]);
    const kinds = rubric.parameters.trainingKinds;
    for (const ids of officers.values())
      for (const id of ids) {
        // most reach the 60 学时 (counted kinds only); some fall short
        let hours = 0;
        const target = rng.chance(0.85) ? rng.int(60, 72) : rng.int(36, 58);
        while (hours < target) {
          const kind = rng.pick(kinds.length ? kinds : COUNTED_KINDS);
          const h = Math.min(rng.int(4, 12), target - hours);
          hours += h;
          w.row([id, formatDay(rng.int(start, end)), rng.pick(COURSES[kind] ?? ["行政执法业务培训"]), kind, String(h), ""]);
        }
        // political training never counts toward the 60 学时
        const pk = rng.pick(POLITICAL_KINDS);
        w.row([id, formatDay(rng.int(start, end)), rng.pick(COURSES[pk] ?? ["党性教育专题学习"]), pk, String(rng.int(4, 16)), ""]);
      }
    await w.close();
    counts.training = w.rows;
  }

  const caseIds: [string, string][] = [];
  if (has("cases")) {
    const w = CsvWriter.open(path("cases.csv"), "utf8", [
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
    ]);
    const y = Number(rubric.period.start.slice(0, 4));
    for (const x of units) {
      const ids = officers.get(x.id) ?? [];
      const online = rng.range(0.85, 1);
      for (let i = 1, n = rng.int(3, 9); i <= n; i++) {
        const id = `${x.id}-${y}-${String(i).padStart(4, "0")}`;
        caseIds.push([id, x.id]);
        const decided = rng.int(start + 20, end);
        const major = rng.chance(0.15);
        const type = rng.chance(0.7) ? "行政处罚" : "行政检查";
        const a = rng.pick(ids);
        let b = rng.pick(ids);
        if (b === a) b = ids[(ids.indexOf(a) + 1) % ids.length]!;
        w.row([
          id,
          x.id,
          type,
          rng.chance(online) ? "是" : "否",
          `${a}、${b}`,
          formatDay(decided - rng.int(5, 20)),
          formatDay(decided),
          major ? "是" : "否",
          major && rng.chance(0.9) ? formatDay(decided - rng.int(1, 4)) : "",
          type === "行政处罚" ? formatDay(decided + rng.int(1, rng.chance(0.9) ? 5 : 12)) : "",
          "",
        ]);
      }
    }
    await w.close();
    counts.cases = w.rows;
  }

  if (has("case_reviews")) {
    const w = CsvWriter.open(path("case_reviews.csv"), "utf8", [
      "案件编号",
      "单位编码",
      "评查日期",
      "评查方式",
      "得分",
      "否决项",
      "问题描述",
    ]);
    for (const [id, unitId] of caseIds) {
      if (!rng.chance(0.4)) continue;
      const score = Math.min(100, Math.round(rng.range(70, 99)));
      w.row([
        id,
        unitId,
        formatDay(rng.int(start, end)),
        rng.pick(["集中评查", "交叉评查", "网上评查"]),
        String(score),
        "否",
        score < 80 ? "证据收集不够全面" : "",
      ]);
    }
    await w.close();
    counts.case_reviews = w.rows;
  }

  if (has("milestones")) {
    const w = CsvWriter.open(path("milestones.csv"), "utf8", ["单位编码", "任务编号", "完成日期", "佐证材料"]);
    for (const x of units)
      for (const t of rubric.tasks) {
        const due = t.recurring ? taskOccurrences(t, rubric.period) : t.deadline ? [parseIsoDay(t.deadline)] : [];
        for (const d of due) {
          if (d > end) continue; // falls due after the period
          if (rng.chance(0.05)) continue; // never reported
          const done = rng.chance(0.85) ? d - rng.int(0, 25) : d + rng.int(1, 20);
          if (done > end && d <= end) continue; // not done by the period's end: not reported yet
          w.row([x.id, t.id, formatDay(done), `${t.title}佐证材料`]);
        }
      }
    await w.close();
    counts.milestones = w.rows;
  }

  if (has("documents")) {
    const w = CsvWriter.open(path("documents.csv"), "utf8", ["文号", "标题", "状态", "失效日期"]);
    await w.close();
    counts.documents = w.rows;
  }

  if (has("indicators")) {
    const w = CsvWriter.open(path("indicators.csv"), "utf8", ["单位编码", "指标编码", "数值", "佐证材料"]);
    const manualMax = new Map<string, number>();
    for (const a of rubric.areas)
      for (const it of a.items) if (it.scoring.type === "manual") manualMax.set(it.scoring.indicator.slice("indicator.".length), it.max);
    for (const x of units)
      for (const r of rubric.reported) {
        const max = manualMax.get(r.id);
        let value: string;
        if (max !== undefined) {
          if (rng.chance(0.03)) continue; // the reviewer has not entered it yet
          value = String(Math.round(max * rng.range(0.6, 1) * 10) / 10);
        } else if (r.type === "boolean") value = rng.chance(/illegal|violation|veto/.test(r.id) ? 0.03 : 0.9) ? "是" : "否";
        else if (r.type === "date") value = formatDay(rng.int(start, end));
        else if (r.format === "rate") value = `${Math.round(rng.range(0.9, 1) * 1000) / 10}%`;
        else if (r.format === "days") value = String(rng.chance(0.9) ? rng.int(30, 45) : rng.int(15, 29));
        else if (r.format === "score") value = String(rng.int(60, 100));
        else
          value = String(
            rng.weighted([
              [0, 15],
              [1, 25],
              [2, 25],
              [3, 20],
              [4, 10],
              [5, 5],
            ] as const),
          );
        w.row([x.id, r.id, value, ""]);
      }
    await w.close();
    counts.indicators = w.rows;
  }
  return counts;
}
