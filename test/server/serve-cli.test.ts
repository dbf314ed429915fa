/** `fazhi serve --demo` as a user starts it: demo accounts printed, the demo assessment there, stops on SIGTERM. */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./helpers.js";

describe("fazhi serve", () => {
  it("--demo prints the demo accounts, serves the demo assessment on loopback, and exits 0 on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-serve-"));
    const child = spawn(process.execPath, [join(ROOT, "bin/fazhi.js"), "serve", "--demo", "--port", "0", "--data-dir", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    const deadline = Date.now() + 90_000;
    while (!/已启动：(http:\/\/127\.0\.0\.1:\d+)/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const url = /已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    try {
      expect(url, out).toBeTruthy();
      expect(out).toContain("demo-admin");
      expect(out).toContain("a1-QX-SCJG");
      const login = await fetch(`${url}/login`);
      expect(login.status).toBe(200);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
      const r = await fetch(`${url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, username: "demo-admin", password: "fazhi-demo-2024" }),
      });
      expect(r.status).toBe(303);
      const session = r.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const admin = await fetch(`${url}/admin`, { headers: { cookie: session } });
      expect(await admin.text()).toContain("2024 年度清新区法治政府建设考评（演示）");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
