// About 400 lines: the runner's phases (open, catch up, follow, stop) share one closure of state.
import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore, FieldIssue, GlobalPosition, RecordedEvent, StoreError } from "@linkwork/core";
import type { HistoryFacts, Projection } from "../projection.js";
import { openCheckerLane, readErasures, saveCheckerLane, type CheckerLane, type ErasureSource } from "./checker-checkpoint.js";
import { followSubscription } from "./follow-subscription.js";
import { readHistoryFile } from "./read-history-file.js";
import { readAllPages } from "./read-all-pages.js";
import { openLane, saveLane, type ProjectionLane } from "./projection-lane.js";
import type { ProjectionSource } from "./projection-source.js";
import { awaitsRestoredCheck, checkRestoredLane, HistoryFactsCollector } from "./restored-snapshot-check.js";
import { storeFailed, thrownReason, type CatchUpError, type EventFailure, type RunnerError } from "./runner-error.js";
import type { RunnerIntake } from "./runner-intake.js";
import { checkedStoreIntake, storeReading } from "./store-check.js";
import { storeHead } from "./store-head.js";

/** What happens to an event that fails: end the run there, or record it and go on without it. */
export type ErrorPolicy = "stop" | "skip";

/**
 * A projection of any state: the type a set of different projections has. Every `Projection<S>` is
 * one (a `Projection<unknown>[]` would refuse them, since `apply` takes its state as a parameter).
 */
export interface AnyProjection {
  readonly name: string;
  readonly version: number;
  readonly initialState: () => unknown;
  readonly apply: (state: never, event: RecordedEvent) => unknown;
  readonly codec?: { encode(state: never): string; decode(text: string): E.Either<string, unknown> };
  readonly checkRestored?: (state: never, history: HistoryFacts) => string | null;
}

export interface ProjectionRunnerOptions {
  readonly source: ProjectionSource;
  /** The set fed together: each event is read and parsed once, then applied to every projection. */
  readonly projections: readonly AnyProjection[];
  readonly checkpoints: CheckpointStore;
  /** Default "stop". */
  readonly onError?: ErrorPolicy;
  /** Most events per store read and per batch of file lines. Default 1000. */
  readonly batchSize?: number;
  /**
   * Events between checkpoint saves, counted in whole batches. Saves also happen when caught up,
   * before `waitUntilCaughtUp` answers, and at the end of a run. Default: after every batch while
   * saving is cheap, and less often when it is not (see `checkpointTimeShare`).
   */
  readonly checkpointInterval?: number;
  /**
   * Default true: checkpoints of projections with a codec hold a snapshot of the state. false: they
   * hold positions only, so a restarted runner rebuilds them from the start; for one-pass replays
   * whose checkpoints are thrown away (reports from a file), where encoding snapshots is wasted work.
   */
  readonly snapshots?: boolean;
  /** Called after each batch with the events applied so far in this run and the last position. */
  readonly onProgress?: (events: number, position: GlobalPosition | null) => void;
  /** Under "skip": called with every failure passed over (`failures()` keeps only the first `maxRecordedFailures`). */
  readonly onFailure?: (failure: EventFailure) => void;
  /**
   * A store source's key store (or anything answering its erasure count): with it, a runner resumed
   * from checkpoints saved before an erasure rebuilds the read models that can hold a person's
   * details from the start (checker-checkpoint.ts; docs/privacy.md, "Read models after an erasure").
   */
  readonly erasures?: ErasureSource;
  /** Called with what the runner decided on its own, such as such a rebuild: figures and read-model names, never a person or case. */
  readonly onNotice?: (message: string) => void;
}

export type RunnerPhase = "opening" | "running" | "finished" | "stopped" | "failed";

export interface RunnerStatus {
  /** `finished`: the source ended (read-all and file sources, or a closed store); `stopped`: by stop(). */
  readonly phase: RunnerPhase;
  /** Everything the source held when last asked has been applied. */
  readonly caughtUp: boolean;
  /** The last event handled; null before the first (and before any checkpoint). */
  readonly position: GlobalPosition | null;
  /** Events applied to at least one projection in this run. */
  readonly eventsApplied: number;
  /** Events delivered again (at or below every projection's position) and passed over. */
  readonly duplicatesSkipped: number;
  /** Failures recorded under "skip". */
  readonly failures: number;
}

export interface ProjectionRunner {
  /** The end of the run: the final status, or the error that ended it. */
  readonly done: Promise<E.Either<RunnerError, RunnerStatus>>;
  /**
   * Resolves once everything the source held when called has been applied: for a subscription,
   * every event stored at the time of the call (the store is read from the runner's position to
   * find its end); for read-all and file sources, the end of the run.
   */
  waitUntilCaughtUp(): Promise<E.Either<CatchUpError, RunnerStatus>>;
  /** Ends the run after the current batch and saves checkpoints; resolves as `done` does. Idempotent. */
  stop(): Promise<E.Either<RunnerError, RunnerStatus>>;
  status(): RunnerStatus;
  /** The current state of a projection of the set (by identity); undefined before its checkpoint is loaded. */
  state<State>(projection: Projection<State>): State | undefined;
  /** The failures recorded under "skip", in order (the first `maxRecordedFailures`; `status().failures` counts all). */
  failures(): readonly EventFailure[];
}

const defaultBatchSize = 1000;
/**
 * Without a `checkpointInterval`, the share of a run's time that saving checkpoints may take: a save
 * waits until the run has gone on for (1 / share) times as long as the last save took. Small states
 * are saved after every batch; a large state's snapshot (its encoding is most of a save) is taken
 * less often instead of costing more than the replay itself.
 */
export const checkpointTimeShare = 0.05;
/** Failures kept for inspection; a history where every event fails must not fill memory. */
export const maxRecordedFailures = 1000;

/**
 * Starts feeding a set of projections from a source. Each projection resumes from its own
 * checkpoint (`name@vVERSION`); checkpoints are saved by compare-and-set, so a second runner of the
 * same projection stops with CHECKPOINT_CONFLICT instead of writing over the first. Never throws:
 * every problem ends in `done` as a typed RunnerError.
 */
export function startProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  const projections = options.projections as readonly Projection<unknown>[];
  const policy: ErrorPolicy = options.onError ?? "stop";
  const batchSize = options.batchSize ?? defaultBatchSize;
  const checkpointInterval = options.checkpointInterval;
  const onProgress = options.onProgress;
  const snapshots = options.snapshots ?? true;
  const { source, checkpoints } = options;

  let lanes: ProjectionLane[] = [];
  // A store source's history checker (a file's lives in its reader: a file is checked from its start every run).
  let checking: CheckerLane | null = null;
  // Lanes restored from snapshots wait for their check until the read passes their position (restored-snapshot-check.ts).
  let facts: HistoryFactsCollector | null = null;
  let unchecked = 0;
  let phase: RunnerPhase = "opening";
  let caughtUp = false;
  let position: GlobalPosition | null = null;
  let eventsApplied = 0;
  let duplicatesSkipped = 0;
  let failureCount = 0;
  let sinceSave = 0;
  let stopRequested = false;
  let error: RunnerError | null = null;
  const recorded: EventFailure[] = [];
  const closers: (() => Promise<void>)[] = [];
  const waiters: { readonly target: GlobalPosition; readonly resolve: (result: E.Either<CatchUpError, RunnerStatus>) => void }[] = [];

  let markOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));

  const status = (): RunnerStatus => ({ phase, caughtUp, position, eventsApplied, duplicatesSkipped, failures: failureCount });
  const ending = () => stopRequested || error !== null;

  function record(failure: EventFailure): void {
    failureCount += 1;
    if (recorded.length < maxRecordedFailures) recorded.push(failure);
    options.onFailure?.(failure);
  }

  let lastSaveMs = 0;
  let lastSaveEnded = 0;
  const saveDue = () =>
    sinceSave > 0 &&
    (checkpointInterval === undefined
      ? performance.now() - lastSaveEnded >= lastSaveMs / checkpointTimeShare
      : sinceSave >= checkpointInterval);

  // Saves run one at a time: two overlapping compare-and-sets of one lane would conflict with each other.
  let saving: Promise<void> = Promise.resolve();
  function saveAll(): Promise<void> {
    saving = saving.then(async () => {
      sinceSave = 0;
      const started = performance.now();
      try {
        for (const lane of lanes) {
          if (error?.code === "CHECKPOINT_CONFLICT") return;
          const saved = await saveLane(lane, checkpoints, snapshots);
          if (E.isLeft(saved)) {
            error ??= saved.left;
            return;
          }
        }
        // After the projections, and only from a run without error: see CheckerLane.
        if (checking !== null && error === null && source.kind !== "history-file") {
          const saved = await saveCheckerLane(checking, lanes, source.filter, checkpoints);
          if (E.isLeft(saved)) error ??= saved.left;
        }
      } finally {
        lastSaveEnded = performance.now();
        lastSaveMs = lastSaveEnded - started;
      }
    });
    return saving;
  }

  const reached = (target: GlobalPosition) => position !== null && position >= target;

  /** Answers the waiters whose target is reached, after saving checkpoints so a caught-up runner can be restarted. */
  async function settleWaiters(): Promise<void> {
    if (!waiters.some((waiter) => reached(waiter.target))) return;
    if (error === null) await saveAll();
    for (let index = waiters.length - 1; index >= 0; index--) {
      const waiter = waiters[index]!;
      if (error !== null) {
        waiters.splice(index, 1);
        waiter.resolve(E.left(error));
      } else if (reached(waiter.target)) {
        waiters.splice(index, 1);
        waiter.resolve(E.right(status()));
      }
    }
  }

  // The hot loop: no allocation per event; a projection sees an event only if it is after its own position.
  function applyBatch(events: readonly RecordedEvent[], lines: readonly number[] | null): void {
    const laneCount = lanes.length;
    // The furthest any projection has got: an event past it is new to all of them, so no projection's
    // own position needs checking (bigint comparisons, one per projection, were a tenth of a replay's
    // apply time). A fresh replay only ever takes this path.
    let furthest = furthestHandled();
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      const at = event.position;
      if (unchecked > 0 && !checkRestoredBefore(event)) return;
      const newToAll = furthest === null || at > furthest;
      let applied = false;
      for (let l = 0; l < laneCount; l++) {
        const lane = lanes[l]!;
        if (!newToAll && lane.handled !== null && at <= lane.handled) continue;
        try {
          lane.state = lane.projection.apply(lane.state, event);
        } catch (thrown) {
          const failure = applyFailed(lane, event, lines === null ? null : (lines[index] ?? null), thrown);
          if (policy === "stop") {
            lane.broken = true;
            error = failure;
            return;
          }
          record(failure);
        }
        lane.handled = at;
        lane.dirty = true;
        applied = true;
      }
      if (applied) {
        eventsApplied += 1;
        sinceSave += 1;
      } else {
        duplicatesSkipped += 1;
      }
      // Every projection is at or past each event delivered, so an event new to all is past `position` too.
      if (newToAll) {
        furthest = at;
        position = at;
      } else if (position === null || at > position) {
        position = at;
      }
    }
  }

  /** Checks the restored lanes this event is past (the facts hold everything before it), then notes the event. */
  function checkRestoredBefore(event: RecordedEvent): boolean {
    for (const lane of lanes) {
      if (!lane.restoredUnchecked || lane.handled === null || event.position <= lane.handled) continue;
      unchecked -= 1;
      error ??= checkRestoredLane(lane, facts!);
      if (error !== null) return false;
    }
    if (unchecked > 0) facts!.note(event);
    return true;
  }

  /** At the end of what there is to read: every restored lane the read reached is checked. */
  function checkRestoredReached(): void {
    for (const lane of lanes) {
      if (unchecked === 0 || !lane.restoredUnchecked || lane.handled === null || !reached(lane.handled)) continue;
      unchecked -= 1;
      error ??= checkRestoredLane(lane, facts!);
    }
  }

  function furthestHandled(): GlobalPosition | null {
    let furthest: GlobalPosition | null = null;
    for (const lane of lanes) if (lane.handled !== null && (furthest === null || lane.handled > furthest)) furthest = lane.handled;
    return furthest;
  }

  const intake = (after: GlobalPosition | null): RunnerIntake => ({
    after,
    batchSize,
    ending,
    deliver: async (events, lines) => {
      if (events.length === 0) return;
      caughtUp = false;
      applyBatch(events, lines);
      if (error === null && saveDue()) await saveAll();
      onProgress?.(eventsApplied, position);
      await settleWaiters();
    },
    refused: (failure) => {
      if (policy === "stop") error ??= failure;
      else record(failure);
    },
    redelivered: (count) => {
      duplicatesSkipped += count;
    },
    reached: async (at) => {
      if (position === null || at > position) position = at;
      await settleWaiters();
    },
    caughtUp: async () => {
      if (unchecked > 0) checkRestoredReached();
      caughtUp = true;
      await saveAll();
      await settleWaiters();
    },
    fail: (failure) => {
      error ??= failure;
    },
    onStop: (close) => {
      closers.push(close);
    },
  });

  async function read(after: GlobalPosition | null): Promise<void> {
    const feed = intake(after);
    try {
      if (source.kind === "history-file") return await readHistoryFile(source.path, feed);
      const plan = storeReading(source.filter);
      if ("error" in plan) return void (error ??= storeFailed(plan.error, "reading the store"));
      // Opened by run() for every store source before reading.
      if (checking === null) return;
      const { filter, wanted } = plan.reading;
      const checked = checkedStoreIntake(feed, checking.checker, wanted);
      switch (source.kind) {
        case "read-all":
          return await readAllPages(source.store, filter, checked);
        case "subscription":
          return await followSubscription(source.store, filter, checked);
      }
    } catch (thrown) {
      // Store adapters answer with Eithers; one that throws anyway is reported, not propagated.
      const unavailable: StoreError = { code: "STORE_UNAVAILABLE", message: thrownReason(thrown), retryable: false };
      error ??= storeFailed(unavailable, "reading the source");
    }
  }

  async function run(): Promise<E.Either<RunnerError, RunnerStatus>> {
    const invalid = checkOptions(projections, batchSize, checkpointInterval, policy, snapshots);
    if (invalid !== null) return end(invalid);
    const opening: ProjectionLane[] = [];
    for (const projection of projections) {
      const lane = await openLane(projection, checkpoints);
      if (E.isLeft(lane)) return end(lane.left);
      opening.push(lane.right);
    }
    lanes = opening;
    // Read from the projection furthest behind; the others pass over what they already have.
    position = lanes.some((lane) => lane.handled === null)
      ? null
      : lanes.reduce<GlobalPosition>((low, lane) => (lane.handled! < low ? lane.handled! : low), lanes[0]!.handled!);
    if (source.kind !== "history-file") {
      // A store is read from where its checker got to (or from the start, with a new one).
      const saving = snapshots && projections.every((projection) => projection.codec !== undefined);
      const erasures = await readErasures(options.erasures);
      if (E.isLeft(erasures)) return end(erasures.left);
      const opened = await openCheckerLane(lanes, source.filter, checkpoints, saving, erasures.right);
      if (E.isLeft(opened)) return end(opened.left);
      checking = opened.right;
      position = checking.from;
      if (checking.notice !== null) options.onNotice?.(checking.notice);
    }
    // Read from the start (a file always is), the facts before each snapshot's position are seen: restored
    // lanes are checked against them. A store read from the checker's checkpoint sees no facts before it.
    const fromStart = source.kind === "history-file" || position === null;
    for (const lane of lanes) {
      if (fromStart && awaitsRestoredCheck(lane)) unchecked += 1;
      else lane.restoredUnchecked = false;
    }
    if (unchecked > 0) facts = new HistoryFactsCollector();
    phase = "running";
    markOpened();
    if (!stopRequested) await read(position);
    // After a conflict another runner owns the checkpoints: write nothing more.
    if (error?.code !== "CHECKPOINT_CONFLICT") await saveAll();
    return end(error);
  }

  function end(failure: RunnerError | null): E.Either<RunnerError, RunnerStatus> {
    error = failure;
    phase = failure !== null ? "failed" : stopRequested ? "stopped" : "finished";
    if (phase === "finished" && source.kind !== "subscription") caughtUp = true;
    markOpened();
    const stoppedFirst: CatchUpError = { code: "STOPPED_BEFORE_CAUGHT_UP", message: "the runner ended before it caught up" };
    for (const waiter of waiters.splice(0)) {
      waiter.resolve(failure !== null ? E.left(failure) : reached(waiter.target) ? E.right(status()) : E.left(stoppedFirst));
    }
    return failure !== null ? E.left(failure) : E.right(status());
  }

  const done = run();

  async function waitUntilCaughtUp(): Promise<E.Either<CatchUpError, RunnerStatus>> {
    await opened;
    if (source.kind !== "subscription" || phase !== "running") {
      const result = await done;
      if (E.isLeft(result)) return result;
      return result.right.caughtUp
        ? result
        : E.left({ code: "STOPPED_BEFORE_CAUGHT_UP", message: "the runner was stopped before it caught up" });
    }
    const head = await storeHead(source.store, position, source.filter);
    if (E.isLeft(head)) return E.left(storeFailed(head.left, "finding the end of the store"));
    const target = head.right;
    if (target === null || reached(target)) {
      await saveAll();
      return error !== null ? E.left(error) : E.right(status());
    }
    if (phase !== "running") return waitUntilCaughtUp();
    return new Promise((resolve) => waiters.push({ target, resolve }));
  }

  return {
    done,
    waitUntilCaughtUp,
    stop: () => {
      stopRequested = true;
      for (const close of closers.splice(0)) void close();
      return done;
    },
    status,
    state: <State>(projection: Projection<State>) =>
      lanes.find((lane) => lane.projection === (projection as Projection<unknown>))?.state as State | undefined,
    failures: () => recorded.slice(),
  };
}

function applyFailed(lane: ProjectionLane, event: RecordedEvent, line: number | null, thrown: unknown): EventFailure {
  const reason = thrownReason(thrown);
  const where = line === null ? `position ${event.position}` : `line ${line} (position ${event.position})`;
  return {
    code: "APPLY_FAILED",
    message: `${lane.projection.name} failed on ${event.event.type} at ${where} of ${event.streamId}: ${reason}`,
    projection: lane.projection.name,
    position: event.position,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventType: event.event.type,
    line,
    reason,
  };
}

function checkOptions(
  projections: readonly Projection<unknown>[],
  batchSize: number,
  checkpointInterval: number | undefined,
  policy: string,
  snapshots: unknown,
): RunnerError | null {
  const issues: FieldIssue[] = [];
  if (projections.length === 0) issues.push({ path: "projections", message: "must name at least one projection" });
  const names = new Set<string>();
  projections.forEach((projection, index) => {
    if (typeof projection.name !== "string" || projection.name.length === 0)
      issues.push({ path: `projections[${index}].name`, message: "must be a non-empty string" });
    else if (names.has(projection.name))
      issues.push({
        path: `projections[${index}].name`,
        message: `"${projection.name}" appears twice: each projection needs its own checkpoint`,
      });
    names.add(projection.name);
    if (!Number.isSafeInteger(projection.version) || projection.version < 0)
      issues.push({ path: `projections[${index}].version`, message: "must be a whole number, 0 or more" });
  });
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) issues.push({ path: "batchSize", message: "must be a whole number, 1 or more" });
  if (checkpointInterval !== undefined && (!Number.isSafeInteger(checkpointInterval) || checkpointInterval < 1))
    issues.push({ path: "checkpointInterval", message: "must be a whole number, 1 or more" });
  if (typeof snapshots !== "boolean") issues.push({ path: "snapshots", message: "must be true or false" });
  if (policy !== "stop" && policy !== "skip") issues.push({ path: "onError", message: 'must be "stop" or "skip"' });
  if (issues.length === 0) return null;
  return {
    code: "INVALID_RUNNER_OPTIONS",
    message: `invalid runner options: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
    issues,
  };
}
