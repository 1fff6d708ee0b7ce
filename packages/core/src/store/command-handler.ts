import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { LRUCache } from "lru-cache";
import type { DecidableCommand, Decider } from "../decider/decider.js";
import type { DomainError } from "../errors.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import type { EventStore, StreamVersion } from "./event-store.js";
import type { StoreError } from "./store-error.js";

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
  /** Attempts on a concurrency conflict before giving up with CONCURRENCY_CONFLICT. Default 5. */
  readonly maxAttempts?: number;
  /** Streams whose state stays in memory between commands, so a command reads only new events. Default 10,000; 0 turns it off. */
  readonly cacheSize?: number;
}

export interface CommandHandler<State, Event> {
  /** Validates, decides on the current state and appends; never throws for bad input. */
  handle(input: unknown): Promise<E.Either<HandleError, Handled<State, Event>>>;
  /** The current state of a stream. */
  load(streamId: string): Promise<E.Either<HandleError, { readonly state: State; readonly version: StreamVersion }>>;
}

interface Loaded<State, Event> {
  readonly state: State;
  readonly version: StreamVersion;
  /** Events of the stream by the command that caused them, for idempotent handling. */
  readonly byCommand: Map<string, Event[]>;
}

/**
 * Load, decide, append with the version read; on a conflict, load the new events and decide
 * again, a bounded number of times. The same command id handled twice writes nothing new.
 */
export function commandHandler<Command extends DecidableCommand, State, Event extends LinkworkEvent>(
  store: EventStore,
  decider: Decider<Command, State, Event>,
  options: CommandHandlerOptions = {},
): CommandHandler<State, Event> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const cacheSize = options.cacheSize ?? 10_000;
  const cache = cacheSize > 0 ? new LRUCache<string, Loaded<State, Event>>({ max: cacheSize }) : null;

  function fold(loaded: Loaded<State, Event>, events: readonly Event[], version: StreamVersion): Loaded<State, Event> {
    let state = loaded.state;
    for (const event of events) {
      state = decider.evolve(state, event);
      const causation = event.metadata.causationId;
      const earlier = loaded.byCommand.get(causation);
      if (earlier === undefined) loaded.byCommand.set(causation, [event]);
      // The map is shared by every version of a cached stream, so two concurrent commands can fold
      // the same stored event (one reading it, one having appended it): keep it once.
      else if (!earlier.some((known) => known.metadata.eventId === event.metadata.eventId)) earlier.push(event);
    }
    return { state, version, byCommand: loaded.byCommand };
  }

  async function load(streamId: string): Promise<E.Either<HandleError, Loaded<State, Event>>> {
    const cached = cache?.get(streamId) ?? { state: decider.initialState, version: 0, byCommand: new Map<string, Event[]>() };
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

  async function handle(input: unknown): Promise<E.Either<HandleError, Handled<State, Event>>> {
    const parsed = decider.parse(input);
    if (E.isLeft(parsed)) return parsed;
    const command = parsed.right;
    const streamId = decider.streamId(command);
    const commandId = command.commandId;
    for (let attempt = 1; ; attempt++) {
      const loaded = await load(streamId);
      if (E.isLeft(loaded)) return loaded;
      const { state, version, byCommand } = loaded.right;
      const earlier = byCommand.get(commandId);
      if (earlier !== undefined) return E.right({ streamId, events: earlier, state, version, duplicate: true });
      const decision = decider.decide(command, state);
      if (E.isLeft(decision)) return decision;
      const events = decision.right;
      if (events.length === 0) return E.right({ streamId, events, state, version, duplicate: false });
      const appended = await store.append(streamId, events, version === 0 ? "no_stream" : version);
      if (E.isRight(appended)) {
        const next = fold(loaded.right, events, appended.right.nextExpectedVersion);
        cache?.set(streamId, next);
        return E.right({ streamId, events, state: next.state, version: next.version, duplicate: false });
      }
      // Another writer appended first: load its events and decide again, up to maxAttempts times.
      if (appended.left.code !== "CONCURRENCY_CONFLICT" || attempt >= maxAttempts) return appended;
    }
  }

  return {
    handle,
    load: async (streamId) =>
      pipe(
        await load(streamId),
        E.map(({ state, version }) => ({ state, version })),
      ),
  };
}
