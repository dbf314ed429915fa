/**
 * `fazhi draft` on long plans (issue 14, item 12). The quadratic step was joining the plan's
 * whole text line by line with a check that read the accumulated string back (a regex with `$`,
 * and any character read flattens a concatenated string): joinAllBroken joins in one pass and
 * must give exactly what reduce(joinBroken, "") gave. Timing is bench/draft.mjs's job.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFile } from "node:fs/promises";
import { joinAllBroken, joinBroken } from "../../src/draft/text.js";
import { draftFromBytes } from "../../src/draft/draft.js";

describe("joining a plan's lines", () => {
  it('joinAllBroken is reduce(joinBroken, "") (property)', () => {
    const piece = fc.oneof(fc.constantFrom("", "a", "1", "局", "2024", "。", " x", "y ", "Z"), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        expect(joinAllBroken(pieces)).toBe(pieces.reduce(joinBroken, ""));
      }),
      { numRuns: 2000 },
    );
  });

  it("a plan's task section repeated to ~8,000 lines drafts every task, numbered on", async () => {
    const text = await readFile("test/fixtures/real-plans/qingxin-2024-invalidated-docs-and-plan.txt", "utf8");
    const lines = text.split(/\r?\n/);
    const from = lines.findIndex((l) => /^二、主要任务/.test(l));
    const to = lines.findIndex((l, i) => i > from && /^三、/.test(l));
    const out = lines.slice(0, from + 1);
    let k = 0;
    for (let r = 0; r < 26; r++)
      for (const l of lines.slice(from + 1, to)) out.push(/^\s*\d+[.．、]/.test(l) ? l.replace(/\d+/, String(++k)) : l);
    out.push(...lines.slice(to));
    expect(out.length).toBeGreaterThan(8000);
    const d = draftFromBytes(Buffer.from(out.join("\n")), { planFile: "long.txt", year: 2024 });
    expect(d.summary.tasks).toBe(26 * 16);
  }, 60_000);
});
