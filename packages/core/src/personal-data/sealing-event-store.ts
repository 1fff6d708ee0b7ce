import * as E from "fp-ts/lib/Either.js";
import { LRUCache } from "lru-cache";
import { isEventType, type LinkworkEvent } from "../events/catalogue.js";
import { streamCategory, streamEntityId } from "../events/streams.js";
import type {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionMessage,
} from "../store/event-store.js";
import { invalidStoreCall, type StoreError } from "../store/store-error.js";
import { checkEvent, checkStreamId, isExpectedVersion, repeatedEventId } from "../store-kit/store-call.js";
import { isOverwrittenKey, type DataKeys } from "./data-keys.js";
import { isErased } from "./erased.js";
import { checkKeyStoreId, personErasedError, type KeyStoreError } from "./key-store.js";
import { sealedFieldsOf } from "./sealed-fields.js";
import { eventOpener, storeErrorOf } from "./event-opener.js";
import { sealEvent } from "./sealing.js";
import { workerEventOpener, type WorkerEventOpenerOptions } from "./opening-worker/worker-event-opener.js";

/** An event store that seals on append and opens on read, and can erase a person. */
export interface SealingEventStore extends EventStore {
  /**
   * Erases a person: destroys every version of their data key, so each of their events reads in
   * its erased form from then on, here and in every copy of the event store; then runs `alsoErase`
   * (the person register's entry, say). Streams stay: nothing is deleted or rewritten.
   */
  erasePerson<Failure = never>(
    personId: string,
    alsoErase?: () => Promise<E.Either<Failure, void>>,
  ): Promise<E.Either<KeyStoreError | Failure, void>>;
}

export interface SealingEventStoreOptions {
  /** Case streams whose person stays known in memory, so an append needs no read to find its key. Default 100,000. */
  readonly caseCacheSize?: number;
  /**
   * The person of a case whose stream names none (no ReferralReceived: a history that starts
   * mid-case), where the embedder knows it from its own records. Asked only then; default none,
   * and such a case's details are refused rather than stored in the clear.
   */
  readonly personOfCase?: (caseId: string) => Promise<string | undefined>;
  /**
   * Given: read events are opened as workerEventOpener opens them, the AES-256-GCM work on a worker
   * thread, so a reader that asks for its next page before applying this one (the projection
   * runner does) opens and applies at once; close() stops the worker. Default: opened on the
   * calling thread (eventOpener), cheaper for short reads (docs/privacy.md, "What sealing costs").
   */
  readonly openingWorker?: WorkerEventOpenerOptions;
}

type Answer<T> = E.Either<StoreError, T>;

/** The fields of an event-like value, or null for anything a store must refuse (passed on to it unchanged). */
function eventLike(value: unknown): LinkworkEvent | null {
  if (typeof value !== "object" || value === null) return null;
  const { type, data, metadata } = value as { type?: unknown; data?: unknown; metadata?: unknown };
  const sound =
    typeof type === "string" &&
    isEventType(type) &&
    typeof data === "object" &&
    data !== null &&
    typeof metadata === "object" &&
    metadata !== null &&
    typeof (metadata as { eventId?: unknown }).eventId === "string";
  // A sound envelope: the rest of the event is the deciders' (and the inner store's) to check.
  return sound ? (value as LinkworkEvent) : null;
}

/** Whether an append passes the checks every store makes (store-kit), so that the inner store may take it. */
function soundAppend(streamId: string, events: readonly unknown[], expectedVersion: unknown): boolean {
  if (checkStreamId(streamId) !== null || events.length === 0 || !isExpectedVersion(expectedVersion)) return false;
  const category = streamCategory(streamId);
  for (const [index, event] of events.entries()) if (typeof checkEvent(event, index, category) !== "number") return false;
  return repeatedEventId(events as readonly LinkworkEvent[]) === null;
}

/** The first listed field the event holds in the clear, or null when it has nothing left to seal. */
function clearField(event: LinkworkEvent): string | null {
  const data: Readonly<Record<string, unknown>> = event.data;
  for (const field of sealedFieldsOf(event.type)) {
    const value = data[field];
    if (value !== undefined && !isErased(value)) return field;
  }
  return null;
}

/**
 * Wraps any event store so the special-category fields of each event (sealed-fields.ts) are stored
 * sealed with its person's data key and read opened while the key exists (docs/privacy.md).
 *
 * Finding a case's person without a read per append: a case stream's first event, ReferralReceived,
 * names the person in the clear. The decorator remembers case -> person when it appends that event
 * or reads it, in a bounded LRU; only a case it has not met since it started (or has forgotten)
 * costs one read of the stream's first event. A person stream's id names its person.
 */
export function sealingEventStore(inner: EventStore, keys: DataKeys, options: SealingEventStoreOptions = {}): SealingEventStore {
  const personOfCase = new LRUCache<string, string>({ max: Math.max(1, options.caseCacheSize ?? 100_000) });

  function learn(streamId: string, event: LinkworkEvent): void {
    if (event.type === "ReferralReceived" && typeof event.data.personId === "string") personOfCase.set(streamId, event.data.personId);
  }

  async function personOf(streamId: string, batch: readonly LinkworkEvent[]): Promise<Answer<string>> {
    const category = streamCategory(streamId);
    let personId: unknown = category === "person" ? streamEntityId(streamId) : undefined;
    if (category === "case") {
      const referral = batch.find((event) => event.type === "ReferralReceived");
      personId = referral?.type === "ReferralReceived" ? referral.data.personId : personOfCase.get(streamId);
      if (personId === undefined) {
        const first = await inner.readStream(streamId, { maxCount: 1 });
        if (E.isLeft(first)) return first;
        const event = first.right[0]?.event;
        personId = event?.type === "ReferralReceived" ? event.data.personId : await options.personOfCase?.(streamEntityId(streamId));
      }
    }
    if (personId === undefined)
      return E.left(invalidStoreCall("streamId", "no referral names the person of this stream, so its details cannot be sealed"));
    if (checkKeyStoreId(personId, "personId") !== null)
      return E.left(invalidStoreCall("personId", "the person of this stream must be named by an opaque id to seal their details"));
    if (category === "case") personOfCase.set(streamId, personId as string);
    return E.right(personId as string);
  }

  async function append(
    streamId: string,
    events: readonly LinkworkEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<Answer<AppendResult>> {
    if (typeof streamId !== "string" || !Array.isArray(events)) return inner.append(streamId, events, expectedVersion);
    const batch = events.map(eventLike);
    let toSeal = false;
    for (const [index, event] of batch.entries()) {
      if (event === null) continue;
      const clear = clearField(event);
      if (clear === null) continue;
      // A sealed event from elsewhere (a sealed history file) keeps its box; it must hold nothing in the clear.
      if (event.metadata.sealed !== undefined)
        return E.left(invalidStoreCall(`events[${index}].data.${clear}`, "a sealed event must not also hold this field in the clear"));
      toSeal = true;
    }
    // A call the inner store will refuse goes to it unsealed: its answer, and no data key made for nothing.
    if (!toSeal || !soundAppend(streamId, events, expectedVersion)) return inner.append(streamId, events, expectedVersion);
    const sound = batch.filter((event): event is LinkworkEvent => event !== null);
    const person = await personOf(streamId, sound);
    if (E.isLeft(person)) return person;
    const key = await keys.sealingKey(person.right);
    if (E.isLeft(key)) return E.left(storeErrorOf(key.left));
    // The person was erased while the key was on its way here: sealing (synchronous from here) is refused.
    if (isOverwrittenKey(key.right)) return E.left(storeErrorOf(personErasedError));
    const given: readonly LinkworkEvent[] = events;
    const sealed = given.map((raw, index) => {
      const event = batch[index];
      return event === null || event === undefined ? raw : sealEvent(event, key.right);
    });
    return inner.append(streamId, sealed, expectedVersion);
  }

  const worker = options.openingWorker === undefined ? null : workerEventOpener(keys, options.openingWorker);
  const openEvents = worker === null ? eventOpener(keys) : worker.open;

  /** Opens recorded events, learning each case's person from its referral on the way. */
  function open(recorded: readonly RecordedEvent[]): Promise<Answer<RecordedEvent[]>> {
    for (const record of recorded) if (streamCategory(record.streamId) === "case") learn(record.streamId, record.event);
    return openEvents(recorded);
  }

  return {
    append,
    readStream: async (streamId: string, readOptions?: ReadStreamOptions) => {
      const read = await inner.readStream(streamId, readOptions);
      return E.isLeft(read) ? read : open(read.right);
    },
    readAll: async (readOptions?: ReadAllOptions): Promise<Answer<ReadAllPage>> => {
      const page = await inner.readAll(readOptions);
      if (E.isLeft(page)) return page;
      const opened = await open(page.right.events);
      return E.isLeft(opened) ? opened : E.right({ events: opened.right, isEnd: page.right.isEnd });
    },
    subscribe: (subscribeOptions?: SubscribeOptions) => openedSubscription(inner.subscribe(subscribeOptions), open),
    close: async () => {
      try {
        await inner.close();
      } finally {
        await worker?.close();
      }
    },
    erasePerson: async <Failure>(personId: string, alsoErase?: () => Promise<E.Either<Failure, void>>) => {
      const destroyed = await keys.destroy(personId);
      if (E.isLeft(destroyed) || alsoErase === undefined) return destroyed;
      return alsoErase();
    },
  };
}

function openedSubscription(
  subscription: EventSubscription,
  open: (recorded: readonly RecordedEvent[]) => Promise<Answer<RecordedEvent[]>>,
): EventSubscription {
  async function* messages(): AsyncGenerator<SubscriptionMessage, void, undefined> {
    for await (const message of subscription) {
      if (message.kind !== "events") {
        yield message;
        continue;
      }
      const opened = await open(message.events);
      if (E.isLeft(opened)) {
        await subscription.close();
        yield { kind: "failed", error: opened.left };
        return;
      }
      yield { kind: "events", events: opened.right };
    }
  }
  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: () => subscription.close(),
  };
}
