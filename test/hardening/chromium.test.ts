/**
 * Chromium as an attacker or an impatient user meets it, on real report runs of the CLI:
 * it contacts nothing (strace: no DNS, no connection leaves the machine), Ctrl-C and kill -9
 * leave no browser and no temporary files behind (or the next run removes them), and a browser
 * that cannot start is the user's to fix, said in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "bin", "fazhi.js");
const run = promisify(execFile);

let work: string;
let results: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "fazhi-browser-test-"));
  await run(
    "node",
    [BIN, "evaluate", "--rubric", join(ROOT, "rubrics/qingxin-2024.json"), "--data", join(ROOT, "inputs/demo"), "--out", work],
    { cwd: ROOT },
  ).catch(() => undefined);
  results = join(work, "results.json");
  expect(existsSync(results)).toBe(true);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/**
 * Reads `strace -f -yy -e trace=connect,sendto,sendmsg` output (-yy names each socket: UDP, TCP,
 * UNIX …): every DNS query (port 53, or a DNS question sent on an internet socket) and every
 * connection or datagram that leaves the machine. A UDP socket connected but never sent on
 * (Chromium's IPv6 reachability probe) sends nothing and is not counted.
 */
function outsideContacts(trace: string): string[] {
  const found: string[] = [];
  const udpConnected = new Map<string, string>();
  const loopback = (line: string) => /inet_addr\("127\.|inet_pton\(AF_INET6, "(::1|::ffff:127\.[^"]*)"/.test(line);
  const outside = (line: string) => /sa_family=AF_INET6?,/.test(line) && !loopback(line);
  for (const line of trace.split("\n")) {
    const m = /^(\d+)\s+(connect|sendto|sendmsg)\((\d+)<(\w+):(\S*)/.exec(line);
    if (!m) continue;
    const [, pid, call, fd, proto, addr] = m;
    if (!/^(UDP|TCP)/.test(proto!)) continue;
    const key = `${pid}:${fd}`;
    const cut = line.slice(0, 200);
    if (/htons\(53\)/.test(line) || (call !== "connect" && /"..\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0/.test(line))) found.push(cut);
    if (call === "connect") {
      udpConnected.delete(key);
      if (!outside(line)) continue;
      if (proto!.startsWith("UDP")) udpConnected.set(key, cut);
      else found.push(cut);
    } else {
      if (udpConnected.has(key)) found.push(udpConnected.get(key)!, cut);
      if (outside(line)) found.push(cut);
      const remote = /->\[?([^\]]*?)\]?:\d+\]/.exec(addr!)?.[1];
      if (remote && !/^(127\.|::1$|::ffff:127\.)/.test(remote)) found.push(cut);
    }
  }
  return [...new Set(found)];
}

describe("Chromium contacts nothing", () => {
  it("a report run makes no DNS query and opens no connection outside the machine (strace)", async () => {
    const which = spawnSync("strace", ["-V"]);
    expect(which.status, "strace is needed for this test: sudo apt-get install -y strace (scripts/setup.sh installs it)").toBe(0);
    const out = join(work, "strace-out");
    const log = join(work, "strace.log");
    const r = spawnSync(
      "strace",
      [
        "-f",
        "-qq",
        "-yy",
        "-e",
        "trace=connect,sendto,sendmsg",
        "-o",
        log,
        "node",
        BIN,
        "report",
        "--results",
        results,
        "--out",
        out,
        "--format",
        "pdf",
        "--unit",
        "QX-SFJ",
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).some((f) => f.endsWith(".pdf"))).toBe(true);
    const trace = await readFile(log, "utf8");
    expect(trace).toMatch(/connect\(/); // strace did see the run's sockets
    expect(outsideContacts(trace)).toEqual([]);
  }, 150_000);

  it("the trace reader catches what Chromium did with the old switches (a DNS query, a connection)", () => {
    const old = [
      '11229 connect(24<UDP:[0.0.0.0:13020]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16 <unfinished ...>',
      '11229 sendto(24<UDP:[0.0.0.0:13020]>, "\\232x\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\10clients2\\6google\\3com"..., 37, 0, NULL, 0 <unfinished ...>',
      '11230 connect(30<TCP:[177001]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("142.250.1.1")}, 16) = -1 EINPROGRESS',
      '11231 connect(25<UDPv6:[177868]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '11059 sendto(77<TCP:[127.0.0.1:33617->127.0.0.1:59792]>, "HTTP/1.1 101 WebSocket Protocol "..., 138, MSG_NOSIGNAL, NULL, 0) = 138',
      '11060 sendmsg(12<UNIX:[1234->1235]>, {msg_name=NULL, msg_iov=[{iov_base="\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0"}]}, MSG_NOSIGNAL) = 8',
    ].join("\n");
    const found = outsideContacts(old);
    expect(found.some((l) => l.includes("htons(53)"))).toBe(true);
    expect(found.some((l) => l.includes("clients2"))).toBe(true);
    expect(found.some((l) => l.includes("142.250.1.1"))).toBe(true);
    expect(found.some((l) => l.includes("2001:4860"))).toBe(false); // connected, never sent on
    expect(found.some((l) => l.includes("127.0.0.1"))).toBe(false);
  });
});

/** Chromium processes whose command line names one of this pid's profiles. */
function browsersOf(pid: number): string[] {
  const r = spawnSync("pgrep", ["-f", `fazhi-chromium-${pid}-`], { encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean);
}
const profilesOf = (pid: number) => readdirSync(tmpdir()).filter((n) => n.startsWith(`fazhi-chromium-${pid}-`));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a full PDF run and resolves once its browser is printing (a first PDF is on disk). */
async function startRun(out: string) {
  const child = spawn("node", [BIN, "report", "--results", results, "--out", out, "--format", "pdf"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("exit", (code, signal) => r({ code, signal })),
  );
  for (let i = 0; i < 1200; i++) {
    const names = existsSync(out) ? readdirSync(out) : [];
    if (names.some((n) => n.endsWith(".pdf")) && browsersOf(child.pid!).length > 0) break;
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  expect(child.exitCode, `the run ended before it could be stopped: ${stderr}`).toBeNull();
  expect(readdirSync(out).some((n) => n.startsWith(".fazhi-html-"))).toBe(true);
  return { child, exited, stderr: () => stderr };
}

async function gone(pid: number, ms = 10_000): Promise<string[]> {
  let left = browsersOf(pid);
  for (let waited = 0; left.length > 0 && waited < ms; waited += 200) {
    await sleep(200);
    left = browsersOf(pid);
  }
  return left;
}

describe("a stopped run leaves nothing behind", () => {
  it("Ctrl-C (SIGINT) mid-run: no scratch folder, no profile, no Chromium left", async () => {
    const out = join(work, "sigint");
    const { child, exited } = await startRun(out);
    child.kill("SIGINT");
    const end = await exited;
    expect(end.signal ?? end.code).toBe("SIGINT");
    expect(await gone(child.pid!)).toEqual([]);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
    expect(profilesOf(child.pid!)).toEqual([]);
  }, 180_000);

  it("kill -9 mid-run: Chromium ends with it, and the next run removes what was left", async () => {
    const out = join(work, "sigkill");
    const { child, exited } = await startRun(out);
    child.kill("SIGKILL");
    await exited;
    // Chromium talks to fazhi over a pipe: it ends when fazhi is gone
    expect(await gone(child.pid!)).toEqual([]);
    const leftHere = readdirSync(out).filter((n) => n.startsWith("."));
    expect(leftHere.some((n) => n.startsWith(".fazhi-html-"))).toBe(true); // nothing could remove it
    expect(profilesOf(child.pid!).length).toBeGreaterThan(0);
    const r = spawnSync("node", [BIN, "report", "--results", results, "--out", out, "--format", "pdf", "--unit", "QX-SFJ"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
    expect(profilesOf(child.pid!)).toEqual([]);
  }, 240_000);

  it("a results.json temporary file left by a killed run is removed by the next evaluate", async () => {
    const out = join(work, "stale-results");
    await mkdir(out, { recursive: true });
    const dead = spawnSync("node", ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    await writeFile(join(out, `.results.json.tmp-${dead}-0`), '{"half');
    await writeFile(join(out, `.results.json.tmp-${process.pid}-0`), "live run's"); // a live pid: not ours to remove
    await run(
      "node",
      [BIN, "evaluate", "--rubric", join(ROOT, "rubrics/qingxin-2024.json"), "--data", join(ROOT, "inputs/demo"), "--out", out],
      { cwd: ROOT },
    ).catch(() => undefined);
    const names = await readdir(out);
    expect(names).toContain("results.json");
    expect(names).not.toContain(`.results.json.tmp-${dead}-0`);
    expect(names).toContain(`.results.json.tmp-${process.pid}-0`);
  }, 120_000);
});

describe("a browser that cannot start", () => {
  it("is said in Chinese, naming the binary and what to do, as the user's error (exit 1, not 内部错误)", async () => {
    const out = join(work, "nobrowser");
    const r = spawnSync("node", [BIN, "report", "--results", results, "--out", out, "--format", "pdf", "--unit", "QX-SFJ"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, FAZHI_CHROMIUM: "/bin/false" },
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("无法启动 Chromium");
    expect(r.stderr).toContain("/bin/false");
    expect(r.stderr).toContain("FAZHI_CHROMIUM");
    expect(r.stderr).not.toContain("内部错误");
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
    expect(profilesOf(r.pid!)).toEqual([]);
  }, 150_000);
});
