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

/** The officers in id order, each found by id (an IdIndex: not a Map of 100,000 entries on each
 * thread), kept as columns over the rows' own strings — not an object per officer, which cost
 * ≈ 7 MB per 100,000 officers on each thread for as long as the indicators were computed
 * (bench/README.md, thirteenth round). */
export class OfficerList {
  private readonly index: IdIndex;
  private readonly names: string[];
  private readonly units: string[];
  /** bit 0: in an enforcement post; bit 1: has a certificate number */
  private readonly flags: Uint8Array;
  /** certificate expiry day, NaN when blank */
  private readonly expires: Float64Array;
  /** 1 + index into `statusNames`, 0 when blank */
  private readonly status: Uint8Array | Uint16Array;
  private readonly statusNames: string[] = [];

  /** (ids distinct, as the loader accepts them) */
  constructor(officers: readonly Officer[]) {
    const order = officers.map((_, i) => i).sort((a, b) => byText(officers[a]!.id, officers[b]!.id));
    const n = order.length;
    this.names = new Array<string>(n);
    this.units = new Array<string>(n);
    this.flags = new Uint8Array(n);
    this.expires = new Float64Array(n);
    const statuses = new Map<string, number>();
    const status = new Uint16Array(n);
    const ids = new Array<string>(n);
    order.forEach((from, i) => {
      const o = officers[from]!;
      ids[i] = o.id;
      this.names[i] = o.name;
      this.units[i] = o.unitId;
      this.flags[i] = (o.inPost ? 1 : 0) | (o.certificateNo ? 2 : 0);
      this.expires[i] = o.expires ?? Number.NaN;
      if (o.status !== null) {
        let k = statuses.get(o.status);
        if (k === undefined) statuses.set(o.status, (k = this.statusNames.push(o.status)));
        status[i] = k;
      }
    });
    this.status = this.statusNames.length < 256 ? Uint8Array.from(status) : status;
    this.index = new IdIndex(ids);
  }

  /** How many officers. */
  get size(): number {
    return this.index.ids.length;
  }
  /** The officer's position in id order, or -1. */
  indexOf(id: string): number {
    return this.index.indexOf(id);
  }
  idAt(i: number): string {
    return this.index.ids[i]!;
  }
  nameAt(i: number): string {
    return this.names[i]!;
  }
  unitAt(i: number): string {
    return this.units[i]!;
  }
  inPostAt(i: number): boolean {
    return (this.flags[i]! & 1) !== 0;
  }
  /** Why the certificate of the officer at `i` is not valid on `day`, or null (certificateProblem). */
  problemAt(i: number, day: number, fmtDay: (d: number) => string): string | null {
    const e = this.expires[i]!;
    const st = this.status[i]!;
    return certificateProblemOf(
      (this.flags[i]! & 2) !== 0,
      st === 0 ? null : this.statusNames[st - 1]!,
      Number.isNaN(e) ? null : e,
      day,
      fmtDay,
    );
  }
  /** The unit of the officer `id`, or undefined when there is no such officer. */
  unitOf(id: string): string | undefined {
    const i = this.index.indexOf(id);
    return i < 0 ? undefined : this.units[i];
  }
  /** The name of the officer `id`, or undefined. */
  nameOf(id: string): string | undefined {
    const i = this.index.indexOf(id);
    return i < 0 ? undefined : this.names[i];
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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
  const officers = officerList(rows("officers"));
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

/** Each officers' rows' list, built once: the folds' context (made before the large files are
 * read) and the end's share it. */
const officerLists = new WeakMap<readonly Row[], OfficerList>();

function officerList(rows: readonly Row[]): OfficerList {
  let list = officerLists.get(rows);
  if (!list) {
    list = new OfficerList(
      rows.map((r): Officer => {
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
    officerLists.set(rows, list);
  }
  return list;
}

/** Why an officer's certificate is not valid on `day`, or null when it is valid.
 * Valid: a number, status 有效 (blank counts as 有效 when a number is present), not expired before the day. */
export function certificateProblem(o: Officer, day: number, fmtDay: (d: number) => string): string | null {
  return certificateProblemOf(!!o.certificateNo, o.status, o.expires, day, fmtDay);
}

function certificateProblemOf(
  hasNumber: boolean,
  status: string | null,
  expires: number | null,
  day: number,
  fmtDay: (d: number) => string,
): string | null {
  if (!hasNumber) return "无执法证";
  if (status && status !== "有效") return `执法证状态为${status}`;
  if (expires !== null && expires < day) return `执法证已于${fmtDay(expires)}到期`;
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
