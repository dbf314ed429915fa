/**
 * inputs/demo-review: the demo's case files scored against the shipped standard, end to end.
 * The committed folder is what `npm run generate-demo` writes (byte for byte).
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../src/evaluate.js";
import { writeReviewDemo } from "../../scripts/demo/review-demo.js";

const RUBRIC = "rubrics/examples/qingxin-2024-review.json";
const DATA = "inputs/demo-review";
let tmp: string | null = null;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("inputs/demo-review", async () => {
  const { results } = await evaluate({ rubric: RUBRIC, data: DATA });

  it("is what the generator writes, byte for byte", async () => {
    tmp = await mkdtemp(join(tmpdir(), "fazhi-demo-review-"));
    await writeReviewDemo(tmp);
    const files = (await readdir(DATA)).sort();
    expect((await readdir(tmp)).sort()).toEqual(files);
    for (const f of files) expect(await readFile(join(tmp, f)), f).toEqual(await readFile(join(DATA, f)));
  }, 60_000);

  it("scores every reviewed file of the period from its findings; the one broken finding makes its file 待核", () => {
    const files = results.units.flatMap((u) => u.reviews!.files);
    expect(files.length).toBe(results.units.reduce((a, u) => a + ((u.metrics["reviews.count"] as number | null) ?? u.reviews!.count), 0));
    const errors = files.filter((f) => f.state === "error");
    expect(errors.map((f) => f.caseId)).toEqual(["QX-ZJJ-2024-00062"]);
    expect(errors[0]!.errors).toEqual(["第 82 行：评查项目“卷面-8”不在评查标准中"]);
    // every other file: 100 minus its deductions, or 0 on a basic item
    for (const f of files.filter((x) => x.state === "scored")) {
      const lost = f.sections.reduce((a, s) => a + s.deducted, 0);
      expect(f.score).toBe(f.vetoes.length ? 0 : 100 - lost);
    }
    expect(files.some((f) => f.vetoes.length > 0)).toBe(true);
    expect(files.some((f) => f.deductions.some((d) => /扣完为止/.test(d.reason)))).toBe(true);
  });

  it("the unit with the broken finding has its review items as errors and a provisional total; the others are complete", () => {
    const zjj = results.units.find((u) => u.id === "QX-ZJJ")!;
    expect(zjj.complete).toBe(false);
    expect(zjj.items.filter((i) => i.indicators.some((k) => k.startsWith("reviews."))).map((i) => i.state)).toEqual(["error", "error"]);
    const scsj = results.units.find((u) => u.id === "QX-SCJG")!;
    const files = scsj.reviews!.files;
    const mean = files.reduce((a, f) => a + f.score!, 0) / files.length;
    expect(scsj.metrics["reviews.averageScore"]).toBeCloseTo(mean, 9);
    expect(scsj.metrics["reviews.failed"]).toBe(files.filter((f) => f.grade === "不合格").length);
  });
});
