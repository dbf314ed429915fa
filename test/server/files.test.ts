/**
 * The files a unit hands in through the workspace: the real Excel templates (`fazhi template
 * --unit`) downloaded, filled and uploaded back; .xls, WPS .et and several-sheet .xlsx through
 * the loader's own path, hostile .xls refused with the loader's message; 佐证材料 (PDF, JPEG,
 * PNG) typed by their bytes, size-limited, every version kept, shown to reviewers beside the item.
 * The same against SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import type { Workspace } from "../../src/server/workspace/workspace.js";
import { hashPassword } from "../../src/server/auth/password.js";
import { inspectUnit } from "../../src/server/workspace/validate.js";
import { getAssessment } from "../../src/server/workspace/workspace.js";
import { CONTRACT } from "../../src/data/contract.js";
import { Client, demoCsv, makeApp, makeWorkspace, PASSWORD, ROOT, STORES, UNIT_A, UNIT_B, unitsCsv } from "./helpers.js";

const XLS = join(ROOT, "test/fixtures/xls");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
/** the flash message a redirect carries (?ok=… or ?err=…) */
const flashOf = (location: string | undefined) => {
  const q = new URLSearchParams((location ?? "").split("?")[1] ?? "");
  return q.get("err") ?? q.get("ok") ?? "";
};
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]);

describe.each(STORES)("unit files on %s", (store) => {
  let ws: Workspace;
  let app: FastifyInstance;
  let unitA: Client;
  let unitB: Client;
  const as = async (username: string) => {
    const c = new Client(app);
    expect((await c.login(username)).status, username).toBe(303);
    await c.get("/password");
    return c;
  };
  const state = async (unitId: string, dataset: string) => {
    const a = (await getAssessment(ws, 1))!;
    const i = await inspectUnit(ws, a, unitId);
    return i.datasets.find((d) => d.dataset === dataset)!;
  };

  beforeAll(async () => {
    ws = await makeWorkspace(store, { maxUploadBytes: 512 * 1024 });
    app = await makeApp(ws);
    const admin = await as("admin");
    await admin.get("/admin");
    await admin.upload("/admin/assessments", { title: "材料考评", rubric: "qingxin-2024.json" }, null);
    await admin.get("/a/1");
    await admin.upload("/a/1/units", {}, { name: "units.csv", bytes: await unitsCsv() });
    await ws.db
      .updateTable("users")
      .set({ password_hash: await hashPassword(PASSWORD), must_change: 0 })
      .where("role", "=", "unit")
      .execute();
    unitA = await as(`a1-${UNIT_A}`);
    unitB = await as(`a1-${UNIT_B}`);
  });
  afterAll(async () => {
    await app?.close();
    await ws?.close();
  });

  it("the template is the library's workbook for the unit; filled with its rows it uploads back with no warning and every row accepted", async () => {
    const page = await unitA.get("/a/1/my");
    expect(page.body).toContain(`/a/1/my/template/officers.xlsx`);
    const t = await unitA.get("/a/1/my/template/officers.xlsx");
    expect(t.status).toBe(200);
    expect(String(t.headers["content-type"])).toContain("spreadsheetml");
    expect(decodeURIComponent(String(t.headers["content-disposition"]))).toContain(`${CONTRACT.officers.title}-${UNIT_A}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(t.raw as never);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain("填表说明");
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toEqual(expect.arrayContaining(CONTRACT.officers.columns.filter((c) => c.required).map((c) => c.name)));
    const unitCol = header.indexOf("单位编码") + 1;
    expect(sheet.getCell(2, unitCol).value).toBe(UNIT_A); // --unit: its id prefilled
    expect(sheet.getCell(2, unitCol).dataValidation?.type).toBe("list");
    // a template of a dataset the unit does not hand in, or of another kind, is not there
    expect((await unitA.get("/a/1/my/template/units.xlsx")).status).toBe(404);
    expect((await unitA.get("/a/1/my/template/..%2funits.xlsx")).status).toBe(404);

    const rows = parse(await demoCsv("officers", [UNIT_A]), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(3);
    rows.forEach((r, i) => {
      for (const [k, v] of Object.entries(r)) {
        const col = header.indexOf(k) + 1;
        if (col > 0 && v !== "") sheet.getCell(i + 2, col).value = v;
      }
    });
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await unitA.upload(
      "/a/1/my/upload",
      { dataset: "officers" },
      { name: `${CONTRACT.officers.title}-${UNIT_A}.xlsx`, bytes: filled },
    );
    expect(up.status).toBe(303);
    expect(flashOf(up.location)).toContain("已上传");
    const s = await state(UNIT_A, "officers");
    expect(s.error).toBeNull();
    expect(s.warnings).toEqual([]);
    expect(s.problemCount).toBe(0);
    expect(s.rows).toBe(rows.length);
    expect(s.accepted).toBe(rows.length);
    const mine = await unitA.get("/a/1/my");
    expect(mine.body).toMatch(/行政执法人员[^<]*<span class="tag good">通过检查/);
  });

  it("training rows of a kind the rubric does not count: accepted, and the unit is told how many rows of which kinds do not count", async () => {
    const csv = await demoCsv("training", [UNIT_A]);
    const lines = csv.split(/\r?\n/);
    const at = lines.findIndex((l, i) => i > 0 && l.includes(",业务知识,"));
    lines[at] = lines[at]!.replace(",业务知识,", ",业务培训,");
    const kinds = parse(csv, { columns: true, bom: true }).reduce((m: Map<string, number>, r: Record<string, string>) => {
      const k = r.培训类别!;
      return m.set(k, (m.get(k) ?? 0) + 1);
    }, new Map<string, number>()) as Map<string, number>;
    const up = await unitA.upload(
      "/a/1/my/upload",
      { dataset: "training" },
      { name: "培训登记.csv", bytes: Buffer.from(lines.join("\n")) },
    );
    expect(up.status).toBe(303);
    const s = await state(UNIT_A, "training");
    expect(s.problemCount).toBe(0);
    const political = kinds.get("政治理论") ?? 0;
    const party = kinds.get("党性教育") ?? 0;
    expect(political + party).toBeGreaterThan(0);
    expect(s.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^培训类别不在细则计入学时的类别（公共法律知识、业务知识、执法技能）之内的 ${political + party + 1} 行，学时不计入：.*业务培训 1 行`,
        ),
      ),
    ]);
    const mine = await unitA.get("/a/1/my");
    expect(mine.body).toContain("业务培训 1 行");
  });

  it(".xls, WPS .et and a workbook of several sheets go through the loader: every matching sheet read, others listed", async () => {
    // the demo's officers as .et: unit A's rows accepted, the other units' rows refused as not its own
    const et = await unitA.upload(
      "/a/1/my/upload",
      { dataset: "officers" },
      { name: "执法人员.et", bytes: await readFile(join(XLS, "demo/officers.et")) },
    );
    expect(et.status).toBe(303);
    const all = parse(await readFile(join(ROOT, "inputs/demo/officers.csv")), { columns: true, bom: true }) as Record<string, string>[];
    const own = all.filter((r) => r["单位编码"] === UNIT_A).length;
    let s = await state(UNIT_A, "officers");
    expect(s.error).toBeNull();
    expect(s.rows).toBe(all.length);
    expect(s.accepted).toBe(own);
    expect(s.problems.length).toBeGreaterThan(0);
    expect(s.problems.filter((p) => p.value === UNIT_A)).toEqual([]);

    // .xls of one sheet per unit (城关镇 = QX-SFJ, 山塘镇 = QX-STZ), a 填表说明 sheet and a hidden sheet of last year
    const xls = await unitB.upload(
      "/a/1/my/upload",
      { dataset: "milestones" },
      { name: "任务.xls", bytes: await readFile(join(XLS, "sheets.xls")) },
    );
    expect(xls.status).toBe(303);
    s = await state(UNIT_B, "milestones");
    expect(s.error).toBeNull();
    expect(s.rows).toBe(4);
    // 城关镇: QX-TAIZHANG accepted, QX-QINGKUANG is no task of the rubric; 山塘镇: another unit's rows
    expect(s.accepted).toBe(1);
    expect(s.problems.map((p) => p.value).sort()).toEqual(["QX-QINGKUANG", "QX-STZ", "QX-STZ"]);
    expect(s.notRead.join("；")).toContain("2023年");
    const page = await unitB.get("/a/1/my");
    expect(page.body).toContain("未作为数据读取");
    const etSheets = await unitB.upload(
      "/a/1/my/upload",
      { dataset: "milestones" },
      { name: "任务.et", bytes: await readFile(join(XLS, "sheets.et")) },
    );
    expect(etSheets.status).toBe(303);
    expect((await state(UNIT_B, "milestones")).accepted).toBe(1);

    // .xlsx with the unit's officers split over two sheets: both read
    const rows = parse(await demoCsv("officers", [UNIT_A]), { columns: true, bom: true }) as Record<string, string>[];
    const head = Object.keys(rows[0]!);
    const wb = new ExcelJS.Workbook();
    const half = Math.ceil(rows.length / 2);
    for (const [name, part] of [
      ["第一批", rows.slice(0, half)],
      ["第二批", rows.slice(half)],
    ] as const) {
      const ws2 = wb.addWorksheet(name);
      ws2.addRow(head);
      for (const r of part) ws2.addRow(head.map((h) => r[h] ?? ""));
    }
    const multi = await unitA.upload(
      "/a/1/my/upload",
      { dataset: "officers" },
      { name: "officers.xlsx", bytes: Buffer.from(await wb.xlsx.writeBuffer()) },
    );
    expect(multi.status).toBe(303);
    s = await state(UNIT_A, "officers");
    expect([s.rows, s.accepted, s.problemCount]).toEqual([rows.length, rows.length, 0]);
  });

  it("hostile .xls (random bytes, truncated, an xlsx in disguise) is refused with the loader's Chinese message and not stored", async () => {
    const before = await ws.db.selectFrom("uploads").select("id").execute();
    const good = await readFile(join(XLS, "sheets.xls"));
    // random bytes, but not starting like markup (a "<" after blanks, 1 time in ~250, is 网页/XML)
    const random = randomBytes(4096);
    random[0] = 0;
    const cases: [string, Buffer, RegExp][] = [
      ["random.xls", random, /不是有效的 \.xls\/\.et 文件/],
      ["truncated.xls", good.subarray(0, Math.floor(good.length / 3)), /不是有效的 \.xls\/\.et 文件/],
      ["header-only.et", good.subarray(0, 512), /不是有效的 \.xls\/\.et 文件/],
      ["disguised.xls", (await unitA.get("/a/1/my/template/officers.xlsx")).raw, /实际是 \.xlsx 格式/],
    ];
    for (const [name, bytes, message] of cases) {
      await unitA.get("/a/1/my");
      const r = await unitA.upload("/a/1/my/upload", { dataset: "training" }, { name, bytes });
      expect(r.status, name).toBe(303);
      expect(flashOf(r.location), name).toMatch(message);
    }
    expect(await ws.db.selectFrom("uploads").select("id").execute()).toHaveLength(before.length);
  });

  it("佐证材料: PDF, JPEG and PNG by their bytes (not their names), size-limited, every version kept, beside the item for reviewers", async () => {
    const page = await unitA.get("/a/1/my");
    expect(page.body).toContain('action="/a/1/my/evidence"');
    expect(page.body).toContain('value="item:D3"');
    const up = (target: string, name: string, bytes: Buffer) => unitA.upload("/a/1/my/evidence", { target }, { name, bytes });
    // named .pdf but HTML inside; a PDF named .txt is a PDF
    const html = await up("item:D3", "材料.pdf", Buffer.from("<html><script>alert(1)</script></html>"));
    expect(flashOf(html.location)).toContain("不是 PDF、JPEG 或 PNG 文件");
    expect((await up("item:D3", "case.txt", PDF)).location).toMatch(/ok=/);
    expect((await up("item:D3", "case-v2.pdf", Buffer.from(PDF.toString("latin1").replace("1.4", "1.7"), "latin1"))).location).toMatch(
      /ok=/,
    );
    expect((await up("task:QX-TAIZHANG", "台账.jpg", JPEG)).location).toMatch(/ok=/);
    expect((await up("item:D3", "照片.png", PNG)).location).toMatch(/ok=/);
    // an unknown target, an empty file, a file over the limit
    expect(flashOf((await up("item:NOPE", "x.pdf", PDF)).location)).toContain("请选择佐证材料对应");
    expect(flashOf((await up("item:D3", "empty.pdf", Buffer.alloc(0))).location)).toContain("空文件");
    const big = await up("item:D3", "big.pdf", Buffer.concat([PDF, Buffer.alloc(600 * 1024)]));
    expect(big.status).toBe(413);
    const rows = await ws.db.selectFrom("evidence").selectAll().where("unit_id", "=", UNIT_A).orderBy("id").execute();
    expect(rows.map((r) => [r.target, r.mime])).toEqual([
      ["item:D3", "application/pdf"],
      ["item:D3", "application/pdf"],
      ["task:QX-TAIZHANG", "image/jpeg"],
      ["item:D3", "image/png"],
    ]);
    // downloaded as what it is, under a name with the right extension
    const first = await unitA.get(`/evidence/${rows[0]!.id}`);
    expect(first.status).toBe(200);
    expect(String(first.headers["content-type"])).toContain("application/pdf");
    expect(String(first.headers["content-disposition"])).toMatch(/^attachment;.*case\.txt\.pdf/);
    expect(first.raw.equals(PDF)).toBe(true);
    expect((await unitA.get("/a/1/my")).body).toContain("评审项目 D3");

    // the reviewer sees them beside the manual item, and downloads them
    const reviewer = await as("reviewer");
    const r = await reviewer.get(`/a/1/review/${UNIT_A}`);
    const d3 = r.body.slice(r.body.indexOf("<h3>D3"), r.body.indexOf("</form>", r.body.indexOf("<h3>D3")));
    expect(d3).toContain("佐证材料");
    for (const e of rows.filter((x) => x.target === "item:D3")) expect(d3).toContain(`/evidence/${e.id}`);
    expect(r.body).toContain("台账.jpg");
    const dl = await reviewer.get(`/evidence/${rows[3]!.id}`);
    expect([dl.status, String(dl.headers["content-type"])]).toEqual([200, "image/png"]);
    expect(dl.raw.equals(PNG)).toBe(true);
    // unit B has none of A's
    expect((await reviewer.get(`/a/1/review/${UNIT_B}`)).body).not.toContain("台账.jpg");

    // a new data version or a new evidence version deletes nothing
    await unitA.get("/a/1/my");
    await up("item:D3", "case-v3.pdf", PDF);
    for (const e of rows) expect((await unitA.get(`/evidence/${e.id}`)).status).toBe(200);
    const audit = await ws.db.selectFrom("audit").select("detail").where("action", "=", "evidence").execute();
    expect(audit).toHaveLength(5);
  });
});
