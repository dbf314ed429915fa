/** fazhi draft as a user runs it: files in, a rubric file out, the summary, and the errors. */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli } from "../../src/cli/main.js";

const PLANS = resolve("test/fixtures/real-plans");
const FIX = "test/fixtures/plans";

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe.skipIf(!existsSync(PLANS))("fazhi draft on a real plan", () => {
  it("writes the draft with --out, which fazhi validate accepts with a warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-draft-"));
    const file = join(dir, "draft.json");
    const r = await cli("draft", "--plan", join(PLANS, "taishan-2023-2025-task-list.txt"), "--out", file);
    expect(r.code).toBe(0);
    expect(r.out).toContain("任务：55 项，分 6 个领域；分值平均分配（45 项 1.82 分，10 项 1.81 分），请作者逐项确定");
    expect(r.out).toContain("  (45)  达到100%（2024-06-30 前）");
    expect(r.out).toContain("  (14)  每年5月底和11月底前 → 每年 05-31、11-30");
    expect(r.out).toContain("未能归入任务的行：无");
    expect(r.out).toContain(`细则草稿已写入 ${file}`);
    const text = await readFile(file, "utf8");
    expect(text.startsWith('{\n  "$schema": "./rubric.schema.json",\n  "draft": true,')).toBe(true);
    const v = await cli("validate", "--rubric", file);
    expect(v.code).toBe(0);
    expect(v.out).toContain("有效：6 个领域，55 个项目");
    expect(v.out).toContain("! 这是 fazhi draft 生成的草稿细则");
  });

  it("prints the rubric to stdout and the summary to stderr without --out", async () => {
    const r = await cli("draft", "--plan", join(PLANS, "qingyuan-2017-fazhi-zhengfu-plan.txt"));
    expect(r.code).toBe(0);
    const rubric = JSON.parse(r.out);
    expect(rubric.areas.flatMap((a: { items: unknown[] }) => a.items)).toHaveLength(48);
    expect(r.err).toContain("方案：清远市法治政府建设实施方案");
    expect(r.err).toContain("未写年份的时限按 2017 年计（取自发文日期 2017-01-26）");
    expect(r.err).toContain("  二、(七)42  两期以上（每年）");
    expect(r.err).toContain("  三、46  每年第一季度 → 每年 03-31");
  });

  it("takes --year and lists lines it could not place", async () => {
    const r = await cli("draft", "--plan", join(PLANS, "lianshan-2023-2025-plan.txt"), "--year", "2024");
    expect(r.code).toBe(0);
    expect(r.err).toContain("未写年份的时限按 2024 年计（--year 指定）");
    expect(r.err).toContain(
      "未能归入任务的行：1 行\n  第 88 行：2. 司法部办公厅关于印发《关于行政裁量权基准制定和管理的工作指引》的通知（编号 2 不接续上一项（应为 17））",
    );
  });
});

describe("fazhi draft errors", () => {
  it("a missing file", async () => {
    const r = await cli("draft", "--plan", `${FIX}/no-such-plan.txt`);
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(`"找不到方案文件 test/fixtures/plans/no-such-plan.txt"`);
  });

  it("an empty file, or one of blank lines", async () => {
    const r = await cli("draft", "--plan", `${FIX}/empty.txt`);
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(`"方案文件 test/fixtures/plans/empty.txt 是空的"`);
    expect((await cli("draft", "--plan", `${FIX}/blank.txt`)).err).toMatchInlineSnapshot(`"方案文件 test/fixtures/plans/blank.txt 是空的"`);
  });

  it("a binary file, a PDF, a folder", async () => {
    const r = await cli("draft", "--plan", `${FIX}/binary.png`);
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(`"方案文件 test/fixtures/plans/binary.png 不是文本文件（含有 NUL 字节，可能是二进制文件）"`);
    const dir = await mkdtemp(join(tmpdir(), "fazhi-draft-"));
    await writeFile(join(dir, "plan.pdf"), "%PDF-1.7\n%\xe2\xe3\n1 0 obj\n");
    expect((await cli("draft", "--plan", join(dir, "plan.pdf"))).err.replace(dir, "<dir>")).toMatchInlineSnapshot(
      `"方案文件 <dir>/plan.pdf 是 PDF 文件，不是文本：请先提取文字（如 pdftotext -layout），保存为 UTF-8 或 GBK 文本"`,
    );
    expect((await cli("draft", "--plan", FIX)).err).toMatchInlineSnapshot(
      `"无法读取方案文件 test/fixtures/plans：只能读取普通文件：test/fixtures/plans 是文件夹"`,
    );
  });

  it("a text with no numbered task", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fazhi-draft-"));
    await writeFile(join(dir, "note.txt"), "关于做好有关工作的通知\n\n请各单位认真贯彻落实。\n");
    const r = await cli("draft", "--plan", join(dir, "note.txt"));
    expect(r.code).toBe(1);
    expect(r.err.replace(dir, "<dir>")).toMatchInlineSnapshot(
      `"方案文件 <dir>/note.txt 中没有找到编号的任务或措施（如“1.”“⒈”“(1)”开头的段落，或含“主要措施”“责任单位”列的表格）"`,
    );
  });

  it("usage errors", async () => {
    expect(await cli("draft")).toMatchObject({ code: 2, err: "用法错误：缺少必需的选项 --plan\n运行 fazhi --help 查看用法。" });
    expect((await cli("draft", "--plan", "x.txt", "--year", "24")).err).toMatchInlineSnapshot(`
      "用法错误：--year 应为四位年份，如 2024，而不是“24”
      运行 fazhi --help 查看用法。"
    `);
    const help = await cli("draft", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("用法：fazhi draft --plan <方案.txt> [--out <细则.json>] [--year <年份>]");
    expect((await cli("--help")).out).toContain("draft");
  });
});
