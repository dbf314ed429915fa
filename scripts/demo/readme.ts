/** README.md of a generated data set: what the files are, how they were made, what is broken on purpose. */
import type { GenerateOptions } from "./options.js";
import type { Log } from "./report.js";

const FILES: readonly (readonly [string, string, string])[] = [
  ["units.csv", "执法单位（UTF-8）", "enforcement units (UTF-8)"],
  ["officers.csv", "行政执法人员（UTF-8 带 BOM）", "enforcement officers (UTF-8 with BOM)"],
  ["training.csv", "培训登记（GBK 编码，模拟中文版 Excel 另存的 CSV）", "training register (GBK, as Chinese-locale Excel saves CSV)"],
  ["cases.csv", "行政执法案件（UTF-8）", "enforcement cases (UTF-8)"],
  ["case_reviews.xlsx", "案卷评查（XLSX，评查日期为日期单元格）", "case-file reviews (XLSX, real date cells)"],
  ["milestones.csv", "任务完成情况（UTF-8）", "task completion dates (UTF-8)"],
  [
    "documents.csv",
    "规范性文件目录：清新府办〔2024〕2号宣布失效的27件真实文件 + 虚构的有效文件",
    "normative documents: the 27 real documents invalidated by 清新府办〔2024〕2号 + invented valid ones",
  ],
  ["indicators.csv", "自报指标（UTF-8）", "self-reported indicators (UTF-8)"],
];

/** How many edge rows of one kind the README lists before summarising. */
const EDGES_PER_KIND = 8;

export function renderReadme(
  opts: Required<Omit<GenerateOptions, "rubric" | "region">>,
  counts: Record<string, number>,
  log: Log,
  explicit: string[],
): string {
  const args = [
    "--out",
    "<dir>",
    "--seed",
    String(opts.seed),
    ...explicit.flatMap((k) => [`--${k}`, String(opts[k as keyof typeof opts])]),
  ];
  const lines: string[] = [];
  lines.push("# 演示数据 / Demo data", "");
  lines.push(
    "本目录下的文件由程序生成，**全部为虚构数据**（单位名称与清新府办〔2024〕2号所列失效文件为真实信息），用于演示和测试考评引擎。",
    "不要手工修改：修改生成器 `scripts/demo/generate.ts` 后运行 `npm run build && npm run generate-demo` 重新生成。",
    "",
    "Everything here is **generated and fictional** (except the real unit names and the 27 documents invalidated by 清新府办〔2024〕2号), for demonstrating and testing the engine.",
    "Do not edit by hand: change `scripts/demo/generate.ts` and run `npm run build && npm run generate-demo`.",
    "",
    `- 考核期 / assessment period: 2024-01-01 – 2024-12-31`,
    `- 随机种子 / seed: ${opts.seed}（同一种子生成逐字节相同的文件 / the same seed gives byte-identical files）`,
    `- 命令 / command: \`node build/demo/generate.js ${args.join(" ")}\``,
    "",
    "| 文件 file | 内容 | contents | 行数 rows |",
    "|---|---|---|---|",
  );
  for (const [file, zh, en] of FILES) lines.push(`| \`${file}\` | ${zh} | ${en} | ${counts[file.replace(/\.(csv|xlsx)$/, "")] ?? ""} |`);
  lines.push(
    "",
    "## 故意写错的行 / Rows broken on purpose",
    "",
    "真实报送的文件总有错行；引擎应逐行报告这些错误（行号含表头，表头为第1行），并照常计算其余数据。",
    "Real files always have a few bad rows; the engine should report each (line numbers count the header as line 1) and evaluate the rest.",
    "",
    "| 文件 file | 行 line | 列 column | 值 value | 问题 problem |",
    "|---|---|---|---|---|",
  );
  for (const b of log.bad) lines.push(`| ${b.file} | ${b.line} | ${b.column} | \`${b.value}\` | ${b.what} |`);
  lines.push(
    "",
    "## 边界情形 / Edge cases (valid rows)",
    "",
    "以下各行数据有效，但正好落在规则的边界上，用于检验计算口径。",
    "These rows are valid but sit on a rule's boundary.",
    "",
  );
  const byKind = new Map<string, typeof log.edges>();
  for (const e of log.edges) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  for (const list of byKind.values()) {
    for (const e of list.slice(0, EDGES_PER_KIND)) lines.push(`- ${e.file} 第 ${e.line} 行 / line ${e.line}: ${e.what}`);
    if (list.length > EDGES_PER_KIND)
      lines.push(`- …同类另有 ${list.length - EDGES_PER_KIND} 行 / ${list.length - EDGES_PER_KIND} more of this kind`);
  }
  lines.push(
    "",
    "## 单位差异 / How units differ",
    "",
    "清新区各单位多数各项接近满分；少数单位被刻意设定为某方面较差 / most 清新区 units do well; a few are deliberately weak in one respect:",
    "持证率低 low certification: QX-LYJ, QX-SKZ（二者自报持证率100%，与记录不符 / both self-report 100%, which their records contradict）, QX-HYZ;",
    "线上办理率低 mostly offline: QX-WGLT, QX-JTZ; 培训学时不足较多 many short of 60 学时: QX-JTJ, QX-TPZ;",
    "公示不及时 late publication: QX-ZRZY; 重大案件法制审核不规范 legal review: QX-YJJ;",
    "任务逾期 late tasks: QX-RSJ, QX-SHTZ, QX-LJZ; 未报送 not reported: QX-MZJ (QX-QUANZE), QX-LJZ (QX-XIAFANG);",
    "重大违法行为 major illegal act: QX-ZJJ; 案例指导评分待定 no case_guidance_score yet: QX-MZJ, QX-SHTZ.",
    "",
  );
  return lines.join("\n");
}
