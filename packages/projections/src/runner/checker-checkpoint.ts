import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore, EventFilter, GlobalPosition } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";
import type { ProjectionLane } from "./projection-lane.js";
import { storeFailed, type RunnerError } from "./runner-error.js";

/**
 * The history checker of a runner reading a store, with its own checkpoint. Its state (every
 * stream's version and rule state, every event id) is saved with the position of the last event it
 * checked, after the projections' checkpoints of the same save and with their positions, so a
 * resumed runner checks the next events as if it had never stopped:
 * - the checkpoint is used when every projection resumes from a snapshot at or past the position it
 *   had when the checker was saved (a save interrupted between the two leaves the projections ahead:
 *   the events between are checked again and passed over by the projections that have them);
 * - otherwise (a projection rebuilds from the start, was reset or bumped, or the checkpoint is
 *   missing, of another filter or of another snapshot version) the store is read from the start
 *   with a new checker, and the projections pass over what they have.
 * A run that ends in an error does not save it: a resumed runner meets the same refusal again.
 */
export interface CheckerLane {
  readonly checkpoint: string;
  readonly checker: HistoryChecker;
  /** Where the store is read from: the checker's position, or null (from the start, a new checker). */
  readonly from: GlobalPosition | null;
  /** Whether the checker is saved: only when every projection's state is (else a restart rebuilds from the start anyway). */
  readonly saving: boolean;
  /** The position in the checkpoint store: what compare-and-set expects next. */
  saved: GlobalPosition | null;
}

/** Bump when what the checkpoint holds around the checker's own snapshot changes. */
const FORMAT = "history-check@v1";

/**
 * The checker's checkpoint name: one per set of projections (two runners of different sets on one
 * checkpoint store keep their own), e.g. `history-check@v1(capacity@v1,caseload@v2)`.
 */
export function checkerCheckpointName(lanes: readonly ProjectionLane[]): string {
  return `${FORMAT}(${lanes
    .map((lane) => lane.checkpoint)
    .sort()
    .join(",")})`;
}

/** What the checkpoint's snapshot holds: the filter read, the projections' positions, the checker's snapshot. */
interface Saved {
  readonly filter: string;
  readonly projections: Readonly<Record<string, string | null>>;
  readonly checker: unknown;
}

const filterKey = (filter: EventFilter | undefined): string =>
  JSON.stringify([[...(filter?.categories ?? [])].sort(), [...(filter?.eventTypes ?? [])].sort()]);

export async function openCheckerLane(
  lanes: readonly ProjectionLane[],
  filter: EventFilter | undefined,
  checkpoints: CheckpointStore,
  saving: boolean,
): Promise<E.Either<RunnerError, CheckerLane>> {
  const checkpoint = checkerCheckpointName(lanes);
  const loaded = await checkpoints.get(checkpoint);
  if (E.isLeft(loaded)) return E.left(storeFailed(loaded.left, `reading checkpoint ${checkpoint}`));
  const saved = loaded.right?.position ?? null;
  const fresh: CheckerLane = { checkpoint, checker: new HistoryChecker(), from: null, saving, saved };
  const snapshot = loaded.right?.snapshot;
  if (snapshot === undefined) return E.right(fresh);
  const data = parseSaved(snapshot);
  if (data === null || data.filter !== filterKey(filter) || !lanes.every((lane) => resumesPast(lane, data.projections)))
    return E.right(fresh);
  const restored = HistoryChecker.restore(data.checker);
  if (E.isLeft(restored)) return E.right(fresh);
  return E.right({ checkpoint, checker: restored.right, from: restored.right.storePosition, saving, saved });
}

/** Whether a projection resumes at or past where it was when the checker was saved. */
function resumesPast(lane: ProjectionLane, projections: Saved["projections"]): boolean {
  if (!(lane.checkpoint in projections)) return false;
  const then = projections[lane.checkpoint];
  // It had handled nothing then: it must resume from a snapshot, or have no checkpoint at all (not rebuild from one without).
  if (then === null || then === undefined) return lane.handled !== null || lane.saved === null;
  return lane.handled !== null && /^[0-9]+$/.test(then) && lane.handled >= BigInt(then);
}

function parseSaved(text: string): Saved | null {
  try {
    const data = JSON.parse(text) as Partial<Saved> | null;
    if (typeof data !== "object" || data === null || typeof data.filter !== "string") return null;
    if (typeof data.projections !== "object" || data.projections === null) return null;
    return { filter: data.filter, projections: data.projections, checker: data.checker };
  } catch {
    return null;
  }
}

/** Saves the checker after the projections' saves, with their saved positions; nothing when it has not moved. */
export async function saveCheckerLane(
  lane: CheckerLane,
  lanes: readonly ProjectionLane[],
  filter: EventFilter | undefined,
  checkpoints: CheckpointStore,
): Promise<E.Either<RunnerError, void>> {
  const position = lane.checker.storePosition;
  if (!lane.saving || position === null || position === lane.saved) return E.right(undefined);
  const projections: Record<string, string | null> = {};
  for (const projection of lanes) projections[projection.checkpoint] = projection.saved?.toString() ?? null;
  const saved: Saved = { filter: filterKey(filter), projections, checker: lane.checker.snapshot() };
  const written = await checkpoints.compareAndSet(lane.checkpoint, lane.saved, { position, snapshot: JSON.stringify(saved) });
  if (E.isLeft(written)) {
    const error = written.left;
    if (error.code === "CHECKPOINT_CONFLICT") {
      return E.left({
        code: "CHECKPOINT_CONFLICT",
        message: `checkpoint ${lane.checkpoint} moved under this runner (another runner checks the same set of projections): stopped`,
        projection: FORMAT,
        checkpoint: lane.checkpoint,
        error,
      });
    }
    return E.left(storeFailed(error, `saving checkpoint ${lane.checkpoint}`));
  }
  lane.saved = position;
  return E.right(undefined);
}
