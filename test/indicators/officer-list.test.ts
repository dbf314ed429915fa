import { describe, expect, it } from "vitest";
import { buildContext, certificateProblem, type Officer, OfficerList } from "../../src/indicators/context.js";
import type { LoadedData, Row } from "../../src/data/types.js";
import type { Rubric } from "../../src/rubric/schema.js";
import { formatDayZh } from "../../src/data/dates.js";

/** Officers with every combination the certificate test reads, in no particular order. */
function officers(): Officer[] {
  const out: Officer[] = [];
  const statuses = [null, "有效", "暂扣", "收回", "注销"];
  let k = 0;
  for (const certificateNo of [null, "", "粤执 0001"])
    for (const status of statuses)
      for (const expires of [null, 19_000, 19_700, 20_100])
        for (const inPost of [true, false]) {
          k++;
          out.push({
            id: `P${String((k * 7919) % 1000).padStart(4, "0")}-${k}`,
            name: `人员${k}`,
            unitId: `U${k % 3}`,
            inPost,
            certificateNo,
            expires,
            status,
          });
        }
  return out;
}

describe("OfficerList: the officers as columns", () => {
  it("keeps them in id order, finds each by id, and gives each one's fields back as they were", () => {
    const given = officers();
    const list = new OfficerList(given);
    const sorted = [...given].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(list.size).toBe(given.length);
    sorted.forEach((o, i) => {
      expect(list.indexOf(o.id)).toBe(i);
      expect([list.idAt(i), list.nameAt(i), list.unitAt(i), list.inPostAt(i)]).toEqual([o.id, o.name, o.unitId, o.inPost]);
      expect([list.unitOf(o.id), list.nameOf(o.id)]).toEqual([o.unitId, o.name]);
    });
    expect([list.indexOf("P9999"), list.unitOf("P9999"), list.nameOf("P9999")]).toEqual([-1, undefined, undefined]);
  });

  it("tells a certificate's problem on a day exactly as certificateProblem does for the officer", () => {
    const given = officers();
    const list = new OfficerList(given);
    const byId = new Map(given.map((o) => [o.id, o]));
    for (const day of [18_000, 19_000, 19_001, 19_700, 20_200])
      for (let i = 0; i < list.size; i++)
        expect(list.problemAt(i, day, formatDayZh)).toBe(certificateProblem(byId.get(list.idAt(i))!, day, formatDayZh));
    // (the cases of the test all occur)
    const problems = new Set(Array.from({ length: list.size }, (_, i) => list.problemAt(i, 19_500, formatDayZh)?.slice(0, 6) ?? null));
    expect(problems).toEqual(new Set([null, "无执法证", "执法证状态为", "执法证已于2"]));
  });

  it("keeps more than 255 different statuses apart", () => {
    const many = Array.from(
      { length: 300 },
      (_, k): Officer => ({
        id: `P${k}`,
        name: "",
        unitId: "U",
        inPost: true,
        certificateNo: "1",
        expires: null,
        status: `状态${k}`,
      }),
    );
    const list = new OfficerList(many);
    for (const o of many) expect(list.problemAt(list.indexOf(o.id), 0, formatDayZh)).toBe(`执法证状态为${o.status}`);
  });

  it("is built once from one load's officers: the folds' context and the end's share it", () => {
    const rows: Row[] = officers().map((o, i) => ({
      line: i + 2,
      values: { officer_id: o.id, name: o.name, unit_id: o.unitId, in_enforcement_post: o.inPost, certificate_no: o.certificateNo },
    }));
    const data = (records: Row[]): LoadedData =>
      ({ dir: ".", datasets: { officers: { dataset: "officers", records } }, ignoredFiles: [] }) as unknown as LoadedData;
    const rubric = { period: { start: "2024-01-01", end: "2024-12-31" } } as unknown as Rubric;
    const first = buildContext(rubric, data(rows)).officers;
    expect(buildContext(rubric, data(rows)).officers).toBe(first);
    expect(first.size).toBe(rows.length);
    // another load's rows: a list of their own
    const other = buildContext(rubric, data(rows.slice(1))).officers;
    expect(other).not.toBe(first);
    expect(other.size).toBe(rows.length - 1);
  });
});
