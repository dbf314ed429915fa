/**
 * Finding Chromium at run time: $FAZHI_CHROMIUM, then the usual Debian and Chrome paths.
 * puppeteer-core downloads nothing; Debian's chromium package provides the browser.
 */
import { accessSync, constants } from "node:fs";
import { InputError } from "../errors.js";

export const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome-stable", "/usr/bin/google-chrome"];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.FAZHI_CHROMIUM;
  if (override) {
    if (isExecutable(override)) return override;
    throw new InputError(`环境变量 FAZHI_CHROMIUM 指向的浏览器不存在或不可执行：${override}`);
  }
  const found = CHROMIUM_PATHS.find(isExecutable);
  if (found) return found;
  throw new InputError(
    "未找到 Chromium 浏览器，无法生成 PDF。请安装：sudo apt-get install -y chromium（或设置环境变量 FAZHI_CHROMIUM 指向浏览器可执行文件）。HTML 和 XLSX 报告不需要浏览器：--format html,xlsx",
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
