import { readColumnMapping } from "../data/mapping-file.js";
import type { ColumnMapping } from "../data/types.js";

/** The --mapping option's column mapping, when given. */
export async function mappingFrom(values: Record<string, unknown>): Promise<ColumnMapping | undefined> {
  return typeof values.mapping === "string" ? await readColumnMapping(values.mapping) : undefined;
}
