import { internedIdList, internedIds } from "../shared/interned-ids.js";
import { type MonthlyTallies, monthlyTallies } from "../shared/monthly-tallies.js";
import { advanceClock, compareText, mergedLatest, mergedRetention, sortedIds, unionByKey } from "../shared/partition-merge.js";
import { fold, foldedCounters, sources } from "./apply.js";
import type { ReferralSourceState } from "./state.js";

/**
 * Referral sources of a history split by person, from its partitions' states
 * (shared/partition-merge.ts): retained cases are each in one partition; folded counters add up per
 * month, PCN and source, with PCNs renumbered in sorted order and each month's grid sized exactly.
 */
export function mergeReferralSources(states: readonly ReferralSourceState[]): ReferralSourceState {
  const first = states[0];
  if (first === undefined) throw new RangeError("merge needs at least one state");
  const pcnIds = sortedIds(states.map((state) => state.folded.pcns.keys()));
  const pcns = internedIds(pcnIds);
  const counters = foldedCounters.length;
  const width = pcnIds.length * sources.length * counters;
  const tallies: MonthlyTallies = monthlyTallies(counters);
  const grids = new Map<string, Int32Array>();
  for (const state of states) {
    const names = internedIdList(state.folded.pcns);
    for (const [month, grid] of state.folded.tallies.months) {
      let into = grids.get(month);
      if (into === undefined) {
        into = new Int32Array(width);
        grids.set(month, into);
      }
      for (let cell = 0; cell * counters < grid.length; cell += 1) {
        const source = cell % sources.length;
        const pcn = pcns.get(names[(cell - source) / sources.length] ?? "");
        if (pcn === undefined) continue;
        const target = (pcn * sources.length + source) * counters;
        for (let counter = 0; counter < counters; counter += 1)
          into[target + counter] = (into[target + counter] ?? 0) + (grid[cell * counters + counter] ?? 0);
      }
    }
  }
  for (const [month, grid] of [...grids].sort(([a], [b]) => compareText(a, b))) tallies.months.set(month, grid);
  return {
    settings: first.settings,
    cases: unionByKey(states.map((state) => state.cases)),
    retention: mergedRetention(states.map((state) => state.retention)),
    folded: { pcns, tallies },
    latestOccurredAt: mergedLatest(states),
  };
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are folded. */
export function advanceReferralSourcesClock(state: ReferralSourceState, at: number): void {
  advanceClock(state, at, fold);
}
