import * as E from "fp-ts/lib/Either.js";
import type { Checkpoint, CheckpointStore, GlobalPosition } from "@linkwork/core";
import type { Projection } from "../projection.js";
import { storeFailed, type RunnerError } from "./runner-error.js";

/**
 * One projection of a runner's set, with where it has got to. Each projection keeps its own
 * checkpoint, so projections of one set may resume from different positions: an event reaches a
 * projection only if it lies after that projection's position, which is what makes redelivered
 * events (at-least-once delivery) have exactly one effect.
 */
export interface ProjectionLane {
  readonly projection: Projection<unknown>;
  readonly checkpoint: string;
  state: unknown;
  /** The last event this projection has handled (applied, or skipped under "skip"); null: none yet. */
  handled: GlobalPosition | null;
  /** The position saved in the checkpoint store: what compare-and-set expects next. */
  saved: GlobalPosition | null;
  /** Handled events not saved yet. */
  dirty: boolean;
  /** Threw under "stop": its state may be half updated, so this run never saves it again. */
  broken: boolean;
  /** Restored from a snapshot and not yet checked against the history up to it (restored-snapshot-check.ts). */
  restoredUnchecked: boolean;
}

/**
 * The checkpoint of a projection at one version. The version is part of the name, so bumping it
 * finds no checkpoint and rebuilds from the start, while the old version's checkpoint stays as it
 * was (a rollback to the old version resumes where that one stopped).
 */
export function checkpointName(projection: Pick<Projection<unknown>, "name" | "version">): string {
  return `${projection.name}@v${projection.version}`;
}

/**
 * Loads a projection's checkpoint. With a snapshot and a codec the state resumes at the saved
 * position; otherwise (no codec, or no snapshot saved) the state cannot be restored, so the
 * projection rebuilds from the start and its checkpoint is moved back as it goes.
 */
export async function openLane(
  projection: Projection<unknown>,
  checkpoints: CheckpointStore,
): Promise<E.Either<RunnerError, ProjectionLane>> {
  const checkpoint = checkpointName(projection);
  const loaded = await checkpoints.get(checkpoint);
  if (E.isLeft(loaded)) return E.left(storeFailed(loaded.left, `reading checkpoint ${checkpoint}`));
  const saved = loaded.right;
  const lane: ProjectionLane = {
    projection,
    checkpoint,
    state: undefined,
    handled: null,
    saved: saved?.position ?? null,
    dirty: false,
    broken: false,
    restoredUnchecked: false,
  };
  if (saved === null || saved.snapshot === undefined || projection.codec === undefined) {
    lane.state = projection.initialState();
    return E.right(lane);
  }
  const decoded = projection.codec.decode(saved.snapshot);
  if (E.isLeft(decoded)) {
    return E.left({
      code: "SNAPSHOT_INVALID",
      message: `the snapshot in checkpoint ${checkpoint} does not decode: ${decoded.left}; reset the checkpoint to rebuild ${projection.name}`,
      projection: projection.name,
      checkpoint,
      reason: decoded.left,
    });
  }
  lane.state = decoded.right;
  lane.handled = saved.position;
  lane.restoredUnchecked = true;
  return E.right(lane);
}

/** Saves a lane's position (and snapshot, with a codec unless `snapshots` is false) by compare-and-set. */
export async function saveLane(lane: ProjectionLane, checkpoints: CheckpointStore, snapshots = true): Promise<E.Either<RunnerError, void>> {
  if (!lane.dirty || lane.broken || lane.handled === null) return E.right(undefined);
  const codec = snapshots ? lane.projection.codec : undefined;
  const next: Checkpoint =
    codec === undefined ? { position: lane.handled } : { position: lane.handled, snapshot: codec.encode(lane.state) };
  const written = await checkpoints.compareAndSet(lane.checkpoint, lane.saved, next);
  if (E.isLeft(written)) {
    const error = written.left;
    if (error.code === "CHECKPOINT_CONFLICT") {
      return E.left({
        code: "CHECKPOINT_CONFLICT",
        message: `checkpoint ${lane.checkpoint} moved under this runner (another runner holds ${lane.projection.name}): stopped`,
        projection: lane.projection.name,
        checkpoint: lane.checkpoint,
        error,
      });
    }
    return E.left(storeFailed(error, `saving checkpoint ${lane.checkpoint}`));
  }
  lane.saved = next.position;
  // Events applied while the write was in flight are still to be saved.
  lane.dirty = lane.handled !== next.position;
  return E.right(undefined);
}
