import { advanceClock, compareText, mergedLatest, mergedRetention, unionByKey } from "../shared/partition-merge.js";
import { fold } from "./apply.js";
import type { FundedCase, FundingState, ListedProvider } from "./state.js";

const copyProvider = (provider: ListedProvider): ListedProvider => ({
  ...provider,
  awards: [...provider.awards],
  capacity: [...provider.capacity],
});
const copyCase = (known: FundedCase): FundedCase => ({
  ...known,
  connections: known.connections?.map((connection) => ({ ...connection })) ?? null,
  spends: known.spends === null ? null : [...known.spends],
});

/**
 * Funding of a history split by person, from its partitions' states (shared/partition-merge.ts):
 * every partition holds the whole directory (provider streams go to all), each retained case is in
 * one partition, and folded cells add up.
 */
export function mergeFunding(states: readonly FundingState[]): FundingState {
  const folded = new Map<string, number[]>();
  for (const state of states) {
    for (const [key, counters] of state.folded) {
      const into = folded.get(key);
      if (into === undefined) folded.set(key, [...counters]);
      else counters.forEach((amount, index) => (into[index] = (into[index] ?? 0) + amount));
    }
  }
  return {
    providers: unionByKey(
      states.map((state) => state.providers),
      copyProvider,
    ),
    cases: unionByKey(
      states.map((state) => state.cases),
      copyCase,
    ),
    retention: mergedRetention(states.map((state) => state.retention)),
    folded: new Map([...folded].sort(([a], [b]) => compareText(a, b))),
    latestOccurredAt: mergedLatest(states),
  };
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are folded. */
export function advanceFundingClock(state: FundingState, at: number): void {
  advanceClock(state, at, fold);
}
