/** Stage 5b: competition ranking (1, 1, 3) by total, overall and within each category. */

export interface Rankable {
  id: string;
  category: string;
  total: number | null;
}

/** rank per unit id; units without a total are not ranked (null). */
export function rankUnits(units: readonly Rankable[]): Map<string, { category: number | null; overall: number | null }> {
  const out = new Map<string, { category: number | null; overall: number | null }>();
  const ranks = (list: readonly Rankable[]) => {
    const scored = list.filter((u) => u.total !== null).sort((a, b) => b.total! - a.total! || (a.id < b.id ? -1 : 1));
    const r = new Map<string, number>();
    scored.forEach((u, i) => r.set(u.id, i > 0 && scored[i - 1]!.total === u.total ? r.get(scored[i - 1]!.id)! : i + 1));
    return r;
  };
  const overall = ranks(units);
  const byCat = new Map<string, Rankable[]>();
  for (const u of units) {
    const list = byCat.get(u.category);
    if (list) list.push(u);
    else byCat.set(u.category, [u]);
  }
  const cat = new Map<string, number>();
  for (const list of byCat.values()) for (const [id, r] of ranks(list)) cat.set(id, r);
  for (const u of units) out.set(u.id, { category: cat.get(u.id) ?? null, overall: overall.get(u.id) ?? null });
  return out;
}
