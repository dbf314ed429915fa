/** Deadline: on time full; late per-day deduction (capped) or fixed points; not done: `missing`. */
import type { Scoring, Task } from "../rubric/schema.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { fmtNum, round } from "../util/format.js";
import { formatDayZh, parseIsoDay } from "../data/dates.js";

type Deadline = Extract<Scoring, { type: "deadline" }>;

export function scoreDeadline(s: Deadline, max: number, env: ScoringEnv, task: Task): Verdict {
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
