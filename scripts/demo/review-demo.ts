/**
 * inputs/demo-review: the demo's 案卷评查 scored against a review standard. A smaller seeded set
 * (8 of 清新区's units) is generated as for inputs/demo; its case_reviews are then rewritten as a
 * reviewer fills them against standards/cehui-xzcf-anjuan.json: 得分 left blank (fazhi computes
 * it), a 评查人 per file, and one review_findings row per defect found. Files that the generator
 * vetoed fail a basic item (基本标准); the others lose 卷面 points in line with their quality.
 *
 *   node build/demo/review-demo.js --out inputs/demo-review      (part of npm run generate-demo)
 *
 * One finding is wrong on purpose (listed in the folder's README.md): it names 卷面-8, an item of
 * the published standard whose text was not typed in, so it is refused and its file's score
 * is an error (待核), never full marks.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs as parseArgv } from "node:util";
import ExcelJS from "exceljs";
import { generate, DEFAULT_SEED } from "./generate.js";
import { CsvWriter } from "./csv-writer.js";
import { Rng } from "./prng.js";

export const REVIEW_DEMO_UNITS = 8;
const REVIEWERS = ["陈志明", "林晓燕", "黄国强", "李慧敏", "张伟", "罗文静"];
/** the generator's 否决项 → the standard's basic item */
const BASIC: Record<string, string> = {
  执法人员不足2人: "基本-9",
  未经法制审核作出重大执法决定: "基本-8",
  主体不合法: "基本-1",
  超越法定职权: "基本-1",
};
/** 卷面 items a reviewer finds, with how often, and whether defects are counted (per item) */
const FACE: readonly (readonly [string, number, boolean, string])[] = [
  ["卷面-2", 30, true, "文书漏项或表述不规范"],
  ["卷面-5", 20, true, "卷内目录页码与实际不符"],
  ["卷面-7", 15, true, "卷内材料未逐页编号"],
  ["卷面-6", 12, false, "送达回证排在决定书之前"],
  ["卷面-1", 8, false, "使用自制文书格式"],
  ["卷面-3", 8, false, "两案材料混装一卷"],
  ["卷面-4", 7, false, "卷宗封面不统一"],
];

interface Review {
  caseId: string;
  unitId: string;
  date: Date;
  kind: string;
  score: number;
  veto: string;
  problems: string;
}

export async function writeReviewDemo(
  out: string,
  seed = DEFAULT_SEED,
): Promise<{ files: number; findings: number; broken: { line: number; caseId: string } }> {
  await generate({ out, seed, units: REVIEW_DEMO_UNITS });
  const reviews = await readReviews(join(out, "case_reviews.xlsx"));
  await rm(join(out, "case_reviews.xlsx"));
  const rng = new Rng(seed, "review-findings");

  const cr = CsvWriter.open(join(out, "case_reviews.csv"), "utf8", [
    "案件编号",
    "单位编码",
    "评查日期",
    "评查方式",
    "得分",
    "评查人",
    "否决项",
    "问题描述",
  ]);
  const rf = CsvWriter.open(join(out, "review_findings.csv"), "utf8", ["案件编号", "评查项目", "问题数", "扣分", "说明"]);
  let broken: { line: number; caseId: string } | null = null;
  const brokenAt = Math.floor(reviews.length / 2);
  reviews.forEach((r, k) => {
    cr.row([r.caseId, r.unitId, iso(r.date), r.kind, "", rng.pick(REVIEWERS), "", r.problems]);
    if (r.veto) {
      rf.row([r.caseId, BASIC[r.veto] ?? "基本-8", "", "", r.veto]);
      return;
    }
    // defects in line with the generator's score: about one per 3 points short of 100
    let defects = Math.min(8, Math.round((100 - r.score) / 3));
    const found = new Map<string, number>();
    while (defects-- > 0) {
      const item = rng.weighted(FACE.map((f) => [f[0], f[1]] as const));
      found.set(item, (found.get(item) ?? 0) + 1);
    }
    for (const f of FACE) {
      const n = found.get(f[0]);
      if (!n) continue;
      rf.row([r.caseId, f[0], f[2] ? String(n) : "", "", f[3]]);
    }
    if (k === brokenAt) broken = { line: rf.row([r.caseId, "卷面-8", "", "", "卷内备考表未填写"]), caseId: r.caseId };
  });
  await cr.close();
  await rf.close();
  if (!broken) throw new Error("no review to break");
  const b = broken as { line: number; caseId: string };
  const readme = join(out, "README.md");
  const lines = (await readFile(readme, "utf8"))
    .split("\n")
    .flatMap((l) =>
      l.startsWith("| `case_reviews.xlsx` |")
        ? [
            `| \`case_reviews.csv\` | 案卷评查（得分留空，按评查标准计算） | case-file reviews, scored against a review standard | ${reviews.length} |`,
            `| \`review_findings.csv\` | 案卷评查问题（每个问题一行） | review findings, one row per defect | ${rf.rows} |`,
          ]
        : [l],
    );
  await writeFile(
    readme,
    lines.join("\n") +
      `\n## 案卷评查（按评查标准）\n\n本文件夹与 inputs/demo 同法生成（${REVIEW_DEMO_UNITS} 个单位），案卷评查改为按评查标准逐卷评分：\n` +
      "case_reviews.csv 的「得分」留空，由 fazhi 按 standards/cehui-xzcf-anjuan.json 和 review_findings.csv（每个问题一行）计算。\n" +
      "用 `fazhi evaluate --rubric rubrics/examples/qingxin-2024-review.json --data inputs/demo-review --out out/demo-review` 评分。\n\n" +
      `故意写错的一行：review_findings.csv 第 ${b.line} 行，案卷 ${b.caseId} 的评查项目「卷面-8」不在录入的评查标准中（所存标准文本在卷面第 8 项处中断），` +
      "该行被拒收，该案卷得分待核，所在单位的案卷评查项目无法评分（总分暂计）。\n",
    "utf8",
  );
  return { files: reviews.length, findings: rf.rows, broken: b };
}

async function readReviews(file: string): Promise<Review[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const out: Review[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (i: number) => row.getCell(i).value;
    out.push({
      caseId: String(v(1)),
      unitId: String(v(2)),
      date: v(3) as Date,
      kind: String(v(4) ?? ""),
      score: Number(v(5)),
      veto: v(6) ? String(v(6)) : "",
      problems: v(7) ? String(v(7)) : "",
    });
  });
  return out;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let out: string | undefined;
  try {
    out = parseArgv({ args: process.argv.slice(2), options: { out: { type: "string" } }, strict: true }).values.out;
  } catch {
    out = undefined;
  }
  if (!out) {
    console.error("usage: node build/demo/review-demo.js --out <dir>");
    process.exitCode = 2;
  } else {
    const dir = out;
    writeReviewDemo(dir).then(
      (r) => console.log(`wrote ${resolve(dir)}: ${r.files} reviewed files, ${r.findings} findings`),
      (e: unknown) => {
        console.error(e instanceof Error ? (e.stack ?? e.message) : e);
        process.exitCode = 1;
      },
    );
  }
}
