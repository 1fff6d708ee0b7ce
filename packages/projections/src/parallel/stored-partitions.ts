import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore, GlobalPosition, StoreError } from "@linkwork/core";
import { checkpointName } from "../runner/projection-lane.js";
import type { AnyProjection } from "../runner/projection-runner.js";
import { partitionProjection } from "./partition-consumer.js";
import { mergePartitions } from "./partition-replay.js";

/** Why the partitions' checkpoints could not be merged (nothing is merged then). */
export type StoredPartitionsError =
  | { readonly code: "STORE_FAILED"; readonly message: string; readonly error: StoreError }
  /** A partition has no checkpoint with a snapshot yet: its consumer has not run, or not saved. */
  | { readonly code: "PARTITION_MISSING"; readonly message: string; readonly partition: number }
  /** The partitions have read to different positions: a merge is of one prefix of the history. */
  | { readonly code: "PARTITIONS_APART"; readonly message: string; readonly positions: readonly GlobalPosition[] }
  | { readonly code: "SNAPSHOT_INVALID"; readonly message: string; readonly partition: number; readonly reason: string };

/** The merged read-model states (in the order of the projections given) and the position they are at. */
export interface StoredPartitions {
  readonly position: GlobalPosition;
  readonly states: readonly unknown[];
}

/**
 * Reads the checkpoints that `partitions` consumers of `partitionProjection(projections, ...)` saved
 * in `checkpoints` and merges their read models' states into the one-pass states. Every partition
 * must have saved a snapshot at the same position (the consumers read the same prefix of the
 * store's order), else nothing is merged: the store's checkpoints are the only meeting point of
 * the consumers, there is no coordinator. The projections must be the consumers' (same read
 * models, same settings, same order). Throws a RangeError for a partition count below 1 (a
 * programming error).
 */
export async function mergeStoredPartitions(
  checkpoints: CheckpointStore,
  projections: readonly AnyProjection[],
  partitions: number,
): Promise<E.Either<StoredPartitionsError, StoredPartitions>> {
  if (!Number.isSafeInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a positive integer, got ${String(partitions)}`);
  const positions: GlobalPosition[] = [];
  const partitionStates: (readonly unknown[])[] = [];
  for (let index = 0; index < partitions; index += 1) {
    const projection = partitionProjection(projections, { partitions, index });
    const name = checkpointName(projection);
    const partition = index + 1;
    const loaded = await checkpoints.get(name);
    if (E.isLeft(loaded))
      return E.left({ code: "STORE_FAILED", message: `reading checkpoint ${name}: ${loaded.left.message}`, error: loaded.left });
    const snapshot = loaded.right?.snapshot;
    if (loaded.right === null || snapshot === undefined)
      return E.left({
        code: "PARTITION_MISSING",
        message: `partition ${String(partition)} of ${String(partitions)} has no checkpoint with a snapshot (${name}): run its consumer first`,
        partition,
      });
    const decoded = projection.codec!.decode(snapshot);
    if (E.isLeft(decoded))
      return E.left({
        code: "SNAPSHOT_INVALID",
        message: `the snapshot of partition ${String(partition)} does not decode: ${decoded.left}`,
        partition,
        reason: decoded.left,
      });
    positions.push(loaded.right.position);
    partitionStates.push(decoded.right.states);
  }
  if (positions.some((position) => position !== positions[0]))
    return E.left({
      code: "PARTITIONS_APART",
      message: `the partitions are at different positions (${positions.join(", ")}): run every consumer to the same end of the store, then merge`,
      positions,
    });
  return E.right({ position: positions[0]!, states: mergePartitions(projections, partitionStates) });
}
