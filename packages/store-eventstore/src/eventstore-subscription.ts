import * as E from "fp-ts/lib/Either.js";
import {
  type EventSubscription,
  type GlobalPosition,
  type RecordedEvent,
  type StoreError,
  type SubscribeOptions,
  type SubscriptionMessage,
} from "@linkwork/core";
import {
  defaultSubscriptionBatchSize,
  largestReadPage,
  checkCount,
  checkOptions,
  checkPosition,
  eventMatch,
  type EventMatch,
} from "@linkwork/core/store-kit";
import type { Connection } from "./connection.js";
import { isSystemRecord, recordedEvent } from "./event-encoding.js";
import type {
  ClientFailure,
  ClientSubscription,
  ServerFilter,
  ServerPosition,
  StoredEvent,
  SubscriptionSink,
} from "./event-store-client.js";
import { comparePositions, globalPositionOf, isRecordPosition, serverPositionOf } from "./global-position.js";
import { serverFilterOf } from "./server-filter.js";
import { closedStore, storeErrorOf, unavailable } from "./store-errors.js";

export function eventStoreDbSubscription(connection: Connection, options: SubscribeOptions | undefined): EventSubscription {
  const badCall =
    checkOptions(options) ?? checkPosition(options?.after, "options.after") ?? checkCount(options?.batchSize, "options.batchSize");
  const filter = eventMatch(options?.filter, "options.filter");
  const error = badCall ?? ("error" in filter ? filter.error : null) ?? (connection.closed ? closedStore : null);
  if (error !== null) return refusal(error);
  const subscription = new CatchUpSubscription(
    connection,
    options?.after,
    "match" in filter ? filter.match : null,
    serverFilterOf(options?.filter, connection.settings.naming),
    // Capped: the queue's high-water mark is four batches, so a huge batchSize would buffer the whole log.
    Math.min(options?.batchSize ?? defaultSubscriptionBatchSize, largestReadPage),
  );
  subscription.start();
  return subscription;
}

// A bad call (or one to a closed store) is answered by the subscription itself: it cannot throw.
function refusal(error: StoreError): EventSubscription {
  let done = false;
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (done) return Promise.resolve({ done: true, value: undefined });
        done = true;
        return Promise.resolve({ done: false, value: { kind: "failed", error } satisfies SubscriptionMessage });
      },
      return: () => {
        done = true;
        return Promise.resolve({ done: true, value: undefined });
      },
    }),
    close: () => {
      done = true;
      return Promise.resolve();
    },
  };
}

/**
 * A catch-up subscription to `$all` that survives dropped connections. It remembers the position
 * of the last event it took from the server (or of a filter checkpoint it has verified, which
 * covers events the filter skipped), and after a transient failure subscribes again after that
 * position, which the server treats as exclusive: no gap, and nothing delivered twice. Events
 * wait in a queue until the consumer asks; a long queue pauses the server's delivery.
 *
 * Checkpoints are not taken on trust. Some servers send ones that are no record's position:
 * (2^64-1, 2^64-1) when a filtered subscription goes live on a log with no matching event
 * (kurrent-io/KurrentDB#4892), or the end of the log, where the next event will be written
 * (kurrent-io/KurrentDB#4970): resuming after either skips events. So a checkpoint waits, and is
 * adopted only when the subscription would report it (a caught-up mark) and a read of `$all` at
 * it finds a record there that this subscription does not deliver, with no event arrived since.
 */
class CatchUpSubscription implements EventSubscription {
  readonly #connection: Connection;
  readonly #match: EventMatch | null;
  readonly #serverFilter: ServerFilter;
  readonly #batchSize: number;
  readonly #highWater: number;
  /** Everything up to here has been queued or filtered out: the position a resubscription starts after. */
  #position: ServerPosition | undefined;
  /** The server's latest checkpoint past `#position`, not yet verified. */
  #pending: ServerPosition | null = null;
  readonly #queue: RecordedEvent[] = [];
  #head = 0;
  #client: ClientSubscription | null = null;
  #paused = false;
  /** Bumped on every (re)subscription, so that a replaced one's late reports are ignored. */
  #generation = 0;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  /** The server has reported the switch to live since the last (re)subscription. */
  #live = false;
  /** A caught-up mark went out, and no event since. */
  #reported = false;
  /** The queue was found empty after a turn of the event loop. */
  #settled = false;
  #failure: StoreError | null = null;
  #ended = false;
  #wake: (() => void) | null = null;
  #wakeScheduled = false;
  /** The last `next()` asked for: the next one starts when it has settled. */
  #turn: Promise<unknown> = Promise.resolve();

  constructor(
    connection: Connection,
    after: GlobalPosition | undefined,
    match: EventMatch | null,
    serverFilter: ServerFilter,
    batchSize: number,
  ) {
    this.#connection = connection;
    this.#position = after === undefined ? undefined : serverPositionOf(after);
    this.#match = match;
    this.#serverFilter = serverFilter;
    this.#batchSize = batchSize;
    this.#highWater = Math.max(4 * batchSize, 256);
  }

  start(): void {
    if (!this.#connection.track(this)) {
      this.#fail(closedStore);
      return;
    }
    this.#subscribe();
  }

  #subscribe(): void {
    this.#retryTimer = undefined;
    if (this.#ended) return;
    const generation = ++this.#generation;
    const current = () => generation === this.#generation && !this.#ended;
    const sink: SubscriptionSink = {
      event: (stored) => {
        if (current()) this.#take(stored);
      },
      checkpoint: (position) => {
        if (!current() || !isRecordPosition(position)) return;
        if (this.#position !== undefined && comparePositions(position, this.#position) <= 0) return;
        if (this.#pending === null || comparePositions(position, this.#pending) > 0) this.#pending = position;
      },
      caughtUp: () => {
        if (!current()) return;
        this.#live = true;
        this.#failures = 0;
        this.#wakeConsumer();
      },
      failed: (failure) => {
        if (current()) this.#dropped(failure);
      },
    };
    this.#live = false;
    this.#paused = false;
    this.#pending = null;
    this.#client = this.#connection.client.subscribeToAll(this.#position, this.#serverFilter, sink);
  }

  #take(stored: StoredEvent): void {
    const position = stored.position;
    if (position === null) {
      this.#fail(unavailable(`subscription to $all: event ${stored.id} came without its position`, false));
      return;
    }
    // The server starts after the position it is given; this only guards against a server that
    // does not. Positions compare as (commit, prepare): events of one transaction share a commit.
    if (this.#position !== undefined && comparePositions(position, this.#position) <= 0) return;
    // An event came after the checkpoint: either it supersedes it, or the checkpoint was ahead of it.
    this.#pending = null;
    const streamId = this.#delivered(stored);
    if (streamId !== null) {
      const recorded = recordedEvent(stored, streamId);
      if (E.isLeft(recorded)) {
        this.#fail(recorded.left);
        return;
      }
      this.#queue.push(recorded.right);
      if (this.#queue.length - this.#head >= this.#highWater && !this.#paused) {
        this.#paused = true;
        this.#client?.pause();
      }
      this.#wakeForEvents();
    }
    this.#position = position;
  }

  /** The core stream id of a record this subscription delivers; null for anything it skips (system records too). */
  #delivered(stored: StoredEvent): string | null {
    if (isSystemRecord(stored) || (this.#match !== null && !this.#match(stored.type))) return null;
    return this.#connection.settings.naming.streamIdOf(stored.stream);
  }

  /**
   * Adopts the pending checkpoint if a record sits exactly there that this subscription does not
   * deliver, and no event arrived meanwhile; otherwise drops it. A checkpoint that cannot be
   * checked is dropped too: resuming after the last event taken is always safe.
   */
  async #verifyPending(): Promise<void> {
    const checkpoint = this.#pending;
    if (checkpoint === null) return;
    let there: StoredEvent | undefined;
    const read = await this.#connection.retrying(() => this.#connection.client.readAll(checkpoint, 1, (stored) => (there = stored)));
    if (this.#pending !== checkpoint) return;
    this.#pending = null;
    if (read === "closed" || E.isLeft(read)) return;
    if (there?.position == null || comparePositions(there.position, checkpoint) !== 0 || this.#delivered(there) !== null) return;
    if (this.#position === undefined || comparePositions(checkpoint, this.#position) > 0) this.#position = checkpoint;
  }

  /** The connection failed: subscribe again after a pause, unless the failure is not transient or keeps happening. */
  #dropped(failure: ClientFailure): void {
    this.#client = null;
    this.#live = false;
    this.#failures += 1;
    const { maxAttempts } = this.#connection.settings.retry;
    if (failure.kind !== "transient" || this.#failures >= maxAttempts) {
      const error = storeErrorOf(failure, "subscription to $all");
      this.#fail(failure.kind === "transient" ? unavailable(`${error.message}; gave up after ${this.#failures} tries`, true) : error);
      return;
    }
    this.#retryTimer = setTimeout(() => this.#subscribe(), this.#connection.delayAfter(this.#failures));
  }

  /** Ends delivery from the server; the consumer gets the events queued so far, then the failure. */
  #fail(error: StoreError): void {
    if (this.#failure !== null || this.#ended) return;
    this.#failure = error;
    this.#generation += 1;
    void this.#stopClient();
    this.#wakeConsumer();
  }

  #wakeConsumer(): void {
    const wake = this.#wake;
    if (wake !== null) {
      this.#wake = null;
      wake();
    }
  }

  /**
   * The server's events arrive one message at a time: a consumer woken by the first would take
   * batches of one. Waking it after the current turn of the event loop (or at once for a full
   * batch) lets the events that arrived together travel together.
   */
  #wakeForEvents(): void {
    if (this.#wake === null || this.#wakeScheduled) return;
    if (this.#queue.length - this.#head >= this.#batchSize) {
      this.#wakeConsumer();
      return;
    }
    this.#wakeScheduled = true;
    setImmediate(() => {
      this.#wakeScheduled = false;
      this.#wakeConsumer();
    });
  }

  async #stopClient(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const client = this.#client;
    this.#client = null;
    if (client !== null) await client.close();
  }

  async #next(): Promise<IteratorResult<SubscriptionMessage, undefined>> {
    for (;;) {
      if (this.#ended) return { done: true, value: undefined };
      const queued = this.#queue.length - this.#head;
      if (queued > 0) {
        const take = Math.min(queued, this.#batchSize);
        const events = this.#queue.slice(this.#head, this.#head + take);
        this.#head += take;
        if (this.#head === this.#queue.length) {
          this.#queue.length = 0;
          this.#head = 0;
        } else if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
          this.#queue.splice(0, this.#head);
          this.#head = 0;
        }
        if (this.#paused && this.#queue.length - this.#head < this.#highWater / 2) {
          this.#paused = false;
          this.#client?.resume();
        }
        this.#reported = false;
        this.#settled = false;
        return { done: false, value: { kind: "events", events } };
      }
      if (this.#failure !== null) {
        const error = this.#failure;
        await this.close();
        return { done: false, value: { kind: "failed", error } };
      }
      // Everything the server sent before its caught-up report has been handed over. While live,
      // the rest of an append may still be on its way (the server sends events one by one): one
      // turn of the event loop lets whatever has arrived be queued before the mark goes out.
      if (this.#live && !this.#reported) {
        if (!this.#settled) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          this.#settled = true;
          continue;
        }
        if (this.#pending !== null) {
          // Events may arrive while the checkpoint is checked: look at the queue again afterwards.
          await this.#verifyPending();
          continue;
        }
        this.#settled = false;
        this.#reported = true;
        const position = this.#position === undefined ? null : globalPositionOf(this.#position);
        return { done: false, value: { kind: "caught-up", position } };
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage, undefined> {
    return {
      // One at a time, as an async generator queues them: `#next` keeps one waiting consumer, so a
      // second call made while the first waits would take its wake-up and leave it waiting for ever.
      next: () => {
        const answer = this.#turn.then(() => this.#next());
        this.#turn = answer.catch(() => undefined);
        return answer;
      },
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async close(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#generation += 1;
    this.#connection.untrack(this);
    this.#wakeConsumer();
    await this.#stopClient();
  }
}
