/**
 * The report templates: handlebars files in templates/, compiled once in strict mode (a missing
 * field is an error, not an empty string). Templates come only from that folder, never from input,
 * and use {{ }} only: every value is HTML-escaped; charts arrive as SafeStrings made by charts.ts.
 */
import Handlebars from "handlebars";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/** A CSS string literal that no text can break out of (for @page margin boxes). */
export function cssString(s: string): string {
  const body = [...s]
    .map((ch) => {
      const cp = ch.codePointAt(0)!;
      if (ch === '"' || ch === "\\" || ch === "<" || ch === ">" || ch === "&" || cp < 0x20 || cp === 0x7f) return `\\${cp.toString(16)} `;
      return ch;
    })
    .join("");
  return `"${body}"`;
}

type Compiled = (data: unknown) => string;
let cache: { unit: Compiled; summary: Compiled; reviewSheet: Compiled } | null = null;

export function templates(): { unit: Compiled; summary: Compiled; reviewSheet: Compiled } {
  if (cache) return cache;
  const hb = Handlebars.create();
  hb.registerHelper("cssString", (s: unknown) => new hb.SafeString(cssString(String(s))));
  const partials = join(TEMPLATES_DIR, "partials");
  for (const f of readdirSync(partials)
    .filter((n) => n.endsWith(".hbs"))
    .sort()) {
    hb.registerPartial(f.slice(0, -4), readFileSync(join(partials, f), "utf8"));
  }
  const compile = (name: string): Compiled => hb.compile(readFileSync(join(TEMPLATES_DIR, name), "utf8"), { strict: true });
  cache = { unit: compile("unit.hbs"), summary: compile("summary.hbs"), reviewSheet: compile("review-sheet.hbs") };
  return cache;
}

export const safe = (html: string): Handlebars.SafeString => new Handlebars.SafeString(html);
