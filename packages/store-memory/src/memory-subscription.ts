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
import { closedStore, indexAfter, type MemoryLog } from "./memory-log.js";

/**
 * Catch-up and live delivery are one walk along the log: the cursor moves over events as they
 * are appended, so an event appended during catch-up is simply met later, once, in order. When the
 * cursor reaches the end it reports `caught-up` and sleeps until the next append.
 */
export function memorySubscription(log: MemoryLog, options: SubscribeOptions | undefined): EventSubscription {
  let closed = false;
  const isClosed = () => closed || log.closed;

  const badCall =
    checkOptions(options) ?? checkPosition(options?.after, "options.after") ?? checkCount(options?.batchSize, "options.batchSize");
  const filter = eventMatch(options?.filter, "options.filter");
  const error = badCall ?? ("error" in filter ? filter.error : null) ?? (log.closed ? closedStore : null);
  const messages =
    error !== null
      ? refusal(error)
      : deliver(
          log,
          options?.after,
          "match" in filter ? filter.match : null,
          Math.min(options?.batchSize ?? defaultSubscriptionBatchSize, largestReadPage),
          isClosed,
        );

  return {
    [Symbol.asyncIterator]: () => messages,
    close: () => {
      closed = true;
      log.wakeReaders();
      return Promise.resolve();
    },
  };
}

// A bad call (or one to a closed store) is answered by the subscription itself: it cannot throw and
// has no Either to return.
// eslint-disable-next-line @typescript-eslint/require-await
async function* refusal(error: StoreError): AsyncGenerator<SubscriptionMessage, void, undefined> {
  yield { kind: "failed", error };
}

async function* deliver(
  log: MemoryLog,
  after: GlobalPosition | undefined,
  match: EventMatch | null,
  batchSize: number,
  isClosed: () => boolean,
): AsyncGenerator<SubscriptionMessage, void, undefined> {
  let cursor = indexAfter(after);
  let seen: GlobalPosition | null = after ?? null;
  let reported = false;
  while (!isClosed()) {
    const end = log.length;
    if (cursor < end) {
      const batch: RecordedEvent[] = [];
      for (; cursor < end && batch.length < batchSize; cursor++) {
        if (match === null || match(log.typeAt(cursor))) batch.push(log.recordedAt(cursor));
      }
      seen = BigInt(cursor);
      reported = false;
      if (batch.length > 0) yield { kind: "events", events: batch };
    } else if (!reported) {
      reported = true;
      yield { kind: "caught-up", position: seen };
    } else {
      await log.nextAppend();
    }
  }
}
