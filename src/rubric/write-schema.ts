/** Writes the JSON Schema of rubric files, generated from the zod schema (npm run schema). */
import { z } from "zod";
import { Rubric } from "./schema.js";
import { writeFileAtomic } from "../util/atomic.js";

export function rubricJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Rubric, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://fazhi.local/rubric.schema.json",
    title: "fazhi 考评细则 (rubric)",
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? "rubrics/rubric.schema.json";
  await writeFileAtomic(out, JSON.stringify(rubricJsonSchema(), null, 2) + "\n");
  console.log(`已写入 ${out}`);
}
