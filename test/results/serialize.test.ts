import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/evaluate.js";
import { serializeResults, serializeResultsChunks } from "../../src/results/build.js";
import type { Results } from "../../src/results/types.js";

/** results.json as written (a unit at a time) must be exactly JSON.stringify(results, null, 2) + "\n". */
describe("serializeResultsChunks", () => {
  it("writes the demo's results as one JSON.stringify would, byte for byte", async () => {
    const { results } = await evaluate({ rubric: "rubrics/qingxin-2024.json", data: "inputs/demo", workers: 0 });
    const text = [...serializeResultsChunks(results)].join("");
    expect(text).toBe(serializeResults(results));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(results)));
  });
  it("keeps nested values, empty lists, strings with line breaks and quotes, and skips undefined keys", () => {
    const odd = {
      resultsVersion: 3,
      empty: [],
      emptyObject: {},
      text: 'a "quoted"\nline',
      missing: undefined,
      units: [
        { id: "U1", items: [{ a: [1, [2, { b: "x\n  y" }]], c: {} }], rank: { overall: 1 } },
        { id: "U2", items: [], rank: { overall: null } },
      ],
      inputs: [{ rejected: [{ line: 2, reason: "中文" }] }],
      tail: null,
    } as unknown as Results;
    expect([...serializeResultsChunks(odd)].join("")).toBe(serializeResults(odd));
    const noUnits = { units: [], other: { a: 1 } } as unknown as Results;
    expect([...serializeResultsChunks(noUnits)].join("")).toBe(serializeResults(noUnits));
    expect([...serializeResultsChunks({} as Results)].join("")).toBe(serializeResults({} as Results));
  });
});
