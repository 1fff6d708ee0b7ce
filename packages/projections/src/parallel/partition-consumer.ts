import * as E from "fp-ts/lib/Either.js";
import type { RecordedEvent } from "@linkwork/core";
import type { Projection, StateCodec } from "../projection.js";
import { occurredAtMs } from "../read-models/shared/occurred-at.js";
import type { AnyProjection } from "../runner/projection-runner.js";
import { mergeablesOf } from "./partition-replay.js";
import { hashedPartition, personPartitioner, type PersonPartitioner } from "./person-partitions.js";

/** Which part of a history a consumer holds: partition `index` (0-based) of `partitions`. */
export interface PartitionOf {
  readonly partitions: number;
  readonly index: number;
}

/** A partition consumer's state: the case-to-partition map it has learned, and its read models' states. */
export interface PartitionState {
  readonly cases: Map<string, number>;
  /** In the order of the projections given. */
  readonly states: unknown[];
}

/**
 * One partition of a set of read models as a single projection, for any runner and any source: a
 * process (or machine) of its own runs it from the store with `startProjectionRunner`, and its
 * checkpoint, with a snapshot of every read model's state and of the partitioner's case map, is
 * where `mergeStoredPartitions` finds it (docs/projections.md, "Partitioned replay across
 * processes"). Like a worker of a parallel replay it sees every event: its partition's are applied,
 * the others only move the read models' clock. Its checkpoint name carries the partition and every
 * read model's name and version, so consumers of one store keep theirs apart and a new read-model
 * version starts afresh. Throws a RangeError for a partition outside 0..partitions-1 or a read
 * model without a codec or merge (programming errors: nothing a history can cause).
 */
export function partitionProjection(projections: readonly AnyProjection[], partition: PartitionOf): Projection<PartitionState> {
  const { partitions, index } = partition;
  if (!Number.isSafeInteger(partitions) || partitions < 1 || !Number.isSafeInteger(index) || index < 0 || index >= partitions)
    throw new RangeError(
      `partition must be 0 to partitions - 1 of a positive number of partitions, got ${String(index)} of ${String(partitions)}`,
    );
  const mergeables = mergeablesOf(projections);
  const codecs = projections.map((projection) => {
    if (projection.codec === undefined) throw new RangeError(`the read model ${projection.name} has no codec`);
    return projection.codec;
  });
  const partitionOf = hashedPartition(partitions);
  // The partitioner learns into the state's own case map; a decoded state brings a new map.
  let routedFor: PartitionState | null = null;
  let partitioner: PersonPartitioner = personPartitioner(partitions, partitionOf);
  const apply = (state: PartitionState, recorded: RecordedEvent): PartitionState => {
    if (routedFor !== state) {
      partitioner = personPartitioner(partitions, partitionOf, state.cases);
      routedFor = state;
    }
    const route = partitioner.route(recorded);
    const { states } = state;
    if (route === "every" || route === index) {
      for (let at = 0; at < projections.length; at += 1) states[at] = projections[at]!.apply(states[at] as never, recorded);
      return state;
    }
    const at = occurredAtMs(recorded.event.metadata);
    for (let model = 0; model < projections.length; model += 1) mergeables[model]!.advanceClock(states[model] as never, at);
    return state;
  };
  return {
    name: partitionCheckpointPrefix(projections, partition),
    version: 1,
    initialState: () => ({ cases: new Map(), states: projections.map((projection) => projection.initialState()) }),
    apply,
    codec: partitionCodec(codecs),
    // Each read model's snapshot is checked as its own lane's would be: a consumer resumed from a
    // snapshot taken before an erasure must not keep the person's details (restored-snapshot-check.ts).
    checkRestored: (state, history) => {
      for (let at = 0; at < projections.length; at += 1) {
        const problem = projections[at]!.checkRestored?.(state.states[at] as never, history) ?? null;
        if (problem !== null) return `read model ${projections[at]!.name}@v${String(projections[at]!.version)}: ${problem}`;
      }
      return null;
    },
  };
}

/** `partition-2-of-3(caseload@v2,capacity@v1,...)`: the partition, and every read model at its version, in order. */
function partitionCheckpointPrefix(projections: readonly AnyProjection[], { partitions, index }: PartitionOf): string {
  const models = projections.map((projection) => `${projection.name}@v${String(projection.version)}`).join(",");
  return `partition-${String(index + 1)}-of-${String(partitions)}(${models})`;
}

/** The snapshot: the case map as pairs, then each read model's own snapshot, as its codec writes it. */
interface PartitionJson {
  readonly format: 1;
  readonly cases: [string, number][];
  readonly states: string[];
}

function partitionCodec(codecs: readonly NonNullable<AnyProjection["codec"]>[]): StateCodec<PartitionState> {
  return {
    encode(state) {
      const json: PartitionJson = {
        format: 1,
        cases: [...state.cases],
        states: state.states.map((model, at) => codecs[at]!.encode(model as never)),
      };
      return JSON.stringify(json);
    },
    decode(text) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return E.left("the partition snapshot is not JSON");
      }
      if (typeof json !== "object" || json === null) return E.left("the partition snapshot is not an object");
      const { format, cases, states } = json as Partial<Record<keyof PartitionJson, unknown>>;
      if (format !== 1) return E.left("the partition snapshot's format is not 1");
      if (!Array.isArray(cases) || !cases.every(isCasePair))
        return E.left("the partition snapshot's cases are not [caseId, partition] pairs");
      if (!Array.isArray(states) || states.length !== codecs.length || !states.every((state) => typeof state === "string"))
        return E.left(`the partition snapshot does not hold ${String(codecs.length)} read-model snapshots`);
      const decoded: unknown[] = [];
      for (let at = 0; at < codecs.length; at += 1) {
        const state = codecs[at]!.decode(states[at] as string);
        if (E.isLeft(state)) return E.left(`read model ${String(at + 1)}: ${state.left}`);
        decoded.push(state.right);
      }
      return E.right({ cases: new Map(cases), states: decoded });
    },
  };
}

function isCasePair(pair: unknown): pair is [string, number] {
  return (
    Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && Number.isSafeInteger(pair[1]) && (pair[1] as number) >= 0
  );
}
