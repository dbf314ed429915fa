/**
 * Calendar days as integers: a day is the number of days since 1970-01-01 (UTC calendar,
 * proleptic Gregorian). All arithmetic is integer arithmetic, no Date and no time zone, so
 * the same inputs give the same days on every machine.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days in month `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether year-month-day names a real calendar day (month 1–12, day within the month). */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Day number of a calendar date (no validation: 2024-02-30 is 2024-03-01). */
export function dayFromCivil(year: number, month: number, day: number): number {
  // H. Hinnant's days_from_civil: eras of 400 years, March-based years.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date of a day number. */
export function civilFromDay(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** "2024-06-30" → day number, or null when the text is not a real YYYY-MM-DD date. */
export function tryParseIsoDay(text: string): number | null {
  const m = ISO_DAY.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidDate(y, mo, d) ? dayFromCivil(y, mo, d) : null;
}

/** "2024-06-30" → days since 1970-01-01. Throws a RangeError on anything else (programmer input, e.g. rubric dates already validated). */
export function parseIsoDay(text: string): number {
  const day = tryParseIsoDay(text);
  if (day === null) throw new RangeError(`不是有效日期（应为 YYYY-MM-DD）：${text}`);
  return day;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Day number → "2024-06-30". */
export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** Day number → "2024年6月30日". */
export function formatDayZh(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${year}年${month}月${day}日`;
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The UTC calendar day of a Date (time of day dropped). */
export function dayFromDate(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}
