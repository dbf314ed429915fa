/**
 * A plan's numbered tasks and their clause paths. Two shapes:
 *
 * - prose (清新, 连山, 梅州, 清远2017): headings 一、 and （一）, tasks 1. … numbered on through
 *   the groups; a task runs to the next heading or task and ends with its 责任单位 in brackets
 *   (（区司法局、…按职责分工负责）, [责任单位：…], 〔…〕). Clause path: 二、(一)2.
 * - table (台山): tab-separated rows 重点任务 | 工作任务 | 主要措施 | 责任单位 | 完成时限, the header
 *   repeated on every page, empty cells continuing the row above; measures (1) … (55).
 *   Clause path: (45).
 *
 * Task numbers must run on by one: a number out of sequence (an annex list after the plan,
 * "2." of a footnote) is not a task but a line the summary reports as not placed.
 */
import { joinBroken, type Line } from "./text.js";

export interface Group {
  /** 二、(一) or (一) */
  key: string;
  title: string;
}

export interface PlanTask {
  /** 1, 2 … (prose) or the measure number (table) */
  number: number;
  /** 二、(一)2 or (45) */
  clause: string;
  group: Group;
  /** the whole clause text, one line */
  text: string;
  /** 责任单位 as the plan names them */
  responsible: string[];
  /** the table's 完成时限 cell (prose: none — deadlines are in the text) */
  deadlineText?: string;
  /** the table's 工作任务 cell */
  workTask?: string;
  line: number;
}

export interface Unplaced {
  line: number;
  text: string;
  why: string;
}

export interface PlanStructure {
  shape: "prose" | "table";
  tasks: PlanTask[];
  unplaced: Unplaced[];
}

const CN_NUM = "一二三四五六七八九十";
const L1 = new RegExp(`^([${CN_NUM}]+)、\\s*(.*)$`);
const L2 = new RegExp(`^[（(]([${CN_NUM}]+)[)）]\\s*(.*)$`);
const TASK = /^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$/;
const MEASURE = /^[（(](\d{1,3})[)）]\s*(.*)$/;

export function findStructure(lines: Line[]): PlanStructure {
  const header = lines.findIndex((l) => isTableHeader(l.text));
  return header >= 0 ? tableStructure(lines, header) : proseStructure(lines);
}

// ---- prose ---------------------------------------------------------------------------------

interface Block {
  line: number;
  text: string;
  /** the block's first physical line (a heading's title never runs past it) */
  first: string;
}

/** Lines joined into blocks, each starting at a heading or numbered line (PDF breaks fall mid-sentence). */
function blocks(lines: Line[]): Block[] {
  const out: Block[] = [];
  for (const l of lines) {
    const t = l.text.replace(/\t/g, " ").trim();
    const starts = L1.test(t) || L2.test(t) || TASK.test(t) || /^[-–—]?\s*附\s*件/.test(t);
    const last = out[out.length - 1];
    if (!starts && last) last.text = joinBroken(last.text, t);
    else out.push({ line: l.no, text: t, first: t });
  }
  return out;
}

function proseStructure(lines: Line[]): PlanStructure {
  const tasks: PlanTask[] = [];
  const unplaced: Unplaced[] = [];
  let l1: { num: string; title: string } | null = null;
  let l2: { num: string; title: string } | null = null;
  let expected = 1;
  for (const b of blocks(lines)) {
    let m: RegExpExecArray | null;
    if ((m = L1.exec(b.text))) {
      l1 = { num: m[1]!, title: headingTitle(L1.exec(b.first)![2]!) };
      l2 = null;
    } else if ((m = L2.exec(b.text))) {
      l2 = { num: m[1]!, title: headingTitle(L2.exec(b.first)![2]!) };
    } else if ((m = TASK.exec(b.text))) {
      const n = Number(m[1]);
      if (n !== expected || !l1) {
        unplaced.push({
          line: b.line,
          text: b.text,
          why: l1 ? `编号 ${n} 不接续上一项（应为 ${expected}）` : "不在任何“一、”“二、”标题之下",
        });
        continue;
      }
      expected++;
      const key = `${l1.num}、${l2 ? `(${l2.num})` : ""}`;
      const group: Group = { key, title: l2?.title ?? l1.title };
      const { text, responsible } = splitResponsible(m[2]!);
      tasks.push({ number: n, clause: `${key}${n}`, group, text, responsible, line: b.line });
    }
  }
  return { shape: "prose", tasks, unplaced };
}

/** A heading's title: its words up to the first 。 */
function headingTitle(s: string): string {
  return s.split(/[。：]/)[0]!.trim();
}

const OPEN = "（([〔【";
const CLOSE = "）)]〕】";

/** Splits off a trailing bracket naming the 责任单位, if the text ends with one. */
export function splitResponsible(raw: string): { text: string; responsible: string[] } {
  const text = raw.trim();
  const body = text.replace(/[。.]+$/, "");
  if (!CLOSE.includes(body[body.length - 1] ?? "")) return { text, responsible: [] };
  let depth = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const c = body[i]!;
    if (CLOSE.includes(c)) depth++;
    else if (OPEN.includes(c) && --depth === 0) {
      const inner = body.slice(i + 1, -1);
      if (!/负责|落实|责任单位|牵头|配合/.test(inner)) return { text, responsible: [] };
      return { text, responsible: responsibleUnits(inner) };
    }
  }
  return { text, responsible: [] };
}

/** "责任单位：各县（市、区）人民政府，市司法局、市财政局等有关部门按职责分工分别负责" → the units. */
export function responsibleUnits(inner: string): string[] {
  const s = inner
    .replace(/^责任单位[：:]\s*/, "")
    .split(/[；;]/)[0]!
    .replace(/[。.]$/, "");
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of s) {
    if (OPEN.includes(c)) depth++;
    if (CLOSE.includes(c)) depth--;
    if (depth === 0 && "、，,".includes(c)) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  const out: string[] = [];
  for (let p of parts) {
    p = p
      .replace(/(?:按职责分工)?(?:分别)?(?:负责落实|负责|落实)$/, "")
      .replace(/(?:牵头负责|配合落实|牵头|配合)$/, "")
      .replace(/等(?:各)?有关部门$/, "")
      .replace(/按职责分工$/, "")
      .trim();
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

// ---- table ---------------------------------------------------------------------------------

function cells(text: string): string[] {
  return text.split("\t").map((c) => c.trim());
}

function isTableHeader(text: string): boolean {
  if (!text.includes("\t")) return false;
  const c = cells(text);
  return c.length >= 3 && c.some((x) => /措施|任务/.test(x)) && c.some((x) => /责任单位/.test(x));
}

function tableStructure(lines: Line[], headerAt: number): PlanStructure {
  const head = cells(lines[headerAt]!.text);
  const col = (re: RegExp) => head.findIndex((h) => re.test(h));
  const cGroup = col(/重点任务/);
  const cWork = col(/工作任务/);
  const cMeasure = col(/主要措施|措施/);
  const cResp = col(/责任单位/);
  const cDue = col(/完成时限|时限/);
  const headerText = head.join("\t");
  const tasks: PlanTask[] = [];
  const unplaced: Unplaced[] = [];
  let group: Group = { key: "", title: "" };
  let work = "";
  let expected = 1;
  for (const l of lines.slice(headerAt + 1)) {
    const c = cells(l.text);
    if (c.join("\t") === headerText) continue; // the header repeated on a new page
    const at = (i: number) => (i >= 0 ? (c[i] ?? "") : "");
    const g = at(cGroup);
    if (g) {
      const m = L2.exec(g);
      group = m ? { key: `(${m[1]})`, title: m[2]!.trim() } : { key: g, title: g };
    }
    if (at(cWork)) work = at(cWork);
    const measure = MEASURE.exec(at(cMeasure));
    if (!l.text.includes("\t") || !measure) {
      // a cell broken over two lines continues the last measure's text
      const last = tasks[tasks.length - 1];
      if (last && !l.text.includes("\t") && !/^[（(]\d/.test(l.text)) last.text = joinBroken(last.text, l.text.trim());
      else unplaced.push({ line: l.no, text: l.text.replace(/\t/g, " ｜ "), why: "表格行中没有措施编号" });
      continue;
    }
    const n = Number(measure[1]);
    if (n !== expected) {
      unplaced.push({ line: l.no, text: l.text.replace(/\t/g, " ｜ "), why: `措施编号 (${n}) 不接续上一项（应为 (${expected})）` });
      continue;
    }
    expected++;
    tasks.push({
      number: n,
      clause: `(${n})`,
      group,
      text: measure[2]!.trim(),
      responsible: splitUnits(at(cResp)),
      deadlineText: at(cDue),
      workTask: work.replace(/^\d+\s*[.．、]\s*/, "").replace(/。$/, ""),
      line: l.no,
    });
  }
  return { shape: "table", tasks, unplaced };
}

const UNIT_END = /(局|办|委|院|部|室|厅|单位|部门|政府|中心|支行|分局|队|所|站|会|处|科|）|\))$/;

/** A table's 责任单位 cell: names separated by spaces; a piece that is no unit name on its own ("…的市直") joins the next. */
export function splitUnits(cell: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const piece of cell.split(/[\s、，,]+/).filter(Boolean)) {
    cur += piece;
    if (UNIT_END.test(cur)) {
      out.push(cur);
      cur = "";
    }
  }
  if (cur) out.push(cur);
  return out;
}
