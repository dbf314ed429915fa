import { readRegularFile, MB } from "../../util/read-regular.js";
import { InputError } from "../../errors.js";
import { explainUnit } from "../print.js";
import type { Results } from "../../results/types.js";
import type { Command, Io } from "../command.js";
import { parse, required } from "../args.js";
import { fileReviewText, unitReviewsText } from "../../review/print.js";

export const explainCommand: Command = {
  name: "explain",
  summary: "打印某单位各项得分及理由",
  help: `用法：fazhi explain --results <results.json> --unit <单位编码> [--file <案件编号>]

打印一个单位的总分、等次、排名，以及每个项目的得分、理由和扣分涉及的记录；
细则指定了评查标准时，另列该单位的评查案卷。--file 打印一份案卷的评查表（逐项扣分及理由）。`,
  run: cmdExplain,
};

async function cmdExplain(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { results: { type: "string" }, unit: { type: "string" }, file: { type: "string" } });
  if (values.help) {
    io.out(explainCommand.help);
    return 0;
  }
  const file = required(values, "results");
  const unitId = required(values, "unit");
  let results: Results;
  try {
    results = JSON.parse((await readRegularFile(file, 512 * MB, "结果文件")).toString("utf8")) as Results;
  } catch (err) {
    throw new InputError(
      `无法读取结果文件 ${file}：${(err as NodeJS.ErrnoException).code === "ENOENT" ? "文件不存在" : (err as Error).message}`,
    );
  }
  if (!Array.isArray(results.units)) throw new InputError(`${file} 不是 fazhi evaluate 生成的 results.json`);
  const unit = results.units.find((u) => u.id === unitId);
  if (!unit) {
    const ids = results.units
      .slice(0, 10)
      .map((u) => u.id)
      .join("、");
    throw new InputError(`结果中没有单位“${unitId}”。已有单位如：${ids}${results.units.length > 10 ? " 等" : ""}`);
  }
  if (typeof values.file === "string") {
    const caseId = values.file;
    const f = unit.reviews?.files.find((x) => x.caseId === caseId);
    if (!f) {
      const ids = (unit.reviews?.files ?? [])
        .slice(0, 10)
        .map((x) => x.caseId)
        .join("、");
      throw new InputError(
        unit.reviews
          ? `单位“${unit.id}”的评查案卷中没有“${caseId}”。${ids ? `已有如：${ids}` : "该单位没有评查案卷。"}`
          : "细则没有指定评查标准（reviewStandard），结果中没有逐卷评查表",
      );
    }
    io.out(fileReviewText(results, unit, f));
    return 0;
  }
  const reviews = unitReviewsText(unit);
  io.out(
    explainUnit(results, unit) +
      (reviews.length
        ? `

${reviews.join("\n")}`
        : ""),
  );
  return 0;
}
