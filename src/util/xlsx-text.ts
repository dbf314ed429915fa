/**
 * Text for an xlsx cell. XML 1.0 forbids C0 controls other than tab, LF and CR, U+FFFE,
 * U+FFFF and lone surrogates: one of them makes the whole workbook unreadable, so they are
 * removed. Excel holds at most 32,767 characters in a cell: longer text is cut, with a mark
 * that shows it was. Every workbook fazhi writes goes through sanitizeWorkbook before saving.
 */
import type { Workbook } from "exceljs";

export const XLSX_CELL_MAX = 32_767;
export const TRUNCATED_MARK = "…（已截断）";

const ILLEGAL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xlsxText(s: string): string {
  const clean = s.replace(ILLEGAL, "");
  if (clean.length <= XLSX_CELL_MAX) return clean;
  let cut = clean.slice(0, XLSX_CELL_MAX - TRUNCATED_MARK.length);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1); // never half a surrogate pair
  return cut + TRUNCATED_MARK;
}

/** Every string cell of every sheet made safe (see xlsxText). */
export function sanitizeWorkbook(wb: Workbook): void {
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (typeof cell.value === "string") {
          const safe = xlsxText(cell.value);
          if (safe !== cell.value) cell.value = safe;
        }
      }),
    ),
  );
}
