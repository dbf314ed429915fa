/**
 * Deadline: on time full; late per-day deduction (capped) or fixed points; not done: `missing`.
 *
 * A recurring task (每年5月底和11月底前) is judged on its occurrences that have fallen due by
 * the as-of day: milestone.<task> is the worst lateness over them and null when one of them
 * was never reported (then `missing` applies); none due yet: not applicable. See
 * indicators/milestones.ts for how reports are matched to occurrences.
 */
import type { Rubric, Task } from "../rubric/schema.js";
import type { PatternDef, ScoringOf } from "./pattern.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { fmtNum, round } from "../util/format.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";
import { taskOccurrences } from "../indicators/milestones.js";

type Deadline = ScoringOf<"deadline">;

/** What every deadline verdict is built from. */
interface DeadlineCase {
  s: Deadline;
  max: number;
  env: ScoringEnv;
  task: Task;
}

export const deadlinePattern: PatternDef<Deadline> = {
  reads: (s) => [`milestone.${s.task}`],
  // milestone.<task> is checked as a task id, below
  checkReads: false,
  // not reported: `missing`, or not yet due
  scoresMissing: true,
  bonus: false,
  score(s, { max, env, rubric }) {
    const task = rubric.tasks.find((t) => t.id === s.task)!;
    return task.recurring ? scoreRecurring({ s, max, env, task }, rubric.period) : scoreOnce({ s, max, env, task });
  },
  check(s, { rubric, who, error }) {
    if (!rubric.tasks.some((t) => t.id === s.task)) error(`${who}引用了未定义的任务“${s.task}”`, "task");
    if (rubric.tasks.find((t) => t.id === s.task && t.deadline === undefined && t.recurring === undefined))
      error(
        `${who}按期限计分，但任务“${s.task}”没有完成日期（deadline 或 recurring）；长期推进的任务请用评审录入（manual）或自报指标的阈值（threshold）计分`,
        "task",
      );
  },
};

function scoreOnce({ s, max, env, task }: DeadlineCase): Verdict {
  if (task.deadline === undefined) {
    return { points: null, state: "error", reason: `任务“${task.title}”没有固定完成日期，不能按期限计分。` };
  }
  const due = parseIsoDay(task.deadline);
  const late = env.value(`milestone.${task.id}`) as number | null;
  const head = `“${task.title}”要求${formatDayZh(due)}前完成`;
  if (late === null) {
    if (due > env.asOf)
      return { points: null, state: "notApplicable", reason: `${head}，截至${formatDayZh(env.asOf)}尚未到期，本项不适用。` };
    const points = Math.min(s.missing, max);
    return { points, reason: `${head}，未报送完成情况，${points === 0 ? "不得分" : `得 ${fmtNum(points)} 分`}。` };
  }
  const done = formatDayZh(due + late);
  if (late <= 0) return { points: max, reason: `${head}，${done}完成，按时完成，得满分。` };
  return scoreLate({ s, max, env, task }, late, `${head}，${done}完成，`);
}

function mmdd(md: string): string {
  const [m, d] = md.split("-").map(Number) as [number, number];
  return `${m}月${d}日`;
}

function scoreRecurring({ s, max, env, task }: DeadlineCase, period: Rubric["period"]): Verdict {
  const due = taskOccurrences(task, period).filter((d) => d <= env.asOf);
  const head = `“${task.title}”要求每年${task.recurring!.map(mmdd).join("、")}前完成`;
  if (due.length === 0)
    return { points: null, state: "notApplicable", reason: `${head}，截至${formatDayZh(env.asOf)}考核期内尚无到期的一次，本项不适用。` };
  const dueSoFar = `考核期内已到期 ${due.length} 次`;
  const late = env.value(`milestone.${task.id}`) as number | null;
  if (late === null) {
    const points = Math.min(s.missing, max);
    return { points, reason: `${head}，${dueSoFar}，其中有未报送完成情况的，${points === 0 ? "不得分" : `得 ${fmtNum(points)} 分`}。` };
  }
  if (late <= 0) return { points: max, reason: `${head}，${dueSoFar}，均按时完成，得满分。` };
  return scoreLate({ s, max, env, task }, late, `${head}，${dueSoFar}，最迟的一次`);
}

/** `late` days late (> 0); `said`: the sentence so far, up to "逾期". */
function scoreLate({ s, max, env }: DeadlineCase, late: number, said: string): Verdict {
  if ("perDay" in s.late) {
    const cap = Math.min(s.late.cap ?? max, max);
    const raw = round(late * s.late.perDay, env.precision);
    const deduction = Math.min(raw, cap);
    const capText = s.late.cap !== undefined && s.late.cap < max ? `，最多扣 ${fmtNum(cap)} 分` : "";
    return {
      points: max - deduction,
      reason: `${said}逾期 ${late} 天，每逾期 1 天扣 ${fmtNum(s.late.perDay)} 分${capText}，扣 ${fmtNum(deduction)} 分${raw > cap && s.late.cap === undefined ? "（扣完为止）" : ""}。`,
    };
  }
  const points = Math.min(s.late.points, max);
  return { points, reason: `${said}逾期 ${late} 天，逾期完成得 ${fmtNum(points)} 分。` };
}
