/** Shipped review standards: valid, every item citing its clause, the JSON Schema current. */
import { describe, expect, it } from "vitest";
import { readFile, readdir } from "node:fs/promises";
import { loadStandard } from "../../src/standard/load.js";
import { standardJsonSchema } from "../../src/standard/write-schema.js";
import { loadRubric } from "../../src/rubric/load.js";
import { RubricError } from "../../src/errors.js";

describe("shipped review standards", async () => {
  const files = (await readdir("standards")).filter((f) => f.endsWith(".json") && f !== "standard.schema.json");

  it("standards/standard.schema.json is generated from the zod schema (npm run schema)", async () => {
    expect(JSON.parse(await readFile("standards/standard.schema.json", "utf8"))).toEqual(standardJsonSchema());
  });

  it.each(files)("%s loads, cites its source and a clause for every item, and adds up", async (f) => {
    const { standard, warnings } = await loadStandard(`standards/${f}`);
    expect(standard.source.url).toMatch(/^https?:\/\//);
    const items = [...(standard.basic?.items ?? []), ...standard.sections.flatMap((s) => s.items)];
    for (const i of items) expect(i.clause).not.toBe("");
    expect(standard.sections.reduce((a, s) => a + s.points, 0)).toBe(standard.total);
    // what of the published text is missing is said in the source note and warned about
    for (const w of warnings) expect(standard.source.note).toBeTruthy(), expect(w.message).toMatch(/没有列出评查项目/);
  });

  it("the 测绘地理信息 standard holds the basic items and the 卷面 items as published", async () => {
    const { standard, warnings } = await loadStandard("standards/cehui-xzcf-anjuan.json");
    expect(standard.basic!.items.map((i) => i.problem)).toHaveLength(9);
    expect(standard.sections.map((s) => [s.title, s.points, s.items.reduce((a, i) => a + i.max, 0)])).toEqual([
      ["案卷卷面标准", 20, 14],
      ["案卷内容标准", 80, 0],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      "“案卷卷面标准”20 分中有 6 分没有列出评查项目，这部分分数不会被扣减",
      "“案卷内容标准”80 分中有 80 分没有列出评查项目，这部分分数不会被扣减",
    ]);
  });
});

describe("a standard file that is no file", () => {
  it("a folder or a device is refused, not read", async () => {
    for (const f of ["standards", "/dev/zero"]) {
      const err = await loadStandard(f).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RubricError);
      expect((err as RubricError).problems[0]!.message).toBe("评查标准不是普通文件，拒绝读取");
    }
  });
});

describe("a rubric naming a review standard", () => {
  it("resolves it relative to the rubric and needs the findings dataset", async () => {
    const loaded = await loadRubric("test/fixtures/review-standard/rubric.json");
    expect(loaded.standard!.standard.id).toBe("cehui-xzcf-anjuan");
  });

  it("a missing standard file is an error naming it", async () => {
    const { writeFile, mkdtemp, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "fazhi-std-"));
    try {
      const json = JSON.parse(await readFile("test/fixtures/review-standard/rubric.json", "utf8"));
      json.reviewStandard = "nope.json";
      delete json.$schema;
      json.plans[0].file = "qingxin-2024-invalidated-docs-and-plan.txt";
      await writeFile(join(dir, "r.json"), JSON.stringify(json));
      const err = await loadRubric(join(dir, "r.json")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RubricError);
      expect((err as RubricError).problems[0]!.message).toBe("评查标准 nope.json：找不到评查标准文件");
      json.reviewStandard = "../../../standards/cehui-xzcf-anjuan.json";
      json.datasets = ["units", "case_reviews"];
      await writeFile(join(dir, "r.json"), JSON.stringify(json));
      const err2 = (await loadRubric(join(dir, "r.json")).catch((e: unknown) => e)) as RubricError;
      expect(err2.problems[0]!.message).toBe("细则指定了评查标准（reviewStandard），datasets 须包含 review_findings");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
