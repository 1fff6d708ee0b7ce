import type { CalendarMonth } from "../shared/calendar-month.js";
import { advanceClock, compareText, mergedLatest, mergedRetention, unionByKey } from "../shared/partition-merge.js";
import { emptyFoldedMonth, foldCase } from "./apply.js";
import type { CapacityFoldedMonth, CapacityFoldedPcn, CapacityState } from "./state.js";

/**
 * Capacity of a history split by person, from its partitions' states (shared/partition-merge.ts):
 * retained cases are each in one partition; folded counts add up per PCN and month; link workers'
 * hours and list sizes are reference data every partition holds whole.
 */
export function mergeCapacity(states: readonly CapacityState[]): CapacityState {
  const first = states[0];
  if (first === undefined) throw new RangeError("merge needs at least one state");
  const folded = new Map<string, CapacityFoldedPcn>();
  for (const state of states) {
    for (const [pcnId, pcn] of state.folded) {
      const into = folded.get(pcnId) ?? { firstReferredAt: pcn.firstReferredAt, months: new Map<CalendarMonth, CapacityFoldedMonth>() };
      into.firstReferredAt = Math.min(into.firstReferredAt, pcn.firstReferredAt);
      for (const [month, counts] of pcn.months) {
        const sum = into.months.get(month) ?? emptyFoldedMonth();
        sum.referrals += counts.referrals;
        sum.accepted += counts.accepted;
        sum.declined += counts.declined;
        sum.rejected += counts.rejected;
        sum.peopleSupported += counts.peopleSupported;
        sum.referralsDeclined += counts.referralsDeclined;
        sum.referralsDecided += counts.referralsDecided;
        sum.waitingChange += counts.waitingChange;
        into.months.set(month, sum);
      }
      folded.set(pcnId, into);
    }
  }
  for (const pcn of folded.values()) {
    const months = [...pcn.months].sort(([a], [b]) => compareText(a, b));
    pcn.months.clear();
    for (const [month, counts] of months) pcn.months.set(month, counts);
  }
  return {
    settings: first.settings,
    cases: unionByKey(states.map((state) => state.cases)),
    folded: new Map([...folded].sort(([a], [b]) => compareText(a, b))),
    retention: mergedRetention(states.map((state) => state.retention)),
    linkWorkers: new Map(first.linkWorkers),
    listSizes: new Map(first.listSizes),
    latestOccurredAt: mergedLatest(states),
  };
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are folded. */
export function advanceCapacityClock(state: CapacityState, at: number): void {
  advanceClock(state, at, foldCase);
}
