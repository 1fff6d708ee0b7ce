import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  START,
  eventTypeFilter,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventData,
  type Filter,
  type Position,
  type ResolvedEvent,
  type StreamingRead,
} from "@eventstore/db-client";
import * as E from "fp-ts/lib/Either.js";
import type {
  ClientFailure,
  ClientSubscription,
  EventStoreClient,
  ServerFilter,
  ServerPosition,
  StoredEvent,
  StreamPage,
  SubscriptionSink,
} from "./event-store-client.js";
import { isRecordPosition } from "./global-position.js";

/**
 * The EventStoreClient over @eventstore/db-client 6.2.1: the only file that imports it. Its
 * quirks handled here: errors become ClientFailures (no call rejects); "stream not found" arrives
 * as an error while iterating a read; `caughtUp` and filter checkpoints are reported out of band
 * of the events (put back in order below); positions of stream reads may be missing.
 */
export function dbClient(connectionString: string): E.Either<string, EventStoreClient> {
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    return E.left(messageOf(error));
  }
  return E.right(new DbClient(client));
}

class DbClient implements EventStoreClient {
  readonly #client: EventStoreDBClient;

  constructor(client: EventStoreDBClient) {
    this.#client = client;
  }

  async append(...[stream, events, expected, deadlineMs]: Parameters<EventStoreClient["append"]>): ReturnType<EventStoreClient["append"]> {
    const proposed: EventData[] = events.map(
      (event) =>
        ({ id: event.id, type: event.type, contentType: "application/json", data: event.data, metadata: event.metadata }) as EventData,
    );
    try {
      const result = await this.#client.appendToStream(stream, proposed, { expectedRevision: expected, deadline: deadlineMs });
      return E.right({ lastRevision: result.nextExpectedRevision, position: positionOf(result.position) });
    } catch (error) {
      return E.left(failureOf(error));
    }
  }

  readStream(...[stream, read]: Parameters<EventStoreClient["readStream"]>): ReturnType<EventStoreClient["readStream"]> {
    try {
      const from = read.from === "start" ? START : read.from === "end" ? END : read.from;
      const events = this.#client.readStream(stream, {
        direction: read.direction === "forwards" ? FORWARDS : BACKWARDS,
        fromRevision: from,
        maxCount: read.maxCount,
      });
      return collect(events, true);
    } catch (error) {
      return Promise.resolve(E.left(failureOf(error)));
    }
  }

  async readAll(from: ServerPosition | "start", maxCount: number): ReturnType<EventStoreClient["readAll"]> {
    try {
      const events = this.#client.readAll({ direction: FORWARDS, fromPosition: from === "start" ? START : from, maxCount });
      return E.map((page: StreamPage) => page.events)(await collect(events, false));
    } catch (error) {
      return E.left(failureOf(error));
    }
  }

  subscribeToAll(after: ServerPosition | undefined, filter: ServerFilter, sink: SubscriptionSink): ClientSubscription {
    return orderedSubscription(this.#client, after, filter, sink);
  }

  async truncateBefore(stream: string): ReturnType<EventStoreClient["truncateBefore"]> {
    try {
      const { metadata } = await this.#client.getStreamMetadata(stream);
      const before: unknown = metadata?.truncateBefore;
      if (typeof before !== "number") return E.right(null);
      // long.MaxValue (a soft delete) parses as a double near 9.22e18: too large to be a revision.
      if (before >= deletedThreshold) return E.right("deleted");
      return E.right(Number.isSafeInteger(before) && before > 0 ? BigInt(before) : null);
    } catch (error) {
      return E.left(failureOf(error));
    }
  }

  async setMaxCount(stream: string, maxCount: number): ReturnType<EventStoreClient["setMaxCount"]> {
    try {
      await this.#client.setStreamMetadata(stream, { maxCount });
      return E.right(undefined);
    } catch (error) {
      return E.left(failureOf(error));
    }
  }

  async dispose(): Promise<void> {
    try {
      await this.#client.dispose();
    } catch {
      // Disposing is best effort: the calls it cancels report their own failures.
    }
  }
}

/** `$tb` at or above this is EventStoreDB's DeletedStream marker (long.MaxValue) as JSON.parse reads it. */
const deletedThreshold = 9.2e18;

/** Collects a bounded read through its events rather than `for await`, which costs a promise per event. */
function collect(
  read: StreamingRead<ResolvedEvent | AllStreamResolvedEvent>,
  notFoundIsEmpty: boolean,
): Promise<E.Either<ClientFailure, StreamPage>> {
  return new Promise((resolve) => {
    const events: StoredEvent[] = [];
    read.on("data", (resolved) => {
      const stored = storedOf(resolved);
      if (stored !== null) events.push(stored);
    });
    read.once("error", (error: unknown) => {
      if (notFoundIsEmpty && typeOf(error) === (ErrorType.STREAM_NOT_FOUND as string)) resolve(E.right({ events: [], found: false }));
      else resolve(E.left(failureOf(error)));
    });
    read.once("end", () => resolve(E.right({ events, found: true })));
  });
}

function storedOf(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | null {
  const event = resolved.event;
  if (event === undefined) return null;
  // Without the event's position (stream reads on some servers), the commit position alone stands
  // for both halves: exact for every write but a transaction's, whose events share it.
  const position =
    positionOf(event.position) ??
    (resolved.commitPosition === undefined ? null : positionOf({ commit: resolved.commitPosition, prepare: resolved.commitPosition }));
  return {
    stream: event.streamId,
    revision: event.revision,
    position,
    id: event.id,
    type: event.type,
    isJson: event.isJson,
    data: event.data,
    metadata: event.metadata,
  };
}

function positionOf(position: Position | undefined): ServerPosition | null {
  return position === undefined || !isRecordPosition(position) ? null : { commit: position.commit, prepare: position.prepare };
}

/**
 * Subscribes with the client and reports to the sink in the server's order. The client emits
 * `caughtUp` and calls the checkpoint callback when the server's message is processed, while
 * events before it may still sit in the subscription's buffer; so each mark is held until every
 * event buffered before it has been handed on.
 */
function orderedSubscription(
  client: EventStoreDBClient,
  after: ServerPosition | undefined,
  filter: ServerFilter,
  sink: SubscriptionSink,
): ClientSubscription {
  let subscription: AllStreamSubscription | undefined;
  let detached = false;
  let handedOn = 0;
  const marks: { readonly at: number; readonly apply: () => void }[] = [];
  const mark = (apply: () => void) => {
    if (detached || subscription === undefined) return;
    const at = handedOn + subscription.readableLength;
    if (at <= handedOn && marks.length === 0) apply();
    else marks.push({ at, apply });
  };
  const fail = (failure: ClientFailure) => {
    if (detached) return;
    detached = true;
    sink.failed(failure);
  };
  const checkpointReached = (_: unknown, position: Position) =>
    mark(() => sink.checkpoint({ commit: position.commit, prepare: position.prepare }));
  const serverFilter: Filter =
    filter.on === "stream-name"
      ? streamNameFilter({ prefixes: [...filter.prefixes], checkpointInterval: 1, checkpointReached })
      : eventTypeFilter({ regex: filter.regex, checkpointInterval: 1, checkpointReached });
  try {
    subscription = client.subscribeToAll({
      fromPosition: after ?? START,
      filter: serverFilter,
    });
  } catch (error) {
    queueMicrotask(() => fail(failureOf(error)));
    return { pause: () => undefined, resume: () => undefined, close: () => Promise.resolve() };
  }
  const live = subscription;
  live.on("data", (resolved: AllStreamResolvedEvent) => {
    if (detached) return;
    handedOn += 1;
    const stored = storedOf(resolved);
    if (stored !== null) sink.event(stored);
    while (!detached && marks.length > 0 && marks[0]!.at <= handedOn) marks.shift()!.apply();
  });
  live.on("caughtUp", () => mark(() => sink.caughtUp()));
  live.on("error", (error: unknown) => fail(failureOf(error)));
  // A subscription never ends by itself: if the server ends it, the caller resubscribes.
  live.on("end", () => fail({ kind: "transient", message: "the server ended the subscription" }));
  return {
    pause: () => {
      live.pause();
    },
    resume: () => {
      if (!detached) live.resume();
    },
    close: async () => {
      detached = true;
      try {
        await live.unsubscribe();
      } catch {
        // Already failed or cancelled: nothing left to stop.
      }
    },
  };
}

/** The client's error type (an ErrorType value), if the error is one of the client's. */
function typeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "type" in error && typeof error.type === "string" ? error.type : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The client's error types after which the same call may succeed (the call may also have taken effect). */
const transientTypes: ReadonlySet<string | undefined> = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.CANCELLED,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
]);

/** Sorts the client's errors into what the adapter acts on. */
function failureOf(error: unknown): ClientFailure {
  const type = typeOf(error);
  const field = (name: string): unknown => (error as Record<string, unknown>)[name];
  if (type === ErrorType.WRONG_EXPECTED_VERSION) {
    const actual = field("actualVersion");
    return { kind: "wrong-expected-version", current: typeof actual === "bigint" && actual >= 0n ? actual : "no_stream" };
  }
  // Some paths (feature discovery, opening the BatchAppend stream) pass gRPC errors on unconverted.
  if (transientTypes.has(type) || (type === undefined && transientCodes.has(codeOf(error))))
    return { kind: "transient", message: messageOf(error) };
  if (type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED) {
    const max = field("maxAppendSize");
    return { kind: "too-large", limit: typeof max === "number" && Number.isSafeInteger(max) ? max : null, message: messageOf(error) };
  }
  if ((type === undefined || type === (ErrorType.UNKNOWN as string)) && aboutSize(error)) {
    return { kind: "too-large", limit: null, message: messageOf(error) };
  }
  if (type === ErrorType.STREAM_DELETED) {
    const stream = field("streamName");
    return { kind: "stream-deleted", stream: typeof stream === "string" ? stream : "" };
  }
  if (type === ErrorType.ACCESS_DENIED) return { kind: "access-denied", message: messageOf(error) };
  return { kind: "failed", message: messageOf(error) };
}

/**
 * Size refusals the 6.2.1 client does not know: the `maximum-append-event-size-exceeded` exception
 * of servers from 24.10.4 (one event over `MaxAppendEventSize`, KurrentDB PR #4882), gRPC's
 * RESOURCE_EXHAUSTED (a message over the server's receive limit), or any unknown error whose
 * message says a size was exceeded. Such a call can never succeed as it is.
 */
function aboutSize(error: unknown): boolean {
  const raw: unknown = typeof error === "object" && error !== null && "_raw" in error ? error._raw : error;
  const metadata: unknown = typeof raw === "object" && raw !== null && "metadata" in raw ? raw.metadata : undefined;
  const get: unknown = typeof metadata === "object" && metadata !== null && "get" in metadata ? metadata.get : undefined;
  const exception = typeof get === "function" ? (get.call(metadata, "exception") as unknown[])[0] : undefined;
  if (exception === "maximum-append-event-size-exceeded" || codeOf(raw) === 8) return true;
  return /\bsize\b[^.]*\bexceed|\btoo large\b|\blarger than\b/i.test(messageOf(error));
}

/** gRPC statuses after which the same call may succeed: CANCELLED, DEADLINE_EXCEEDED, ABORTED, UNAVAILABLE. */
const transientCodes: ReadonlySet<number | undefined> = new Set([1, 4, 10, 14]);

function codeOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "number" ? error.code : undefined;
}
