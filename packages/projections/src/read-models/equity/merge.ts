import { advanceDemandReductionClock, mergeDemandReduction } from "../demand-reduction/merge.js";
import { mergedLatest, unionByKey } from "../shared/partition-merge.js";
import type { EquityState } from "./state.js";

/**
 * Equity of a history split by person (shared/partition-merge.ts): each case is in its person's
 * partition; practice compositions are reference data every partition holds whole; the
 * demand-reduction part merges as that read model does.
 */
export function mergeEquity(states: readonly EquityState[]): EquityState {
  const first = states[0];
  if (first === undefined) throw new RangeError("merge needs at least one state");
  return {
    settings: first.settings,
    cases: unionByKey(states.map((state) => state.cases)),
    practices: unionByKey([first.practices]),
    demand: mergeDemandReduction(states.map((state) => state.demand)),
    latestOccurredAt: mergedLatest(states),
  };
}

/** Another partition's event at `at`: the clock moves on; only the demand-reduction part folds cases. */
export function advanceEquityClock(state: EquityState, at: number): void {
  if (state.latestOccurredAt === null || at > state.latestOccurredAt) state.latestOccurredAt = at;
  advanceDemandReductionClock(state.demand, at);
}
