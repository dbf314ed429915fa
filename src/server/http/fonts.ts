/**
 * The bundled Noto Sans SC (the reports' font) for the pages too: a machine without Chinese
 * fonts still shows Chinese. The browser fetches only the unicode-range subsets a page uses.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const pkg = () => dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/400.css"));

let css: string | null = null;

export async function fontsCss(): Promise<string> {
  if (css === null) {
    let out = "";
    for (const w of [400, 700]) {
      const src = await readFile(join(pkg(), `${w}.css`), "utf8");
      out += src.replace(
        /src: url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\)(, url\([^)]+\) format\('woff'\))?/g,
        (_m, f: string) => `src: url(/static/fonts/${f}) format('woff2')`,
      );
    }
    css = out;
  }
  return css;
}

/** A font file by name (only the package's own woff2 names), or null. */
export async function fontFile(name: string): Promise<Buffer | null> {
  if (!/^noto-sans-sc-[a-z0-9-]+\.woff2$/.test(name)) return null;
  try {
    return await readFile(join(pkg(), "files", name));
  } catch {
    return null;
  }
}
