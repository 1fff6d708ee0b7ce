import * as E from "fp-ts/lib/Either.js";
import {
  type EventStore,
  type EventSubscription,
  type LinkworkEvent,
  type ReadAllOptions,
  type RecordedEvent,
  type StoreError,
  type SubscribeOptions,
} from "@linkwork/core";
import {
  defaultReadAllPageSize,
  largestReadPage,
  checkCount,
  checkOptions,
  checkPosition,
  checkStreamId,
  checkVersion,
  eventMatch,
  concurrencyConflict,
  invalidStoreCall,
  streamTruncated,
  type AppendResult,
  type EventMatch,
  type ExpectedVersion,
  type ReadAllPage,
  type ReadStreamOptions,
} from "@linkwork/core/store-kit";
import { appendCall, type AppendCall } from "./append-call.js";
import type { Connection } from "./connection.js";
import { isSystemRecord, recordedEvent } from "./event-encoding.js";
import type { ClientFailure, ExpectedRevision, ServerPosition, StoredEvent, StreamPage, StreamRead } from "./event-store-client.js";
import { eventStoreDbSubscription } from "./eventstore-subscription.js";
import { appendExactlyOnce, type AppendOutcome } from "./exactly-once-append.js";
import { comparePositions, globalPositionOf, serverPositionOf } from "./global-position.js";
import { closedStore, storeErrorOf, unavailable, versionOf } from "./store-errors.js";

type Answer<T> = E.Either<StoreError, T>;

/** Most events asked of the server in one read of `$all` (a page may take several). */
const largestRead = 4096;

/**
 * The EventStore port over EventStoreDB. Versions are counts of events (core) and revisions are
 * indexes from 0 (server): version n is revision n - 1, version 0 is "no stream"; the conversion
 * happens here and nowhere else. The command handler's appends name an exact revision or "no
 * stream", which make the server's idempotency by event id permanent; only the core's "any" goes as ANY.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  async append(streamId: string, events: readonly LinkworkEvent[], expectedVersion: ExpectedVersion): Promise<Answer<AppendResult>> {
    if (this.#connection.closed) return E.left(closedStore);
    const call = appendCall(streamId, events, expectedVersion, this.#connection.settings.limits);
    if (E.isLeft(call)) return call;
    if (call.right.expectedVersion === "any") return this.#appendAny(call.right);
    const expected = call.right.expectedVersion;
    const revision: ExpectedRevision = expected === "no_stream" || expected === 0 ? "no_stream" : BigInt(expected - 1);
    return this.#send(call.right, revision);
  }

  /**
   * EventStoreDB accepts an append at "no stream" to a soft-deleted stream (it recreates it, with
   * revisions going on after the hidden ones), and to a stream truncated before revision 0. So
   * before such an append the stream's `$tb` is read: set, the append is refused as
   * STREAM_TRUNCATED and nothing is sent. Appends at an exact revision need no look: the command
   * handler read the stream first, and that read answered STREAM_TRUNCATED already.
   */
  async #send(call: AppendCall, revision: ExpectedRevision): Promise<Answer<AppendResult>> {
    const stream = this.#serverName(call);
    if (revision === "no_stream") {
      const truncated = await this.#truncation(call.streamId, stream, `append to ${call.streamId}`);
      if (truncated !== null) return E.left(truncated);
    }
    return this.#answer(call, await appendExactlyOnce(this.#connection, stream, call.proposed, revision));
  }

  /**
   * "any" goes to the server as ANY: no read of the stream beforehand (only of its metadata, for
   * a soft delete). The server recognises a retry by the ids it remembers (a bounded cache of
   * recent ones, which is why the command handler always names a version; "any" is for imports
   * and tools), and answers a batch that repeats stored events only in part as a wrong version.
   * Its idempotency check does not look at the order of the ids, so an answer of "already there"
   * is verified by reading the revisions it names: the batch must sit there, in order.
   */
  async #appendAny(call: AppendCall): Promise<Answer<AppendResult>> {
    const stream = this.#serverName(call);
    const truncated = await this.#truncation(call.streamId, stream, `append to ${call.streamId}`);
    if (truncated !== null) return E.left(truncated);
    const outcome = await appendExactlyOnce(this.#connection, stream, call.proposed, "any");
    if (outcome.kind !== "appended") return this.#answer(call, outcome);
    const first = outcome.lastRevision - BigInt(call.proposed.length) + 1n;
    const partial = concurrencyConflict(
      call.streamId,
      "any",
      null,
      `some of the events are stored in ${call.streamId} already, not as this append: a partial retry`,
    );
    if (first < 0n) return E.left(partial);
    const read = await this.#read(
      stream,
      { direction: "forwards", from: first, maxCount: call.proposed.length },
      `append to ${call.streamId}`,
    );
    if (E.isLeft(read)) return read;
    const stored = read.right.events;
    const same =
      stored.length === call.proposed.length && stored.every((event, index) => event.id === call.proposed[index]!.id.toLowerCase());
    return same ? this.#answer(call, { ...outcome, position: outcome.position ?? stored.at(-1)!.position }) : E.left(partial);
  }

  async #answer(call: AppendCall, outcome: AppendOutcome): Promise<Answer<AppendResult>> {
    switch (outcome.kind) {
      case "appended": {
        const position = outcome.position ?? (await this.#positionOf(this.#serverName(call), outcome.lastRevision));
        if ("code" in position) return E.left(position);
        return E.right({
          streamId: call.streamId,
          nextExpectedVersion: versionOf(outcome.lastRevision),
          position: globalPositionOf(position),
        });
      }
      case "conflict": {
        const actual = versionOf(outcome.current);
        return E.left(concurrencyConflict(call.streamId, call.expectedVersion, actual, `${call.streamId} is at version ${actual}`));
      }
      case "failed": {
        if (outcome.failure === "closed") {
          if (!outcome.ambiguous) return E.left(closedStore);
          // Closed while waiting to repeat a try whose answer was lost: the events may be stored.
          return E.left(
            unavailable(
              `${closedStore.message} while an append to ${call.streamId} waited to be repeated; the events may or may not have been written: repeating the same append (same events, same expected version) on an open store writes them exactly once`,
              false,
            ),
          );
        }
        const error = storeErrorOf(outcome.failure, `append to ${call.streamId}`);
        if (!outcome.ambiguous || error.code !== "STORE_UNAVAILABLE") return E.left(error);
        return E.left(
          unavailable(
            `${error.message}; the events may or may not have been written: repeating the same append (same events, same expected version) writes them exactly once`,
            true,
          ),
        );
      }
    }
  }

  /** Some servers answer an idempotent append without a position: it is the stored event's. */
  async #positionOf(stream: string, revision: bigint): Promise<ServerPosition | StoreError> {
    const read = await this.#read(stream, { direction: "forwards", from: revision, maxCount: 1 }, `append to ${stream}`);
    if (E.isLeft(read)) return read.left;
    return (
      read.right.events[0]?.position ??
      unavailable(
        `append to ${stream}: the server reported no position for revision ${revision}: Linkwork needs EventStoreDB 23.10 or later`,
        false,
      )
    );
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<Answer<readonly RecordedEvent[]>> {
    if (this.#connection.closed) return E.left(closedStore);
    const badCall =
      checkOptions(options) ??
      (options?.direction === undefined || options.direction === "forwards" || options.direction === "backwards"
        ? null
        : invalidStoreCall("options.direction", 'must be "forwards" or "backwards"')) ??
      checkVersion(options?.fromVersion, "options.fromVersion") ??
      checkCount(options?.maxCount, "options.maxCount") ??
      checkStreamId(streamId);
    if (badCall !== null) return E.left(badCall);
    const maxCount = options?.maxCount ?? Number.MAX_SAFE_INTEGER;
    const fromVersion = options?.fromVersion;
    let read: StreamRead;
    if (options?.direction === "backwards") {
      if (fromVersion === 0) return E.right([]);
      read = { direction: "backwards", from: fromVersion === undefined ? "end" : BigInt(fromVersion - 1), maxCount };
    } else {
      // Events after version v start at revision v.
      read = { direction: "forwards", from: BigInt(fromVersion ?? 0), maxCount };
    }
    const stream = this.#connection.settings.naming.serverName(streamId);
    const stored = await this.#read(stream, read, `read ${streamId}`);
    if (E.isLeft(stored)) return stored;
    const truncated = await this.#partial(streamId, stream, read, stored.right);
    if (truncated !== null) return E.left(truncated);
    const events: RecordedEvent[] = [];
    for (const event of stored.right.events) {
      const recorded = recordedEvent(event, streamId);
      if (E.isLeft(recorded)) return recorded;
      events.push(recorded.right);
    }
    return E.right(events);
  }

  /**
   * One page of `$all`, filtered on this side: the 6.2.1 client offers no server-side filter for
   * reads. System events, checkpoint streams and anything outside Linkwork's streams are skipped;
   * the page keeps reading until it is full or the log ends, so a page is empty only at the end.
   * Each event is checked and decoded as it arrives, while the server is still sending the rest of
   * the read: collecting the read first and decoding it afterwards left the server process idle
   * meanwhile, and cost up to a third of the rate on a two-core machine (docs/eventstoredb.md, Performance).
   */
  async readAll(options?: ReadAllOptions): Promise<Answer<ReadAllPage>> {
    if (this.#connection.closed) return E.left(closedStore);
    const badCall =
      checkOptions(options) ?? checkPosition(options?.after, "options.after") ?? checkCount(options?.maxCount, "options.maxCount");
    if (badCall !== null) return E.left(badCall);
    const filter = eventMatch(options?.filter, "options.filter");
    if ("error" in filter) return E.left(filter.error);
    // Capped: a page is collected here before it is answered, and $all may be larger than memory.
    const maxCount = Math.min(options?.maxCount ?? defaultReadAllPageSize, largestReadPage);
    const naming = this.#connection.settings.naming;
    const match: EventMatch | null = filter.match;
    const events: RecordedEvent[] = [];
    let failure: StoreError | null = null;
    // Reads from a position include the event there: it is skipped, so one more is asked for.
    // Positions compare as (commit, prepare): events of one transaction share the commit position.
    let after = options?.after === undefined ? undefined : serverPositionOf(options.after);
    /** Records the current read returned, and those after the page filled up. */
    let records = 0;
    let beyondFull = 0;
    const visit = (stored: StoredEvent): void => {
      records += 1;
      if (failure !== null) return;
      const position = stored.position;
      if (position === null) {
        failure = unavailable(`read $all: event ${stored.id} came without its position`, false);
        return;
      }
      // Also skips what a repeated read (after a transient failure) hands over again.
      if (after !== undefined && comparePositions(position, after) <= 0) return;
      if (events.length === maxCount) {
        beyondFull += 1;
        return;
      }
      after = position;
      if (isSystemRecord(stored)) return;
      const streamId = naming.streamIdOf(stored.stream);
      if (streamId === null || (match !== null && !match(stored.type))) return;
      const recorded = recordedEvent(stored, streamId);
      if (E.isLeft(recorded)) failure = recorded.left;
      else events.push(recorded.right);
    };
    for (;;) {
      const wanted = Math.min(largestRead, maxCount - events.length + (after === undefined ? 0 : 1) + (match === null ? 0 : 255));
      const from = after ?? "start";
      const read = await this.#connection.retrying(() => {
        records = 0;
        beyondFull = 0;
        return this.#connection.client.readAll(from, wanted, visit);
      });
      const answered = this.#answerRead(read, "read $all");
      if (E.isLeft(answered)) return answered;
      if (failure !== null) return E.left(failure);
      if (events.length === maxCount) return E.right({ events, isEnd: records < wanted && beyondFull === 0 });
      if (records < wanted) return E.right({ events, isEnd: true });
    }
  }

  subscribe(options?: SubscribeOptions): EventSubscription {
    return eventStoreDbSubscription(this.#connection, options);
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  #serverName(call: AppendCall): string {
    return this.#connection.settings.naming.serverName(call.streamId);
  }

  /**
   * STREAM_TRUNCATED when a read shows that the stream's history does not start at its first event
   * (retention or `$tb` set outside Linkwork, a soft delete); null when it does, as far as the read
   * shows. Forwards: the first event is not at the revision asked for, or the stream exists but
   * nothing of it is readable. Backwards: the read stopped short of revision 0. A stream the server
   * does not find is either new or soft-deleted: its `$tb` tells which.
   */
  async #partial(streamId: string, stream: string, read: StreamRead, page: StreamPage): Promise<StoreError | null> {
    if (!page.found) return this.#truncation(streamId, stream, `read ${streamId}`);
    const removed = "events before it were removed outside Linkwork ($maxCount, $maxAge or $tb in its metadata)";
    const gone = "its events were removed outside Linkwork ($maxCount, $maxAge or $tb in its metadata)";
    if (read.direction === "forwards") {
      const first = page.events[0];
      const from = typeof read.from === "bigint" ? read.from : 0n;
      if (first === undefined) return from === 0n ? streamTruncated(streamId, null, gone) : null;
      return first.revision > from ? streamTruncated(streamId, versionOf(first.revision), removed) : null;
    }
    if (page.events.length >= read.maxCount) return null;
    const oldest = page.events.at(-1);
    if (oldest === undefined) return read.from === "end" ? streamTruncated(streamId, null, gone) : null;
    return oldest.revision > 0n ? streamTruncated(streamId, versionOf(oldest.revision), removed) : null;
  }

  /** STREAM_TRUNCATED when the stream's metadata hides events (`$tb` set, or a soft delete); null when it hides none. */
  async #truncation(streamId: string, stream: string, doing: string): Promise<StoreError | null> {
    const outcome = await this.#connection.retrying(() => this.#connection.client.truncateBefore(stream));
    if (outcome === "closed") return closedStore;
    if (E.isLeft(outcome)) return storeErrorOf(outcome.left, doing);
    const before = outcome.right;
    if (before === null) return null;
    return before === "deleted"
      ? streamTruncated(streamId, null, "it was soft-deleted outside Linkwork")
      : streamTruncated(streamId, null, `its metadata hides the events before version ${versionOf(before)} ($tb, set outside Linkwork)`);
  }

  async #read(stream: string, read: StreamRead, doing: string): Promise<Answer<StreamPage>> {
    return this.#answerRead(await this.#connection.retrying(() => this.#connection.client.readStream(stream, read)), doing);
  }

  #answerRead<T>(outcome: E.Either<ClientFailure, T> | "closed", doing: string): Answer<T> {
    if (outcome === "closed") return E.left(closedStore);
    return E.isLeft(outcome) ? E.left(storeErrorOf(outcome.left, doing)) : outcome;
  }
}
