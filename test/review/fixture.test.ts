/**
 * The hand-checked fixture (test/fixtures/review-standard/HAND.md): case files scored against
 * the shipped 测绘地理信息行政处罚案卷评查标准 give exactly the figures worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/evaluate.js";
import { serializeResults } from "../../src/results/build.js";

const RUBRIC = "test/fixtures/review-standard/rubric.json";
const DATA = "test/fixtures/review-standard/data";

describe("案卷评查 against a standard: the hand-checked fixture", async () => {
  const { results } = await evaluate({ rubric: RUBRIC, data: DATA });
  const unit = (id: string) => results.units.find((u) => u.id === id)!;
  const file = (unitId: string, caseId: string) => unit(unitId).reviews!.files.find((f) => f.caseId === caseId)!;

  it("scores every file in the period as worked out by hand", () => {
    const scores = Object.fromEntries(results.units.flatMap((u) => u.reviews!.files.map((f) => [f.caseId, [f.score, f.grade, f.state]])));
    expect(scores).toEqual({
      "A-01": [100, "优秀", "scored"],
      "A-02": [97, "优秀", "scored"],
      "A-03": [87, "合格", "scored"],
      "A-04": [0, "不合格", "scored"],
      "B-01": [99, "优秀", "scored"],
      "B-02": [null, null, "error"],
    });
  });

  it("says why, item by item, with caps named", () => {
    expect(file("U1", "A-01").reason).toBe("未发现评查标准所列问题，得满分 100 分。");
    expect(file("U1", "A-02").deductions.map((d) => d.reason)).toEqual([
      "执法文书填写不规范（漏项，内容不完整、表述不清楚、用语不规范等），2 项，每项扣 1 分，扣 2 分",
      "卷内目录未按顺序填写或页码有误，1 项，每项扣 1 分，扣 1 分",
    ]);
    const a3 = file("U1", "A-03");
    expect(a3.deductions.map((d) => [d.item, d.points])).toEqual([
      ["卷面-1", 2],
      ["卷面-2", 4],
      ["卷面-3", 1],
      ["卷面-4", 1],
      ["卷面-5", 2],
      ["卷面-6", 1],
      ["卷面-7", 2],
    ]);
    expect(a3.deductions[1]!.reason).toBe(
      "执法文书填写不规范（漏项，内容不完整、表述不清楚、用语不规范等），6 项，每项扣 1 分，该项 4 分扣完为止，扣 4 分",
    );
    expect(a3.deductions[6]!.reason).toBe("未编页码号或页码号混乱，3 项，每项扣 1 分，该项 2 分扣完为止，扣 2 分");
    expect(a3.reason).toBe("案卷卷面标准扣 13 分，得 87 分。");
    expect(file("U1", "A-04").reason).toBe("基本标准不符合（执法人员少于 2 人），评查总分为 0 分，不合格卷。");
  });

  it("an unusable finding makes the file an error and the unit's review items errors, never full marks", () => {
    const b2 = file("U2", "B-02");
    expect(b2.score).toBeNull();
    expect(b2.errors).toEqual([
      "第 16 行：评查项目 卷面-1 的扣分由标准确定（扣 2 分），填写的 1 分与之不符",
      "第 17 行：评查项目“卷面-9”不在评查标准中",
    ]);
    expect(unit("U2").complete).toBe(false);
    expect(unit("U2").items.map((i) => i.state)).toEqual(["error", "error"]);
  });

  it("feeds reviews.* and the rubric's items as hand-entered scores would", () => {
    const u1 = unit("U1");
    expect(u1.metrics).toEqual({ "reviews.count": 4, "reviews.averageScore": 71, "reviews.excellentRate": 0.5, "reviews.failed": 1 });
    expect(u1.items.map((i) => [i.id, i.points])).toEqual([
      ["D1", 2],
      ["D2", 4],
    ]);
    expect([u1.total, u1.grade, u1.complete]).toEqual([6, "不合格", true]);
  });

  it("reports findings naming no reviewed file or no item as row errors, and an entered score that differs", () => {
    const inp = results.inputs.find((i) => i.dataset === "review_findings")!;
    expect(inp.rejected.map((r) => [r.line, r.column, r.value])).toEqual([
      [14, "案件编号", "X-99"],
      [17, "评查项目", "卷面-9"],
    ]);
    expect(file("U1", "A-02").discrepancy).toBe("填报得分 95 分，按评查标准计算为 97 分");
    expect(unit("U1").reviews!.files.map((f) => f.caseId)).not.toContain("A-05");
  });

  it("gives byte-identical results twice", async () => {
    const again = (await evaluate({ rubric: RUBRIC, data: DATA })).results;
    expect(serializeResults(again)).toBe(serializeResults(results));
  });
});

describe("findings that no file can be told from", () => {
  it("a finding row the loader refuses makes every file's score an error, never full marks", async () => {
    const { mkdtemp, cp, appendFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "fazhi-findings-"));
    try {
      await cp(DATA, dir, { recursive: true });
      await appendFile(join(dir, "review_findings.csv"), "A-01,卷面-2,两,,\n");
      const { results } = await evaluate({ rubric: RUBRIC, data: dir });
      const files = results.units.flatMap((u) => u.reviews!.files);
      expect(files.every((f) => f.state === "error" && f.score === null)).toBe(true);
      expect(files[0]!.errors[0]).toBe("review_findings.csv 有 1 行未被接受（第 18 行），无法确定属于哪份案卷");
      expect(results.units.every((u) => !u.complete)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a file reviewed twice with findings cannot take them: both are errors", async () => {
    const { mkdtemp, cp, appendFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "fazhi-findings-"));
    try {
      await cp(DATA, dir, { recursive: true });
      await appendFile(join(dir, "case_reviews.csv"), "A-03,U1,2024-12-01,复查,,李四,,\n");
      const { results } = await evaluate({ rubric: RUBRIC, data: dir });
      const a3 = results.units.find((u) => u.id === "U1")!.reviews!.files.filter((f) => f.caseId === "A-03");
      expect(a3.map((f) => f.state)).toEqual(["error", "error"]);
      expect(a3[0]!.errors).toEqual(["案件编号 A-03 在案卷评查表中出现 2 次，评查问题无法对应到其中一次"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("case_reviews without a review standard", () => {
  it("a blank 得分 is a row error, as before", async () => {
    const { mkdtemp, cp, appendFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "fazhi-noscore-"));
    try {
      await cp("test/fixtures/eval/small", dir, { recursive: true });
      await appendFile(join(dir, "case_reviews.csv"), "SC-009,QX-SCJG,2024-11-05,抽查,,,\n");
      const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: dir });
      const rej = results.inputs.find((i) => i.dataset === "case_reviews")!.rejected;
      expect(rej.map((r) => [r.column, r.reason])).toEqual([["得分", "得分须填写（考评细则未指定评查标准，案卷得分无法计算）"]]);
      expect(results.units.every((u) => u.reviews === undefined)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
