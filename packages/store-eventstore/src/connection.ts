import * as E from "fp-ts/lib/Either.js";
import type { ClientFailure, EventStoreClient } from "./event-store-client.js";
import type { StreamNaming } from "./stream-naming.js";

/** How often and how patiently the adapter repeats a call that failed transiently. */
export interface RetryPolicy {
  /** Tries of one call (subscriptions: consecutive failed connections) before giving up. */
  readonly maxAttempts: number;
  /** The wait before the first repeat; it doubles each time, up to `maxDelayMs`. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ConnectionSettings {
  readonly naming: StreamNaming;
  readonly retry: RetryPolicy;
  /** How long the server may take over one append before it answers a timeout. */
  readonly appendDeadlineMs: number;
  /** `$maxCount` of checkpoint streams: how many checkpoints the server keeps per projection. */
  readonly checkpointsKept: number;
  readonly limits: SizeLimits;
}

/** The server's size limits, in bytes as it counts them (data + metadata + 2 x type length per event). */
export interface SizeLimits {
  /** The whole append (the server's `MaxAppendSize`). */
  readonly maxAppendBytes: number;
  /** One event (`MaxAppendEventSize`, servers from 24.10.4). */
  readonly maxEventBytes: number;
}

/** Something that ends when the adapter closes (an open subscription). */
export interface Closable {
  close(): Promise<void>;
}

/**
 * The client and settings shared by the event store, its subscriptions and the checkpoint store,
 * and their common end: closing it ends open subscriptions, wakes calls waiting to retry and
 * disposes the client, so nothing keeps the process alive.
 */
export class Connection {
  readonly client: EventStoreClient;
  readonly settings: ConnectionSettings;
  readonly #open = new Set<Closable>();
  readonly #closing = new AbortController();
  #ended: Promise<void> | null = null;

  constructor(client: EventStoreClient, settings: ConnectionSettings) {
    this.client = client;
    this.settings = settings;
  }

  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  /** Keeps `closable` until it is closed, to close it with the connection; false if already closed. */
  track(closable: Closable): boolean {
    if (this.closed) return false;
    this.#open.add(closable);
    return true;
  }

  untrack(closable: Closable): void {
    this.#open.delete(closable);
  }

  /** Ends everything; a second call (also one made meanwhile) resolves when the first has finished. */
  close(): Promise<void> {
    this.#ended ??= this.#close();
    return this.#ended;
  }

  async #close(): Promise<void> {
    this.#closing.abort();
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(open.map((closable) => closable.close()));
    await this.client.dispose();
  }

  /** The wait before try number `attempt + 1` (attempt counts from 1). */
  delayAfter(attempt: number): number {
    const { initialDelayMs, maxDelayMs } = this.settings.retry;
    return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 30));
  }

  /** Waits, or less if the connection closes meanwhile; answers false when it has closed. */
  pause(ms: number): Promise<boolean> {
    const signal = this.#closing.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve(!signal.aborted);
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    });
  }

  /**
   * Runs a call that changes nothing (a read) until it answers other than a transient failure, at
   * most `maxAttempts` times; "closed" when the connection closed meanwhile.
   */
  async retrying<T>(call: () => Promise<E.Either<ClientFailure, T>>): Promise<E.Either<ClientFailure, T> | "closed"> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) return "closed";
      const outcome = await call();
      if (E.isRight(outcome) || outcome.left.kind !== "transient" || attempt >= this.settings.retry.maxAttempts) return outcome;
      if (!(await this.pause(this.delayAfter(attempt)))) return "closed";
    }
  }
}
