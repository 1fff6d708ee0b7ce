import type * as E from "fp-ts/lib/Either.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import type { StoreError } from "./store-error.js";

/**
 * A stream's version is the number of events in it: 0 for a stream that does not exist, n after its
 * n-th event. Every store converts to its own numbering (EventStoreDB revisions start at 0) inside
 * its adapter, so no offset ever leaks into the core or the projections.
 */
export type StreamVersion = number;

/** What an append expects of the stream: no check, no stream yet, or exactly this version. */
export type ExpectedVersion = "any" | "no_stream" | StreamVersion;

/**
 * A position in the store's single global order. Positions increase but need not be contiguous
 * (EventStoreDB's are log offsets): compare them, never do arithmetic on them.
 */
export type GlobalPosition = bigint;

/** An event as stored: where it sits in its stream and in the global order. */
export interface RecordedEvent<E extends LinkworkEvent = LinkworkEvent> {
  readonly streamId: string;
  /** The stream's version after this event: its first event has streamVersion 1. */
  readonly streamVersion: StreamVersion;
  readonly position: GlobalPosition;
  readonly event: E;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: what to expect next time. */
  readonly nextExpectedVersion: StreamVersion;
  /** The global position of the last event written (or found, for an idempotent retry). */
  readonly position: GlobalPosition;
}

/** Narrows reads and subscriptions; stores with server-side filters apply them there. */
export interface EventFilter {
  /** Stream categories (`case`, `person`, `pcn`, `linkworker`). */
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
}

export interface ReadStreamOptions {
  readonly direction?: "forwards" | "backwards";
  /** Forwards: events with streamVersion above this. Backwards: events with streamVersion at or below it. */
  readonly fromVersion?: StreamVersion;
  readonly maxCount?: number;
}

/** The page size of `readAll` when the caller gives no `maxCount`; every store uses it. */
export const defaultReadAllPageSize = 1000;

/** The most events per subscription batch when the caller gives no `batchSize`; every store uses it. */
export const defaultSubscriptionBatchSize = 500;

/**
 * The most events one `readAll` page or subscription batch holds, whatever `maxCount` or
 * `batchSize` the caller asks for (a store may answer fewer): one call never holds the whole log.
 */
export const largestReadPage = 10_000;

export interface ReadAllOptions {
  /** Read events after this position (exclusive); from the start when absent. */
  readonly after?: GlobalPosition;
  readonly filter?: EventFilter;
  /** Largest page; stores may return fewer. Default 1000. */
  readonly maxCount?: number;
}

export interface ReadAllPage {
  readonly events: readonly RecordedEvent[];
  /** True when there was nothing after the last event returned at the time of reading. */
  readonly isEnd: boolean;
}

export interface SubscribeOptions {
  /** Deliver events after this position (exclusive); from the start when absent. */
  readonly after?: GlobalPosition;
  readonly filter?: EventFilter;
  /** Most events per delivered batch. Default 500. */
  readonly batchSize?: number;
}

/**
 * What a subscription delivers: batches of events in global order, each exactly once; a
 * `caught-up` mark whenever it has delivered everything stored so far; `failed` once, last,
 * if the store gives up (adapters retry transient faults themselves first).
 */
export type SubscriptionMessage =
  | { readonly kind: "events"; readonly events: readonly RecordedEvent[] }
  | { readonly kind: "caught-up"; readonly position: GlobalPosition | null }
  | { readonly kind: "failed"; readonly error: StoreError };

export interface EventSubscription extends AsyncIterable<SubscriptionMessage> {
  /** Stops delivery; the iteration ends. Idempotent. */
  close(): Promise<void>;
}

/**
 * The storage port. Every store passes the contract suite in `@linkwork/core/testing`.
 * Appends are atomic per call and idempotent by event id: repeating an append whose events are
 * already stored (same ids, same stream, same order, same expected version or `any`) writes
 * nothing and returns the original result. No method throws for bad input: it answers
 * INVALID_STORE_CALL and writes nothing.
 */
export interface EventStore {
  append(streamId: string, events: readonly LinkworkEvent[], expectedVersion: ExpectedVersion): Promise<E.Either<StoreError, AppendResult>>;
  /** Events of one stream; a stream that does not exist reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<E.Either<StoreError, readonly RecordedEvent[]>>;
  /** One page of the global order. */
  readAll(options?: ReadAllOptions): Promise<E.Either<StoreError, ReadAllPage>>;
  /** Catch up from a position, then stay live. */
  subscribe(options?: SubscribeOptions): EventSubscription;
  /** Releases connections and ends open subscriptions. */
  close(): Promise<void>;
}
