/** What a unit's self-check yields: its result, what costs it points and what is coming due. */
import type { Results, UnitResult } from "../results/types.js";
import type { EvidenceRecord } from "../indicators/types.js";
import type { Source } from "../rubric/schema.js";
import type { Discrepancy } from "../results/discrepancies.js";

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

export interface CheckReport {
  results: Results;
  unit: UnitResult;
  /** ISO date the check judged on */
  asOf: string;
  /** the data folder holds only this unit: no rank */
  singleUnit: boolean;
  shortfalls: Shortfall[];
  discrepancies: Discrepancy[];
  warnings: {
    certificates: CertificateWarning[];
    hours: HoursWarning[];
    milestones: MilestoneWarning[];
  };
}
