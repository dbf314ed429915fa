/** Working days: Monday to Friday, less the rubric's holidays, plus its 调休 working weekend days. */
import { dayOfWeek, parseIsoDay } from "../data/dates.js";

export class WorkingCalendar {
  private readonly holidays: Set<number>;
  private readonly workdays: Set<number>;
  /** n → day → the day n working days after it (number keys: no key string per call) */
  private readonly cache = new Map<number, Map<number, number>>();

  constructor(holidays: readonly string[], workdays: readonly string[]) {
    this.holidays = new Set(holidays.map(parseIsoDay));
    this.workdays = new Set(workdays.map(parseIsoDay));
  }

  isWorkingDay(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const dow = dayOfWeek(day);
    return dow !== 0 && dow !== 6;
  }

  /** The day on which `n` working days after `day` have passed (day itself not counted). */
  addWorkingDays(day: number, n: number): number {
    let byDay = this.cache.get(n);
    if (byDay === undefined) this.cache.set(n, (byDay = new Map()));
    const hit = byDay.get(day);
    if (hit !== undefined) return hit;
    let d = day;
    let left = n;
    while (left > 0) {
      d++;
      if (this.isWorkingDay(d)) left--;
    }
    byDay.set(day, d);
    return d;
  }

  /** Working days after `from` up to and including `to` (0 when to ≤ from). */
  workingDaysBetween(from: number, to: number): number {
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkingDay(d)) n++;
    return n;
  }
}
