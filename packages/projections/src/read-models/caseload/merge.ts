import { advanceClock, mergedLatest, mergedRetention, unionByKey } from "../shared/partition-merge.js";
import { forgetCase } from "./apply.js";
import type { CaseloadState } from "./state.js";

/**
 * The caseload of a history split by person, from its partitions' states (shared/partition-merge.ts):
 * cases are each in one partition; link workers are reference data every partition holds whole.
 */
export function mergeCaseload(states: readonly CaseloadState[]): CaseloadState {
  const first = states[0];
  if (first === undefined) throw new RangeError("merge needs at least one state");
  return {
    settings: first.settings,
    cases: unionByKey(states.map((state) => state.cases)),
    linkWorkers: new Map(first.linkWorkers),
    latestOccurredAt: mergedLatest(states),
    retention: mergedRetention(states.map((state) => state.retention)),
  };
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are forgotten. */
export function advanceCaseloadClock(state: CaseloadState, at: number): void {
  advanceClock(state, at, forgetCase);
}
