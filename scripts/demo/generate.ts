/**
 * Generates a realistic, seeded assessment data set (the files of ../shared/spec/data-contract.md)
 * for 清新区's 2024 assessment: the 24 real units plus, for bigger sets, invented ones.
 *
 *   node build/demo/generate.js --out <dir> [--seed N] [--units N] [--officers N]
 *                              [--training N] [--cases N] [--reviews N]
 *   node build/demo/generate.js --out <dir> --rubric <rubric.json> [--region R] [--seed N]
 *
 * With --rubric it writes a small set for another region's rubric instead (region.ts: the
 * real units of 连山县, 梅州市, 台山市 or 清远市 2017, the rubric's task and indicator ids).
 *
 * Without counts it writes the demo set (inputs/demo, `npm run generate-demo`). Counts are
 * totals of data rows; omitted ones follow from the others (officers per unit, courses per
 * officer, cases per unit …). Everything streams, so 100,000 officers, 2,000,000 training
 * rows and 1,000,000 cases need little memory. Randomness is mulberry32 only: one seed, one
 * byte sequence.
 *
 * Rows broken on purpose (each listed with its line in the set's README.md):
 * - officers.csv: 证件有效期至 2025-02-29 (impossible date); 单位编码 a typo not in units.csv
 * - training.csv: 培训日期 2024-02-30; 学时 “两”; 人员编号 not in officers.csv
 * - cases.csv: 案件编号 repeating the previous row's; 决定日期 2024-04-31; a 承办人 not in officers.csv
 * - milestones.csv: 完成日期 2024-06-31; 单位编码 a typo not in units.csv
 * case_reviews, units, documents and indicators have no broken rows.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs as parseArgv, type ParseArgsConfig } from "node:util";
import { writeCasesAndReviews } from "./cases.js";
import { writeOfficers } from "./officers.js";
import { renderReadme } from "./readme.js";
import { Log, type BadRow, type EdgeRow } from "./report.js";
import { writeDocuments, writeIndicators, writeMilestones, writeUnits } from "./small-files.js";
import { writeTraining } from "./training.js";
import { buildUnits } from "./units.js";
import { generateForRubric } from "./region.js";
import type { GenerateOptions } from "./options.js";

export type { GenerateOptions } from "./options.js";

export interface GenerateResult {
  /** paths of the files written, README.md last */
  files: string[];
  /** data rows per dataset (header excluded), keyed by dataset id */
  counts: Record<string, number>;
  /** rows broken on purpose, with their lines */
  badRows: BadRow[];
  /** valid rows that sit on a rule's boundary */
  edgeRows: EdgeRow[];
}

export const DEFAULT_SEED = 20240101;
const DEMO_UNITS = 24;

const COUNT_OPTIONS = ["units", "officers", "training", "cases", "reviews"] as const;

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const seed = opts.seed ?? DEFAULT_SEED;
  for (const k of COUNT_OPTIONS) {
    const v = opts[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new Error(`--${k} must be a whole number ≥ 0, got ${v}`);
  }
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got ${seed}`);
  const unitCount = opts.units ?? DEMO_UNITS;
  if (unitCount < 1) throw new Error("--units must be at least 1");
  const out = opts.out;
  await mkdir(out, { recursive: true });
  const path = (f: string): string => join(out, f);
  const log = new Log();
  const counts: Record<string, number> = {};

  const units = buildUnits(seed, unitCount);
  counts.units = await writeUnits(path("units.csv"), units);
  const { table, stats } = await writeOfficers(path("officers.csv"), seed, units, opts.officers, log);
  counts.officers = table.count;
  counts.training = await writeTraining(path("training.csv"), seed, units, table, opts.training, log);
  const cr = await writeCasesAndReviews(
    path("cases.csv"),
    path("case_reviews.xlsx"),
    seed,
    units,
    table,
    { cases: opts.cases, reviews: opts.reviews },
    log,
  );
  counts.cases = cr.cases;
  counts.case_reviews = cr.reviews;
  counts.milestones = await writeMilestones(path("milestones.csv"), seed, units, log);
  counts.documents = await writeDocuments(path("documents.csv"));
  counts.indicators = await writeIndicators(path("indicators.csv"), seed, units, stats);

  const explicit = COUNT_OPTIONS.filter((k) => opts[k] !== undefined);
  const full = {
    out,
    seed,
    units: unitCount,
    officers: counts.officers,
    training: counts.training,
    cases: counts.cases,
    reviews: counts.case_reviews,
  };
  await writeFile(path("README.md"), renderReadme(full, counts, log, explicit), "utf8");

  const files = [
    "units.csv",
    "officers.csv",
    "training.csv",
    "cases.csv",
    "case_reviews.xlsx",
    "milestones.csv",
    "documents.csv",
    "indicators.csv",
    "README.md",
  ].map(path);
  return { files, counts, badRows: log.bad, edgeRows: log.edges };
}

const OPTIONS = {
  out: { type: "string" },
  rubric: { type: "string" },
  region: { type: "string" },
  seed: { type: "string" },
  ...Object.fromEntries(COUNT_OPTIONS.map((k) => [k, { type: "string" }])),
} as const satisfies ParseArgsConfig["options"];

/** `--name value` or `--name=value` (counts may be written 100_000 or 100,000); throws on anything else. */
export function parseArgs(argv: readonly string[]): GenerateOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgv({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    // node's messages run on with advice on "--"; keep the first sentence, the option named
    const code = (e as { code?: string }).code;
    const named = /'([^']*)'/.exec((e as Error).message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new Error(`unknown option ${named}`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new Error(`unexpected argument ${named}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const option = named.split(" ")[0];
      throw new Error(
        /ambiguous/.test((e as Error).message) ? `${option}'s value starts with "-": write ${option}=<value>` : `${option} needs a value`,
      );
    }
    throw e;
  }
  const opts: Partial<GenerateOptions> & Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== "string") continue;
    if (name === "out" || name === "rubric" || name === "region") opts[name] = value;
    else {
      const n = Number(value.replace(/[_,]/g, ""));
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
      opts[name] = n;
    }
  }
  if (!opts.out) throw new Error("--out <dir> is required");
  return opts as GenerateOptions;
}

async function main(): Promise<void> {
  let opts: GenerateOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(
      `${(e as Error).message}\nusage: node build/demo/generate.js --out <dir> [--seed N] [--units N] [--officers N] [--training N] [--cases N] [--reviews N]\n       node build/demo/generate.js --out <dir> --rubric <rubric.json> [--region R] [--seed N]`,
    );
    process.exitCode = 2;
    return;
  }
  const t0 = process.hrtime.bigint();
  if (opts.rubric) {
    const counts = await generateForRubric({
      out: opts.out,
      rubric: opts.rubric,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.region ? { region: opts.region } : {}),
    });
    console.log(`wrote ${resolve(opts.out)} for ${opts.rubric}`);
    for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(13)} ${v.toLocaleString("en-US")} rows`);
    return;
  }
  const r = await generate(opts);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`wrote ${resolve(opts.out)} in ${seconds.toFixed(1)} s`);
  for (const [k, v] of Object.entries(r.counts)) console.log(`  ${k.padEnd(13)} ${v.toLocaleString("en-US")} rows`);
  console.log(`  ${r.badRows.length} rows broken on purpose, listed in README.md`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  });
}
