/**
 * One data folder for the library from many units' submissions: each unit's rows, as the
 * library read and accepted them, written back as one canonical CSV per dataset (contract
 * headers, ISO dates, 是/否), the way a 司法局 would collect them. Only clean submissions
 * are merged (a unit cannot submit with a rejected row), so nothing is dropped here.
 */
import type { DatasetId } from "../../data/contract.js";
import { CONTRACT } from "../../data/contract.js";
import type { CellValue, Row } from "../../data/types.js";
import { formatDay } from "../../data/dates.js";
import type { Rubric } from "../../rubric/schema.js";

type Kind = "text" | "date" | "boolean" | "number" | "idList" | "docNo";

function cellText(v: CellValue, kind: Kind): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join("；");
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "number") return kind === "date" ? formatDay(v) : String(v);
  return v;
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A CSV collector for one dataset: rows from several units, one header. */
export class MergedCsv {
  private lines: string[] = [];
  private columns: { key: string; name: string; kind: Kind }[];

  constructor(
    readonly dataset: DatasetId,
    private rubric: Rubric,
  ) {
    const extra = (rubric.extraColumns?.[dataset] ?? []).map((c) => ({ key: c.key, name: c.name, kind: c.kind as Kind }));
    this.columns = [...CONTRACT[dataset].columns.map((c) => ({ key: c.key, name: c.name, kind: c.kind })), ...extra];
  }

  add(rows: readonly Row[]): void {
    const reported = new Map(this.rubric.reported.map((r) => [r.id, r.type]));
    for (const r of rows) {
      const cells = this.columns.map((c) => {
        let kind = c.kind;
        // an indicator's value is typed by the rubric's declaration of the indicator
        if (this.dataset === "indicators" && c.key === "value")
          kind = reported.get(String(r.values.indicator)) === "date" ? "date" : "text";
        return quote(cellText(r.values[c.key] ?? null, kind));
      });
      this.lines.push(cells.join(","));
    }
  }

  /** A raw line (already quoted cells in header order), e.g. a reviewer's entry. */
  addCells(values: Record<string, string>): void {
    this.lines.push(this.columns.map((c) => quote(values[c.key] ?? "")).join(","));
  }

  get size(): number {
    return this.lines.length;
  }

  text(): string {
    return `${[this.columns.map((c) => quote(c.name)).join(","), ...this.lines].join("\n")}\n`;
  }
}
