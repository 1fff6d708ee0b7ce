import type * as E from "fp-ts/lib/Either.js";

/**
 * The few EventStoreDB calls the adapter makes, in the adapter's own terms. Everything that knows
 * the Node client (its classes, its errors, its event emitters, its quirks) lives behind this
 * interface in one file (`db-client.ts`, for @eventstore/db-client 6.2.1), so moving to
 * @kurrent/kurrentdb-client means writing that one file again (`expectedRevision` becomes
 * `streamState` there); nothing else changes.
 *
 * No call throws or rejects: failures come back as a `ClientFailure`.
 */
export interface EventStoreClient {
  /**
   * Appends at an exact revision, to a stream that must not exist, or (for the core's "any" only)
   * at ANY, whose idempotency rests on the server's cache of recent ids (see docs/eventstoredb.md).
   */
  append(
    stream: string,
    events: readonly ProposedEvent[],
    expected: ExpectedRevision,
    deadlineMs: number,
  ): Promise<E.Either<ClientFailure, Appended>>;
  /** A bounded read of one stream; a stream that does not exist (or is soft-deleted) reads as empty and not found. */
  readStream(stream: string, read: StreamRead): Promise<E.Either<ClientFailure, StreamPage>>;
  /**
   * A bounded forwards read of `$all` from a position (inclusive, as the server reads) or from the
   * start, handing each event to `visit` as it arrives (so the caller decodes while the server is
   * still sending); answers how many events the read returned. On a failure, some events may have
   * been visited already.
   */
  readAll(from: ServerPosition | "start", maxCount: number, visit: (event: StoredEvent) => void): Promise<E.Either<ClientFailure, number>>;
  /** A catch-up subscription to `$all`, after `after` (exclusive) or from the start. */
  subscribeToAll(after: ServerPosition | undefined, filter: ServerFilter, sink: SubscriptionSink): ClientSubscription;
  /** The `$tb` (truncate before) of a stream's metadata: a revision, "deleted" after a soft delete, or null when unset. */
  truncateBefore(stream: string): Promise<E.Either<ClientFailure, bigint | "deleted" | null>>;
  /** Sets `$maxCount` in a stream's metadata, so the server may scavenge all but its last `maxCount` events. */
  setMaxCount(stream: string, maxCount: number): Promise<E.Either<ClientFailure, void>>;
  /** Ends every open call; the client is unusable afterwards. */
  dispose(): Promise<void>;
}

/** A revision (0 for a stream's first event) the stream's last event must have, no stream at all, or anything. */
export type ExpectedRevision = bigint | "no_stream" | "any";

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  /** Serialised as JSON (`application/json`). */
  readonly data: unknown;
  /**
   * Serialised as JSON, or already the UTF-8 bytes of its JSON text (a plain Uint8Array, which the
   * libraries send as they are: the adapter has the text from its size check, and a JSON value
   * would be serialised again and go through base64 twice).
   */
  readonly metadata: unknown;
}

export interface Appended {
  /** The revision of the append's last event. */
  readonly lastRevision: bigint;
  /** The position of the append's last event, when the server reported one. */
  readonly position: ServerPosition | null;
}

/** A position in `$all`: the commit record's and the event's own (prepare) log position. */
export interface ServerPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** What a stream read found: the events, and whether the stream exists (a soft-deleted one does not). */
export interface StreamPage {
  readonly events: readonly StoredEvent[];
  readonly found: boolean;
}

export interface StreamRead {
  readonly direction: "forwards" | "backwards";
  /** Inclusive, in either direction; "end" reads backwards from the last event. */
  readonly from: bigint | "start" | "end";
  readonly maxCount: number;
}

/** An event as the server recorded it. */
export interface StoredEvent {
  readonly stream: string;
  readonly revision: bigint;
  /** Position in `$all`; null when the server did not say (servers before 22.6 on stream reads). */
  readonly position: ServerPosition | null;
  /** Lower-cased by the server. */
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  /** Parsed JSON for JSON events (the raw text if it does not parse), bytes otherwise. */
  readonly data: unknown;
  /** Parsed JSON metadata, bytes if it does not parse, undefined when empty. */
  readonly metadata: unknown;
}

/** One server-side filter (the server takes one per subscription). */
export type ServerFilter =
  { readonly on: "stream-name"; readonly prefixes: readonly string[] } | { readonly on: "event-type"; readonly regex: string };

/**
 * What a subscription reports, in the server's order: events, checkpoints (a filtered
 * subscription has looked at everything up to this position) and the switch to live. `failed`
 * comes once, last; no call follows it.
 */
export interface SubscriptionSink {
  event(event: StoredEvent): void;
  checkpoint(position: ServerPosition): void;
  caughtUp(): void;
  failed(failure: ClientFailure): void;
}

export interface ClientSubscription {
  /** Stops taking messages from the server until `resume` (back-pressure reaches the server). */
  pause(): void;
  resume(): void;
  /** Ends the subscription; the sink hears nothing more. */
  close(): Promise<void>;
}

/**
 * Why a call failed. `transient`: the connection broke, the server or the client gave up
 * waiting, or the node is not the leader; the call may have taken effect (an append may have
 * committed) and may succeed if repeated.
 */
export type ClientFailure =
  | { readonly kind: "wrong-expected-version"; readonly current: bigint | "no_stream" }
  | { readonly kind: "transient"; readonly message: string }
  /** The server refused the append or one of its events as too large; `limit` in bytes where it said. */
  | { readonly kind: "too-large"; readonly limit: number | null; readonly message: string }
  | { readonly kind: "stream-deleted"; readonly stream: string }
  | { readonly kind: "access-denied"; readonly message: string }
  | { readonly kind: "failed"; readonly message: string };
