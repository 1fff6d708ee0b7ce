import type { EventStore, EventSubscription, SubscriptionMessage } from "@linkwork/core";

export interface HeldSubscriptionStore {
  readonly store: EventStore;
  /** From now on, subscriptions deliver nothing until someone reads the store's global order. */
  hold(): void;
}

/**
 * A store whose subscriptions lag on demand, without timers: once held, delivery waits until the
 * next `readAll`, which is how a projections runner finds the store's end in `waitUntilCaughtUp`.
 * A report that answers without waiting therefore sees stale state, and a test can tell.
 */
export function heldSubscriptionStore(inner: EventStore): HeldSubscriptionStore {
  let release: () => void = () => undefined;
  let released: Promise<void> = Promise.resolve();

  const subscribe = (options?: Parameters<EventStore["subscribe"]>[0]): EventSubscription => {
    const subscription = inner.subscribe(options);
    async function* delivered(): AsyncGenerator<SubscriptionMessage> {
      for await (const message of subscription) {
        await released;
        yield message;
      }
    }
    return {
      [Symbol.asyncIterator]: delivered,
      close: () => {
        release();
        return subscription.close();
      },
    };
  };

  return {
    hold: () => {
      released = new Promise((resolve) => (release = resolve));
    },
    store: {
      append: (streamId, events, expectedVersion) => inner.append(streamId, events, expectedVersion),
      readStream: (streamId, options) => inner.readStream(streamId, options),
      readAll: (options) => {
        release();
        return inner.readAll(options);
      },
      subscribe,
      close: () => {
        release();
        return inner.close();
      },
    },
  };
}
