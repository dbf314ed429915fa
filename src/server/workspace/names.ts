/**
 * Uploaded file names are only ever shown (the bytes are stored by their sha256), but a name
 * can still mislead or break a page or a header: path parts, NUL and control characters,
 * bidi overrides (“exe.csv” shown for “vsc.exe”), and very long names are cleaned here.
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function cleanFileName(raw: string): string {
  let s = raw.normalize("NFC").replace(CONTROL, "").replace(BIDI, "");
  s = s.split(/[\\/]/).pop() ?? "";
  s = s.replace(/^\.+/, "").trim();
  if ([...s].length > 120) {
    const ext = /\.[A-Za-z0-9]{1,5}$/.exec(s)?.[0] ?? "";
    s = [...s].slice(0, 110).join("") + "…" + ext;
  }
  return s || "未命名";
}

/** The data format a cleaned name says, or null when it is not one fazhi reads. */
export function dataFormat(name: string): "csv" | "xlsx" | "xls" | "et" | null {
  const m = /\.([A-Za-z]+)$/.exec(name);
  const ext = m?.[1]?.toLowerCase();
  return ext === "csv" || ext === "xlsx" || ext === "xls" || ext === "et" ? ext : null;
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const clean = cleanFileName(name);
  const ascii = clean.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}
