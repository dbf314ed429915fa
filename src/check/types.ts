/** What a unit's self-check yields: its result, what costs it points and what is coming due. */
import type { Results, UnitResult } from "../results/types.js";
import type { EvidenceRecord } from "../indicators/types.js";
import type { Source } from "../rubric/schema.js";
import type { Discrepancy } from "../results/discrepancies.js";
import type { DataProblemCode } from "../data/problems.js";

/** An item short of full points (or not yet scorable), with what would recover them. */
export interface Shortfall {
  item: string;
  area: string;
  title: string;
  max: number;
  /** null for an item awaiting a reviewer or in error */
  points: number | null;
  state: UnitResult["items"][number]["state"];
  /** item points recoverable: max − points (for a pending item: its max) */
  recoverable: number;
  /** the same in points of the total (after area weighting and rescaling) */
  recoverableTotal: number;
  /** the item's reason: what was found */
  problem: string;
  /** what to do besides putting the records right, most urgent first: the data completed (the
   * score rests on rows not read), a task reported, a self-reported value corrected, evidence for
   * a reviewer, a data file fixed */
  steps: string[];
  /** concrete actions built from the records: "P0012 张三 还差 14.5 学时" */
  actions: string[];
  records: EvidenceRecord[];
  remediation: string | null;
  /** 整改时限, ISO date: the task's deadline when still ahead, else the default */
  deadline: string;
  source: Source;
}

export interface CertificateWarning {
  officer: string;
  name: string;
  /** ISO date */
  expires: string;
  /** days from the as-of day (negative: already expired) */
  days: number;
  text: string;
}

export interface HoursWarning {
  officer: string;
  name: string;
  hoursSoFar: number;
  projected: number;
  target: number;
  text: string;
}

export interface MilestoneWarning {
  task: string;
  title: string;
  /** ISO date */
  due: string;
  days: number;
  text: string;
}

/** Rejected rows of the unit's files of one kind of problem (see check/data-problems.ts). */
export interface DataProblemGroup {
  /** null: rows whose problem carries no code */
  code: DataProblemCode | null;
  /** the kind, in Chinese: 日期不存在 */
  title: string;
  /** rows rejected for it (of those the loader lists) */
  count: number;
  /** the first of them: "training.csv 第 8 行：「培训日期」为「2024-13-01」：日期不存在（没有 13 月）" */
  examples: string[];
}

export interface CheckReport {
  results: Results;
  unit: UnitResult;
  /** ISO date the check judged on */
  asOf: string;
  /** the data folder holds only this unit: no rank */
  singleUnit: boolean;
  shortfalls: Shortfall[];
  discrepancies: Discrepancy[];
  /** rejected rows of the unit's files, by kind of problem, most rows first */
  dataProblems: DataProblemGroup[];
  warnings: {
    certificates: CertificateWarning[];
    hours: HoursWarning[];
    milestones: MilestoneWarning[];
  };
}
