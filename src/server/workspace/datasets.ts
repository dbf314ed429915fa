/**
 * Which datasets of a rubric each party hands in: a unit its own rows (datasets keyed by unit,
 * and training, which reaches its unit through officers); the 司法局 the assessment-wide ones
 * (documents: 规范性文件目录). units comes from the unit list.
 */
import { CONTRACT, type DatasetId } from "../../data/contract.js";
import type { Rubric } from "../../rubric/schema.js";

export function isKnownDataset(d: string): d is DatasetId {
  return Object.prototype.hasOwnProperty.call(CONTRACT, d);
}

export function unitDatasets(rubric: Rubric): DatasetId[] {
  return rubric.datasets
    .filter(isKnownDataset)
    .filter((d) => d !== "units" && CONTRACT[d].columns.some((c) => c.key === "unit_id" || c.key === "officer_id"));
}

export function sharedDatasets(rubric: Rubric): DatasetId[] {
  return rubric.datasets.filter(isKnownDataset).filter((d) => d !== "units" && !unitDatasets(rubric).includes(d));
}

export function datasetTitle(d: string): string {
  return isKnownDataset(d) ? CONTRACT[d].title : d;
}
