/** Writes the JSON Schema of review-standard files, generated from the zod schema (npm run schema). */
import { z } from "zod";
import { ReviewStandard } from "./schema.js";
import { writeFileAtomic } from "../util/atomic.js";

export function standardJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReviewStandard, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: "https://fazhi.local/standard.schema.json", title: "fazhi 案卷评查标准 (review standard)" };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? "standards/standard.schema.json";
  await writeFileAtomic(out, JSON.stringify(standardJsonSchema(), null, 2) + "\n");
  console.log(`已写入 ${out}`);
}
