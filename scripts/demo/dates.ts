/**
 * Calendar days for the demo generator: a day is an integer count of days since
 * 1970-01-01 (UTC), so date arithmetic is integer arithmetic and never touches a time zone.
 */

import { civilFromDay } from "../../dist/data/dates.js";

export type Day = number;

const MS_PER_DAY = 86_400_000;

export function day(y: number, m: number, d: number): Day {
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** [year, month 1–12, day 1–31] of a day. */
export function ymd(n: Day): [number, number, number] {
  const { year, month, day } = civilFromDay(n);
  return [year, month, day];
}

const p2 = (x: number): string => (x < 10 ? "0" + x : String(x));

/** 2024-06-03 */
export function iso(n: Day): string {
  const [y, m, d] = ymd(n);
  return `${y}-${p2(m)}-${p2(d)}`;
}

/** 2024/6/3, as Excel shows a date in a Chinese locale */
export function slash(n: Day): string {
  const [y, m, d] = ymd(n);
  return `${y}/${m}/${d}`;
}

/** 2024.6.3 */
export function dotted(n: Day): string {
  const [y, m, d] = ymd(n);
  return `${y}.${m}.${d}`;
}

/** 2024年6月3日 */
export function chinese(n: Day): string {
  const [y, m, d] = ymd(n);
  return `${y}年${m}月${d}日`;
}

/** midnight UTC of the day, which exceljs writes as a whole Excel serial date */
export function toDate(n: Day): Date {
  return new Date(n * MS_PER_DAY);
}
