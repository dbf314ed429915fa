/**
 * Shared facts the indicator computations need: the assessment period as day numbers, the
 * units, officers indexed by id, and a certificate-validity test.
 */
import type { Rubric } from "../rubric/schema.js";
import type { DatasetId } from "../data/contract.js";
import type { LoadedData, Row } from "../data/types.js";
import { parseIsoDay } from "../data/dates.js";
import { IdIndex } from "../data/id-index.js";

export interface Officer {
  id: string;
  name: string;
  unitId: string;
  inPost: boolean;
  certificateNo: string | null;
  expires: number | null;
  status: string | null;
}

/** The officers in id order, each found by id (an IdIndex: not a Map of 100,000 entries on each thread). */
export class OfficerList {
  private readonly list: Officer[];
  private readonly index: IdIndex;
  /** (ids distinct, as the loader accepts them) */
  constructor(officers: Officer[]) {
    this.list = officers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.index = new IdIndex(this.list.map((o) => o.id));
  }
  /** The officer's position in id order, or -1. */
  indexOf(id: string): number {
    return this.index.indexOf(id);
  }
  get(id: string): Officer | undefined {
    const i = this.index.indexOf(id);
    return i < 0 ? undefined : this.list[i];
  }
  /** In id order. */
  values(): readonly Officer[] {
    return this.list;
  }
}

export interface IndicatorContext {
  rubric: Rubric;
  start: number;
  end: number;
  asOf: number;
  unitIds: string[];
  officers: OfficerList;
  /** accepted rows of a dataset the rubric reads (empty when absent or unusable) */
  rows(dataset: DatasetId): Row[];
  /** the dataset's file error, when the rubric needs it and it cannot be used */
  datasetError(dataset: DatasetId): string | null;
  /** case files scored against the rubric's review standard, by case_reviews line (score null: unusable findings) */
  reviewScores?: ReadonlyMap<number, { score: number | null; veto: string | null }>;
}

export function buildContext(rubric: Rubric, data: LoadedData, reviewScores?: IndicatorContext["reviewScores"]): IndicatorContext {
  const start = parseIsoDay(rubric.period.start);
  const end = parseIsoDay(rubric.period.end);
  const asOf = rubric.asOf ? parseIsoDay(rubric.asOf) : end;
  const rows = (dataset: DatasetId): Row[] => data.datasets[dataset]?.records ?? [];
  const unitIds = rows("units").map((r) => r.values.unit_id as string);
  const officers = new OfficerList(
    rows("officers").map((r): Officer => {
      const v = r.values;
      return {
        id: v.officer_id as string,
        name: v.name as string,
        unitId: v.unit_id as string,
        inPost: v.in_enforcement_post === true,
        certificateNo: (v.certificate_no as string | null) ?? null,
        expires: (v.certificate_expires as number | null) ?? null,
        status: (v.certificate_status as string | null) ?? null,
      };
    }),
  );
  const datasetError = (dataset: DatasetId): string | null => {
    const load = data.datasets[dataset];
    if (!load) return rubric.datasets.includes(dataset) || dataset === "units" ? `缺少数据集 ${dataset}` : null;
    if (!load.error) return null;
    // read from files: the error is theirs, each part naming its file (and sheet); no file read
    // (none found, or two for one dataset): the error names no file, the item names it here
    if (load.sources?.length) return load.error;
    return `${load.file ?? dataset}：${load.error}`;
  };
  return { rubric, start, end, asOf, unitIds, officers, rows, datasetError, ...(reviewScores ? { reviewScores } : {}) };
}

/** Why an officer's certificate is not valid on `day`, or null when it is valid.
 * Valid: a number, status 有效 (blank counts as 有效 when a number is present), not expired before the day. */
export function certificateProblem(o: Officer, day: number, fmtDay: (d: number) => string): string | null {
  if (!o.certificateNo) return "无执法证";
  if (o.status && o.status !== "有效") return `执法证状态为${o.status}`;
  if (o.expires !== null && o.expires < day) return `执法证已于${fmtDay(o.expires)}到期`;
  return null;
}

/** Per-unit accumulator map with every unit present, in unit order (`init` is given the unit's index in the list). */
export function perUnit<T>(unitIds: readonly string[], init: (index: number) => T): Map<string, T> {
  return new Map(unitIds.map((id, i) => [id, init(i)]));
}

/** A rate that is null (not applicable) when there is nothing to rate. */
export function rate(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}
