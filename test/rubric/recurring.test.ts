/** Recurring tasks (每年5月底和11月底前): occurrences, matching reports to them, scoring, and the loader keeping every row. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matchOccurrences, taskOccurrences } from "../../src/indicators/milestones.js";
import { parseIsoDay } from "../../src/data/dates.js";
import { evaluate } from "../../src/evaluate.js";
import { indicators, rubricWith, scoreOne, src } from "../helpers.js";
import type { RubricInput } from "../../src/rubric/schema.js";

const d = parseIsoDay;
const tasks: RubricInput["tasks"] = [
  { id: "HTK", title: "报送专项整治“回头看”情况", recurring: ["05-31", "11-30"], responsible: ["各行政执法单位"], source: src("(14)") },
  { id: "ONCE", title: "专项整治台账备案", deadline: "2024-02-29", source: src("(13)") },
];
const item = {
  id: "X1",
  title: "回头看按时报送",
  max: 4,
  source: src("(14)"),
  scoring: { type: "deadline" as const, task: "HTK", late: { perDay: 0.1 }, missing: 0 },
};

describe("taskOccurrences / matchOccurrences", () => {
  it("lists each MM-DD of every year inside the period", () => {
    const t = { id: "T", title: "t", recurring: ["05-31", "11-30"], source: src() };
    expect(taskOccurrences(t, { start: "2024-01-01", end: "2024-12-31" })).toEqual([d("2024-05-31"), d("2024-11-30")]);
    expect(taskOccurrences(t, { start: "2024-06-01", end: "2025-12-31" })).toEqual([d("2024-11-30"), d("2025-05-31"), d("2025-11-30")]);
    expect(taskOccurrences({ ...t, recurring: ["02-29"] }, { start: "2023-01-01", end: "2024-12-31" })).toEqual([
      d("2023-02-28"),
      d("2024-02-29"),
    ]);
    // the Gregorian rule (dates.ts): 2100 is a common year, 2000 a leap year
    expect(taskOccurrences({ ...t, recurring: ["02-29"] }, { start: "2100-01-01", end: "2100-12-31" })).toEqual([d("2100-02-28")]);
    expect(taskOccurrences({ ...t, recurring: ["02-29"] }, { start: "2000-01-01", end: "2000-12-31" })).toEqual([d("2000-02-29")]);
  });

  it("gives each occurrence the earliest report after the previous due date", () => {
    const due = [d("2024-05-31"), d("2024-11-30")];
    expect(matchOccurrences(due, [d("2024-05-20"), d("2024-11-25")])).toEqual([-11, -5]);
    expect(matchOccurrences(due, [d("2024-06-10"), d("2024-12-05")])).toEqual([10, 5]);
    // two reports before the first due date: the second is not a report for the second round
    expect(matchOccurrences(due, [d("2024-05-01"), d("2024-05-20")])).toEqual([-30, null]);
    expect(matchOccurrences(due, [d("2024-06-10")])).toEqual([10, null]);
    expect(matchOccurrences(due, [])).toEqual([null, null]);
  });
});

describe("deadline scoring of a recurring task", () => {
  const rubric = rubricWith([item], { tasks });
  it("on time in every round: full points", async () => {
    const s = await scoreOne(rubric, indicators({ "milestone.HTK": -3 }));
    expect(s.items[0]).toMatchObject({ points: 4, state: "scored" });
    expect(s.items[0]!.reason).toBe("“报送专项整治“回头看”情况”要求每年5月31日、11月30日前完成，考核期内已到期 2 次，均按时完成，得满分。");
  });
  it("late: the worst round's days late, per day", async () => {
    const s = await scoreOne(rubric, indicators({ "milestone.HTK": 12 }));
    expect(s.items[0]!.points).toBeCloseTo(2.8, 9);
    expect(s.items[0]!.reason).toContain("最迟的一次逾期 12 天");
  });
  it("a round never reported: the missing points", async () => {
    const s = await scoreOne(rubric, indicators({ "milestone.HTK": null }));
    expect(s.items[0]).toMatchObject({ points: 0, state: "scored" });
    expect(s.items[0]!.reason).toContain("有未报送完成情况的");
  });
  it("no round due yet on the as-of day: not applicable", async () => {
    const early = rubricWith([item], { tasks, asOf: "2024-05-30" });
    const s = await scoreOne(early, indicators({ "milestone.HTK": null }));
    expect(s.items[0]!.state).toBe("notApplicable");
  });
  it("a task with neither deadline nor recurring cannot be scored by deadline (cross-check error)", () => {
    expect(() =>
      rubricWith([{ ...item, scoring: { ...item.scoring, task: "LONG" } }], {
        tasks: [...tasks, { id: "LONG", title: "长期推进", ongoing: true, source: src() }],
      }),
    ).toThrow(/没有完成日期（deadline 或 recurring）/);
  });
});

describe("end to end: the loader keeps every row of a recurring task", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fazhi-recurring-"));
    await writeFile(join(dir, "units.csv"), "单位编码,单位名称,单位类别\nU1,甲局,区直部门\nU2,乙局,区直部门\n");
    await writeFile(
      join(dir, "milestones.csv"),
      [
        "单位编码,任务编号,完成日期",
        "U1,HTK,2024-05-20",
        "U1,HTK,2024-12-10",
        "U1,ONCE,2024-02-20",
        "U1,ONCE,2024-03-20",
        "U2,HTK,2024-05-31",
        "U2,ONCE,2024-02-29",
      ].join("\n") + "\n",
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("matches rows to rounds, and rejects only the duplicate of a one-off task", async () => {
    const once = {
      id: "X2",
      title: "台账备案",
      max: 2,
      source: src("(13)"),
      scoring: { type: "deadline" as const, task: "ONCE", late: { perDay: 0.1 }, missing: 0 },
    };
    const rubric = rubricWith([item, once], { tasks, datasets: ["units", "milestones"] });
    const { results } = await evaluate({ rubric: { rubric, file: "test.json", sha256: "", warnings: [] }, data: dir });
    const ms = results.inputs.find((i) => i.dataset === "milestones")!;
    expect(ms.rejected.map((r) => r.line)).toEqual([5]);
    const u1 = results.units.find((u) => u.id === "U1")!;
    const u2 = results.units.find((u) => u.id === "U2")!;
    expect(u1.metrics["milestone.HTK"]).toBe(10);
    expect(u1.items.find((i) => i.id === "X1")!.points).toBeCloseTo(3, 9);
    expect(u2.metrics["milestone.HTK"]).toBeNull();
    expect(u2.items.find((i) => i.id === "X1")!.points).toBe(0);
    expect(u1.metrics["milestone.ONCE"]).toBe(-9);
  });
});
