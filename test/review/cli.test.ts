/** 案卷评查 through the CLI: evaluate, explain (a unit's files, one file's 评查表), check, validate. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main.js";

const RUBRIC = "test/fixtures/review-standard/rubric.json";
const DATA = "test/fixtures/review-standard/data";
let tmp: string;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(args, { out: (s: string) => void (out += s + "\n"), err: (s: string) => void (err += s + "\n") });
  return { code, out, err };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "fazhi-review-cli-"));
  const ev = (await cli("evaluate", "--rubric", RUBRIC, "--data", DATA, "--out", tmp)).out;
  expect(ev).toContain("review_findings.csv:14：案件编号 X-99 不在案卷评查表");
  expect(ev).toContain("案卷评查（测绘地理信息行政处罚案卷评查标准）：评查案卷 6 份，优秀 3，合格 1，不合格 1，待核 1。");
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("案卷评查 through the CLI", () => {
  it("explain lists a unit's reviewed files, and --file prints one file's 评查表", async () => {
    const results = join(tmp, "results.json");
    const unit = await cli("explain", "--results", results, "--unit", "U1");
    expect(unit.out).toContain("【案卷评查】按评查标准评查案卷 4 份（优秀 2，合格 1，不合格 1）");
    const file = await cli("explain", "--results", results, "--unit", "U1", "--file", "A-03");
    expect(file.code).toBe(0);
    expect(file.out).toContain("得分 87，等次 合格");
    expect(file.out).toContain(
      "执法文书填写不规范（漏项，内容不完整、表述不清楚、用语不规范等），6 项，每项扣 1 分，该项 4 分扣完为止，扣 4 分",
    );
    expect(file.out).toContain("说明：送达回证排在决定书之前");
    const missing = await cli("explain", "--results", results, "--unit", "U1", "--file", "B-01");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("单位“U1”的评查案卷中没有“B-01”");
  });

  it("check lists the files with deductions, worst first", async () => {
    const r = await cli("check", "--rubric", RUBRIC, "--data", DATA, "--unit", "U1");
    expect(r.out).toContain("评查案卷 4 份，其中 3 份有问题需整改（按失分排序）：");
    expect(r.out.indexOf("A-04  0 分  不合格")).toBeLessThan(r.out.indexOf("A-03  87 分  合格"));
    expect(r.out.indexOf("A-03  87 分  合格")).toBeLessThan(r.out.indexOf("A-02  97 分  优秀"));
  });

  it("validate reports findings that cannot be used, and exits 1", async () => {
    const r = await cli("validate", "--rubric", RUBRIC, "--data", DATA);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✖ 评查案卷 B-02 的得分无法计算：第 16 行：评查项目 卷面-1 的扣分由标准确定（扣 2 分），填写的 1 分与之不符");
  });
});
