/**
 * What changed between two rubrics (e.g. two years' 考评细则): items, parameters, tasks,
 * reported and custom indicators, areas, grades and vetoes added, removed and changed, with
 * old → new values. `diffRubrics` gives the entries; `formatRubricDiff` the Chinese text that
 * `fazhi rubric diff` prints.
 */
import type { Rubric } from "./schema.js";

export type DiffKind = "added" | "removed" | "changed";

export interface DiffEntry {
  /** 基本信息, 参数, 任务, 自报指标, 自定义指标, 领域, 项目, 等次, 否决项 */
  section: string;
  kind: DiffKind;
  /** the id of the task, item … (empty for the rubric's own fields) */
  id: string;
  /** added / removed: a short description; changed: the field path */
  what: string;
  old?: unknown;
  new?: unknown;
}

const SECTIONS = ["基本信息", "参数", "任务", "自报指标", "自定义指标", "领域", "项目", "等次", "否决项"] as const;

/** Leaf values of a JSON value by dotted path; arrays of scalars are one leaf. */
function flatten(v: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) if (x !== undefined) flatten(x, prefix ? `${prefix}.${k}` : k, out);
    if (Object.keys(v).length === 0 && prefix) out.set(prefix, v);
  } else if (Array.isArray(v) && v.some((x) => x !== null && typeof x === "object")) {
    v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else out.set(prefix, v);
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changes(section: string, id: string, a: unknown, b: unknown, skip: readonly string[] = []): DiffEntry[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].filter(
    (k) => !skip.some((s) => k === s || k.startsWith(`${s}.`) || k.startsWith(`${s}[`)),
  );
  return keys
    .filter((k) => !same(fa.get(k), fb.get(k)))
    .map((k) => ({ section, kind: "changed" as const, id, what: k, old: fa.get(k), new: fb.get(k) }));
}

function byId<T extends { id: string }>(
  section: string,
  a: readonly T[],
  b: readonly T[],
  describe: (x: T) => string,
  skip: readonly string[] = [],
): DiffEntry[] {
  const out: DiffEntry[] = [];
  const ma = new Map(a.map((x) => [x.id, x]));
  const mb = new Map(b.map((x) => [x.id, x]));
  for (const x of b) if (!ma.has(x.id)) out.push({ section, kind: "added", id: x.id, what: describe(x) });
  for (const x of a) if (!mb.has(x.id)) out.push({ section, kind: "removed", id: x.id, what: describe(x) });
  for (const x of a) {
    const y = mb.get(x.id);
    if (y) out.push(...changes(section, x.id, x, y, skip));
  }
  return out;
}

function dueText(t: Rubric["tasks"][number]): string {
  const parts: string[] = [];
  if (t.deadline) parts.push(`期限 ${t.deadline}`);
  if (t.recurring) parts.push(`每年 ${t.recurring.join("、")}`);
  if (t.ongoing) parts.push("长期推进");
  return parts.join("，");
}

export function diffRubrics(a: Rubric, b: Rubric): DiffEntry[] {
  const out: DiffEntry[] = [];
  const basics = [
    "id",
    "title",
    "issuer",
    "plans",
    "period",
    "asOf",
    "totalPoints",
    "precision",
    "notApplicable",
    "capTotal",
    "datasets",
    "extraColumns",
  ] as const;
  for (const k of basics) out.push(...changes("基本信息", "", { [k]: a[k] }, { [k]: b[k] }));
  out.push(...changes("参数", "", a.parameters, b.parameters));
  out.push(...byId("任务", a.tasks, b.tasks, (t) => `“${t.title}”（${dueText(t)}）`));
  out.push(...byId("自报指标", a.reported, b.reported, (r) => `“${r.label}”（${r.type}）`));
  out.push(...byId("活动类型", a.activityTypes, b.activityTypes, (r) => `“${r.label}”`));
  out.push(...byId("自定义指标", a.indicators, b.indicators, (r) => `“${r.label}”`));
  out.push(...byId("领域", a.areas, b.areas, (x) => `“${x.title}”（${x.points} 分）`, ["items"]));
  const items = (r: Rubric) => r.areas.flatMap((x) => x.items.map((i) => ({ ...i, area: x.id })));
  out.push(...byId("项目", items(a), items(b), (i) => `“${i.title}”（${i.area} 领域，${i.max} 分，${i.scoring.type}）`));
  const scales = (r: Rubric) => r.grades.map((g) => ({ ...g, id: g.categories?.join("、") ?? "默认" }));
  out.push(...byId("等次", scales(a), scales(b), (g) => g.bands.map((x) => x.grade).join("、")));
  out.push(...byId("否决项", a.vetoes, b.vetoes, (v) => `“${v.title}”（${v.capGrade !== undefined ? `封顶 ${v.capGrade}` : "总分为零"}）`));
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return "（无）";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** Chinese names of the fields a diff most often names; the field path follows in brackets. */
const LABELS: Record<string, string> = {
  id: "编号",
  title: "名称",
  issuer: "考评单位",
  asOf: "评判日",
  totalPoints: "总分",
  precision: "小数位数",
  notApplicable: "不适用项规则",
  capTotal: "加分封顶",
  datasets: "数据集",
  "period.start": "考核期起",
  "period.end": "考核期止",
  max: "满分",
  points: "分值",
  area: "所属领域",
  categories: "适用单位类别",
  applicableWhen: "适用条件",
  ifNoData: "无数据时",
  remediation: "整改建议",
  "source.plan": "出处方案",
  "source.clause": "出处条款",
  "source.quote": "出处原文",
  "scoring.type": "计分方式",
  "scoring.indicator": "指标",
  "scoring.task": "任务",
  "scoring.points": "扣分分值",
  "scoring.cap": "扣分上限",
  "scoring.target": "目标值",
  "scoring.step": "步长",
  "scoring.late.perDay": "每逾期一天扣分",
  "scoring.late.cap": "逾期扣分上限",
  "scoring.missing": "未完成得分",
  "scoring.guidance": "评审说明",
  deadline: "完成期限",
  recurring: "每年期限",
  ongoing: "长期推进",
  responsible: "责任单位",
  label: "名称",
  type: "类型",
  capGrade: "封顶等次",
  trainingMinHours: "年度培训学时",
  minutesPerHour: "每学时分钟数",
  trainingKinds: "计入学时的培训类别",
  minCertifiedHandlers: "持证承办人最少人数",
  publicityWorkingDays: "公示期限（工作日）",
  reviewExcellent: "案卷优秀分数线",
  reviewPass: "案卷合格分数线",
};

function fieldName(path: string): string {
  const label = LABELS[path];
  return label ? `${label}（${path}）` : path;
}

const KIND = { added: "+ 新增", removed: "- 删除", changed: "~ 修改" } as const;

export function formatRubricDiff(a: Rubric, b: Rubric, entries = diffRubrics(a, b)): string {
  const lines = [`细则对比：${a.id}（${a.title}） → ${b.id}（${b.title}）`];
  if (entries.length === 0) return `${lines[0]}\n两份细则没有差异。`;
  const count = (k: DiffKind) => entries.filter((e) => e.kind === k).length;
  for (const s of SECTIONS) {
    const list = entries.filter((e) => e.section === s);
    if (list.length === 0) continue;
    lines.push(`【${s}】`);
    for (const e of list) {
      const who = e.id ? `${e.id} ` : "";
      if (e.kind === "changed") lines.push(`  ${KIND.changed} ${who}${fieldName(e.what)}：${show(e.old)} → ${show(e.new)}`);
      else lines.push(`  ${KIND[e.kind]} ${who}${e.what}`);
    }
  }
  lines.push(`共 ${entries.length} 处差异：新增 ${count("added")}，删除 ${count("removed")}，修改 ${count("changed")}。`);
  return lines.join("\n");
}
