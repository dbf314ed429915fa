/** Server-rendered pages: handlebars templates in templates/server, one layout, escaped by default. */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Handlebars from "handlebars";
import { fmtNum } from "../../util/format.js";

export const TEMPLATE_DIR = resolve(new URL("../../../templates/server", import.meta.url).pathname);

const STATUS_ZH: Record<string, string> = { draft: "未提交", submitted: "已提交", returned: "已退回" };
const STATE_ZH: Record<string, string> = { scored: "已评分", notApplicable: "不适用", manual: "待评审录入", error: "无法评分" };

function makeEngine(): { render(name: string, ctx: Record<string, unknown>): string } {
  const hb = Handlebars.create();
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("gt", (a: number, b: number) => a > b);
  hb.registerHelper("or", (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper("not", (a: unknown) => !a);
  hb.registerHelper("num", (x: unknown) => (typeof x === "number" ? fmtNum(x) : x === null || x === undefined ? "—" : String(x)));
  hb.registerHelper("pct", (x: unknown) => (typeof x === "number" ? `${fmtNum(x * 100, 1)}%` : "—"));
  hb.registerHelper("statusZh", (s: string) => STATUS_ZH[s] ?? s);
  hb.registerHelper("stateZh", (s: string) => STATE_ZH[s] ?? s);
  hb.registerHelper("time", (s: string | null) =>
    s
      ? s
          .replace("T", " ")
          .replace(/\.\d+Z$/, "")
          .replace(/Z$/, "") + " UTC"
      : "—",
  );
  hb.registerHelper("short", (s: string | null) => (s ? `${s.slice(0, 12)}…` : "—"));
  hb.registerHelper("kindZh", (m: string) => ({ "application/pdf": "PDF", "image/jpeg": "JPEG 图片", "image/png": "PNG 图片" })[m] ?? m);
  hb.registerHelper("bytes", (n: number) =>
    n < 1024 ? `${n} 字节` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`,
  );
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const f of readdirSync(TEMPLATE_DIR)) {
    if (!f.endsWith(".hbs")) continue;
    const src = readFileSync(join(TEMPLATE_DIR, f), "utf8");
    const name = f.replace(/\.hbs$/, "");
    if (name.startsWith("_")) hb.registerPartial(name.slice(1), src);
    else pages.set(name, hb.compile(src, { strict: false }));
  }
  const layout = pages.get("layout")!;
  return {
    render(name, ctx) {
      const page = pages.get(name);
      if (!page) throw new Error(`没有页面模板 ${name}`);
      return layout({ ...ctx, body: new Handlebars.SafeString(page(ctx)) });
    },
  };
}

let engine: ReturnType<typeof makeEngine> | null = null;

export function render(name: string, ctx: Record<string, unknown>): string {
  engine ??= makeEngine();
  return engine.render(name, ctx);
}

export function stylesheet(): string {
  return readFileSync(join(TEMPLATE_DIR, "app.css"), "utf8");
}
