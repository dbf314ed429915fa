/**
 * Indicators are aggregated in one pass over a dataset's accepted rows, row by row, so that
 * the loader can feed rows as it streams them and never keep millions of Row objects.
 * An aggregator's result is a list of sink entries, which can cross a worker boundary.
 */
import type { Row } from "../data/types.js";
import type { IndicatorSink, SinkEntry } from "./types.js";
import type { ArenaPart, EvidenceArena } from "./evidence-arena.js";

export type { IndicatorSink, SinkEntry } from "./types.js";

/** Takes a dataset's accepted rows one at a time, then writes its indicators once. */
export interface Aggregator {
  add(row: Row): void;
  finish(sink: IndicatorSink): void;
  /** The state so far, structured-cloneable: a part of a file read elsewhere (a worker) … */
  state(): unknown;
  /** … is merged in here, parts in file order, as if their rows had been added in that order. */
  absorb(state: unknown): void;
}

/** Per-unit accumulators as [unitId, accumulator] pairs (a Map's state). */
export type UnitStates<T> = [string, T][];

/** An aggregator over per-unit accumulators: its state is the [unitId, accumulator] pairs, and
 * a part read elsewhere is merged unit by unit with `merge(into, from)`. */
export function unitAggregator<T>(
  acc: Map<string, T>,
  add: (row: Row) => void,
  finish: (sink: IndicatorSink) => void,
  merge: (into: T, from: T) => void,
): Aggregator {
  return {
    add,
    finish,
    state: (): UnitStates<T> => [...acc],
    absorb(state) {
      for (const [unitId, from] of state as UnitStates<T>) {
        const into = acc.get(unitId);
        if (into) merge(into, from);
      }
    },
  };
}

/** An aggregator over per-unit counters and an arena of the records behind them: its state is
 * the counters' [unitId, accumulator] pairs and the arena's records (evidence-arena.ts). */
export function arenaAggregator<T>(
  acc: Map<string, T>,
  arena: EvidenceArena,
  add: (row: Row) => void,
  finish: (sink: IndicatorSink) => void,
  merge: (into: T, from: T) => void,
): Aggregator {
  const counters = unitAggregator(acc, add, finish, merge);
  return {
    add,
    finish,
    state: () => ({ units: counters.state(), arena: arena.state() }),
    absorb(state) {
      const s = state as { units: unknown; arena: ArenaPart };
      counters.absorb(s.units);
      arena.absorb(s.arena);
    },
  };
}

/** Append `from` to `into` (without spreading a large array onto the stack). */
export function append<T>(into: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) into.push(from[i]!);
}

/** A sink that records what is set, for replay elsewhere (e.g. after a worker thread). */
export function recordingSink(): IndicatorSink & { entries: SinkEntry[] } {
  const entries: SinkEntry[] = [];
  return {
    entries,
    set(unitId, key, value, detail) {
      entries.push(detail ? [unitId, key, value, detail] : [unitId, key, value]);
    },
  };
}

export function replay(entries: readonly SinkEntry[], sink: IndicatorSink): void {
  for (const [unitId, key, value, detail] of entries) sink.set(unitId, key, value, detail);
}
