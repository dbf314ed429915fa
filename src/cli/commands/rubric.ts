import { resolveRubricFile } from "../../rubric/extends.js";
import { loadRubric } from "../../rubric/load.js";
import { formatRubricDiff } from "../../rubric/diff.js";
import { UsageError } from "../args.js";
import type { Command, Io } from "../command.js";

const HELP = `用法：fazhi rubric show <细则.json>
      fazhi rubric diff <旧细则.json> <新细则.json>

show  输出解析继承（extends）之后的完整细则 JSON（基础细则也可查看）。
diff  用中文列出两份细则（如两个年度的细则）之间新增、删除和修改的项目、参数、任务、
      自报指标、领域、等次和否决项，修改处给出“旧值 → 新值”。两份细则都须有效。`;

export const rubricCommand: Command = {
  name: "rubric",
  summary: "查看解析继承后的细则（show），比较两份细则（diff）",
  help: HELP,
  run: cmdRubric,
};

async function cmdRubric(argv: string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
    io.out(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const [sub, ...files] = argv;
  const unknown = files.find((f) => f.startsWith("-"));
  if (unknown) throw new UsageError(`未知选项 ${unknown}`);
  if (sub === "show") {
    if (files.length !== 1) throw new UsageError("rubric show 需要一个细则文件：fazhi rubric show <细则.json>");
    const resolved = await resolveRubricFile(files[0]!);
    io.out(JSON.stringify(resolved.json, null, 2));
    return 0;
  }
  if (sub === "diff") {
    if (files.length !== 2) throw new UsageError("rubric diff 需要两个细则文件：fazhi rubric diff <旧细则.json> <新细则.json>");
    const [a, b] = await Promise.all(files.map((f) => loadRubric(f)));
    io.out(formatRubricDiff(a!.rubric, b!.rubric));
    return 0;
  }
  throw new UsageError(`未知的子命令“${sub}”：应为 show 或 diff`);
}
