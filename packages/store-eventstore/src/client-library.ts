import * as E from "fp-ts/lib/Either.js";
import type {
  ClientFailure,
  ClientSubscription,
  EventStoreClient,
  ExpectedRevision,
  ServerFilter,
  ServerPosition,
  StoredEvent,
  StreamPage,
  SubscriptionSink,
} from "./event-store-client.js";
import { isRecordPosition } from "./global-position.js";

/**
 * What the adapter uses of a Node client library for EventStoreDB / KurrentDB. The two libraries,
 * @eventstore/db-client 6.2.1 and its successor @kurrent/kurrentdb-client, share their shapes
 * (same events, positions, subscriptions, error types) and differ in a few names; each is mapped
 * onto this in a file of its own (db-client.ts, kurrentdb-client.ts), loaded only when chosen:
 * their generated protobuf code registers the same global names and cannot share a process.
 */
export interface LibraryClient {
  append(stream: string, events: readonly LibraryEventData[], expected: ExpectedRevision, deadlineMs: number): Promise<LibraryAppended>;
  readStream(stream: string, options: LibraryStreamRead): LibraryRead;
  readAll(options: LibraryAllRead): LibraryRead;
  subscribeToAll(after: ServerPosition | undefined, filter: LibraryFilterOptions): LibrarySubscription;
  getStreamMetadata(stream: string): Promise<{ readonly metadata?: { readonly truncateBefore?: number } }>;
  setStreamMetadata(stream: string, metadata: { readonly maxCount: number }): Promise<unknown>;
  dispose(): Promise<void>;
}

/** An event to append, as both libraries take it. */
export interface LibraryEventData {
  readonly id: string;
  readonly type: string;
  readonly contentType: "application/json";
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface LibraryAppended {
  readonly nextExpectedRevision: bigint;
  readonly position?: ServerPosition;
}

export interface LibraryStreamRead {
  readonly direction: "forwards" | "backwards";
  readonly fromRevision: bigint | "start" | "end";
  readonly maxCount: number;
}

export interface LibraryAllRead {
  readonly direction: "forwards";
  readonly fromPosition: ServerPosition | "start";
  readonly maxCount: number;
}

export interface LibraryRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: ServerPosition;
}

export interface LibraryResolvedEvent {
  readonly event?: LibraryRecord;
  readonly commitPosition?: bigint;
}

/** A bounded read: an event emitter (6.2.1, cheaper than `for await`) or an async iterable (the successor). */
export type LibraryRead = AsyncIterable<LibraryResolvedEvent> & Partial<LibraryReadEvents>;

interface LibraryReadEvents {
  on(event: "data", listener: (resolved: LibraryResolvedEvent) => void): unknown;
  /** "error" passes the error; "end" nothing. */
  once(event: "error" | "end", listener: (error: unknown) => void): unknown;
}

/** The server-side filter: by stream-name prefixes or an event-type expression, with a checkpoint callback. */
export type LibraryFilterOptions = (
  { readonly on: "stream-name"; readonly prefixes: string[] } | { readonly on: "event-type"; readonly regex: string }
) & { readonly checkpointReached: (position: ServerPosition) => void };

export interface LibrarySubscription {
  readonly readableLength: number;
  on(event: "data", listener: (resolved: LibraryResolvedEvent) => void): unknown;
  on(event: "caughtUp", listener: () => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<unknown>;
}

/**
 * The EventStoreClient over a client library. The libraries' quirks handled here: errors become
 * ClientFailures (no call rejects); "stream not found" arrives as an error while iterating a read;
 * `caughtUp` and filter checkpoints are reported out of band of the events (put back in order
 * below); positions of stream reads may be missing.
 */
export function libraryClient(connect: () => LibraryClient): E.Either<string, EventStoreClient> {
  let client: LibraryClient;
  try {
    client = connect();
  } catch (error) {
    return E.left(messageOf(error));
  }
  return E.right(new LibraryEventStoreClient(client));
}

class LibraryEventStoreClient implements EventStoreClient {
  readonly #client: LibraryClient;

  constructor(client: LibraryClient) {
    this.#client = client;
  }

  async append(...[stream, events, expected, deadlineMs]: Parameters<EventStoreClient["append"]>): ReturnType<EventStoreClient["append"]> {
    const proposed: LibraryEventData[] = events.map((event) => ({
      id: event.id,
      type: event.type,
      contentType: "application/json",
      data: event.data,
      metadata: event.metadata,
    }));
    try {
      const result = await this.#client.append(stream, proposed, expected, deadlineMs);
      return E.right({ lastRevision: result.nextExpectedRevision, position: positionOf(result.position) });
    } catch (error) {
      return E.left(failureOf(error));
    }
  }

  readStream(...[stream, read]: Parameters<EventStoreClient["readStream"]>): ReturnType<EventStoreClient["readStream"]> {
    try {
      const events = this.#client.readStream(stream, { direction: read.direction, fromRevision: read.from, maxCount: read.maxCount });
      return collect(events, true);
    } catch (error) {
      return Promise.resolve(E.left(failureOf(error)));
    }
  }

  readAll(...[from, maxCount, visit]: Parameters<EventStoreClient["readAll"]>): ReturnType<EventStoreClient["readAll"]> {
    try {
      return stream(this.#client.readAll({ direction: "forwards", fromPosition: from, maxCount }), visit, (error) =>
        E.left(failureOf(error)),
      );
    } catch (error) {
      return Promise.resolve(E.left(failureOf(error)));
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

/** Collects a bounded read (a stream's page); "stream not found" arrives as an error while reading. */
async function collect(read: LibraryRead, notFoundIsEmpty: boolean): Promise<E.Either<ClientFailure, StreamPage>> {
  const events: StoredEvent[] = [];
  let found = true;
  const streamed = await stream(
    read,
    (event) => events.push(event),
    (error) => {
      if (!notFoundIsEmpty || typeOf(error) !== errorTypes.streamNotFound) return E.left(failureOf(error));
      found = false;
      return E.right(0);
    },
  );
  return E.map(() => ({ events: found ? events : [], found }))(streamed);
}

/**
 * Hands each event of a bounded read to `visit` as it arrives, through the read's events rather than
 * `for await` where the library offers them (6.2.1): `for await` costs a promise per event. Answers
 * the number of events read, or what `failed` makes of the error that ended the read.
 */
function stream(
  read: LibraryRead,
  visit: (event: StoredEvent) => void,
  failed: (error: unknown) => E.Either<ClientFailure, number>,
): Promise<E.Either<ClientFailure, number>> {
  if (read.on === undefined || read.once === undefined) return iterate(read, visit, failed);
  const { on, once } = read;
  return new Promise((resolve) => {
    let count = 0;
    on.call(read, "data", (resolved: LibraryResolvedEvent) => {
      const stored = storedOf(resolved);
      if (stored === null) return;
      count += 1;
      visit(stored);
    });
    once.call(read, "error", (error: unknown) => resolve(failed(error)));
    once.call(read, "end", () => resolve(E.right(count)));
  });
}

async function iterate(
  read: AsyncIterable<LibraryResolvedEvent>,
  visit: (event: StoredEvent) => void,
  failed: (error: unknown) => E.Either<ClientFailure, number>,
): Promise<E.Either<ClientFailure, number>> {
  let count = 0;
  try {
    for await (const resolved of read) {
      const stored = storedOf(resolved);
      if (stored === null) continue;
      count += 1;
      visit(stored);
    }
  } catch (error) {
    return failed(error);
  }
  return E.right(count);
}

function storedOf(resolved: LibraryResolvedEvent): StoredEvent | null {
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

function positionOf(position: ServerPosition | undefined): ServerPosition | null {
  return position === undefined || !isRecordPosition(position) ? null : { commit: position.commit, prepare: position.prepare };
}

/**
 * Subscribes with the client and reports to the sink in the server's order. The client emits
 * `caughtUp` and calls the checkpoint callback when the server's message is processed, while
 * events before it may still sit in the subscription's buffer; so each mark is held until every
 * event buffered before it has been handed on.
 */
function orderedSubscription(
  client: LibraryClient,
  after: ServerPosition | undefined,
  filter: ServerFilter,
  sink: SubscriptionSink,
): ClientSubscription {
  let subscription: LibrarySubscription | undefined;
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
  const checkpointReached = (position: ServerPosition) =>
    mark(() => sink.checkpoint({ commit: position.commit, prepare: position.prepare }));
  const serverFilter: LibraryFilterOptions =
    filter.on === "stream-name"
      ? { on: "stream-name", prefixes: [...filter.prefixes], checkpointReached }
      : { on: "event-type", regex: filter.regex, checkpointReached };
  try {
    subscription = client.subscribeToAll(after, serverFilter);
  } catch (error) {
    queueMicrotask(() => fail(failureOf(error)));
    return { pause: () => undefined, resume: () => undefined, close: () => Promise.resolve() };
  }
  const live = subscription;
  live.on("data", (resolved: LibraryResolvedEvent) => {
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

/** The libraries' error types (their ErrorType values, the same in both) that the adapter tells apart. */
const errorTypes = {
  streamNotFound: "stream-not-found",
  wrongExpectedVersion: "wrong-expected-version",
  maximumAppendSizeExceeded: "maximum-append-size-exceeded",
  streamDeleted: "stream-deleted",
  accessDenied: "access-denied",
  unknown: "unknown",
} as const;

/** The client's error types after which the same call may succeed (the call may also have taken effect). */
const transientTypes: ReadonlySet<string | undefined> = new Set<string>([
  "unavailable",
  "cancelled",
  "deadline-exceeded",
  "timeout",
  "not-leader",
]);

/** Sorts the client's errors into what the adapter acts on. */
function failureOf(error: unknown): ClientFailure {
  const type = typeOf(error);
  const field = (name: string): unknown => (error as Record<string, unknown>)[name];
  if (type === errorTypes.wrongExpectedVersion) {
    // 6.2.1 names it actualVersion; the successor actualState.
    const actual = field("actualVersion") ?? field("actualState");
    return { kind: "wrong-expected-version", current: typeof actual === "bigint" && actual >= 0n ? actual : "no_stream" };
  }
  // Some paths (feature discovery, opening the BatchAppend stream) pass gRPC errors on unconverted;
  // @kurrent/kurrentdb-client 1.3.1 makes an ABORTED without status details an "unknown" error that
  // keeps the gRPC code: that is the server's commit timeout on Append (KurrentDB
  // Services/Transport/Grpc/RpcExceptions.cs, `Timeout(message)`: Aborted, "Operation timed out: ...").
  if (transientTypes.has(type) || ((type === undefined || type === errorTypes.unknown) && transientCodes.has(codeOf(error))))
    return { kind: "transient", message: messageOf(error) };
  if (type === errorTypes.maximumAppendSizeExceeded) {
    const max = field("maxAppendSize");
    return { kind: "too-large", limit: typeof max === "number" && Number.isSafeInteger(max) ? max : null, message: messageOf(error) };
  }
  if ((type === undefined || type === errorTypes.unknown) && aboutSize(error)) {
    return { kind: "too-large", limit: null, message: messageOf(error) };
  }
  if (type === errorTypes.streamDeleted) {
    const stream = field("streamName");
    return { kind: "stream-deleted", stream: typeof stream === "string" ? stream : "" };
  }
  if (type === errorTypes.accessDenied) return { kind: "access-denied", message: messageOf(error) };
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
