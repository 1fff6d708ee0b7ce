import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { LRUCache } from "lru-cache";
import type { DecidableCommand, Decider } from "../decider/decider.js";
import type { DomainError } from "../errors.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import { defaultMaxClockSkewMs } from "../events/occurred-at.js";
import type { EventStore, StreamVersion } from "./event-store.js";
import type { StoreError } from "./store-error.js";
import { commandDigest } from "./command-digest.js";
import { CommandVersions } from "./command-versions.js";
import { backoffDelay, retrySettings, type RetryOptions } from "./retry-backoff.js";
import { streamQueue } from "./stream-queue.js";

export type HandleError = DomainError | StoreError;

export interface Handled<State, Event> {
  readonly streamId: string;
  /** The events this command caused (for a repeated command: the ones it caused the first time). */
  readonly events: readonly Event[];
  /** The stream's state after them. */
  readonly state: State;
  /** The stream's version after them. */
  readonly version: StreamVersion;
  /** True when this command id had been handled before and nothing new was written. */
  readonly duplicate: boolean;
}

export interface CommandHandlerOptions {
  /** Retries of an append another process got in first: 5 attempts, pauses of full jitter from 5 ms doubling to 200 ms. */
  readonly retry?: RetryOptions;
  /** Streams whose state stays in memory between commands, so a command reads only new events. Default 10,000; 0 turns it off. */
  readonly cacheSize?: number;
  /** Milliseconds since the epoch, read to refuse commands dated in the future. Default Date.now. */
  readonly clock?: () => number;
  /** How far a command's occurredAt may lie ahead of the clock. Default 5 minutes; Infinity turns the check off. */
  readonly maxClockSkewMs?: number;
  /** Uniform in [0, 1), for the jitter of retry pauses. Default Math.random. */
  readonly random?: () => number;
  /** Waits between retries. Default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The default allowance for clocks that disagree, shared with the history checker (events/occurred-at.ts). */
export { defaultMaxClockSkewMs };

const sleepWithTimer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface CommandHandler<State, Event> {
  /** Validates, decides on the current state and appends; never throws for bad input. */
  handle(input: unknown): Promise<E.Either<HandleError, Handled<State, Event>>>;
  /** The current state of a stream. */
  load(streamId: string): Promise<E.Either<HandleError, { readonly state: State; readonly version: StreamVersion }>>;
  /**
   * Drops the stream's cached state, for a caller done with it (a closed case), so memory follows
   * the streams still in use. Nothing is lost: a later command or load reads the stream back from
   * the store, as after the cache evicted it; a command still running on it may cache it again.
   */
  release(streamId: string): void;
}

interface Loaded<State> {
  readonly state: State;
  readonly version: StreamVersion;
  /**
   * The stream version of each command's first event, for idempotent handling. Not the events: a
   * repeat is rare and reads them back, so a cached stream costs its state and a few bytes a
   * command, not its history (a simulated national year holds millions of streams open at once).
   */
  readonly byCommand: CommandVersions;
}

/**
 * Load, decide, append with the version read. Commands on one stream queue behind each other in
 * this process, so they never conflict among themselves; a conflict with another process is retried
 * after a jittered pause, a bounded number of times. The same command id handled twice writes
 * nothing new; the same id with a different command is refused with COMMAND_ID_REUSED.
 */
export function commandHandler<Command extends DecidableCommand, State, Event extends LinkworkEvent>(
  store: EventStore,
  decider: Decider<Command, State, Event>,
  options: CommandHandlerOptions = {},
): CommandHandler<State, Event> {
  const retry = retrySettings(options.retry);
  const clock = options.clock ?? Date.now;
  const maxClockSkewMs = Math.max(0, options.maxClockSkewMs ?? defaultMaxClockSkewMs);
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepWithTimer;
  const queue = streamQueue();
  const cacheSize = options.cacheSize ?? 10_000;
  const cache = cacheSize > 0 ? new LRUCache<string, Loaded<State>>({ max: cacheSize }) : null;

  /** `events` are the stream's from version `loaded.version + 1` on, in order. */
  function fold(loaded: Loaded<State>, events: readonly Event[], version: StreamVersion): Loaded<State> {
    let state = loaded.state;
    let at = loaded.version;
    let previous: string | null = null;
    for (const event of events) {
      state = decider.evolve(state, event);
      at += 1;
      // A command's events are appended together, so a command begins where the causation changes.
      // The notes are shared by every version of a cached stream, so two concurrent commands can
      // fold the same stored event (one reading it, one having appended it): a version is noted once.
      if (event.metadata.causationId !== previous) loaded.byCommand.add(event.metadata.causationId, at);
      previous = event.metadata.causationId;
    }
    return { state, version, byCommand: loaded.byCommand };
  }

  /**
   * The events this command caused on the stream, read back from where it may begin (by its id's
   * hash); null when it has not been handled here.
   */
  async function earlierEvents(
    streamId: string,
    commandId: string,
    byCommand: CommandVersions,
  ): Promise<E.Either<HandleError, Event[] | null>> {
    for (const first of byCommand.candidates(commandId)) {
      const read = await store.readStream(streamId, { fromVersion: first - 1 });
      if (E.isLeft(read)) return read;
      const events: Event[] = [];
      for (const recorded of read.right) {
        // A command's events are appended together, so they are consecutive in its stream.
        if (recorded.event.metadata.causationId !== commandId || !decider.owns(recorded.event)) break;
        events.push(recorded.event);
      }
      // Another id with the same hash begins there when nothing matches.
      if (events.length > 0) return E.right(events);
    }
    return E.right(null);
  }

  async function load(streamId: string): Promise<E.Either<HandleError, Loaded<State>>> {
    const cached = cache?.get(streamId) ?? { state: decider.initialState, version: 0, byCommand: new CommandVersions() };
    const read = await store.readStream(streamId, { fromVersion: cached.version });
    if (E.isLeft(read)) return read;
    const events: Event[] = [];
    let version = cached.version;
    for (const recorded of read.right) {
      if (!decider.owns(recorded.event)) {
        return E.left({
          code: "VALIDATION_FAILED",
          message: `stream ${streamId} holds a ${recorded.event.type} event, which does not belong to it`,
          issues: [{ path: `${streamId}@${recorded.streamVersion}.type`, message: "event type does not belong to this stream" }],
        });
      }
      events.push(recorded.event);
      version = recorded.streamVersion;
    }
    const loaded = events.length === 0 ? cached : fold(cached, events, version);
    cache?.set(streamId, loaded);
    return E.right(loaded);
  }

  function inFuture(command: Command): DomainError | null {
    const latest = clock() + maxClockSkewMs;
    if (!Number.isFinite(latest) || Date.parse(command.occurredAt) <= latest) return null;
    const latestAccepted = new Date(latest).toISOString();
    return {
      code: "OCCURRED_IN_FUTURE",
      message: `occurredAt ${command.occurredAt} is after ${latestAccepted}, the latest this service accepts now`,
      occurredAt: command.occurredAt,
      latestAccepted,
    };
  }

  function withDigest(events: readonly Event[], digest: string): Event[] {
    return events.map((event) => ({ ...event, metadata: { ...event.metadata, commandDigest: digest } }));
  }

  async function decideAndAppend(command: Command, streamId: string): Promise<E.Either<HandleError, Handled<State, Event>>> {
    const commandId = command.commandId;
    const digest = commandDigest(command);
    for (let attempt = 1; ; attempt++) {
      const loaded = await load(streamId);
      if (E.isLeft(loaded)) return loaded;
      const { state, version, byCommand } = loaded.right;
      const repeated = await earlierEvents(streamId, commandId, byCommand);
      if (E.isLeft(repeated)) return repeated;
      const earlier = repeated.right;
      if (earlier !== null) {
        const stored = earlier[0]?.metadata.commandDigest;
        // Events written before digests existed carry none: such a repeat is taken as a retry.
        if (stored !== undefined && stored !== digest)
          return E.left({
            code: "COMMAND_ID_REUSED",
            message: `command id ${commandId} was already used for a different command on ${streamId}`,
            commandId,
          });
        return E.right({ streamId, events: earlier, state, version, duplicate: true });
      }
      const decision = decider.decide(command, state);
      if (E.isLeft(decision)) return decision;
      const events = withDigest(decision.right, digest);
      if (events.length === 0) return E.right({ streamId, events, state, version, duplicate: false });
      const appended = await store.append(streamId, events, version === 0 ? "no_stream" : version);
      if (E.isRight(appended)) {
        const next = fold(loaded.right, events, appended.right.nextExpectedVersion);
        cache?.set(streamId, next);
        return E.right({ streamId, events, state: next.state, version: next.version, duplicate: false });
      }
      // Another process appended first (this one's commands wait in the queue): pause, reload, decide again.
      if (appended.left.code !== "CONCURRENCY_CONFLICT" || attempt >= retry.maxAttempts) return appended;
      await sleep(backoffDelay(attempt, retry, random));
    }
  }

  async function handle(input: unknown): Promise<E.Either<HandleError, Handled<State, Event>>> {
    const parsed = decider.parse(input);
    if (E.isLeft(parsed)) return parsed;
    const command = parsed.right;
    const future = inFuture(command);
    if (future !== null) return E.left(future);
    const streamId = decider.streamId(command);
    return queue.run(streamId, () => decideAndAppend(command, streamId));
  }

  return {
    handle,
    load: async (streamId) =>
      pipe(
        await load(streamId),
        E.map(({ state, version }) => ({ state, version })),
      ),
    release: (streamId) => {
      cache?.delete(streamId);
    },
  };
}
