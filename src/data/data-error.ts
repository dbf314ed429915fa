import type { FolderProblem } from "./problems.js";
import { problemMessage } from "./problem-messages.js";

/** A data folder (or column mapping file) that cannot be used at all: the run stops with its problem's sentence. */
export class DataError extends Error {
  readonly problem: FolderProblem;
  readonly code: FolderProblem["code"];
  /** the folder or file */
  file: string;
  constructor(problem: FolderProblem) {
    super(problemMessage(problem));
    this.name = "DataError";
    this.problem = problem;
    this.code = problem.code;
    this.file = problem.path;
  }
}
