/** What the CLI prints: ranked tables, input reports, one unit's explanation. */
import type { Results, UnitResult, InputResult } from "../results/types.js";
import type { NotRead, RejectedRow } from "../data/types.js";
import { renderTable } from "../util/table.js";
import { fmtNum } from "../util/format.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";
import { termText as t } from "../util/terminal.js";
import { namesItsFile, PROBLEM_TITLES, UNCODED_TITLE, uncountedKindsNote } from "../data/problem-messages.js";
import { adviceOf } from "../results/advice.js";

const STATE_TEXT = { scored: "已评分", notApplicable: "不适用", manual: "待录入", error: "无法评分" } as const;

export function rankedTable(results: Results): string {
  const rows = results.units.map((u) => [
    u.rank.overall === null ? "—" : String(u.rank.overall),
    u.id,
    u.name,
    u.category,
    u.total === null ? "—" : fmtNum(u.total) + (u.complete ? "" : "*"),
    (u.grade ?? "—") + (u.vetoes.some((v) => v.fired === true) ? "（否决）" : u.vetoes.some((v) => v.provisional) ? "（暂按否决）" : ""),
    u.rank.category === null ? "—" : String(u.rank.category),
  ]);
  const table = renderTable(["排名", "单位编码", "单位名称", "类别", "总分", "等次", "类别内排名"], rows, new Set([0, 4, 6]));
  const r = results.rubric;
  const head = `${r.title}\n考核期 ${formatDayZh(parseIsoDay(r.period.start))}至${formatDayZh(parseIsoDay(r.period.end))}，共 ${results.units.length} 个单位`;
  const grades = Object.entries(results.summary.byGrade)
    .map(([g, n]) => `${g} ${n}`)
    .join("，");
  const note = results.units.some((u) => !u.complete) ? "\n* 有待评审录入、无法评分或数据不完整的项目，总分为暂计。" : "";
  return `${head}\n\n${table}\n\n等次分布：${grades}${note}`;
}

/** A file (and sheet, unit folder, 补报) as the report names it. */
function where(i: InputResult): string {
  const sheet = i.sheet !== undefined ? ` [${i.sheet}]` : "";
  const notes = [i.unit !== undefined ? `单位 ${i.unit}` : null, i.late ? "补报" : null].filter((x) => x !== null);
  return `${i.file}${sheet}${notes.length ? `（${notes.join("，")}）` : ""}`;
}

/** Lines listed after a kind of problem's first row. */
const KIND_LINES = 8;

/** A file's rejected rows by kind (code and column), in the order each kind first appears. */
function problemKinds(rejected: readonly RejectedRow[]): { title: string; first: RejectedRow; lines: number[] }[] {
  const kinds = new Map<string, { title: string; first: RejectedRow; lines: number[] }>();
  for (const r of rejected) {
    const key = `${r.code ?? ""}\0${r.column ?? ""}`;
    const k = kinds.get(key);
    if (k) k.lines.push(r.line);
    else {
      const title = r.code === undefined ? UNCODED_TITLE : PROBLEM_TITLES[r.code];
      kinds.set(key, {
        title: r.column === null || title.includes(r.column) ? title : `「${r.column}」${title}`,
        first: r,
        lines: [r.line],
      });
    }
  }
  return [...kinds.values()];
}

/** One line per input file (and sheet), then its rejected rows (when many, each kind of problem
 * once); then what was not read, and why.
 * The inputs as inputResults(data) gives them: an error's code says whether its text names its file. */
export function inputsReport(
  inputs: InputResult[],
  notRead: readonly NotRead[] | readonly string[],
  maxRows = 5,
  /** the 培训类别 the rubric counts (named beside the rows of other kinds) */
  countedKinds?: readonly string[],
): string {
  const lines: string[] = [];
  for (const i of inputs) {
    if (i.error) {
      // no file of the dataset read (none found: no file to name; two: the first named)
      if (i.format === null) lines.push(`✖ ${t(i.file === null ? i.error : `${where(i)}：${i.error}`)}`);
      // a file's error names its file (and sheet); a file left unused for another's sake does not
      else lines.push(`✖ ${t(i.errorCode === undefined || namesItsFile(i.errorCode) ? i.error : `${where(i)}：${i.error}`)}`);
      continue;
    }
    const bad = new Set(i.rejected.map((r) => r.line)).size;
    const enc = i.encoding ? `，编码 ${i.encoding.toUpperCase()}` : "";
    const outside = i.outsidePeriod ? `，其中 ${i.outsidePeriod} 行不在考核期内（不计入）` : "";
    lines.push(`${bad ? "!" : "✔"} ${t(where(i))}：${i.rows} 行，接受 ${i.accepted} 行${bad ? `，拒绝 ${bad} 行` : ""}${outside}${enc}`);
    // the reason already names the column and the value
    const row = (r: RejectedRow) =>
      i.sheet !== undefined
        ? `    ✖ ${t(i.file ?? "")} [${t(i.sheet)}] 第 ${r.line} 行：${t(r.reason)}`
        : `    ✖ ${t(i.file ?? "")}:${r.line}：${t(r.reason)}`;
    if (i.rejected.length <= maxRows) for (const r of i.rejected) lines.push(row(r));
    else {
      // more than fit: each kind of problem (code and column) once, with its count and first lines,
      // so that a few rows of another kind are not hidden behind a column wrong all the way down
      const kinds = problemKinds(i.rejected);
      for (const k of kinds.slice(0, maxRows)) {
        lines.push(row(k.first));
        if (k.lines.length > 1) {
          const shown = k.lines.slice(1, 1 + KIND_LINES);
          lines.push(
            `      同类问题（${k.title}）另有 ${k.lines.length - 1} 处：第 ${shown.join("、")} 行${k.lines.length - 1 > shown.length ? "……" : ""}`,
          );
        }
      }
      if (kinds.length > maxRows) {
        const more = kinds.slice(maxRows).reduce((n, k) => n + k.lines.length, 0);
        lines.push(`    …… 另有 ${kinds.length - maxRows} 类问题（${more} 处），详见 results.json 的 inputs`);
      } else lines.push("    （每类问题只列出第一处，全部问题见 results.json 的 inputs）");
    }
    if (i.unread) lines.push(`    ✖ ${i.file}:${i.unread.line}：文件未能完整读取，此后受影响的内容都没有计入`);
    if (i.uncountedKinds?.length) lines.push(`    ${t(uncountedKindsNote(i.uncountedKinds, countedKinds))}`);
    for (const w of i.warnings ?? []) lines.push(`    ! ${w}`);
    const skipped = i.skipped ?? [];
    if (skipped.length > 0) {
      const total = i.skippedTotal ?? skipped.length;
      lines.push(
        `    跳过 ${total} 行（不是数据记录）：${skipped
          .slice(0, 3)
          .map((k) => `第 ${k.line} 行 ${k.reason}`)
          .join("；")}${total > 3 ? "……" : ""}`,
      );
    }
  }
  if (notRead.length > 0 && typeof notRead[0] === "string")
    lines.push(`未读取的文件（不是数据集）：${(notRead as string[]).map(t).join("、")}`);
  else if (notRead.length > 0) {
    lines.push("未读取：");
    for (const n of notRead as NotRead[])
      lines.push(`    - ${t(n.file)}${n.sheet !== undefined ? ` [${t(n.sheet)}]` : ""}：${t(n.reason)}`);
  }
  return lines.join("\n");
}

/** The manifest: per dataset, which files and sheets fed it, for which unit (printed when there is more than one file per dataset or any unit folder). */
export function manifestReport(inputs: InputResult[]): string {
  const byDataset = new Map<string, InputResult[]>();
  for (const i of inputs) if (i.file !== null) byDataset.set(i.dataset, [...(byDataset.get(i.dataset) ?? []), i]);
  const simple = [...byDataset.values()].every((l) => l.length === 1 && l[0]!.unit === undefined && !l[0]!.late);
  if (simple) return "";
  const lines = ["数据清单（文件与工作表 → 数据集、单位）："];
  for (const [ds, list] of byDataset) {
    lines.push(`  ${ds}：`);
    for (const i of list) lines.push(`    ${t(where(i))}  ${i.error ? "无法使用" : `${i.accepted} 行`}`);
  }
  return lines.join("\n");
}

export function explainUnit(results: Results, u: UnitResult, maxRecords = 5): string {
  const out: string[] = [];
  const rank =
    u.rank.overall === null ? "未排名" : `总排名 ${u.rank.overall}/${results.units.length}，${u.category}中排名 ${u.rank.category}`;
  out.push(`${u.name}（${u.id}，${u.category}）`);
  out.push(`总分 ${u.total === null ? "—" : fmtNum(u.total)}${u.complete ? "" : "（暂计）"}，等次 ${u.grade ?? "—"}，${rank}`);
  out.push(u.gradeReason);
  for (const v of u.vetoes) if (v.fired !== false) out.push(`否决项“${v.title}”：${v.reason}`);
  for (const area of results.rubric.areas) {
    const a = u.areas.find((x) => x.id === area.id);
    out.push("");
    out.push(`【${area.id} ${area.title}】${a ? ` ${fmtNum(a.points)}/${fmtNum(a.max)} 分` : ""}${area.bonus ? "（加分项）" : ""}`);
    for (const it of u.items.filter((i) => i.area === area.id)) {
      const pts = it.points === null ? "—" : fmtNum(it.points);
      out.push(`  ${it.id} ${it.title}  ${pts}/${fmtNum(it.max)}  ${STATE_TEXT[it.state]}${it.provisional ? "（暂计）" : ""}`);
      out.push(`     ${it.reason}`);
      const records = it.records ?? [];
      if (records.length) {
        for (const r of records.slice(0, maxRecords)) out.push(`       · ${r.id}${r.name ? ` ${r.name}` : ""}：${r.detail}`);
        if (records.length > maxRecords) out.push(`       · …… 另有 ${records.length - maxRecords} 条`);
      }
      const advice = adviceOf(it);
      if (advice && it.points !== null && it.points < it.max && !it.bonus) out.push(`     整改建议：${advice}`);
      out.push(`     出处：${it.source.clause}`);
    }
  }
  return out.join("\n");
}
