import * as E from "fp-ts/lib/Either.js";
import {
  streamCategory,
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
  checkEvent,
  checkOptions,
  checkPosition,
  checkStreamId,
  checkVersion,
  eventMatch,
  concurrencyConflict,
  invalidStoreCall,
  isExpectedVersion,
  repeatedEventId,
  type AppendResult,
  type ExpectedVersion,
  type ReadAllPage,
  type ReadStreamOptions,
} from "@linkwork/core/store-kit";
import { closedStore, indexAfter, MemoryLog, recordedInStream, type Stream } from "./memory-log.js";
import { memorySubscription } from "./memory-subscription.js";

type Answer<T> = E.Either<StoreError, T>;

/**
 * The reference store: everything in memory, for tests, examples and single-process tools.
 * Events are kept by reference, not copied: callers must not change an event after appending it.
 */
export function memoryEventStore(): EventStore {
  return new MemoryEventStore();
}

class MemoryEventStore implements EventStore {
  readonly #log = new MemoryLog();

  append(streamId: string, events: readonly LinkworkEvent[], expectedVersion: ExpectedVersion): Promise<Answer<AppendResult>> {
    return Promise.resolve(this.#append(streamId, events, expectedVersion));
  }

  #append(streamId: unknown, events: unknown, expectedVersion: unknown): Answer<AppendResult> {
    const log = this.#log;
    if (log.closed) return E.left(closedStore);
    const stream = typeof streamId === "string" ? log.streams.get(streamId) : undefined;
    // The id's shape is checked once, when the stream is first written.
    const badId = stream === undefined ? checkStreamId(streamId) : null;
    if (badId !== null) return E.left(badId);
    const id = streamId as string;
    if (!Array.isArray(events) || events.length === 0) return E.left(invalidStoreCall("events", "must be a non-empty list of events"));
    const current = stream === undefined ? 0 : stream.events.length;
    // The common case, the current version, is valid without looking further.
    if (expectedVersion !== current && !isExpectedVersion(expectedVersion)) {
      return E.left(invalidStoreCall("expectedVersion", 'must be "any", "no_stream" or a whole number of events, 0 or more'));
    }
    const expected: ExpectedVersion = expectedVersion;
    const category = stream === undefined ? streamCategory(id) : stream.category;
    const batch = events as readonly LinkworkEvent[];
    const fingerprints: number[] = [];
    for (let index = 0; index < batch.length; index++) {
      const checked = checkEvent(batch[index], index, category);
      if (typeof checked !== "number") return E.left(checked);
      fingerprints.push(checked);
    }
    // Equal ids have equal fingerprints: only a batch with two equal fingerprints can repeat an id.
    const repeated = sharesFingerprint(fingerprints) ? repeatedEventId(batch) : null;
    if (repeated !== null) return E.left(repeated);

    if (stream !== undefined) {
      const stored = stream.ids.indexOf(batch[0]!.metadata.eventId, fingerprints[0]!);
      if (stored >= 0) return retried(stream, batch, expected, stored);
      for (let index = 1; index < batch.length; index++) {
        if (stream.ids.indexOf(batch[index]!.metadata.eventId, fingerprints[index]!) >= 0) {
          return E.left(
            concurrencyConflict(id, expected, current, `events[${index}] is stored in ${id} already but events[0] is not: a partial retry`),
          );
        }
      }
    }
    if (!allows(expected, current)) return E.left(concurrencyConflict(id, expected, current, `${id} is at version ${current}`));

    const target = stream ?? log.newStream(id, category);
    for (let index = 0; index < batch.length; index++) log.record(target, batch[index]!, fingerprints[index]!);
    log.wakeReaders();
    return E.right({ streamId: id, nextExpectedVersion: target.events.length, position: BigInt(log.length) });
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<Answer<readonly RecordedEvent[]>> {
    return Promise.resolve(this.#readStream(streamId, options));
  }

  #readStream(streamId: unknown, options: ReadStreamOptions | undefined): Answer<readonly RecordedEvent[]> {
    if (this.#log.closed) return E.left(closedStore);
    const badCall =
      checkOptions(options) ??
      (options?.direction === undefined || options.direction === "forwards" || options.direction === "backwards"
        ? null
        : invalidStoreCall("options.direction", 'must be "forwards" or "backwards"')) ??
      checkVersion(options?.fromVersion, "options.fromVersion") ??
      checkCount(options?.maxCount, "options.maxCount");
    if (badCall !== null) return E.left(badCall);
    const stream = typeof streamId === "string" ? this.#log.streams.get(streamId) : undefined;
    if (stream === undefined) {
      const badId = checkStreamId(streamId);
      return badId === null ? E.right([]) : E.left(badId);
    }
    const maxCount = options?.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options?.direction === "backwards") {
      // Version v is at index v - 1: reading back from version `from` takes indexes below `from`.
      const from = Math.min(options.fromVersion ?? stream.events.length, stream.events.length);
      const out: RecordedEvent[] = [];
      for (let index = from - 1; index >= Math.max(0, from - maxCount); index--) out.push(recordedInStream(stream, index));
      return E.right(out);
    }
    const from = options?.fromVersion ?? 0;
    const out: RecordedEvent[] = [];
    for (let index = from; index < Math.min(stream.events.length, from + maxCount); index++) out.push(recordedInStream(stream, index));
    return E.right(out);
  }

  readAll(options?: ReadAllOptions): Promise<Answer<ReadAllPage>> {
    return Promise.resolve(this.#readAll(options));
  }

  #readAll(options: ReadAllOptions | undefined): Answer<ReadAllPage> {
    const log = this.#log;
    if (log.closed) return E.left(closedStore);
    const badCall =
      checkOptions(options) ?? checkPosition(options?.after, "options.after") ?? checkCount(options?.maxCount, "options.maxCount");
    if (badCall !== null) return E.left(badCall);
    const filter = eventMatch(options?.filter, "options.filter");
    if ("error" in filter) return E.left(filter.error);
    const match = filter.match;
    const maxCount = Math.min(options?.maxCount ?? defaultReadAllPageSize, largestReadPage);
    const events: RecordedEvent[] = [];
    let index = Math.min(indexAfter(options?.after), log.length);
    for (; index < log.length && events.length < maxCount; index++) {
      if (match === null || match(log.typeAt(index))) events.push(log.recordedAt(index));
    }
    return E.right({ events, isEnd: index === log.length });
  }

  subscribe(options?: SubscribeOptions): EventSubscription {
    return memorySubscription(this.#log, options);
  }

  close(): Promise<void> {
    this.#log.close();
    return Promise.resolve();
  }
}

/**
 * Whether two of a batch's fingerprints are equal. Comparing the numbers pairwise spares most
 * batches `repeatedEventId`'s Map; a long batch, where pairs would cost more, goes to the Map.
 */
function sharesFingerprint(fingerprints: readonly number[]): boolean {
  if (fingerprints.length > PAIRWISE_LIMIT) return true;
  for (let later = 1; later < fingerprints.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) if (fingerprints[earlier] === fingerprints[later]) return true;
  }
  return false;
}

/** Batches up to this many events compare fingerprints pairwise (at most 496 comparisons). */
const PAIRWISE_LIMIT = 32;

/** Whether an append expecting `expected` may write to a stream at `version`. */
function allows(expected: ExpectedVersion, version: number): boolean {
  return expected === "any" || expected === version || (expected === "no_stream" && version === 0);
}

/**
 * The batch's first event is stored already: a retry. It succeeds, writing nothing, when the whole
 * batch sits in the stream in the same order and the expected version is `any` or the version the
 * stream had before the batch; anything else is a conflict.
 */
function retried(stream: Stream, batch: readonly LinkworkEvent[], expected: ExpectedVersion, before: number): Answer<AppendResult> {
  const current = stream.events.length;
  for (let index = 1; index < batch.length; index++) {
    if (stream.events[before + index]?.metadata.eventId !== batch[index]!.metadata.eventId) {
      return E.left(
        concurrencyConflict(
          stream.id,
          expected,
          current,
          `events[0] is stored in ${stream.id} at version ${before + 1} but events[${index}] does not follow it there`,
        ),
      );
    }
  }
  if (!allows(expected, before)) {
    return E.left(concurrencyConflict(stream.id, expected, current, `these events were appended to ${stream.id} at version ${before}`));
  }
  const last = before + batch.length - 1;
  return E.right({ streamId: stream.id, nextExpectedVersion: last + 1, position: BigInt(stream.positions[last]!) });
}
