/**
 * The data folder as a 司法局 collects it → which files feed which dataset, for which unit.
 *
 * A file is a dataset's when its name (before the extension) is the dataset's id or Chinese
 * name (training.csv, 培训登记.xlsx), optionally followed by a suffix after `_ - 空格` or in
 * brackets (training_QX-SCJG.xlsx, 培训登记-城关镇.xlsx, 培训登记（第二批）.xls). Folders:
 * one per unit (named by its id or name), a `补报` folder (late submissions) anywhere, and
 * grouping folders above unit folders (区直部门/QX-SCJG/…). Every file or folder that is not
 * read is listed with why; symbolic links and anything but regular files are never read.
 */
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { CONTRACT, DATASET_IDS, type DatasetId } from "./contract.js";
import { foldWidth } from "./normalize.js";
import type { DataSource, NotRead } from "./types.js";

/** File types read as data. */
export const DATA_EXTENSIONS = ["csv", "xlsx", "xls", "et"] as const;

/** Further Chinese names a dataset's file may have (besides the contract's title). */
const NAME_ALIASES: Record<string, readonly string[]> = {
  units: ["执法单位", "执法单位名单", "单位名单", "单位"],
  officers: ["行政执法人员", "执法人员", "执法人员名单"],
  training: ["培训登记", "培训记录", "培训情况"],
  cases: ["行政执法案件", "案件", "执法案件"],
  case_reviews: ["案卷评查"],
  milestones: ["任务完成情况"],
  documents: ["规范性文件目录", "规范性文件"],
  indicators: ["自报指标"],
  review_findings: ["案卷评查问题"],
  activities: ["工作开展情况", "活动"],
};

/** Folder names of late submissions (补报, 补交, 补充材料 …, possibly with a date after). */
const LATE = /^(补报|补交|补充)/;

const MAX_DEPTH = 5;
const MAX_ENTRIES = 20_000;

/** A dataset name (id or Chinese) → dataset id, matched after width folding, case-insensitively. */
function nameTable(): Map<string, DatasetId> {
  const out = new Map<string, DatasetId>();
  for (const id of DATASET_IDS) {
    out.set(id, id);
    out.set(foldWidth(CONTRACT[id].title).toLowerCase(), id);
    for (const a of NAME_ALIASES[id] ?? []) out.set(foldWidth(a).toLowerCase(), id);
  }
  return out;
}
const NAMES = nameTable();
/** longest first, so 行政执法人员 is tried before 人员 and case_reviews before cases */
const NAMES_BY_LENGTH = [...NAMES.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/** A file name → its dataset and suffix (training_QX-SCJG.xlsx → training, "QX-SCJG"); null when it names none. */
export function datasetOfName(name: string): { dataset: DatasetId; suffix: string | null; ext: string } | null {
  const m = /^(.+)\.([^.]+)$/.exec(name);
  if (!m) return null;
  const ext = m[2]!.toLowerCase();
  if (!(DATA_EXTENSIONS as readonly string[]).includes(ext)) return null;
  const stem = foldWidth(m[1]!).trim().toLowerCase();
  for (const n of NAMES_BY_LENGTH) {
    if (!stem.startsWith(n)) continue;
    const rest = stem.slice(n.length);
    if (rest === "") return { dataset: NAMES.get(n)!, suffix: null, ext };
    const sep = /^(?:[_\-\s—–·]+(.+)|\((.+)\))$/.exec(rest);
    if (sep)
      return {
        dataset: NAMES.get(n)!,
        suffix: foldWidth(m[1]!)
          .trim()
          .slice(n.length)
          .replace(/^[_\-\s—–·(]+|\)$/g, "")
          .trim(),
        ext,
      };
  }
  return null;
}

export interface TreeFile {
  /** path relative to the data folder, "/" between folders */
  path: string;
  name: string;
  /** the folders it is in, outermost first */
  folders: string[];
}

export interface Tree {
  files: TreeFile[];
  /** folders (path, name, folders above), outermost first */
  folders: TreeFile[];
  notRead: NotRead[];
}

const KIND_ZH = (info: Awaited<ReturnType<typeof lstat>>): string =>
  info.isFIFO()
    ? "命名管道（FIFO）"
    : info.isSocket()
      ? "套接字"
      : info.isCharacterDevice() || info.isBlockDevice()
        ? "设备文件"
        : "特殊文件";

/** Every regular file and folder under `dir` (links and special files listed as not read). */
export async function walkFolder(dir: string): Promise<Tree> {
  const tree: Tree = { files: [], folders: [], notRead: [] };
  let count = 0;
  const visit = async (abs: string, folders: string[]) => {
    let names: string[];
    try {
      names = (await readdir(abs)).sort();
    } catch (err) {
      tree.notRead.push({
        file: folders.join("/"),
        reason: `无法读取文件夹（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`,
      });
      return;
    }
    for (const name of names) {
      const rel = [...folders, name].join("/");
      if (++count > MAX_ENTRIES) {
        tree.notRead.push({ file: rel, reason: `数据文件夹中的文件超过 ${MAX_ENTRIES} 个，其余未读取` });
        return;
      }
      let info;
      try {
        info = await lstat(join(abs, name));
      } catch (err) {
        tree.notRead.push({ file: rel, reason: `无法读取（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）` });
        continue;
      }
      if (info.isSymbolicLink()) {
        const to = await readlink(join(abs, name)).catch(() => "?");
        tree.notRead.push({ file: rel, reason: `是符号链接（指向 ${to}），未读取：数据文件夹中的链接不会被跟随，请放入文件本身` });
      } else if (info.isDirectory()) {
        if (datasetOfName(name)) {
          tree.notRead.push({ file: rel, reason: "是文件夹，不是数据文件，未读取" });
          continue;
        }
        if (folders.length + 1 >= MAX_DEPTH) {
          tree.notRead.push({ file: rel, reason: `文件夹层级过深（超过 ${MAX_DEPTH} 层），未读取` });
          continue;
        }
        tree.folders.push({ path: rel, name, folders });
        await visit(join(abs, name), [...folders, name]);
      } else if (info.isFile()) tree.files.push({ path: rel, name, folders });
      else tree.notRead.push({ file: rel, reason: `不是普通文件（${KIND_ZH(info)}），未读取` });
    }
  };
  await visit(dir, []);
  return tree;
}

/** Units by id and by name (folded), for folder names and file-name suffixes. */
export type UnitLookup = (name: string) => string | null;

export function unitLookup(units: readonly { id: string; name: string }[]): UnitLookup {
  const by = new Map<string, string>();
  const key = (s: string) => foldWidth(s).replace(/\s+/g, "").toLowerCase();
  for (const u of units) by.set(key(u.name), u.id);
  for (const u of units) by.set(key(u.id), u.id);
  return (name) => by.get(key(name)) ?? null;
}

export interface Plan {
  sources: Map<DatasetId, DataSource[]>;
  /** a dataset with two files that are the same data (training.csv and training.xlsx side by side) */
  ambiguous: Map<DatasetId, string[]>;
  notRead: NotRead[];
  /** the column mapping file at the top, if any */
  mappingFile: string | null;
}

export const MAPPING_FILE = "column-mapping.json";

/**
 * Which file feeds which dataset for which unit. `units` null: unit folders are not known yet
 * (only the top level and top-level 补报 are planned: where the unit list itself is).
 */
export function planSources(tree: Tree, units: UnitLookup | null): Plan {
  const plan: Plan = { sources: new Map(), ambiguous: new Map(), notRead: [...tree.notRead], mappingFile: null };
  const stems = new Map<string, string[]>();
  for (const f of tree.files) {
    if (f.folders.length === 0 && f.name.toLowerCase() === MAPPING_FILE) {
      plan.mappingFile = f.name;
      continue;
    }
    const where = placeOf(f.folders, units);
    if (where.skip !== null) {
      if (units !== null) plan.notRead.push({ file: f.path, reason: where.skip });
      continue;
    }
    if (f.name.startsWith("~$")) {
      if (units !== null) plan.notRead.push({ file: f.path, reason: "是 Excel/WPS 打开文件时留下的临时文件，未读取" });
      continue;
    }
    const named = datasetOfName(f.name);
    if (!named) {
      if (units !== null) plan.notRead.push({ file: f.path, reason: "文件名不是数据集名称（如 training.csv、培训登记.xlsx），未读取" });
      continue;
    }
    if (units === null && named.dataset !== "units") continue;
    let unit = where.unit;
    let unitLabel = where.unitLabel;
    if (named.dataset === "units") {
      if (unit !== null) {
        plan.notRead.push({ file: f.path, reason: "执法单位名单应放在数据文件夹的最上层，不在单位文件夹中，未读取" });
        continue;
      }
    } else if (named.suffix && units) {
      const byName = units(named.suffix);
      if (byName !== null && unit !== null && byName !== unit) {
        plan.notRead.push({
          file: f.path,
          reason: `文件名中的单位「${named.suffix}」与所在单位文件夹「${unitLabel}」不是同一单位，未读取`,
        });
        continue;
      }
      if (byName !== null && unit === null) {
        unit = byName;
        unitLabel = named.suffix;
      }
    }
    const list = plan.sources.get(named.dataset) ?? [];
    list.push({ file: f.path, unit, ...(unitLabel !== null && unit !== null ? { unitLabel } : {}), ...(where.late ? { late: true } : {}) });
    plan.sources.set(named.dataset, list);
    // the same name with two extensions in one folder is the same data twice
    const stem = `${named.dataset}\u0000${f.folders.join("/")}\u0000${named.suffix ?? ""}`;
    stems.set(stem, [...(stems.get(stem) ?? []), f.path]);
  }
  for (const [stem, files] of stems) {
    if (files.length > 1) plan.ambiguous.set(stem.split("\u0000")[0] as DatasetId, files);
  }
  // main data first, then late submissions; shallow before deep; then by path
  for (const list of plan.sources.values()) {
    list.sort(
      (a, b) =>
        Number(a.late ?? false) - Number(b.late ?? false) ||
        depth(a.file) - depth(b.file) ||
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
    );
  }
  if (units !== null) {
    // folders none of whose files were read, and that are no unit or 补报 folder, are named too
    const used = new Set<string>();
    for (const list of plan.sources.values()) for (const s of list) used.add(s.file.split("/").slice(0, -1).join("/"));
    for (const d of tree.folders) {
      const inside = [...used].some((u) => u === d.path || u.startsWith(`${d.path}/`));
      if (inside) continue;
      const empty = !tree.files.some((f) => f.path.startsWith(`${d.path}/`));
      if (empty) plan.notRead.push({ file: `${d.path}/`, reason: "空文件夹" });
    }
    plan.notRead.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
  return plan;
}

const depth = (p: string) => p.split("/").length;

/** Where a file's folders put it: the unit, late or not, or why it is not read. */
function placeOf(
  folders: readonly string[],
  units: UnitLookup | null,
): { unit: string | null; unitLabel: string | null; late: boolean; skip: string | null } {
  let unit: string | null = null;
  let unitLabel: string | null = null;
  let late = false;
  let plain: string | null = null;
  for (const f of folders) {
    if (LATE.test(foldWidth(f).trim())) {
      late = true;
      continue;
    }
    const u = units ? units(f) : null;
    if (u !== null) {
      if (unit !== null) return { unit, unitLabel, late, skip: `在两个单位文件夹「${unitLabel}」和「${f}」中，未读取` };
      unit = u;
      unitLabel = f;
      continue;
    }
    // a grouping folder above unit folders (区直部门/QX-SCJG/…) is fine; anything else is not read
    if (unit !== null) return { unit, unitLabel, late, skip: `所在文件夹「${f}」在单位文件夹「${unitLabel}」之下，不是补报文件夹，未读取` };
    plain ??= f;
  }
  if (units === null) return { unit, unitLabel, late, skip: folders.length > (late ? 1 : 0) ? "not yet" : null };
  if (plain !== null && unit === null) {
    return { unit, unitLabel, late, skip: `所在文件夹「${plain}」的名称不是单位编码或单位名称，也不是补报文件夹，未读取` };
  }
  return { unit, unitLabel, late, skip: null };
}

/** Why a dataset has no file, when something in the tree looks like its file but could not be read. */
export function whyNotFound(dataset: DatasetId, notRead: readonly NotRead[]): string | null {
  for (const n of notRead) {
    const name = n.file.replace(/\/$/, "").split("/").pop()!;
    if (datasetOfName(name)?.dataset === dataset) return `${n.file.replace(/\/$/, "")} ${n.reason.replace(/，未读取$/, "")}`;
  }
  return null;
}
