import type { Command, Io } from "../command.js";
import { parse, UsageError } from "../args.js";

export const serveCommand: Command = {
  name: "serve",
  summary: "启动考评工作台（网页）：单位填报、自查、提交，评审录入，司法局评分发布",
  help: `用法：fazhi serve [--data-dir <文件夹>] [--port 8080] [--host 127.0.0.1] [--database <postgres://…>] [--demo]

在本机启动考评工作台。司法局管理员创建考评、导入单位名单并发放账号；各单位登录上传数据、
查看被拒绝的行和自查得分、提交；评审人员录入评审项目得分；司法局评分、发布；发布后各单位
查看得分、等次、排名并下载报告。

  --data-dir <dir>    数据文件夹（默认 fazhi-data）：数据库 fazhi.sqlite 和所有上传文件
  --port <n>          端口（默认 8080）
  --host <addr>       监听地址（默认 127.0.0.1，仅本机可访问；局域网使用请设为 0.0.0.0 并配置 HTTPS 反向代理）
  --database <url>    使用 PostgreSQL（postgres://用户@主机/库名），代替内置的 SQLite
  --demo              创建演示考评（细则 qingxin-2024，inputs/demo 的单位名单），并打印演示账号
  -h, --help          显示帮助

也可用环境变量 FAZHI_DATABASE_URL 指定 PostgreSQL。按 Ctrl+C 停止。`,
  run: cmdServe,
};

async function cmdServe(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, {
    "data-dir": { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    database: { type: "string" },
    demo: { type: "boolean" },
  });
  if (values.help) {
    io.out(serveCommand.help);
    return 0;
  }
  const port = typeof values.port === "string" ? Number(values.port) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port 应为 0–65535 的整数，而不是“${String(values.port)}”`);
  const databaseUrl = typeof values.database === "string" ? values.database : process.env.FAZHI_DATABASE_URL;
  const { serve } = await import("../../server/serve.js");
  const served = await serve({
    dataDir: typeof values["data-dir"] === "string" ? values["data-dir"] : "fazhi-data",
    port,
    host: typeof values.host === "string" ? values.host : "127.0.0.1",
    ...(databaseUrl ? { databaseUrl } : {}),
    demo: values.demo === true,
    log: io.out,
  });
  io.out(`考评工作台已启动：${served.url}  （Ctrl+C 停止）`);
  await new Promise<void>((res) => {
    const stop = () => res();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await served.close();
  return 0;
}
