/** The parts of an xlsx workbook read before its sheets: which cell styles show a number as a date or a percentage, the shared strings, a relationship's target; and a date cell's value. */
import { dayFromCivil, isValidDate } from "./dates.js";
import type { SourceCell } from "./normalize.js";
import { readSmall, attributes, decodeXml, unescapeX } from "./xml-scan.js";
import { XlsxRefused, type ZipEntry } from "./xlsx-zip.js";

/** Built-in number formats exceljs knows (id → code): those whose code reads as a date or a percentage. */
const DEFAULT_FORMATS: Record<number, string> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

/** exceljs' utils.isDateFmt: y m d h M s b outside [] and "". */
export function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  const f = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(f);
}

/** A number format that shows a number as a percentage: a `%` outside [], "" and \-escapes (numberShown puts a date first). */
export function isPercentFormat(code: string | undefined): boolean {
  if (!code) return false;
  return code
    .replace(/\[[^\]]*]/g, "")
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .includes("%");
}

/** How a cell style shows a number: as a date, as a percentage (0.96 shown as 96%), or as it is (null). */
export type NumberShown = "date" | "percent" | null;

export function numberShown(code: string | undefined): NumberShown {
  return isDateFormat(code) ? "date" : isPercentFormat(code) ? "percent" : null;
}

/**
 * A number in a percent-formatted cell as the percentage the clerk typed and sees, as the same
 * sheet saved as CSV gives it (there rounded to the format's digits; here every digit the cell
 * holds): 0.96 → "96%", 0.964 → "96.4%".
 * The decimal point is moved in the number's shortest text (not ×100 in binary: 0.07 → "7%", not
 * "7.000000000000001%"), so that reading the text back as a percentage gives the same number.
 */
export function percentText(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return `${n}%`;
  const [mantissa, exp] = n.toExponential().split("e") as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  // the decimal point sits after the first digit, at 10^exp; ×100 moves it two places right
  const point = 1 + Number(exp) + 2;
  let text: string;
  if (point <= 0) text = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + "0".repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${negative ? "-" : ""}${text}%`;
}

export const isPrefixed = (name: string) => name.includes(":");

/** How each cell style (by its index in cellXfs) shows a number. */
export async function readStyles(path: string, e: ZipEntry | undefined): Promise<NumberShown[]> {
  if (!e) return [];
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inXfs = false;
  let depth = 0;
  await readSmall(path, e, {
    open(name, raw) {
      if (name === "numFmt") {
        const a = attributes(raw);
        custom.set(Number(a.numFmtId), a.formatCode ?? "");
      } else if (name === "cellXfs") {
        inXfs = true;
        depth = 0;
      } else if (inXfs) {
        if (depth === 0) {
          if (name !== "xf") throw new XlsxRefused(`cellXfs holds ${name}`);
          const id = attributes(raw).numFmtId;
          xfIds.push(id === undefined ? 0 : parseInt(id, 10));
        }
        depth++;
      }
    },
    close(name) {
      if (name === "cellXfs") inXfs = false;
      else if (inXfs) depth--;
    },
    text() {},
  });
  // exceljs: a style's number format counts when its id is truthy
  return xfIds.map((id) => (id ? numberShown(custom.get(id) ?? DEFAULT_FORMATS[id]) : null));
}

export async function readSharedStrings(path: string, e: ZipEntry | undefined): Promise<string[]> {
  const out: string[] = [];
  if (!e) return out;
  let inSi = false;
  let where: "t" | "r" | "rt" | "rPh" | null = null;
  let text = "";
  let hasT = false;
  let runs: string[] | null = null;
  let run = "";
  await readSmall(path, e, {
    open(name) {
      if (isPrefixed(name)) throw new XlsxRefused(`prefixed ${name}`);
      if (name === "si") {
        inSi = true;
        text = "";
        hasT = false;
        runs = null;
        where = null;
      } else if (!inSi) return;
      else if (where === "rPh") return;
      else if (name === "rPh") where = "rPh";
      else if (name === "r") {
        if (hasT) throw new XlsxRefused("si with t and r");
        where = "r";
        run = "";
        runs ??= [];
      } else if (name === "t") {
        if (where === "r") where = "rt";
        else {
          if (runs || hasT) throw new XlsxRefused("si with t and r");
          where = "t";
          hasT = true;
          text = "";
        }
      }
    },
    close(name) {
      if (!inSi) return;
      if (where === "rPh") {
        if (name === "rPh") where = null;
        return;
      }
      if (name === "t") where = where === "rt" ? "r" : null;
      else if (name === "r") {
        runs!.push(unescapeX(run));
        where = null;
      } else if (name === "si") {
        if (!runs && !hasT) throw new XlsxRefused("an empty si");
        out.push(runs ? runs.join("") : unescapeX(text));
        inSi = false;
      }
    },
    text(raw) {
      if (where === "t") text += decodeXml(raw);
      else if (where === "rt") run += decodeXml(raw);
    },
  });
  return out;
}

export function resolveTarget(target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : `xl/${target}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

/**
 * An ISO 8601 date, optionally with a time of day, at UTC (Z, +00:00) or with no zone. Another
 * zone is refused: LibreOffice turns 2024-01-26T07:00:00+08:00 into 2024-01-25 23:00, the
 * writer most likely meant the 26th; a day that depends on who reads it is not read.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:Z|[+-]00(?::?00)?)?$/;

/**
 * The value of an xlsx date cell (`<c t="d"><v>2024-01-26T00:00:00Z</v></c>`, as SheetJS with
 * cellDates, openpyxl with iso_dates and Excel's Strict Open XML write it): the Date it holds,
 * as a date-formatted number cell is read (the day and time at UTC; the time is dropped where a
 * day is read). Not such a date: a cell the loader rejects (bad_date_cell). Blank: no value.
 */
export function isoDateCell(text: string): SourceCell {
  const s = text.trim();
  if (s === "") return null;
  const m = ISO_DATE.exec(s);
  if (m) {
    const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x))) as number[];
    if (isValidDate(y!, mo!, d!) && h! <= 23 && mi! <= 59 && sec! <= 59) {
      const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
      return new Date(dayFromCivil(y!, mo!, d!) * 86_400_000 + ((h! * 60 + mi!) * 60 + sec!) * 1000 + ms);
    }
  }
  return { error: s, code: "bad_date_cell" };
}
