/** Small helpers over parsed JSON documents (rubrics, review standards). */

/** areas[0].items[2].scoring, with the ids of areas and items where the path passes them. */
export function describePath(json: unknown, path: readonly (string | number)[]): string {
  let out = "";
  let node: unknown = json;
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out ? `.${key}` : key;
    node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined;
    if (typeof key === "number" && node && typeof node === "object" && typeof (node as { id?: unknown }).id === "string") {
      out += `（${(node as { id: string }).id}）`;
    }
  }
  return out || "（根）";
}

/** JSON with object keys sorted, so the hash of a resolved rubric does not depend on key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}
