/**
 * Chromium for the PDF step: finding it ($FAZHI_CHROMIUM, then the usual Debian and Chrome
 * paths; puppeteer-core downloads nothing), and starting it so that it
 * - resolves and contacts nothing (every host name maps to "not found", background networking,
 *   updates, sync, metrics, translate, safe browsing … off),
 * - dies with fazhi: it talks over a pipe (it exits when fazhi does, even after kill -9), its
 *   profile is our own `fazhi-chromium-<pid>-*` folder in the temp dir, removed at close and on
 *   Ctrl-C; one left by a killed run (its pid gone) is removed — with any Chromium still using
 *   it — when the next browser starts,
 * - and, when it cannot start, says so in Chinese with what to do.
 */
import { accessSync, constants, readFileSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { InputError } from "../errors.js";
import { onStop, pidAlive, sweepStale } from "../util/cleanup.js";

export const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome-stable", "/usr/bin/google-chrome"];

const INSTALL =
  "请安装：sudo apt-get install -y chromium（或设置环境变量 FAZHI_CHROMIUM 指向浏览器可执行文件）。HTML 和 XLSX 报告不需要浏览器：--format html,xlsx";

/** Our profile folders in the temp dir: `fazhi-chromium-<pid>-<random>`. */
export const PROFILE_PREFIX = "fazhi-chromium-";
const PROFILE = /^fazhi-chromium-(\d+)-/;

/** Switches beside puppeteer's own defaults (which already turn off sync, breakpad, default apps …). */
export const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--font-render-hinting=none",
  // no name is resolved, so no request can leave; the report's own files are file: URLs
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--disable-domain-reliability",
  "--disable-breakpad",
  "--disable-crash-reporter",
  "--disable-client-side-phishing-detection",
  "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,SafeBrowsingEnhancedProtection,InterestFeedContentSuggestions,NetworkTimeServiceQuerying,PrivacySandboxSettings4",
  "--metrics-recording-only",
  "--no-pings",
  "--no-first-run",
  "--no-default-browser-check",
  "--no-service-autorun",
  "--safebrowsing-disable-auto-update",
  "--dns-prefetch-disable",
];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.FAZHI_CHROMIUM;
  if (override) {
    if (isExecutable(override)) return override;
    throw new InputError(`环境变量 FAZHI_CHROMIUM 指向的浏览器不存在或不可执行：${override}`);
  }
  const found = CHROMIUM_PATHS.find(isExecutable);
  if (found) return found;
  throw new InputError(`未找到 Chromium 浏览器，无法生成 PDF。${INSTALL}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A started browser and how to end it for good (browser closed, profile removed). */
export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Starts Chromium for printing (see the file's comment). */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  sweepProfiles();
  const { default: puppeteer } = await import("puppeteer-core");
  const profile = await mkdtemp(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  let browser: Browser | null = null;
  const kill = () => {
    const pid = browser?.process()?.pid;
    if (pid) killGroup(pid);
    rmSync(profile, { recursive: true, force: true });
  };
  const drop = onStop(kill);
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      userDataDir: profile,
      args: BROWSER_ARGS,
      // fazhi's own handlers close the browser and remove its temporary files
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    drop();
    rmSync(profile, { recursive: true, force: true });
    throw launchError(executablePath, err);
  }
  const b = browser;
  return {
    browser: b,
    async close() {
      drop();
      try {
        await Promise.race([b.close(), new Promise((r) => setTimeout(r, 5000).unref())]);
      } catch {
        // already gone
      }
      const pid = b.process()?.pid;
      if (pid && pidAlive(pid)) killGroup(pid);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** puppeteer's English launch failure, in Chinese, naming the binary and what to do. */
function launchError(executablePath: string, err: unknown): InputError {
  const detail = String((err as Error)?.message ?? err)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^(TROUBLESHOOTING|https?:)/.test(l))
    .slice(0, 4)
    .join(" / ");
  return new InputError(
    `无法启动 Chromium 浏览器（${executablePath}），无法生成 PDF。浏览器报告：${detail}\n` +
      `请确认它能运行（${executablePath} --headless --version），缺少的系统库可用 sudo apt-get install -y chromium 补齐；` +
      `或设置环境变量 FAZHI_CHROMIUM 指向另一个可用的 Chromium/Chrome。HTML 和 XLSX 报告不需要浏览器：--format html,xlsx`,
  );
}

/** Chromium runs in its own process group (puppeteer starts it detached): end the whole group. */
function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/**
 * Profiles left in the temp dir by runs that were killed: any Chromium still using one is ended,
 * then the folder is removed. Profiles of live runs are left alone.
 */
export function sweepProfiles(dir: string = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => {
      const m = PROFILE.exec(n);
      return m !== null && !pidAlive(Number(m[1]));
    });
  } catch {
    return [];
  }
  if (names.length === 0) return [];
  for (const name of names) for (const pid of processesUsing(join(dir, name))) killGroup(pid);
  return sweepStale(dir, PROFILE);
}

/** Processes whose command line names this profile folder (Linux /proc; elsewhere none). */
export function processesUsing(profile: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return pids;
  }
  const needle = `--user-data-dir=${profile}`;
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, "utf8");
      if (cmd.split("\0").includes(needle)) pids.push(Number(e));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}
