/**
 * Deadlines as plans write them, normalised: to a date (2024年6月底前 → 2024-06-30, 年底前 →
 * <year>-12-31, 第一季度 → <year>-03-31, 5月中旬前 → <year>-05-15), to a rule that recurs every
 * year (每年5月底和11月底前 → 05-31, 11-30), or to "ongoing" (长期推进, 持续推进). A deadline
 * without a year takes the year the caller gives.
 */
import { foldNumerals, tightenSpaces } from "./text.js";

export interface FoundDeadline {
  /** the words as found, e.g. 2024年6月底前 */
  text: string;
  /** index of the words in the text searched */
  index: number;
  date?: string;
  recurring?: string[];
  ongoing?: true;
}

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const pad = (n: number) => String(n).padStart(2, "0");

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** MM-DD of a month phrase: 月底 / 月末 / 月前 → last day; 月中旬 → 15; 月上旬 → 10; N月N日 → that day. */
function monthDay(month: number, rest: string, year: number): string | null {
  if (month < 1 || month > 12) return null;
  const day = /^(\d{1,2})[日号]/.exec(rest);
  if (day) {
    const d = Number(day[1]);
    return d >= 1 && d <= lastDay(year, month) ? `${pad(month)}-${pad(d)}` : null;
  }
  if (rest.startsWith("中旬")) return `${pad(month)}-15`;
  if (rest.startsWith("上旬")) return `${pad(month)}-10`;
  return `${pad(month)}-${pad(lastDay(year, month))}`;
}

// a month phrase after a year or 每年: 6月底前, 6月前, 5月中旬前, 3月31日前, 6月
const MONTH = String.raw`(\d{1,2})月((?:\d{1,2}[日号])|底|末|中旬|上旬|下旬)?(?:前|以前|之前)?`;
const QUARTER = String.raw`第([一二三四1-4])季度(?:末)?(?:前)?`;
const HALF = String.raw`(上|下)半年`;

interface Rule {
  re: RegExp;
  make(m: RegExpExecArray, year: number): Omit<FoundDeadline, "text" | "index"> | null;
}

const quarterEnd = (q: string) => {
  const n = CN_DIGIT[q] ?? Number(q);
  return `${pad(n * 3)}-${n === 1 || n === 4 ? 31 : 30}`;
};

const RULES: Rule[] = [
  // 每年5月底和11月底前, 每年11月中旬前, 每年第一季度
  {
    re: new RegExp(String.raw`每年(?:的)?((?:\d{1,2}月(?:\d{1,2}[日号]|底|末|中旬|上旬|下旬)?(?:前)?(?:和|、|及|与|、)?)+)`, "g"),
    make: (m) => {
      const dates = [...m[1]!.matchAll(new RegExp(MONTH, "g"))]
        .map((x) => monthDay(Number(x[1]), x[2] ?? "", 2001))
        .filter((x): x is string => !!x);
      return dates.length ? { recurring: [...new Set(dates)] } : null;
    },
  },
  { re: new RegExp(`每年(?:的)?${QUARTER}`, "g"), make: (m) => ({ recurring: [quarterEnd(m[1]!)] }) },
  // 2024年6月底前, 2024年5月中旬前, 2024年3月31日前
  {
    re: new RegExp(String.raw`(\d{4})年${MONTH}`, "g"),
    make: (m) => {
      const y = Number(m[1]);
      if (!m[3] && !/前$/.test(m[0])) return null; // "2024年6月印发" is no deadline
      const md = monthDay(Number(m[2]), m[3] ?? "", y);
      return md ? { date: `${y}-${md}` } : null;
    },
  },
  // 2024年底前, 2017年年底前, 2024年末
  { re: /(\d{4})年(?:年)?(?:底|末)(?:前|以前|之前)?/g, make: (m) => ({ date: `${m[1]}-12-31` }) },
  { re: new RegExp(String.raw`(\d{4})年${QUARTER}`, "g"), make: (m) => ({ date: `${m[1]}-${quarterEnd(m[2]!)}` }) },
  { re: new RegExp(String.raw`(\d{4})年${HALF}`, "g"), make: (m) => ({ date: `${m[1]}-${m[2] === "上" ? "06-30" : "12-31"}` }) },
  // 到2020年实现, 于2017年前完成
  { re: /(?:到|至|于)(\d{4})年(?=前|以前|实现|完成|基本|全面|建成|形成)(?:前|以前)?/g, make: (m) => ({ date: `${m[1]}-12-31` }) },
  // without a year: 年底前, 6月底前, 5月中旬前, 第一季度
  { re: /(?<![\d年每])(?:今年|本年度?|当年)?年(?:底|末)(?:前|以前|之前)/g, make: (_m, year) => ({ date: `${year}-12-31` }) },
  {
    re: new RegExp(String.raw`(?<![\d年每])${MONTH}`, "g"),
    make: (m, year) => {
      // a bare "6月" is no deadline; it needs 底/末/旬/日 or 前
      if (!m[2] && !/前$/.test(m[0])) return null;
      const md = monthDay(Number(m[1]), m[2] ?? "", year);
      return md ? { date: `${year}-${md}` } : null;
    },
  },
  { re: new RegExp(`(?<![\\d年每])${QUARTER}`, "g"), make: (m, year) => ({ date: `${year}-${quarterEnd(m[1]!)}` }) },
  // goes on
  { re: /长期推进|持续推进|长期坚持|持续开展|长期开展|常态化推进/g, make: () => ({ ongoing: true }) },
];

/** Every deadline in a text, in text order; words a rule has taken are not read again. Indices are
 * into the text with numerals folded and PDF spaces removed (as cleanLines leaves it). */
export function findDeadlines(raw: string, year: number): FoundDeadline[] {
  const text = tightenSpaces(foldNumerals(raw));
  let rest = text;
  const found: FoundDeadline[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of [...rest.matchAll(rule.re)]) {
      const made = rule.make(m as RegExpExecArray, year);
      if (!made) continue;
      found.push({ text: m[0], index: m.index!, ...made });
      rest = rest.slice(0, m.index) + "\u0000".repeat(m[0].length) + rest.slice(m.index! + m[0].length);
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** What a task's deadlines come to: its fixed dates (text order, no repeats), recurring dates, ongoing. */
export interface Normalised {
  dates: { date: string; text: string; index: number }[];
  recurring?: string[];
  ongoing?: true;
}

export function normaliseDeadlines(text: string, year: number): Normalised {
  const found = findDeadlines(text, year);
  const out: Normalised = { dates: [] };
  for (const f of found) {
    if (f.date && !out.dates.some((d) => d.date === f.date)) out.dates.push({ date: f.date, text: f.text, index: f.index });
    if (f.recurring) out.recurring = [...new Set([...(out.recurring ?? []), ...f.recurring])].sort();
    if (f.ongoing) out.ongoing = true;
  }
  return out;
}

/** The one deadline a short phrase states (for tests and single cells): a date, a recurring rule, ongoing, or both. */
export function normaliseDeadline(text: string, year: number): { deadline?: string; recurring?: string[]; ongoing?: true } {
  const n = normaliseDeadlines(text, year);
  return {
    ...(n.dates[0] ? { deadline: n.dates[0].date } : {}),
    ...(n.recurring ? { recurring: n.recurring } : {}),
    ...(n.ongoing ? { ongoing: true as const } : {}),
  };
}
