/**
 * Quantitative targets a clause states: 不少于60学时, 45分钟为1个学时, 达到100%, 3名以上,
 * 每年两期以上, 不少于30日, 聘期3至5年, 至少进行一次 … Each pattern needs a number (in digits,
 * or a Chinese numeral before a measure word) next to words that make it a target; a sentence
 * with no number yields nothing, and a date (2024年6月) is a deadline, never a target.
 */
import type { Target } from "../rubric/schema.js";
import { findDeadlines } from "./deadlines.js";
import { foldNumerals, tightenSpaces } from "./text.js";

const CN = "一二两三四五六七八九十";
const NUM = String.raw`(\d+(?:\.\d+)?|[${CN}]{1,3})`;
const UNIT = String.raw`(个工作日|工作日|个学时|学时|小时|分钟|个月|日|天|名|人|次|期|件|项|家|个|年|%)`;

function numberOf(s: string): number | null {
  if (/^\d/.test(s)) return Number(s);
  const d: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (s === "十") return 10;
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? d[m[1]]! : 1) * 10 + (m[2] ? d[m[2]]! : 0);
  return s.length === 1 ? (d[s] ?? null) : null;
}

const unitOf = (u: string | undefined) => (u ? u.replace(/^个(?=学时|工作日)/, "") : undefined);

interface Pattern {
  re: RegExp;
  make(m: RegExpExecArray): Omit<Target, "text" | "per" | "by"> | null;
}

const PATTERNS: Pattern[] = [
  // 45分钟为1个学时
  {
    re: /(\d+(?:\.\d+)?)分钟(?:为|折算为|计为|折合)(\d+(?:\.\d+)?)个?学时/g,
    make: (m) => ({ value: Number(m[1]), unit: "分钟", kind: "conversion" }),
  },
  // 聘期3至5年
  {
    re: new RegExp(String.raw`(?<!\d)(\d{1,3})(?:至|到|～|~)(\d{1,3})${UNIT}`, "g"),
    make: (m) => ({ value: Number(m[1]), upTo: Number(m[2]), unit: unitOf(m[3])!, kind: "range" }),
  },
  // 不少于60学时, 至少进行一次, 达到100%
  {
    re: new RegExp(
      String.raw`(?:不少于|不低于|不得少于|不得低于|不小于|至少|最少|达到|达)(?:进行|开展|组织|举办|召开|安排)?${NUM}${UNIT}`,
      "g",
    ),
    make: (m) => ({ value: numberOf(m[1]!)!, unit: unitOf(m[2]), kind: "min" }),
  },
  // 不超过15日
  {
    re: new RegExp(String.raw`(?:不超过|不得超过|不多于|不高于|不大于|最多)${NUM}${UNIT}`, "g"),
    make: (m) => ({ value: numberOf(m[1]!)!, unit: unitOf(m[2]), kind: "max" }),
  },
  // 3名以上, 两期以上, 15日以内
  {
    re: new RegExp(String.raw`(?<![\d${CN}])${NUM}${UNIT}(以上|以下|以内)`, "g"),
    make: (m) => ({ value: numberOf(m[1]!)!, unit: unitOf(m[2]), kind: m[3] === "以上" ? "min" : "max" }),
  },
  // 连续2年
  {
    re: new RegExp(String.raw`连续${NUM}(年|次|个月|个季度)`, "g"),
    make: (m) => ({ value: numberOf(m[1]!)!, unit: m[2]!, kind: "exact" }),
  },
  // a bare rate: 95%
  { re: /(?<![\d.])(\d+(?:\.\d+)?)%/g, make: (m) => ({ value: Number(m[1]), unit: "%", kind: "exact" }) },
];

/** Every target in a text, in text order. */
export function findTargets(raw: string, year = new Date().getFullYear()): Target[] {
  const text = tightenSpaces(foldNumerals(raw));
  let rest = text;
  const found: (Target & { index: number })[] = [];
  for (const p of PATTERNS) {
    for (const m of [...rest.matchAll(p.re)]) {
      const made = p.make(m as RegExpExecArray);
      if (!made || made.value === null || Number.isNaN(made.value)) continue;
      if (made.unit === "年" && made.value >= 1900) continue; // a year, not a count
      const index = m.index!;
      const clause = clauseAround(text, index, m[0].length);
      const before = text.slice(sentenceStart(text, index), index);
      const by = findDeadlines(clause, year).find((d) => d.date)?.date;
      found.push({
        text: m[0],
        value: made.value,
        ...(made.upTo !== undefined ? { upTo: made.upTo } : {}),
        ...(made.unit ? { unit: made.unit } : {}),
        kind: made.kind,
        ...(made.kind !== "conversion" && /每年/.test(before) ? { per: "year" as const } : {}),
        ...(by ? { by } : {}),
        index,
      });
      rest = rest.slice(0, index) + "\u0000".repeat(m[0].length) + rest.slice(index + m[0].length);
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ index: _i, ...t }) => t);
}

/** The comma clause around a match (…，<clause>，…). */
function clauseAround(text: string, index: number, length: number): string {
  const start =
    Math.max(text.lastIndexOf("，", index), text.lastIndexOf("。", index), text.lastIndexOf("；", index), text.lastIndexOf(",", index)) + 1;
  const ends = ["，", "。", "；", ","].map((c) => text.indexOf(c, index + length)).filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) : text.length);
}

/** Where the sentence holding index begins (after 。；). */
function sentenceStart(text: string, index: number): number {
  return Math.max(text.lastIndexOf("。", index), text.lastIndexOf("；", index)) + 1;
}
