/** One report's PDF on demand from a warm renderer (for the workspace server): real Chromium. */
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../src/evaluate.js";
import { openReportRenderer } from "../../src/index.js";

const run = promisify(execFile);

describe("openReportRenderer", () => {
  it("prints a unit's and the summary's PDF as bytes, again and again, and leaves no temp folder", async () => {
    const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "test/fixtures/eval/small" });
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith(`fazhi-warm-${process.pid}-`));
    expect(before).toEqual([]);
    const r = await openReportRenderer();
    const dir = await mkdtemp(join(tmpdir(), "fazhi-on-demand-"));
    try {
      expect((await readdir(tmpdir())).filter((n) => n.startsWith(`fazhi-warm-${process.pid}-`)).length).toBe(1);
      const [a, b] = results.units;
      for (const u of [a!, b!, a!]) {
        const pdf = await r.renderUnitPdf(results, u.id);
        expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
        const file = join(dir, `${u.id}.pdf`);
        await writeFile(file, pdf);
        const text = (await run("pdftotext", [file, "-"])).stdout.replace(/\s+/g, "");
        expect(text).toContain(u.name.replace(/\s+/g, ""));
        expect(text).toMatch(/第1页共\d+页/);
        const fonts = (await run("pdffonts", [file])).stdout;
        expect(fonts).toMatch(/NotoSansSC/);
        expect(
          fonts
            .split("\n")
            .slice(2)
            .filter(Boolean)
            .every((l) => / yes yes /.test(l)),
        ).toBe(true);
      }
      const summary = await r.renderSummaryPdf(results);
      await writeFile(join(dir, "summary.pdf"), summary);
      expect((await run("pdftotext", [join(dir, "summary.pdf"), "-"])).stdout).toContain("汇总报告");
      await expect(r.renderUnitPdf(results, "NO-SUCH-UNIT")).rejects.toThrow(/没有单位/);
    } finally {
      await r.close();
    }
    expect(
      (await readdir(tmpdir())).filter((n) => n.startsWith(`fazhi-warm-${process.pid}-`) || n.startsWith(`fazhi-chromium-${process.pid}-`)),
    ).toEqual([]);
  }, 120_000);

  it("opened with results to warm it, prints the same PDF (pages, text, fonts) as a cold one", async () => {
    const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "test/fixtures/eval/small" });
    const unit = results.units[1]!.id;
    const dir = await mkdtemp(join(tmpdir(), "fazhi-on-demand-"));
    const seen: string[] = [];
    for (const opts of [{ warm: results }, {}]) {
      const r = await openReportRenderer(opts);
      try {
        const file = join(dir, `${seen.length}.pdf`);
        await writeFile(file, await r.renderUnitPdf(results, unit));
        const info = (await run("pdfinfo", [file])).stdout.match(/^Pages:.*$/m)![0];
        const fonts = (await run("pdffonts", [file])).stdout
          .split("\n")
          .slice(2)
          .map((l) => l.replace(/^[A-Z]{6}\+/, "").replace(/\s+\d+\s+\d+\s*$/, ""))
          .sort();
        seen.push(JSON.stringify([info, (await run("pdftotext", [file, "-"])).stdout, fonts]));
      } finally {
        await r.close();
      }
    }
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toContain("NotoSansSC");
  }, 120_000);
});
