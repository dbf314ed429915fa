import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { EvidenceArena, fields } from "../../src/indicators/evidence-arena.js";
import { SpillFile } from "../../src/util/spill-file.js";

/** Texts a cell can hold, the awkward ones included. */
const TEXTS: (string | null)[] = [
  "QX-SCJG-2024-00001",
  "",
  null,
  "询问笔录未由当事人逐页签名；现场检查笔录记录过于简单",
  "a\u0000b\u0001c\u0002d\u0003e",
  "\u0003starts like an escape",
  "lone \ud800 high, lone \udc00 low",
  "emoji 😀 and 𠀀",
  "\u0002",
  '"quoted", {json}',
];

describe("EvidenceArena: records kept as typed arrays and UTF-8 text", () => {
  it("gives every text field back exactly, with its numbers, by unit and tag in the order added", () => {
    const arena = new EvidenceArena();
    TEXTS.forEach((t, i) => arena.add(i % 3, i % 2, i + 0.5, i === 4 ? Number.NaN : -i, fields(t, `#${i}`, t)));
    const groups = arena.group(3, 2);
    const back: { unit: number; tag: number; a: number; b: number; fields: (string | null)[] }[] = [];
    for (let unit = 0; unit < 3; unit++)
      for (let tag = 0; tag < 2; tag++) {
        const rs = groups.records(unit, tag);
        expect(groups.count(unit, tag)).toBe(rs.length);
        for (const r of rs) back.push({ unit, tag, ...r });
      }
    const want = TEXTS.map((t, i) => ({ unit: i % 3, tag: i % 2, a: i + 0.5, b: i === 4 ? Number.NaN : -i, fields: [t, `#${i}`, t] }));
    const key = (x: { fields: (string | null)[] }) => Number(x.fields[1]!.slice(1));
    expect(back.sort((x, y) => key(x) - key(y))).toEqual(want);
  });

  it("parts cross threads (structured clone) and keep file order: records added first, then each part absorbed", () => {
    const main = new EvidenceArena();
    const later = [new EvidenceArena(), new EvidenceArena()];
    main.add(0, 0, 1, 0, fields("row 1"));
    later[0]!.add(0, 0, 2, 0, fields("row 2"));
    later[0]!.add(1, 0, 3, 0, fields("row 3"));
    later[1]!.add(0, 0, 4, 0, fields("行 4"));
    for (const part of later) main.absorb(structuredClone(part.state()));
    const groups = main.group(2, 1);
    expect(groups.records(0, 0).map((r) => [r.a, r.fields[0]])).toEqual([
      [1, "row 1"],
      [2, "row 2"],
      [4, "行 4"],
    ]);
    expect(groups.records(1, 0).map((r) => r.fields[0])).toEqual(["row 3"]);
    expect(groups.count(1, 0)).toBe(1);
  });

  it("grows past its first sizes (5,000 records; texts ASCII, Chinese from the first character or later, one of 30,000 characters)", () => {
    const arena = new EvidenceArena();
    const long = `长${"案卷".repeat(15000)}`;
    const text = (i: number) => (i === 2500 ? long : i % 3 === 0 ? `承办人 C-${i}` : `C-${i}`);
    for (let i = 0; i < 5000; i++) arena.add(i % 7, 0, i, 0, fields(`C-${i}`, i % 2 ? "否" : null, text(i)));
    const groups = arena.group(7, 1);
    const unit3 = groups.records(3, 0);
    expect(unit3.length).toBe(groups.count(3, 0));
    expect(
      unit3.every(
        (r, k) => r.a === 3 + 7 * k && r.fields[0] === `C-${r.a}` && r.fields[1] === (r.a % 2 ? "否" : null) && r.fields[2] === text(r.a),
      ),
    ).toBe(true);
    expect(groups.records(2500 % 7, 0).find((r) => r.a === 2500)!.fields[2]).toBe(long);
  });

  it("records added after a part was absorbed come after it, their texts intact", () => {
    const main = new EvidenceArena();
    const part = new EvidenceArena();
    main.add(0, 0, 1, 0, fields("第一"));
    part.add(0, 0, 2, 0, fields("second"));
    main.absorb(structuredClone(part.state()));
    main.add(0, 0, 3, 0, fields("第三 third"));
    expect(
      main
        .group(1, 1)
        .records(0, 0)
        .map((r) => [r.a, r.fields[0]]),
    ).toEqual([
      [1, "第一"],
      [2, "second"],
      [3, "第三 third"],
    ]);
  });

  it("a field that is all separators, or blank between others, is read back as written", () => {
    const arena = new EvidenceArena();
    arena.add(0, 0, 0, 0, fields("", "", null, ""));
    arena.add(0, 0, 0, 0, fields("\u0001\u0001", null));
    arena.add(0, 0, 0, 0, fields(null));
    const rs = arena.group(1, 1).records(0, 0);
    expect(rs.map((r) => r.fields)).toEqual([["", "", null, ""], ["\u0001\u0001", null], [null]]);
  });

  it("absorbed parts' texts go to a spill file, read back whether a unit's records lie together or far apart", () => {
    const spills = () =>
      [tmpdir(), "/var/tmp"]
        .filter((d) => existsSync(d))
        .flatMap((d) => readdirSync(d).filter((f) => f.startsWith(`.fazhi-spill-${process.pid}-`))).length;
    const before = spills();
    const main = new EvidenceArena();
    main.add(2, 0, -1, 0, fields("kept here, before the parts"));
    // part 1: unit 0's first and last records with 20,000 of unit 1 between them (400 KB apart: read
    // one by one); unit 2's records side by side (read in one piece)
    const far = new EvidenceArena();
    far.add(0, 0, 0, 0, fields("单位0 第一条", null));
    for (let i = 1; i <= 20000; i++) far.add(1, i % 2, i, 0, fields(`C-${String(i).padStart(12, "0")}`, "x"));
    far.add(2, 0, 20001, 0, fields("单位2 A"));
    far.add(2, 0, 20002, 0, fields("单位2 B", "😀"));
    far.add(0, 0, 20003, 0, fields("单位0 最后一条", "\u0002"));
    // part 2: more of unit 0, after
    const next = new EvidenceArena();
    next.add(0, 0, 20004, 0, fields("part 2"));
    main.absorb(structuredClone(far.state()));
    main.absorb(structuredClone(next.state()));
    main.add(0, 0, 20005, 0, fields("kept here, after"));
    // the spill file is open, and removed from its folder as soon as it was made
    expect(spills()).toBe(before);
    if (process.platform === "linux") {
      const open = readdirSync("/proc/self/fd").map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return "";
        }
      });
      expect(open.some((l) => l.includes(`.fazhi-spill-${process.pid}-`) && l.endsWith("(deleted)"))).toBe(true);
    }
    const groups = main.group(3, 2);
    expect(groups.records(0, 0).map((r) => [r.a, ...r.fields])).toEqual([
      [0, "单位0 第一条", null],
      [20003, "单位0 最后一条", "\u0002"],
      [20004, "part 2"],
      [20005, "kept here, after"],
    ]);
    expect(groups.records(2, 0).map((r) => [r.a, ...r.fields])).toEqual([
      [-1, "kept here, before the parts"],
      [20001, "单位2 A"],
      [20002, "单位2 B", "😀"],
    ]);
    const odd = groups.records(1, 1);
    expect(odd.length).toBe(10000);
    expect(
      odd.every((r, k) => r.a === 2 * k + 1 && r.fields[0] === `C-${String(2 * k + 1).padStart(12, "0")}` && r.fields[1] === "x"),
    ).toBe(true);
  });

  it("a spill file gives back what was written where it was written, and none is made where none can be", () => {
    const file = SpillFile.open()!;
    expect(file.append(new Uint8Array([1, 2, 3]))).toBe(0);
    expect(file.append(Buffer.from("案卷"))).toBe(3);
    expect(file.read(3, 6).toString()).toBe("案卷");
    expect([...file.read(1, 2)]).toEqual([2, 3]);
    expect(() => file.read(5, 10)).toThrow();
    expect(SpillFile.open("/nonexistent-folder-for-fazhi")).toBeNull();
    // reads of every length one after another (each read's bytes are good until the next one)
    const big = SpillFile.open()!;
    const bytes = Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7919) % 251));
    expect(big.append(bytes)).toBe(0);
    for (const [at, n] of [
      [0, 10],
      [5, 200000],
      [7, 3],
      [1000, 299000],
      [299999, 1],
      [0, 300000],
    ] as const)
      expect(Buffer.compare(big.read(at, n), bytes.subarray(at, at + n))).toBe(0);
  });
});
