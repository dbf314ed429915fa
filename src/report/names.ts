/**
 * Report file names, one per unit, unique however the ids and names fold: `QX/01` and `QX_01`,
 * `QX` + `A-局` and `QX-A` + `局`, or names differing only in case (case-insensitive file
 * systems) all become `<id>-<name>` first; those that then collide each get a short hash of
 * their unit id. Computed over every unit of results.json, so a unit's file name does not
 * depend on `--unit`, and deterministic.
 */
import { createHash } from "node:crypto";
import type { Results } from "../results/types.js";
import { safeFileName } from "../util/safe-path.js";

/** names the report folder already uses */
const RESERVED = ["summary", "scores", "assets"];
/** bytes kept free for "-<hash>" and the extension */
const RESERVE = 24;

const fold = (s: string) => s.normalize("NFKC").toLowerCase();
const idHash = (id: string, n: number) => createHash("sha256").update(id).digest("hex").slice(0, n);

/** Unit id → file name without extension, for every unit of `results`. */
export function reportFileBases(results: Pick<Results, "units">): Map<string, string> {
  const stems = results.units.map((u) => ({ id: u.id, stem: safeFileName(`${u.id}-${u.name}`, "", RESERVE) }));
  const count = new Map<string, number>(RESERVED.map((r) => [r, 1]));
  for (const s of stems) count.set(fold(s.stem), (count.get(fold(s.stem)) ?? 0) + 1);
  const out = new Map<string, string>();
  const taken = new Set(RESERVED);
  for (const { id, stem } of stems) {
    let base = count.get(fold(stem))! > 1 ? `${stem}-${idHash(id, 8)}` : stem;
    // a disambiguated name could itself equal another unit's: lengthen the hash (deterministic)
    for (let n = 16; taken.has(fold(base)) && n <= 64; n += 16) base = `${stem}-${idHash(id, n)}`;
    taken.add(fold(base));
    out.set(id, base);
  }
  return out;
}
