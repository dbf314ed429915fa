import { describe, expect, it } from "vitest";
import { computeIndicators } from "../../src/indicators/compute.js";
import type { DatasetId } from "../../src/data/contract.js";
import type { CellValue, DatasetLoad, LoadedData } from "../../src/data/types.js";
import { parseIsoDay } from "../../src/data/dates.js";
import { rubricWith, src } from "../helpers.js";
import type { RubricInput } from "../../src/rubric/schema.js";

const d = parseIsoDay;

function data(sets: Partial<Record<DatasetId, Record<string, CellValue>[]>>, errors: Partial<Record<DatasetId, string>> = {}): LoadedData {
  const datasets: LoadedData["datasets"] = {};
  for (const [id, rows] of Object.entries(sets)) {
    const load: DatasetLoad = {
      dataset: id as DatasetId,
      file: `${id}.csv`,
      format: "csv",
      encoding: "utf-8",
      rows: rows!.length,
      accepted: rows!.length,
      rejected: [],
      error: errors[id as DatasetId] ?? null,
      // every column the test rows use is in the header
      headers: [...new Set(rows!.flatMap((r) => Object.keys(r)))].map((key) => ({ source: key, key })),
      records: errors[id as DatasetId] ? [] : rows!.map((values, i) => ({ line: i + 2, values })),
    };
    datasets[id as DatasetId] = load;
  }
  return { dir: "/x", datasets, ignoredFiles: [] };
}

const units = [
  { unit_id: "U1", unit_name: "一局", category: "区直部门", parent_id: null },
  { unit_id: "U2", unit_name: "二局", category: "区直部门", parent_id: null },
];
const officer = (id: string, unit = "U1", extra: Record<string, CellValue> = {}) => ({
  officer_id: id,
  name: `人员${id}`,
  unit_id: unit,
  in_enforcement_post: true,
  certificate_no: `C${id}`,
  certificate_expires: d("2026-01-01"),
  certificate_status: "有效",
  ...extra,
});
const rubric = (extra: Partial<RubricInput> = {}) =>
  rubricWith(
    [{ id: "A1", title: "x", max: 1, source: src(), scoring: { type: "perOccurrence", indicator: "cases.total", points: 1 } }],
    extra,
  );

describe("training", () => {
  it("counts 60.0 学时 made of 45-minute rows as reaching 60, and 59.99 as not", () => {
    const rows: Record<string, CellValue>[] = [];
    for (let i = 0; i < 60; i++)
      rows.push({ officer_id: "P1", date: d("2024-03-01") + i, course: "课", kind: "业务知识", hours: null, minutes: 45 });
    // P2: 90 rows of 30 minutes = 2700 minutes = 60 学时 exactly (30/45 is not a finite binary fraction)
    for (let i = 0; i < 90; i++)
      rows.push({ officer_id: "P2", date: d("2024-03-01"), course: "课", kind: "执法技能", hours: null, minutes: 30 });
    // P3: 59.99 学时; political training and a 2023 course do not count
    rows.push({ officer_id: "P3", date: d("2024-05-01"), course: "课", kind: "公共法律知识", hours: 59.99, minutes: null });
    rows.push({ officer_id: "P3", date: d("2024-05-02"), course: "课", kind: "政治理论", hours: 10, minutes: null });
    rows.push({ officer_id: "P3", date: d("2023-12-31"), course: "课", kind: "业务知识", hours: 10, minutes: null });
    const out = computeIndicators(
      rubric(),
      data({
        units,
        officers: [officer("P1"), officer("P2"), officer("P3"), officer("P4", "U1", { in_enforcement_post: false })],
        training: rows,
      }),
    );
    const u1 = out.get("U1")!;
    expect(u1.values["training.officers"]).toBe(3);
    expect(u1.values["training.compliantRate"]).toBeCloseTo(2 / 3, 12);
    expect(u1.values["training.averageHours"]).toBeCloseTo((60 + 60 + 59.99) / 3, 9);
    expect(u1.details["training.compliantRate"]).toMatchObject({
      num: 2,
      den: 3,
      records: [{ id: "P3", name: "人员P3", detail: "已计 59.99 学时，还差 0.01 学时" }],
    });
    // a unit with no officer in post: not applicable, never 0 or 1
    expect(out.get("U2")!.values).toMatchObject({ "training.officers": 0, "training.averageHours": null, "training.compliantRate": null });
  });

  it("the minutes per 学时 is the rubric's parameter", () => {
    const r = rubric();
    r.parameters.minutesPerHour = 40;
    const rows = Array.from({ length: 60 }, () => ({
      officer_id: "P1",
      date: d("2024-03-01"),
      course: "课",
      kind: "业务知识",
      hours: null,
      minutes: 40,
    }));
    const out = computeIndicators(r, data({ units, officers: [officer("P1")], training: rows }));
    expect(out.get("U1")!.values["training.compliantRate"]).toBe(1);
  });
});

describe("certification", () => {
  it("a certificate expiring on the as-of day is valid; the day before is not", () => {
    const officers = [
      officer("P1", "U1", { certificate_expires: d("2024-12-31") }),
      officer("P2", "U1", { certificate_expires: d("2024-12-30") }),
      officer("P3", "U1", { certificate_status: null }),
      officer("P4", "U1", { certificate_status: "暂扣" }),
      officer("P5", "U1", { certificate_no: null }),
    ];
    const u1 = computeIndicators(rubric(), data({ units, officers })).get("U1")!;
    expect(u1.values["certification.rate"]).toBe(2 / 5);
    expect(u1.details["certification.rate"]!.records).toEqual([
      { id: "P2", name: "人员P2", detail: "执法证已于2024年12月30日到期" },
      { id: "P4", name: "人员P4", detail: "执法证状态为暂扣" },
      { id: "P5", name: "人员P5", detail: "无执法证" },
    ]);
    expect(computeIndicators(rubric(), data({ units, officers })).get("U2")!.values["certification.rate"]).toBeNull();
  });
});

describe("cases", () => {
  const caseRow = (id: string, extra: Record<string, CellValue> = {}) => ({
    case_id: id,
    unit_id: "U1",
    case_type: "行政处罚",
    online: true,
    handlers: ["P1", "P2"],
    opened: null,
    decided: d("2024-06-03"),
    major: null,
    legal_review_date: null,
    published: d("2024-06-05"),
    legal_basis: [],
    ...extra,
  });
  const officers = [officer("P1"), officer("P2"), officer("P3", "U1", { certificate_expires: d("2024-03-01") })];
  const documents = [
    { doc_no: "清新府办〔2015〕18号", title: "x", status: "失效", invalid_from: d("2024-01-29") },
    { doc_no: "清新府规2023001", title: "y", status: "有效", invalid_from: null },
  ];
  const holidays = { holidays: ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"], workdays: ["2024-10-12"] };

  it("computes every case indicator over cases decided in the period", () => {
    const cases = [
      caseRow("C1"),
      caseRow("C2", { online: false }),
      caseRow("C3", { case_type: "行政检查", online: false }),
      caseRow("C4", { decided: d("2023-12-20") }), // outside the period
      caseRow("C5", { handlers: ["P1", "P3"], decided: d("2024-04-01") }), // P3 expired 2024-03-01
      caseRow("C6", { handlers: ["P1"] }), // one handler only
      caseRow("C7", { handlers: ["P1", "P9"] }), // unknown handler
      caseRow("C8", { major: true, legal_review_date: d("2024-06-01") }),
      caseRow("C9", { major: true, legal_review_date: d("2024-06-04") }), // reviewed after the decision
      caseRow("C10", { major: true }),
      caseRow("C11", { legal_basis: ["清新府办〔2015〕18号"], decided: d("2024-02-01") }),
      caseRow("C12", { legal_basis: ["清新府办〔2015〕18号"], decided: d("2024-01-28"), published: d("2024-01-29") }), // before it became invalid
      caseRow("C13", { legal_basis: ["清新府规2023001"], published: null }),
    ];
    const out = computeIndicators(
      rubric({ parameters: { ...rubric().parameters, workingDays: holidays } }),
      data({ units, officers, cases, documents }),
    ).get("U1")!;
    expect(out.values["cases.total"]).toBe(12);
    expect(out.values["cases.onlineRate"]).toBe(10 / 11);
    expect(out.details["cases.onlineRate"]!.records!.map((r) => r.id)).toEqual(["C2"]);
    expect(out.values["cases.uncertifiedHandling"]).toBe(3);
    expect(out.details["cases.uncertifiedHandling"]!.records!.map((r) => r.detail)).toEqual([
      "2024年4月1日决定；承办人 P3 人员P3执法证已于2024年3月1日到期；持有效执法证的承办人 1 人，少于 2 人",
      "2024年6月3日决定；持有效执法证的承办人 1 人，少于 2 人",
      "2024年6月3日决定；承办人 P9 不在执法人员名单中；持有效执法证的承办人 1 人，少于 2 人",
    ]);
    expect(out.values["cases.legalReviewRate"]).toBe(1 / 3);
    // C5 and C11 were decided months before their 公示日期; C13 was never published
    expect(out.values["cases.publicityTimelyRate"]).toBe(8 / 11);
    expect(out.details["cases.publicityTimelyRate"]!.records!.map((r) => r.id)).toEqual(["C11", "C13", "C5"]);
    expect(out.values["cases.invalidBasis"]).toBe(1);
    expect(out.details["cases.invalidBasis"]!.records).toEqual([
      { id: "C11", detail: "2024年2月1日作出决定，引用已失效的清新府办〔2015〕18号（2024年1月29日起失效）" },
    ]);
  });

  it("publicity: 7 working days, weekends, holidays and 调休 working days; not yet due is not counted", () => {
    const r = rubric({ parameters: { ...rubric().parameters, workingDays: holidays } });
    // decided Mon 2024-09-30; working days after: 10-08(1) 10-09(2) 10-10(3) 10-11(4) 10-12 Sat 调休(5) 10-14(6) 10-15(7)
    const cases = [
      caseRow("A", { decided: d("2024-09-30"), published: d("2024-10-15") }),
      caseRow("B", { decided: d("2024-09-30"), published: d("2024-10-16") }),
      caseRow("C", { decided: d("2024-12-30"), published: null }), // due in 2025: not counted as of 2024-12-31
      caseRow("D", { decided: d("2024-12-02"), published: null }),
    ];
    const out = computeIndicators(r, data({ units, officers, cases })).get("U1")!;
    expect(out.details["cases.publicityTimelyRate"]).toMatchObject({ num: 1, den: 3 });
    expect(out.details["cases.publicityTimelyRate"]!.records!.map((x) => x.detail)).toEqual([
      "2024年9月30日作出决定，2024年10月16日公示，用时 8 个工作日，超过 7 个工作日",
      "2024年12月2日作出决定，至2024年12月31日未公示",
    ]);
  });

  it("no 行政处罚 case, no major case: the rates are null, the counts 0", () => {
    const out = computeIndicators(rubric(), data({ units, officers, cases: [caseRow("X", { case_type: "行政许可" })], documents })).get(
      "U2",
    )!;
    expect(out.values).toMatchObject({
      "cases.total": 0,
      "cases.onlineRate": null,
      "cases.legalReviewRate": null,
      "cases.publicityTimelyRate": null,
      "cases.invalidBasis": 0,
    });
  });

  it("an unusable dataset makes its indicators errors for every unit, never 0", () => {
    const out = computeIndicators(rubric(), data({ units, officers, cases: [], documents }, { cases: "缺少必填列「决定日期」(decided)" }));
    expect(out.get("U1")!.values["cases.total"]).toBeNull();
    expect(out.get("U1")!.errors["cases.total"]).toBe("cases.csv：缺少必填列「决定日期」(decided)");
    expect(out.get("U1")!.errors["training.compliantRate"]).toBe("缺少数据集 training");
  });
});

describe("reviews, milestones, reported and custom indicators", () => {
  it("reviews: mean, excellent share and failed files (veto or < 60)", () => {
    const reviews = [
      { case_id: "C1", unit_id: "U1", date: d("2024-05-01"), review_kind: "抽查", score: 95, veto: null, problems: null },
      { case_id: "C2", unit_id: "U1", date: d("2024-05-01"), review_kind: "抽查", score: 92, veto: "主体不合法", problems: null },
      { case_id: "C3", unit_id: "U1", date: d("2024-05-01"), review_kind: "自查", score: 55.5, veto: null, problems: "证据不足" },
      { case_id: "C4", unit_id: "U1", date: d("2025-01-01"), review_kind: "自查", score: 10, veto: null, problems: null },
    ];
    const out = computeIndicators(rubric(), data({ units, case_reviews: reviews })).get("U1")!;
    expect(out.values["reviews.count"]).toBe(3);
    expect(out.values["reviews.averageScore"]).toBeCloseTo((95 + 92 + 55.5) / 3, 12);
    expect(out.values["reviews.excellentRate"]).toBe(1 / 3);
    expect(out.values["reviews.failed"]).toBe(2);
  });

  it("milestones: days late from the earliest report, null when none", () => {
    const r = rubric({ tasks: [{ id: "T1", title: "台账", deadline: "2024-03-31", source: src() }] });
    const ms = [
      { unit_id: "U1", task_id: "T1", done: d("2024-04-05"), evidence: null },
      { unit_id: "U1", task_id: "T1", done: d("2024-04-02"), evidence: null },
    ];
    const out = computeIndicators(r, data({ units, milestones: ms }));
    expect(out.get("U1")!.values["milestone.T1"]).toBe(2);
    expect(out.get("U2")!.values["milestone.T1"]).toBeNull();
  });

  it("custom indicators: filter, period, count / sum / mean / ratio per unit", () => {
    const r = rubric({
      extraColumns: { cases: [{ key: "fine", name: "罚款金额", kind: "number" }] },
      indicators: [
        {
          id: "custom.major",
          label: "重大案件",
          dataset: "cases",
          where: { fact: "major", operator: "equal", value: true },
          inPeriod: "decided",
          aggregate: "count",
        },
        { id: "custom.fines", label: "罚款合计", dataset: "cases", aggregate: "sum", column: "fine" },
        {
          id: "custom.meanFine",
          label: "平均罚款",
          dataset: "cases",
          where: { fact: "decided", operator: "greaterThanInclusive", value: "2024-06-01" },
          aggregate: "mean",
          column: "fine",
        },
        {
          id: "custom.onlineShare",
          label: "线上占比",
          dataset: "cases",
          aggregate: "ratio",
          numerator: { fact: "online", operator: "equal", value: true },
        },
        { id: "custom.coursesOfficers", label: "参训人数", dataset: "training", aggregate: "countDistinct", column: "officer_id" },
      ],
    });
    const cases = [
      {
        case_id: "A",
        unit_id: "U1",
        case_type: "行政处罚",
        online: true,
        handlers: [],
        decided: d("2024-03-01"),
        major: true,
        fine: 100.1,
      },
      {
        case_id: "B",
        unit_id: "U1",
        case_type: "行政处罚",
        online: false,
        handlers: [],
        decided: d("2024-07-01"),
        major: null,
        fine: 200.2,
      },
      { case_id: "C", unit_id: "U1", case_type: "行政处罚", online: true, handlers: [], decided: d("2023-07-01"), major: true, fine: null },
    ];
    const training = [
      { officer_id: "P1", date: d("2024-01-02"), course: "a", kind: "业务知识", hours: 1, minutes: null },
      { officer_id: "P1", date: d("2024-01-03"), course: "b", kind: "业务知识", hours: 1, minutes: null },
    ];
    const out = computeIndicators(r, data({ units, officers: [officer("P1")], cases, training }));
    expect(out.get("U1")!.values).toMatchObject({
      "custom.major": 1,
      "custom.fines": 300.3,
      "custom.meanFine": 200.2,
      "custom.onlineShare": 2 / 3,
      "custom.coursesOfficers": 1,
    });
    expect(out.get("U2")!.values).toMatchObject({
      "custom.major": 0,
      "custom.fines": 0,
      "custom.meanFine": null,
      "custom.onlineShare": null,
    });
    // the records behind the count (and the offline case behind cases.onlineRate): counted,
    // written out only when read (no item reads them here), then as before
    const details = out.get("U1")!.details;
    for (const key of ["custom.major", "cases.onlineRate"]) {
      expect(Object.getOwnPropertyDescriptor(details[key], "records")?.get, key).toBeTypeOf("function");
    }
    expect(details["custom.major"]!.records).toEqual([{ id: "A", detail: "2024年3月1日，行政处罚" }]);
    expect(details["cases.onlineRate"]!.records).toEqual([{ id: "B", detail: "行政处罚案件，2024年7月1日作出决定，未线上办理" }]);
    expect(Object.getOwnPropertyDescriptor(details["custom.major"], "records")?.get).toBeUndefined();
  });
});
