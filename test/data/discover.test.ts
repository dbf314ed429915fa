import { describe, expect, it } from "vitest";
import { datasetOfName, planSources, unitLookup, type Tree } from "../../src/data/discover.js";
import { instructionSheet } from "../../src/data/sheets.js";

describe("file and folder names", () => {
  it("names a dataset by its id or Chinese name, with a suffix after _ - or in brackets", () => {
    const got = (n: string) => {
      const r = datasetOfName(n);
      return r ? `${r.dataset}|${r.suffix ?? ""}|${r.ext}` : null;
    };
    expect(got("training.csv")).toBe("training||csv");
    expect(got("Training_QX-SCJG.XLSX")).toBe("training|QX-SCJG|xlsx");
    expect(got("培训登记-城关镇.xlsx")).toBe("training|城关镇|xlsx");
    expect(got("培训登记（第二批）.xls")).toBe("training|第二批|xls");
    expect(got("行政执法人员.et")).toBe("officers||et");
    expect(got("执法人员 2024.xlsx")).toBe("officers|2024|xlsx");
    expect(got("case_reviews.csv")).toBe("case_reviews||csv");
    expect(got("案件.xlsx")).toBe("cases||xlsx");
    expect(got("案卷评查.xlsx")).toBe("case_reviews||xlsx");
    expect(got("规范性文件.xlsx")).toBe("documents||xlsx");
    expect(got("casesx.csv")).toBeNull();
    expect(got("培训登记.pdf")).toBeNull();
    expect(got("培训登记表.xlsx")).toBeNull();
  });

  it("places files: unit folders by id or name, grouping folders above them, 补报 anywhere; others listed", () => {
    const f = (path: string) => {
      const parts = path.split("/");
      return { path, name: parts.at(-1)!, folders: parts.slice(0, -1) };
    };
    const tree: Tree = {
      files: [
        "执法单位.xlsx",
        "QX-SCJG/培训登记.xlsx",
        "镇/城关镇/案件.csv",
        "补报/QX-SCJG/案件.csv",
        "QX-SCJG/补报/培训登记.xls",
        "QX-SCJG/旧/培训登记.xls",
        "备份/training.csv",
        "training_QX-SFJ.csv",
        "QX-SCJG/案件-QX-SFJ.csv",
      ].map(f),
      folders: [],
      notRead: [],
    };
    const plan = planSources(
      tree,
      unitLookup([
        { id: "QX-SCJG", name: "市场监管局" },
        { id: "QX-CGZ", name: "城关镇" },
        { id: "QX-SFJ", name: "司法局" },
      ]),
    );
    expect(plan.sources.get("training")).toEqual([
      { file: "training_QX-SFJ.csv", unit: "QX-SFJ", unitLabel: "QX-SFJ" },
      { file: "QX-SCJG/培训登记.xlsx", unit: "QX-SCJG", unitLabel: "QX-SCJG" },
      { file: "QX-SCJG/补报/培训登记.xls", unit: "QX-SCJG", unitLabel: "QX-SCJG", late: true },
    ]);
    expect(plan.sources.get("cases")).toEqual([
      { file: "镇/城关镇/案件.csv", unit: "QX-CGZ", unitLabel: "城关镇" },
      { file: "补报/QX-SCJG/案件.csv", unit: "QX-SCJG", unitLabel: "QX-SCJG", late: true },
    ]);
    expect(plan.notRead).toEqual([
      { file: "QX-SCJG/旧/培训登记.xls", reason: "所在文件夹「旧」在单位文件夹「QX-SCJG」之下，不是补报文件夹，未读取" },
      { file: "QX-SCJG/案件-QX-SFJ.csv", reason: "文件名中的单位「QX-SFJ」与所在单位文件夹「QX-SCJG」不是同一单位，未读取" },
      { file: "备份/training.csv", reason: "所在文件夹「备份」的名称不是单位编码或单位名称，也不是补报文件夹，未读取" },
    ]);
  });

  it("knows instruction sheets", () => {
    expect(["填表说明", "说明", "填写说明（必读）", "下拉选项", "README"].every(instructionSheet)).toBe(true);
    expect(["城关镇", "Sheet1", "2024年"].some(instructionSheet)).toBe(false);
  });
});
