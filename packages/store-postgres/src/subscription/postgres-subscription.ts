import {
  type EventSubscription,
  type GlobalPosition,
  type StoreError,
  type SubscribeOptions,
  type SubscriptionMessage,
} from "@linkwork/core";
import { checkCount, checkOptions, checkPosition, defaultSubscriptionBatchSize } from "@linkwork/core/store-kit";
import { closedStore, type PostgresConnection } from "../connection/postgres-connection.js";
import { readGlobalPage, sqlFilter, type SqlFilter } from "../events/global-page.js";
import { isTransient, storeErrorOf } from "../sql/sql-errors.js";

/** How soon a subscription held back by an older open transaction looks again (ms). */
const blockedRetryMs = 5;

/**
 * Catch-up and live delivery are one walk along the global order: read a page after the cursor,
 * deliver it, and when nothing is left report `caught-up` and wait for a wake-up (a NOTIFY from
 * any appender, an append through this store, or the polling interval). Pages follow the
 * visibility rule, so an event that commits late below the cursor cannot exist: the cursor never
 * passes a transaction still open. A failed read is repeated with backoff; the subscription
 * fails only after `maxAttempts` failures in a row (a server restart costs a few).
 */
export function postgresSubscription(connection: PostgresConnection, options: SubscribeOptions | undefined): EventSubscription {
  let closed = false;
  const bad =
    checkOptions(options) ?? checkPosition(options?.after, "options.after") ?? checkCount(options?.batchSize, "options.batchSize");
  const filter = bad === null ? sqlFilter(options?.filter, "options.filter") : bad;
  const subscription: EventSubscription = {
    [Symbol.asyncIterator]: () => messages,
    close: () => {
      if (!closed) {
        closed = true;
        connection.untrack(subscription);
        connection.wakes.wake();
      }
      return Promise.resolve();
    },
  };
  const error = "code" in filter ? filter : connection.track(subscription) ? null : closedStore;
  const messages =
    error !== null
      ? refusal(error)
      : deliver(
          connection,
          options?.after,
          filter as SqlFilter,
          options?.batchSize ?? defaultSubscriptionBatchSize,
          () => closed || connection.closed,
        );
  return subscription;
}

// A bad call (or one to a closed store) is answered by the subscription itself: it cannot throw.
// eslint-disable-next-line @typescript-eslint/require-await
async function* refusal(error: StoreError): AsyncGenerator<SubscriptionMessage, void, undefined> {
  yield { kind: "failed", error };
}

async function* deliver(
  connection: PostgresConnection,
  after: GlobalPosition | undefined,
  filter: SqlFilter,
  batchSize: number,
  isClosed: () => boolean,
): AsyncGenerator<SubscriptionMessage, void, undefined> {
  const wakes = connection.wakes;
  void wakes.ensureListening();
  let cursor: GlobalPosition = after ?? 0n;
  let seen: GlobalPosition | null = after ?? null;
  let reported = false;
  let failures = 0;
  while (!isClosed()) {
    const generation = wakes.generation;
    let page;
    try {
      page = await readGlobalPage(connection, cursor, batchSize, filter);
      failures = 0;
    } catch (error) {
      if (isClosed()) return;
      failures++;
      if (!isTransient(error) || failures >= connection.settings.maxAttempts) {
        yield { kind: "failed", error: storeErrorOf(error, "subscription read of the global order") };
        return;
      }
      await connection.pause(connection.retryDelay(failures));
      continue;
    }
    if (isClosed()) return;
    if (page.events.length > 0) {
      cursor = page.events.at(-1)!.position;
      seen = cursor;
      reported = false;
      yield { kind: "events", events: page.events };
      continue;
    }
    if (page.blocked) {
      // Events are committed past an older open transaction: not caught up, look again soon.
      await wakes.waitPast(generation, blockedRetryMs);
      continue;
    }
    if (!reported) {
      reported = true;
      yield { kind: "caught-up", position: seen };
      continue;
    }
    await wakes.waitPast(generation, connection.settings.pollIntervalMs);
  }
}
