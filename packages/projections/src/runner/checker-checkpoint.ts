import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore, EventFilter, GlobalPosition } from "@linkwork/core";
import { HistoryChecker, type ErasureCount } from "@linkwork/core/store-kit";
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
 *
 * Given the key store's erasure count, the checkpoint also records the count the run started
 * under. A resumed runner that finds another count (someone was erased since, or the figure was
 * never recorded) rebuilds from the start every projection that can hold a person's details (those
 * with `checkRestored`): their snapshots may hold an erased person's figures, which no later event
 * takes out. The others (counts by PCN and month, ids: unchanged by an erasure) keep their snapshots.
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
  /** The key store's erasures when this run started (null: no erasure source), saved with the checker. */
  readonly erasures: ErasureCount | null;
  /** The erasures the checkpoint in the store records (as `erasuresKey`): a change is saved even if the checker has not moved. */
  savedErasures: string | null;
  /** The projections this run rebuilds from the start because of erasures since their snapshots (names). */
  readonly rebuilt: readonly string[];
  /** What the rebuild is and why, for the runner's `onNotice` (figures and read-model names only); null: none. */
  readonly notice: string | null;
}

/**
 * Where the erasure count comes from: a key store is one (`KeyStore.erasures`). Only the figures
 * are read, never who was erased.
 */
export interface ErasureSource {
  erasures(): Promise<E.Either<{ readonly message: string }, ErasureCount>>;
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

/** What the checkpoint's snapshot holds: the filter read, the projections' positions, the checker's snapshot, the erasures. */
interface Saved {
  readonly filter: string;
  readonly projections: Readonly<Record<string, string | null>>;
  readonly checker: unknown;
  readonly erasures?: ErasureCount | undefined;
}

/** An erasure count as one comparable string. */
const erasuresKey = (count: ErasureCount | null | undefined): string | null =>
  count === null || count === undefined ? null : `${count.count}@${count.lastAt ?? ""}`;

const filterKey = (filter: EventFilter | undefined): string =>
  JSON.stringify([[...(filter?.categories ?? [])].sort(), [...(filter?.eventTypes ?? [])].sort()]);

export async function openCheckerLane(
  lanes: readonly ProjectionLane[],
  filter: EventFilter | undefined,
  checkpoints: CheckpointStore,
  saving: boolean,
  erasures: ErasureCount | null = null,
): Promise<E.Either<RunnerError, CheckerLane>> {
  const checkpoint = checkerCheckpointName(lanes);
  const loaded = await checkpoints.get(checkpoint);
  if (E.isLeft(loaded)) return E.left(storeFailed(loaded.left, `reading checkpoint ${checkpoint}`));
  const saved = loaded.right?.position ?? null;
  const snapshot = loaded.right?.snapshot;
  const data = snapshot === undefined ? null : parseSaved(snapshot);
  const savedErasures = erasuresKey(data?.erasures);
  const rebuilt = erasures !== null && data !== null && savedErasures !== erasuresKey(erasures) ? rebuildPersonLevel(lanes) : [];
  const notice = rebuilt.length === 0 ? null : rebuildNotice(rebuilt, data?.erasures, erasures!);
  const fresh: CheckerLane = {
    checkpoint,
    checker: new HistoryChecker(),
    from: null,
    saving,
    saved,
    erasures,
    savedErasures,
    rebuilt,
    notice,
  };
  if (
    data === null ||
    rebuilt.length > 0 ||
    data.filter !== filterKey(filter) ||
    !lanes.every((lane) => resumesPast(lane, data.projections))
  )
    return E.right(fresh);
  const restored = HistoryChecker.restore(data.checker);
  if (E.isLeft(restored)) return E.right(fresh);
  return E.right({ ...fresh, checker: restored.right, from: restored.right.storePosition });
}

/**
 * Sends back to the start every lane restored from a snapshot that can hold a person's details
 * (it has `checkRestored`): read from the start, it is rebuilt over the events as they read now,
 * the erased in their erased form. Its checkpoint in the store is overwritten at its next save.
 */
function rebuildPersonLevel(lanes: readonly ProjectionLane[]): string[] {
  const rebuilt: string[] = [];
  for (const lane of lanes) {
    if (lane.handled === null || lane.projection.checkRestored === undefined) continue;
    lane.state = lane.projection.initialState();
    lane.handled = null;
    lane.dirty = false;
    lane.restoredUnchecked = false;
    rebuilt.push(lane.projection.name);
  }
  return rebuilt;
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
    return { filter: data.filter, projections: data.projections, checker: data.checker, erasures: erasureCountOf(data.erasures) };
  } catch {
    return null;
  }
}

function rebuildNotice(rebuilt: readonly string[], then: ErasureCount | undefined, now: ErasureCount): string {
  const since =
    then === undefined
      ? `the checkpoints record no erasure count (${now.count} people erased now)`
      : `people were erased since the checkpoints were saved (${then.count} erased then, ${now.count} now)`;
  return `${since}: rebuilding ${rebuilt.join(", ")} from the start, since their snapshots may hold an erased person's details; the other read models resume from their snapshots`;
}

/**
 * The erasure count at the start of a run, before any event is read (an erasure after it is seen by
 * the next run): null without a source; STORE_FAILED when it cannot be read, since resuming without
 * it could keep an erased person's details.
 */
export async function readErasures(source: ErasureSource | undefined): Promise<E.Either<RunnerError, ErasureCount | null>> {
  if (source === undefined) return E.right(null);
  try {
    const count = await source.erasures();
    if (E.isRight(count)) return E.right(count.right);
    return E.left(
      storeFailed({ code: "STORE_UNAVAILABLE", message: count.left.message, retryable: true }, "reading the key store's erasure count"),
    );
  } catch {
    // A source that throws anyway is reported, not propagated (as store adapters are).
    return E.left(
      storeFailed(
        { code: "STORE_UNAVAILABLE", message: "the erasure source threw", retryable: false },
        "reading the key store's erasure count",
      ),
    );
  }
}

/** A recorded erasure count, or undefined when missing or malformed (then any count differs from it). */
function erasureCountOf(value: unknown): ErasureCount | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { count, lastAt } = value as Partial<Record<keyof ErasureCount, unknown>>;
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) return undefined;
  return lastAt === null || typeof lastAt === "string" ? { count, lastAt } : undefined;
}

/** Saves the checker after the projections' saves, with their saved positions; nothing when it has not moved. */
export async function saveCheckerLane(
  lane: CheckerLane,
  lanes: readonly ProjectionLane[],
  filter: EventFilter | undefined,
  checkpoints: CheckpointStore,
): Promise<E.Either<RunnerError, void>> {
  const position = lane.checker.storePosition;
  const erasures = erasuresKey(lane.erasures);
  if (!lane.saving || position === null || (position === lane.saved && erasures === lane.savedErasures)) return E.right(undefined);
  const projections: Record<string, string | null> = {};
  for (const projection of lanes) projections[projection.checkpoint] = projection.saved?.toString() ?? null;
  const saved: Saved = {
    filter: filterKey(filter),
    projections,
    checker: lane.checker.snapshot(),
    ...(lane.erasures === null ? {} : { erasures: lane.erasures }),
  };
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
  lane.savedErasures = erasures;
  return E.right(undefined);
}
