/** What the generator deliberately put into the files, for the README and the caller. */

export interface BadRow {
  file: string;
  /** physical line, the header being line 1 */
  line: number;
  column: string;
  value: string;
  what: string;
}

/** A row that is valid but tests a rule's edge (a date on a boundary, 45-minute rows …). */
export interface EdgeRow {
  file: string;
  line: number;
  /** groups rows of the same sort, so a big data set's README lists a few of each */
  kind: string;
  what: string;
}

export class Log {
  readonly bad: BadRow[] = [];
  readonly edges: EdgeRow[] = [];

  badRow(row: BadRow): void {
    this.bad.push(row);
  }

  edge(file: string, line: number, kind: string, what: string): void {
    this.edges.push({ file, line, kind, what });
  }
}

/** The assessment period every generated data set is about. */
export const PERIOD = { start: "2024-01-01", end: "2024-12-31" } as const;
