import { draftFromFile, type DraftSummary } from "../../draft/draft.js";
import { writeFileAtomic } from "../../util/atomic.js";
import type { Command, Io } from "../command.js";
import { parse, required, UsageError } from "../args.js";
import { guardOutput } from "../output-guard.js";

export const draftCommand: Command = {
  name: "draft",
  summary: "从方案文本（PDF 提取的 UTF-8 或 GBK 文本）起草考评细则草稿",
  help: `用法：fazhi draft --plan <方案.txt> [--out <细则.json>] [--year <年份>]

把方案中每个编号的任务或措施（1. ⒈ (1) …）起草为一个考评项目：出处条款（如 二、(一)2 或 (45)）、
原文、责任单位、量化指标（不少于60学时、45分钟为1个学时、100%、3名以上 …）和完成时限
（年底前 → 12-31，6月底前 → 06-30，第一季度 → 03-31，每年5月底和11月底前 → 每年 05-31、11-30，
长期推进 → 长期）。分值平均分配，细则和每个项目都标有 "draft": true，须由作者逐项确定。

  --plan <file>     方案文本文件（UTF-8 或 GBK）
  --out <file>      写入细则草稿（JSON）；不给时草稿打印到标准输出，摘要打印到标准错误
  --year <年份>     没有写年份的时限（如“年底前”）按此年份计；默认从方案的发文日期或期限推断
  -h, --help        显示帮助`,
  run: cmdDraft,
};

async function cmdDraft(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { plan: { type: "string" }, out: { type: "string" }, year: { type: "string" } });
  if (values.help) {
    io.out(draftCommand.help);
    return 0;
  }
  const plan = required(values, "plan");
  let year: number | undefined;
  if (values.year !== undefined) {
    if (typeof values.year !== "string" || !/^\d{4}$/.test(values.year))
      throw new UsageError(`--year 应为四位年份，如 2024，而不是“${String(values.year)}”`);
    year = Number(values.year);
  }
  if (values.out === "") throw new UsageError("选项 --out 缺少参数");
  if (typeof values.out === "string") guardOutput("out", values.out, "file", { files: [plan] });
  const { rubric, summary } = await draftFromFile(plan, year !== undefined ? { year } : {});
  const json = JSON.stringify(rubric, null, 2) + "\n";
  if (typeof values.out === "string") {
    await writeFileAtomic(values.out, json);
    io.out(formatSummary(summary));
    io.out(`\n细则草稿已写入 ${values.out}`);
  } else {
    io.out(json.trimEnd());
    io.err(formatSummary(summary));
  }
  return 0;
}

/** The summary printed after drafting, in Chinese. */
export function formatSummary(s: DraftSummary): string {
  const out: string[] = [];
  out.push(`方案：${s.title || s.file}（${s.file}，编码 ${s.encoding}，${s.shape === "table" ? "表格" : "正文"}）`);
  out.push(`任务：${s.tasks} 项，分 ${s.areas} 个领域；分值平均分配（${s.pointsEach}），请作者逐项确定`);
  out.push(`未写年份的时限按 ${s.year} 年计（${s.yearSource}）`);
  out.push(`量化指标：${s.targets.length} 个`);
  for (const t of s.targets) out.push(`  ${t.clause}  ${t.text}${t.by ? `（${t.by} 前）` : ""}`);
  out.push(`完成时限：${s.deadlines.length} 个`);
  for (const d of s.deadlines) out.push(`  ${d.clause}  ${d.text} → ${d.normalised}`);
  if (s.defaultDeadline)
    out.push(`未写时限的任务 ${s.defaultDeadline.used} 项按方案的统一时限 ${s.defaultDeadline.date} 计（“${s.defaultDeadline.text}”）`);
  if (s.unplaced.length === 0) out.push("未能归入任务的行：无");
  else {
    out.push(`未能归入任务的行：${s.unplaced.length} 行`);
    for (const u of s.unplaced) out.push(`  第 ${u.line} 行：${u.text.length > 50 ? `${u.text.slice(0, 48)}…` : u.text}（${u.why}）`);
  }
  return out.join("\n");
}
