/**
 * The files a report folder needs beside its HTML: report.css and the bundled Noto Sans SC
 * (@fontsource/noto-sans-sc, weights 400 and 700, woff2), so that neither the HTML nor the PDF
 * depends on fonts installed on the machine.
 */
import { copyFile, mkdir, readFile, readdir, rename, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { TEMPLATES_DIR } from "./templates.js";
import { writeFileAtomic } from "../util/atomic.js";

const WEIGHTS = [400, 700];

function fontPackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/400.css"));
}

/** fonts.css for the assets folder: the package's @font-face rules, pointing at fonts/*.woff2. */
async function fontsCss(pkg: string): Promise<{ css: string; files: string[] }> {
  const files: string[] = [];
  let css = "";
  for (const w of WEIGHTS) {
    const src = await readFile(join(pkg, `${w}.css`), "utf8");
    css += src.replace(/src: url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\)(, url\([^)]+\) format\('woff'\))?/g, (_m, file: string) => {
      files.push(file);
      return `src: url(fonts/${file}) format('woff2')`;
    });
  }
  return { css, files };
}

/** Writes (or refreshes) `<outDir>/assets`. */
export async function writeAssets(outDir: string): Promise<string> {
  const dir = join(outDir, "assets");
  const fonts = join(dir, "fonts");
  await mkdir(fonts, { recursive: true });
  const pkg = fontPackageDir();
  const { css, files } = await fontsCss(pkg);
  const have = new Set(await readdir(fonts));
  for (const f of files) {
    const from = join(pkg, "files", f);
    if (have.has(f) && (await stat(join(fonts, f))).size === (await stat(from)).size) continue;
    // copied beside, then renamed: an interrupted run leaves no half-written font
    const tmp = join(fonts, `.${f}.tmp-${process.pid}`);
    await copyFile(from, tmp);
    await rename(tmp, join(fonts, f));
  }
  await writeFileAtomic(join(dir, "fonts.css"), css);
  await writeFileAtomic(join(dir, "report.css"), await readFile(join(TEMPLATES_DIR, "report.css")));
  return dir;
}
