/**
 * case_reviews.xlsx: one row per reviewed case file, written with exceljs's streaming
 * writer (real date cells), then with fixed zip timestamps so the bytes depend only on
 * the seed.
 */
import ExcelJS from "exceljs";
import { toDate, type Day } from "./dates.js";
import { fixZipTimestamps } from "./zip-fix.js";

export const REVIEW_HEADER = ["案件编号", "单位编码", "评查日期", "评查方式", "得分", "否决项", "问题描述"];

/** the workbook's stated creation time: the day after the period */
const STAMP = new Date(Date.UTC(2025, 0, 1));

export interface ReviewRow {
  caseId: string;
  unitId: string;
  date: Day;
  kind: string;
  score: number;
  veto: string;
  problems: string;
}

export class ReviewWriter {
  private rows = 0;

  private constructor(
    private readonly path: string,
    private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly ws: ExcelJS.Worksheet,
  ) {}

  static open(path: string): ReviewWriter {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
    wb.creator = "fazhi generate-demo";
    wb.lastModifiedBy = "fazhi generate-demo";
    wb.created = STAMP;
    wb.modified = STAMP;
    const ws = wb.addWorksheet("案卷评查");
    ws.columns = [
      { header: REVIEW_HEADER[0], width: 22 },
      { header: REVIEW_HEADER[1], width: 12 },
      { header: REVIEW_HEADER[2], width: 12, style: { numFmt: "yyyy-mm-dd" } },
      { header: REVIEW_HEADER[3], width: 10 },
      { header: REVIEW_HEADER[4], width: 8 },
      { header: REVIEW_HEADER[5], width: 24 },
      { header: REVIEW_HEADER[6], width: 48 },
    ];
    return new ReviewWriter(path, wb, ws);
  }

  /** Adds a row; returns its line number (the header is line 1). */
  add(r: ReviewRow): number {
    this.ws.addRow([r.caseId, r.unitId, toDate(r.date), r.kind, r.score, r.veto || null, r.problems || null]).commit();
    return ++this.rows + 1;
  }

  get count(): number {
    return this.rows;
  }

  async close(): Promise<void> {
    this.ws.commit();
    await this.wb.commit();
    await fixZipTimestamps(this.path, { y: 2025, m: 1, d: 1 });
  }
}
