import { advanceClock, mergedLatest, mergedRetention, unionByKey } from "../shared/partition-merge.js";
import { foldDemandReductionCase } from "./apply.js";
import type { DemandReductionState } from "./state.js";

/**
 * Demand reduction of a history split by person, from its partitions' states
 * (shared/partition-merge.ts): every case, usage record and enrolment of a person is in that
 * person's partition, so cases and people are each in one partition and nothing adds up. Reports
 * list participants sorted by person id, so the merged state's key order changes no interval.
 */
export function mergeDemandReduction(states: readonly DemandReductionState[]): DemandReductionState {
  const first = states[0];
  if (first === undefined) throw new RangeError("merge needs at least one state");
  return {
    settings: first.settings,
    retention: mergedRetention(states.map((state) => state.retention)),
    cases: unionByKey(states.map((state) => state.cases)),
    people: unionByKey(states.map((state) => state.people)),
    // Codes shared within a partition stay valid: only equality of their text is ever asked.
    places: unionByKey(states.map((state) => state.places)),
    // Reference data reaches every partition: each holds every start.
    practiceStarts: unionByKey(states.map((state) => state.practiceStarts)),
    pcnStarts: unionByKey(states.map((state) => state.pcnStarts)),
    latestOccurredAt: mergedLatest(states),
  };
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are folded. */
export function advanceDemandReductionClock(state: DemandReductionState, at: number): void {
  advanceClock(state, at, foldDemandReductionCase);
}
