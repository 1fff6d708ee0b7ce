import type { RecordedEvent } from "@linkwork/core";
import type { AnyProjection } from "../runner/projection-runner.js";
import { occurredAtMs } from "../read-models/shared/occurred-at.js";
import { mergeableReadModels, type AnyMergeable } from "./mergeable-read-models.js";
import type { PersonPartitioner } from "./person-partitions.js";

/** One partition's replay of a set of read models, event by event, in the history's order. */
export interface PartitionReplay {
  /** Every event of the history, in order: applied when it is this partition's, else only its time counts. */
  readonly next: (recorded: RecordedEvent) => void;
  /** The read models' states, in the order of the projections given. */
  readonly states: () => readonly unknown[];
}

/** The mergeable of each projection; throws a RangeError naming one that has none (a programming error). */
export function mergeablesOf(projections: readonly AnyProjection[]): AnyMergeable[] {
  return projections.map((projection) => {
    const found = mergeableReadModels.get(projection.name);
    if (found === undefined) throw new RangeError(`the read model ${projection.name} has no merge`);
    return found;
  });
}

/**
 * Replays partition `index` of `partitioner`: its people's events and the reference data are
 * applied; any other event only moves the clock (see shared/partition-merge.ts).
 */
export function partitionReplay(projections: readonly AnyProjection[], partitioner: PersonPartitioner, index: number): PartitionReplay {
  const mergeables = mergeablesOf(projections);
  // States are the projections' own: `never` is how AnyProjection types a state it cannot name.
  const states = projections.map((projection) => projection.initialState() as never);
  return {
    next(recorded) {
      const route = partitioner.route(recorded);
      if (route === "every" || route === index) {
        for (let at = 0; at < projections.length; at += 1) states[at] = projections[at]!.apply(states[at]!, recorded) as never;
        return;
      }
      const at = occurredAtMs(recorded.event.metadata);
      for (let model = 0; model < projections.length; model += 1) mergeables[model]!.advanceClock(states[model]!, at);
    },
    states: () => states,
  };
}

/** The one-pass states of the read models from every partition's states (`partitionStates[p][model]`). */
export function mergePartitions(projections: readonly AnyProjection[], partitionStates: readonly (readonly unknown[])[]): unknown[] {
  const mergeables = mergeablesOf(projections);
  return mergeables.map((mergeable, model) => mergeable.merge(partitionStates.map((states) => states[model] as never)));
}
