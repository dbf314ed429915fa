/** Chinese display formatting. Values stay unrounded in results; only the text is rounded. */
import type { IndicatorMeta } from "../indicators/catalog.js";
import type { IndicatorDetail, IndicatorValue } from "../indicators/types.js";
import { formatDayZh } from "../data/dates.js";

/** Rounds half away from zero to `decimals`, robust to binary noise (2.8999999 → 2.9). */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const y = Math.round(Math.abs(x) * f + 1e-7) / f;
  return x < 0 ? -y : y;
}

/** 2.90 → "2.9", 3 → "3". */
export function fmtNum(x: number, decimals = 2): string {
  const r = round(x, decimals);
  return Object.is(r, -0) ? "0" : String(r);
}

/** 0.942 → "94.2%". Never shows 100% for a rate below 1, nor 0% for one above 0. */
export function fmtPercent(rate: number): string {
  let d = 1;
  let s = fmtNum(rate * 100, d);
  while (d < 4 && ((rate < 1 && s === "100") || (rate > 0 && s === "0"))) s = fmtNum(rate * 100, ++d);
  return `${s}%`;
}

/** 0.01 → "1 个百分点". */
export function fmtStep(step: number): string {
  return `${fmtNum(step * 100)} 个百分点`;
}

/** An indicator value as a sentence shows it: "94.2%（49/52）", "3 件", "45.5 学时", "是". */
export function fmtValue(
  meta: Pick<IndicatorMeta, "format" | "unit">,
  value: IndicatorValue | undefined,
  detail?: IndicatorDetail,
): string {
  if (value === null || value === undefined) return "无数据";
  if (typeof value === "boolean") return value ? "是" : "否";
  switch (meta.format) {
    case "rate":
      return detail?.den !== undefined ? `${fmtPercent(value)}（${detail.num}/${detail.den}）` : fmtPercent(value);
    case "count":
      return `${fmtNum(value)} ${meta.unit ?? "个"}`;
    case "hours":
      return `${fmtNum(value, 1)} 学时`;
    case "score":
      return `${fmtNum(value, 1)} 分`;
    case "days":
      return `${fmtNum(value)} 天`;
    case "date":
      return formatDayZh(value);
    case "boolean":
      return value ? "是" : "否";
    default:
      return meta.unit ? `${fmtNum(value)} ${meta.unit}` : fmtNum(value);
  }
}

/** A fact as a sentence states it: "专题学法次数 4 次"; a boolean with its own wording as that
 * wording ("未成立领导小组"); a value the unit did not report, with what the rubric counts it as. */
export function factPhrase(
  meta: Pick<IndicatorMeta, "label" | "format" | "unit" | "yes" | "no">,
  value: IndicatorValue | undefined,
  detail?: IndicatorDetail,
): string {
  const worded = typeof value === "boolean" && meta.yes && meta.no ? (value ? meta.yes : meta.no) : undefined;
  if (detail?.notReported) {
    if (worded) return `${worded}（未报送，按细则视为未开展）`;
    return `${meta.label} ${fmtValue(meta, value ?? null)}（未报送，按细则视为${value === false ? "未开展" : ` ${fmtValue({ format: "number" }, value ?? null)}`}）`;
  }
  if (worded) return worded;
  if (value === null || value === undefined) return `${meta.label} 无数据`;
  return `${meta.label} ${fmtValue(meta, value, detail)}`;
}

/** A bare constant compared in a condition, shown in the indicator's own terms. */
export function fmtConstant(meta: Pick<IndicatorMeta, "format" | "unit"> | undefined, v: unknown): string {
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v !== "number" || !meta) return String(v);
  return fmtValue(meta, v);
}
