/** Bands: "≥95% 得满分；90%–95% 得2分；<90% 不得分". The first band that holds wins. */
import type { Bound, Scoring } from "../rubric/schema.js";
import type { ScoringEnv, Verdict } from "./types.js";
import { fmtNum, fmtConstant } from "../util/format.js";

type Bands = Extract<Scoring, { type: "bands" }>;
const EPS = 1e-9;

export function inBound(v: number, b: Bound): boolean {
  if (b.gte !== undefined && !(v >= b.gte - EPS)) return false;
  if (b.gt !== undefined && !(v > b.gt + EPS)) return false;
  if (b.lte !== undefined && !(v <= b.lte + EPS)) return false;
  if (b.lt !== undefined && !(v < b.lt - EPS)) return false;
  return true;
}

/** "不低于 95%", "不低于 90%且低于 95%". */
export function describeBound(b: Bound, show: (x: number) => string): string {
  const parts: string[] = [];
  if (b.gte !== undefined) parts.push(`不低于 ${show(b.gte)}`);
  if (b.gt !== undefined) parts.push(`高于 ${show(b.gt)}`);
  if (b.lte !== undefined) parts.push(`不高于 ${show(b.lte)}`);
  if (b.lt !== undefined) parts.push(`低于 ${show(b.lt)}`);
  return parts.length ? parts.join("且") : "任意值";
}

export function scoreBands(s: Bands, max: number, env: ScoringEnv): Verdict {
  const v = env.value(s.indicator) as number;
  const meta = env.meta(s.indicator);
  const show = (x: number) => fmtConstant(meta, x);
  const head = `${meta.label} ${env.text(s.indicator)}`;
  const band = s.bands.find((b) => inBound(v, b.value));
  if (!band) return { points: Math.min(s.otherwise, max), reason: `${head}，不在任何得分档内，得 ${fmtNum(Math.min(s.otherwise, max))} 分。` };
  const points = Math.min(band.points, max);
  return { points, reason: `${head}，属“${describeBound(band.value, show)}”一档，得 ${fmtNum(points)} 分。` };
}
