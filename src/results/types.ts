/** results.json: the fixed names of the data contract, and the engine's own additions. */
import type { ItemResult } from "../score/types.js";
import type { AreaResult, VetoResult } from "../score/unit.js";
import type { NotRead, ReadCounts } from "../data/types.js";
import type { Rubric } from "../rubric/schema.js";
import type { Discrepancy } from "./discrepancies.js";
import type { UnitReviews } from "../review/unit.js";
import type { ReviewStandard } from "../standard/schema.js";
import type { UnitDataGap } from "../indicators/gaps.js";
import type { IndicatorFormat } from "../indicators/catalog.js";

export const RESULTS_VERSION = 1;

/** How a metric reads: its Chinese label, format (rate = a fraction in [0, 1], count, hours, days …) and unit. */
export interface IndicatorDescription {
  label: string;
  format: IndicatorFormat;
  /** measure word of a count or number: 人, 件, 份, 次 … */
  unit?: string;
  /** a reported boolean's own wording when true / false */
  yes?: string;
  no?: string;
}

export interface UnitResult {
  id: string;
  name: string;
  category: string;
  parentId: string | null;
  /** every indicator the rubric's datasets allow, unrounded; null = not applicable or unusable */
  metrics: Record<string, number | boolean | string | null>;
  /** indicators whose data could not be used, with the reason */
  metricErrors?: Record<string, string>;
  items: ItemResult[];
  areas: AreaResult[];
  total: number | null;
  /** false when an item is in error or awaits a reviewer: the total is provisional */
  complete: boolean;
  pending: string[];
  grade: string | null;
  gradeReason: string;
  vetoes: VetoResult[];
  /** datasets of which rows that were (or may have been) the unit's were rejected or not read (only when there is one) */
  incompleteData?: UnitDataGap[];
  /** self-reported figures that the records do not bear out (only when there is one) */
  discrepancies?: Discrepancy[];
  /** case files reviewed against the rubric's review standard, scored (only when the rubric names one) */
  reviews?: UnitReviews;
  rank: { category: number | null; overall: number | null };
}

export interface InputResult extends ReadCounts {
  dataset: string;
  file: string | null;
  /** the worksheet read (workbooks only) */
  sheet?: string;
  /** the unit whose folder (or file-name suffix) the file is in: its rows must be that unit's */
  unit?: string;
  /** from a 补报 (late submission) folder */
  late?: boolean;
  format: "csv" | "xlsx" | "xls" | null;
  encoding: string | null;
  /** accepted rows dated outside the assessment period (not counted by the indicators) */
  outsidePeriod?: number;
  /** accepted training rows in the period whose 培训类别 the rubric does not count (their hours not counted), by kind, most rows first */
  uncountedKinds?: { kind: string; rows: number }[];
}

export interface Results {
  resultsVersion: number;
  rubric: {
    id: string;
    title: string;
    issuer: string;
    file: string;
    sha256: string;
    /** the base rubrics it extends, nearest first (only when it extends one) */
    extends?: string[];
    plans: Rubric["plans"];
    period: Rubric["period"];
    asOf: string;
    totalPoints: number;
    areas: { id: string; title: string; points: number; bonus: boolean }[];
    grades: Rubric["grades"];
    /** the review standard case files were scored against, whole (the 评查表 pages are drawn from it) */
    reviewStandard?: Omit<ReviewStandard, "$schema"> & { file: string; sha256: string };
  };
  /** every metric key the units have, with how it reads, in the metrics' order (absent from results.json files written before it was added) */
  indicators?: Record<string, IndicatorDescription>;
  /** only when asked for (--timestamp): results are otherwise byte-identical for the same inputs */
  generatedAt?: string;
  summary: {
    units: number;
    complete: number;
    /** units whose total is provisional because rows of their data were rejected or not read */
    incompleteData: number;
    byGrade: Record<string, number>;
    rowsRejected: number;
    filesWithErrors: number;
  };
  units: UnitResult[];
  /** one entry per file and sheet read (the manifest: which file and sheet fed which dataset for which unit) */
  inputs: InputResult[];
  ignoredFiles: string[];
  /** everything in the data folder not read (files, folders, links, sheets), with why */
  notRead: NotRead[];
}
