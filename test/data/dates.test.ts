import { describe, expect, it } from "vitest";
import {
  civilFromDay,
  dayFromCivil,
  dayFromDate,
  dayOfWeek,
  formatDay,
  formatDayZh,
  isValidDate,
  parseIsoDay,
  tryParseIsoDay,
} from "../../src/data/dates.js";

describe("day numbers", () => {
  it("counts days from 1970-01-01", () => {
    expect(parseIsoDay("1970-01-01")).toBe(0);
    expect(parseIsoDay("1970-01-02")).toBe(1);
    expect(parseIsoDay("1969-12-31")).toBe(-1);
    expect(parseIsoDay("2024-06-30")).toBe(19904);
    expect(parseIsoDay("2000-03-01") - parseIsoDay("2000-02-28")).toBe(2);
    expect(parseIsoDay("1900-03-01") - parseIsoDay("1900-02-28")).toBe(1);
  });

  it("agrees with Date.UTC over a wide range", () => {
    for (let day = -40000; day <= 60000; day += 37) {
      const d = new Date(day * 86_400_000);
      expect(dayFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(day);
      expect(civilFromDay(day)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
      expect(dayOfWeek(day)).toBe(d.getUTCDay());
    }
  });

  it("formats", () => {
    expect(formatDay(19904)).toBe("2024-06-30");
    expect(formatDay(0)).toBe("1970-01-01");
    expect(formatDayZh(19904)).toBe("2024年6月30日");
    expect(formatDayZh(parseIsoDay("2025-01-05"))).toBe("2025年1月5日");
  });

  it("knows the weekday (0 = Sunday)", () => {
    expect(dayOfWeek(parseIsoDay("2024-06-30"))).toBe(0);
    expect(dayOfWeek(parseIsoDay("2024-07-01"))).toBe(1);
    expect(dayOfWeek(parseIsoDay("1970-01-01"))).toBe(4);
    expect(dayOfWeek(-1)).toBe(3);
  });

  it("validates calendar dates", () => {
    expect(isValidDate(2024, 2, 29)).toBe(true);
    expect(isValidDate(2023, 2, 29)).toBe(false);
    expect(isValidDate(1900, 2, 29)).toBe(false);
    expect(isValidDate(2000, 2, 29)).toBe(true);
    expect(isValidDate(2024, 4, 31)).toBe(false);
    expect(isValidDate(2024, 13, 1)).toBe(false);
    expect(tryParseIsoDay("2024-02-30")).toBeNull();
    expect(tryParseIsoDay("2024-6-30")).toBeNull();
    expect(() => parseIsoDay("2024/06/30")).toThrowErrorMatchingInlineSnapshot(`[RangeError: 不是有效日期（应为 YYYY-MM-DD）：2024/06/30]`);
  });

  it("takes the UTC calendar day of a Date", () => {
    expect(dayFromDate(new Date(Date.UTC(2024, 5, 30, 23, 59, 59)))).toBe(19904);
    expect(dayFromDate(new Date(Date.UTC(2024, 5, 30)))).toBe(19904);
  });
});
