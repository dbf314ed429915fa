/**
 * A unit's templates: the library's Excel workbooks (`fazhi template --unit`: contract headers,
 * dropdowns, date formats, the 填表说明 sheet, the unit id prefilled), made in a scratch folder
 * and handed over as bytes.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { templateFileName, writeTemplates } from "../../template/template.js";
import type { DatasetId } from "../../data/contract.js";
import type { LoadedRubric } from "../../rubric/load.js";

export async function unitTemplate(rubric: LoadedRubric, dataset: DatasetId, unitId: string): Promise<{ name: string; bytes: Buffer }> {
  const dir = await mkdtemp(join(tmpdir(), "fazhi-template-"));
  try {
    await writeTemplates({ rubric, out: dir, unit: unitId, unitIds: [unitId] });
    const name = templateFileName(dataset, unitId);
    return { name, bytes: await readFile(join(dir, name)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
