import { describe, expect, it } from "vitest";
import { RecordMaker, recordOf } from "../../src/indicators/record-label.js";
import { EvidenceArena } from "../../src/indicators/evidence-arena.js";
import { parseIsoDay } from "../../src/data/dates.js";
import { OfficerList } from "../../src/indicators/context.js";

/** The records a custom count keeps compactly, written out as recordOf names each row. */
describe("RecordMaker: the records behind a custom count, kept in an evidence arena", () => {
  const ctx = {
    officers: new OfficerList([
      { id: "P00025", name: "梁雪梅", unitId: "U1", inPost: true, certificateNo: null, expires: null, status: null },
    ]),
  } as never;
  const day = parseIsoDay("2024-03-05");
  const cases = [
    { line: 2, values: { case_id: "U1-001", case_type: "行政检查", decided: day } },
    { line: 3, values: { case_id: "U1-002", case_type: "行政检查", decided: null } },
    { line: 4, values: { case_id: "", case_type: "", decided: day } },
    { line: 5, values: { case_id: null, case_type: null, decided: null } },
  ];
  const training = [
    { line: 6, values: { officer_id: "P00025", date: day, course: "行政处罚法专题培训" } },
    { line: 7, values: { officer_id: "P99999", date: null, course: "" } },
  ];
  it("names each row by id (else its line), the officer's name, the date and what it is about, in order", () => {
    const expected = {
      "cases decided": [
        { id: "U1-001", detail: "2024年3月5日，行政检查" },
        { id: "U1-002", detail: "行政检查" },
        { id: "第 4 行", detail: "2024年3月5日" },
        { id: "第 5 行", detail: "行政执法案件第 5 行" },
      ],
      // no date column named: the dataset's first (立案日期, not in these rows)
      "cases -": [
        { id: "U1-001", detail: "行政检查" },
        { id: "U1-002", detail: "行政检查" },
        { id: "第 4 行", detail: "行政执法案件第 4 行" },
        { id: "第 5 行", detail: "行政执法案件第 5 行" },
      ],
      "training date": [
        { id: "P00025", name: "梁雪梅", detail: "2024年3月5日，行政处罚法专题培训" },
        { id: "P99999", detail: "培训登记第 7 行" },
      ],
    };
    for (const [dataset, rows, dateKey] of [
      ["cases", cases, "decided"],
      ["cases", cases, undefined],
      ["training", training, "date"],
    ] as const) {
      const maker = new RecordMaker(ctx, dataset, dateKey);
      const arena = new EvidenceArena();
      for (const r of rows) maker.add(arena, 0, r as never);
      const want = expected[`${dataset} ${dateKey ?? "-"}` as keyof typeof expected];
      expect(
        arena
          .group(1, 1)
          .records(0, 0)
          .map((r) => maker.record(r)),
      ).toEqual(want);
      // recordOf, one row at a time, names them the same way
      expect(rows.map((r) => recordOf(ctx, dataset, r as never, dateKey))).toEqual(want);
    }
  });
  it("a part's records cross to another thread and follow the ones before, in order", () => {
    const maker = new RecordMaker(ctx, "cases", "decided");
    const first = new EvidenceArena();
    const second = new EvidenceArena();
    maker.add(first, 0, cases[0] as never);
    maker.add(second, 0, cases[1] as never);
    maker.add(second, 0, cases[2] as never);
    first.absorb(structuredClone(second.state()));
    const records = first
      .group(1, 1)
      .records(0, 0)
      .map((r) => maker.record(r));
    expect(records.map((r) => r.id)).toEqual(["U1-001", "U1-002", "第 4 行"]);
  });
});
