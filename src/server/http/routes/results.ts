/** After publication: the summary for leadership and the 司法局, and every report to download. */
import type { FastifyInstance } from "fastify";
import { readFile } from "node:fs/promises";
import type { Workspace } from "../../workspace/workspace.js";
import { publishedResults } from "../../workspace/evaluation.js";
import { allZip, scoresXlsx, summaryPdf, unitPdf } from "../../workspace/reports.js";
import { contentDisposition } from "../../workspace/names.js";
import { summaryCharts } from "../../workspace/charts.js";
import { assessmentFor, HttpError, page, requireRole } from "../context.js";

export async function resultRoutes(app: FastifyInstance, ws: Workspace) {
  const published = async (req: Parameters<typeof assessmentFor>[1], aid: string) => {
    requireRole(req, "leader", "admin");
    const a = await assessmentFor(ws, req, aid);
    const pub = await publishedResults(ws, a);
    return { a, pub };
  };

  app.get<{ Params: { aid: string } }>("/a/:aid/summary", async (req, reply) => {
    const { a, pub } = await published(req, req.params.aid);
    if (!pub) return page(req, reply, "summary", { a, unpublished: true });
    const units = [...pub.results.units].sort((x, y) => (x.rank.overall ?? 1e9) - (y.rank.overall ?? 1e9));
    const grades = new Map<string, number>();
    for (const u of units) grades.set(u.grade ?? "未定", (grades.get(u.grade ?? "未定") ?? 0) + 1);
    const max = Math.max(1, ...grades.values());
    const run = await ws.db.selectFrom("runs").selectAll().where("id", "=", pub.runId).executeTakeFirstOrThrow();
    return page(req, reply, "summary", {
      a,
      units,
      run: { ...run, inputs: JSON.parse(run.inputs) as unknown[] },
      grades: [...grades].map(([grade, n]) => ({ grade, n, width: Math.round((n / max) * 100) })),
      charts: summaryCharts(pub.results),
    });
  });

  const send = (reply: import("fastify").FastifyReply, name: string, type: string, bytes: Buffer) =>
    reply.header("content-disposition", contentDisposition(name)).type(type).send(bytes);

  app.get<{ Params: { aid: string } }>("/a/:aid/summary.pdf", async (req, reply) => {
    const { a, pub } = await published(req, req.params.aid);
    if (!pub) throw new HttpError(404, "结果尚未发布");
    return send(reply, `${a.title}-汇总.pdf`, "application/pdf", await readFile(await summaryPdf(ws, pub.results, pub.runId)));
  });

  app.get<{ Params: { aid: string } }>("/a/:aid/scores.xlsx", async (req, reply) => {
    const { a, pub } = await published(req, req.params.aid);
    if (!pub) throw new HttpError(404, "结果尚未发布");
    return send(
      reply,
      `${a.title}-得分表.xlsx`,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      await readFile(await scoresXlsx(ws, pub.results, pub.runId)),
    );
  });

  app.get<{ Params: { aid: string } }>("/a/:aid/reports.zip", async (req, reply) => {
    const { a, pub } = await published(req, req.params.aid);
    if (!pub) throw new HttpError(404, "结果尚未发布");
    return send(reply, `${a.title}-全部报告.zip`, "application/zip", await readFile(await allZip(ws, pub.results, pub.runId)));
  });

  app.get<{ Params: { aid: string; uid: string } }>("/a/:aid/units/:uid/report.pdf", async (req, reply) => {
    const { pub } = await published(req, req.params.aid);
    const u = pub?.results.units.find((x) => x.id === req.params.uid);
    if (!pub || !u) throw new HttpError(404, "没有该单位的已发布结果");
    return send(reply, `${u.id}-${u.name}.pdf`, "application/pdf", await readFile(await unitPdf(ws, pub.results, pub.runId, u.id)));
  });
}
