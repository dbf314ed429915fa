/**
 * Deadline: on time full; late per-day deduction (capped) or fixed points; not done: `missing`.
 *
 * A recurring task (每年5月底和11月底前) is judged on its occurrences that have fallen due by
 * the as-of day: milestone.<task> is the worst lateness over them and null when one of them
 * was never reported (then `missing` applies); none due yet: not applicable. See
 * indicators/milestones.ts for how reports are matched to occurrences.
 */
import type { Scoring, Task } from "../rubric/schema.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { fmtNum, round } from "../util/format.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";
import { taskOccurrences } from "../indicators/milestones.js";

type Deadline = Extract<Scoring, { type: "deadline" }>;

export function scoreDeadline(s: Deadline, max: number, env: ScoringEnv, task: Task, period?: { start: string; end: string }): Verdict {
  if (task.recurring && period) return scoreRecurring(s, max, env, task, period);
  if (task.deadline === undefined) {
    return { points: null, state: "error", reason: `任务“${task.title}”没有固定完成日期，不能按期限计分。` };
  }
  const due = parseIsoDay(task.deadline);
  const late = env.value(`milestone.${task.id}`) as number | null;
  const head = `“${task.title}”要求${formatDayZh(due)}前完成`;
  if (late === null) {
    if (due > env.asOf) return { points: null, state: "notApplicable", reason: `${head}，截至${formatDayZh(env.asOf)}尚未到期，本项不适用。` };
    const points = Math.min(s.missing, max);
    return { points, reason: `${head}，未报送完成情况，${points === 0 ? "不得分" : `得 ${fmtNum(points)} 分`}。` };
  }
  const done = formatDayZh(due + late);
  if (late <= 0) return { points: max, reason: `${head}，${done}完成，按时完成，得满分。` };
  if ("perDay" in s.late) {
    const cap = Math.min(s.late.cap ?? max, max);
    const raw = round(late * s.late.perDay, env.precision);
    const d = Math.min(raw, cap);
    const capText = s.late.cap !== undefined && s.late.cap < max ? `，最多扣 ${fmtNum(cap)} 分` : "";
    return {
      points: max - d,
      reason: `${head}，${done}完成，逾期 ${late} 天，每逾期 1 天扣 ${fmtNum(s.late.perDay)} 分${capText}，扣 ${fmtNum(d)} 分${raw > cap && s.late.cap === undefined ? "（扣完为止）" : ""}。`,
    };
  }
  const points = Math.min(s.late.points, max);
  return { points, reason: `${head}，${done}完成，逾期 ${late} 天，逾期完成得 ${fmtNum(points)} 分。` };
}

function mmdd(md: string): string {
  const [m, d] = md.split("-").map(Number) as [number, number];
  return `${m}月${d}日`;
}

function scoreRecurring(s: Deadline, max: number, env: ScoringEnv, task: Task, period: { start: string; end: string }): Verdict {
  const all = taskOccurrences(task, period);
  const due = all.filter((d) => d <= env.asOf);
  const head = `“${task.title}”要求每年${task.recurring!.map(mmdd).join("、")}前完成`;
  if (due.length === 0)
    return { points: null, state: "notApplicable", reason: `${head}，截至${formatDayZh(env.asOf)}考核期内尚无到期的一次，本项不适用。` };
  const n = `考核期内已到期 ${due.length} 次`;
  const late = env.value(`milestone.${task.id}`) as number | null;
  if (late === null) {
    const points = Math.min(s.missing, max);
    return { points, reason: `${head}，${n}，其中有未报送完成情况的，${points === 0 ? "不得分" : `得 ${fmtNum(points)} 分`}。` };
  }
  if (late <= 0) return { points: max, reason: `${head}，${n}，均按时完成，得满分。` };
  if ("perDay" in s.late) {
    const cap = Math.min(s.late.cap ?? max, max);
    const raw = round(late * s.late.perDay, env.precision);
    const d = Math.min(raw, cap);
    const capText = s.late.cap !== undefined && s.late.cap < max ? `，最多扣 ${fmtNum(cap)} 分` : "";
    return {
      points: max - d,
      reason: `${head}，${n}，最迟的一次逾期 ${late} 天，每逾期 1 天扣 ${fmtNum(s.late.perDay)} 分${capText}，扣 ${fmtNum(d)} 分${raw > cap && s.late.cap === undefined ? "（扣完为止）" : ""}。`,
    };
  }
  const points = Math.min(s.late.points, max);
  return { points, reason: `${head}，${n}，最迟的一次逾期 ${late} 天，逾期完成得 ${fmtNum(points)} 分。` };
}
