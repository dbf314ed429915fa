/** The README's 案卷评查 worked example is what fazhi says on the hand-checked fixture. */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { evaluate } from "../../src/evaluate.js";
import { fileReviewText } from "../../src/review/print.js";

describe("README: 案卷评查 against a review standard", async () => {
  const readme = await readFile("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## 案卷评查 against a review standard"), readme.indexOf("## The data contract (summary)"));
  const blocks = (lang: string) =>
    [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!.trim().split("\n"));
  const { results } = await evaluate({ rubric: "test/fixtures/review-standard/rubric.json", data: "test/fixtures/review-standard/data" });
  const u1 = results.units.find((u) => u.id === "U1")!;

  it("the findings shown are the fixture's rows", async () => {
    const rows = (await readFile("test/fixtures/review-standard/data/review_findings.csv", "utf8")).split("\n");
    const [shown] = blocks("csv");
    expect(shown!.length).toBe(4);
    for (const line of shown!) expect(rows).toContain(line);
  });

  it("every line of the output shown is in fazhi explain --file A-03", () => {
    const out = fileReviewText(results, u1, u1.reviews!.files.find((f) => f.caseId === "A-03")!)
      .split("\n")
      .map((l) => l.trim());
    const [shown] = blocks("text");
    expect(shown!.length).toBe(6);
    for (const line of shown!) expect(out).toContain(line.trim());
  });

  it("the basic-item sentence and the discrepancy sentence are fazhi's", () => {
    expect(section).toContain(u1.reviews!.files.find((f) => f.caseId === "A-04")!.reason);
    expect(section).toContain(u1.reviews!.files.find((f) => f.caseId === "A-02")!.discrepancy!);
  });

  it("the JSON shown for an item is the shipped standard's", async () => {
    const std = JSON.parse(await readFile("standards/cehui-xzcf-anjuan.json", "utf8"));
    const shown = JSON.parse(section.match(/```json\n([\s\S]*?)```/)![1]!);
    expect(std.sections[0].items[1]).toMatchObject(shown);
  });
});
