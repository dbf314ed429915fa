import { describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { mergeRubricJson, resolveRubricFile } from "../../src/rubric/extends.js";
import { loadRubric } from "../../src/rubric/load.js";
import { RubricError } from "../../src/errors.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fazhi-extends-"));
  await mkdir(join(dir, "base"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const write = (name: string, json: unknown) => writeFile(join(dir, name), JSON.stringify(json));

async function rubricError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RubricError) return err.message;
    throw err;
  }
  throw new Error("expected a RubricError");
}

describe("mergeRubricJson", () => {
  it("deep-merges objects, merges arrays of objects by id, replaces other arrays and scalars", () => {
    const base = {
      parameters: { trainingMinHours: 60, trainingKinds: ["a", "b"], workingDays: { holidays: ["2024-01-01"] } },
      areas: [
        {
          id: "A",
          points: 30,
          items: [
            { id: "A1", max: 10, scoring: { type: "deadline", late: { perDay: 0.1 } } },
            { id: "A2", max: 20 },
          ],
        },
        { id: "B", points: 70, items: [{ id: "B1", max: 70 }] },
      ],
    };
    const over = {
      parameters: { trainingKinds: ["c"], workingDays: { workdays: ["2024-02-04"] } },
      areas: [
        {
          id: "A",
          items: [
            { id: "A1", scoring: { task: "T1" } },
            { id: "A3", max: 5 },
          ],
        },
        { id: "C", points: 1, items: [{ id: "C1", max: 1 }] },
      ],
    };
    expect(mergeRubricJson(base, over)).toEqual({
      parameters: { trainingMinHours: 60, trainingKinds: ["c"], workingDays: { holidays: ["2024-01-01"], workdays: ["2024-02-04"] } },
      areas: [
        {
          id: "A",
          points: 30,
          items: [
            { id: "A1", max: 10, scoring: { type: "deadline", late: { perDay: 0.1 }, task: "T1" } },
            { id: "A2", max: 20 },
            { id: "A3", max: 5 },
          ],
        },
        { id: "B", points: 70, items: [{ id: "B1", max: 70 }] },
        { id: "C", points: 1, items: [{ id: "C1", max: 1 }] },
      ],
    });
    // the inputs are untouched
    expect(base.areas[0]!.items).toHaveLength(2);
  });

  it("removes an entry marked $remove, and drops a $remove of an id the base lacks", () => {
    const base = { tasks: [{ id: "T1" }, { id: "T2" }, { id: "T3" }] };
    expect(
      mergeRubricJson(base, {
        tasks: [
          { id: "T2", $remove: true },
          { id: "T9", $remove: true },
        ],
      }),
    ).toEqual({ tasks: [{ id: "T1" }, { id: "T3" }] });
  });
});

describe("resolveRubricFile / loadRubric with extends", () => {
  it("resolves a chain (rubric → mid → root), without extends or abstract in the result", async () => {
    await write("base/root.json", { abstract: true, id: "root", totalPoints: 100, tasks: [{ id: "T1", title: "根" }] });
    await write("base/mid.json", { abstract: true, extends: "root.json", issuer: "中间", tasks: [{ id: "T2", title: "中" }] });
    await write("leaf.json", { extends: "base/mid.json", id: "leaf", tasks: [{ id: "T1", title: "叶" }] });
    const r = await resolveRubricFile(join(dir, "leaf.json"));
    expect(r.json).toEqual({
      id: "leaf",
      totalPoints: 100,
      issuer: "中间",
      tasks: [
        { id: "T1", title: "叶" },
        { id: "T2", title: "中" },
      ],
    });
    const names = r.chain.map((c) => c.file.replace(/\\/g, "/"));
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/leaf\.json$/);
    expect(names[1]).toMatch(/base\/mid\.json$/);
    expect(names[2]).toMatch(/base\/root\.json$/);
    expect(r.abstract).toBe(false);
  });

  it("a cycle is a Chinese RubricError naming the files", async () => {
    await write("c1.json", { extends: "c2.json", id: "c1" });
    await write("c2.json", { extends: "c1.json", id: "c2" });
    const msg = await rubricError(loadRubric(join(dir, "c1.json")));
    expect(msg).toContain("细则继承出现循环");
    expect(msg).toMatch(/c1\.json → .*c2\.json → .*c1\.json/);
  });

  it("a missing base is a Chinese RubricError naming both files", async () => {
    await write("orphan.json", { extends: "base/nowhere.json", id: "orphan" });
    const msg = await rubricError(loadRubric(join(dir, "orphan.json")));
    expect(msg).toContain("所继承的基础细则");
    expect(msg).toContain("nowhere.json");
    expect(msg).toContain("不存在");
    expect(msg).toContain("orphan.json");
  });

  it("an abstract base is not scored on its own, but rubric show can resolve it", async () => {
    const msg = await rubricError(loadRubric("rubrics/base/three-year-plan.json"));
    expect(msg).toContain("abstract");
    const r = await resolveRubricFile("rubrics/base/three-year-plan.json");
    expect(r.abstract).toBe(true);
    expect((r.json as { abstract?: boolean }).abstract).toBeUndefined();
  });

  it("the sha256 of a rubric that extends a base covers the base", async () => {
    const shipped = JSON.parse(await (await import("node:fs/promises")).readFile("rubrics/base/three-year-plan.json", "utf8"));
    const leaf = JSON.parse(await (await import("node:fs/promises")).readFile("rubrics/qingxin-2024.json", "utf8"));
    await write("base/three-year-plan.json", shipped);
    await write("qx.json", { ...leaf, $schema: undefined });
    const a = await loadRubric(join(dir, "qx.json"));
    expect(a.bases).toEqual(["base/three-year-plan.json"]);
    await write("base/three-year-plan.json", { ...shipped, parameters: { ...shipped.parameters, trainingMinHours: 72 } });
    const b = await loadRubric(join(dir, "qx.json"));
    expect(b.rubric.parameters.trainingMinHours).toBe(72);
    expect(b.sha256).not.toBe(a.sha256);
  });
});
