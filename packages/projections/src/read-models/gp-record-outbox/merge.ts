import { mergedLatest, unionByKey } from "../shared/partition-merge.js";
import type { GpRecordOutboxState, OutboxCase } from "./state.js";

const copyCase = (outboxCase: OutboxCase): OutboxCase => ({ ...outboxCase, pending: new Map(outboxCase.pending) });

/**
 * The outbox of a history split by person, from its partitions' states (shared/partition-merge.ts):
 * a case's events all fall in its person's partition, so each case is in exactly one state.
 */
export function mergeGpRecordOutbox(states: readonly GpRecordOutboxState[]): GpRecordOutboxState {
  const first = states[0];
  if (first === undefined) throw new RangeError("merge needs at least one state");
  return {
    settings: first.settings,
    cases: unionByKey(
      states.map((state) => state.cases),
      copyCase,
    ),
    latestOccurredAt: mergedLatest(states),
  };
}

/** Another partition's event at `at`: the outbox keeps no clock-driven state (nothing is folded by time). */
export function advanceGpRecordOutboxClock(state: GpRecordOutboxState, at: number): void {
  state.latestOccurredAt = Math.max(state.latestOccurredAt ?? Number.NEGATIVE_INFINITY, at);
}
