import type { Listening, SqlClient } from "../sql/sql-client.js";

interface WakeSettings {
  readonly initialRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

/**
 * Wakes a store's waiting subscriptions: on a NOTIFY from any process's append (LISTEN on one
 * connection of its own), on an append made through this store, or when a waiter's own timeout
 * (the polling fallback) runs out. If the listening connection drops, it listens again with
 * backoff; meanwhile the waiters' timeouts keep them polling, so no event waits for ever.
 *
 * Every wake-up bumps `generation`: a reader notes it before reading and waits for a later one,
 * so a notification that arrives while it reads is not lost.
 */
export class WakeHub {
  readonly #client: SqlClient;
  readonly #channel: string;
  readonly #settings: WakeSettings;
  #generation = 0;
  #waiters = new Set<() => void>();
  readonly #sleepers = new Set<() => void>();
  #listening: Listening | null = null;
  #starting: Promise<void> | null = null;
  #failures = 0;
  #closed = false;
  #retryTimer: NodeJS.Timeout | null = null;

  constructor(client: SqlClient, channel: string, settings: WakeSettings) {
    this.#client = client;
    this.#channel = channel;
    this.#settings = settings;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Whether a LISTEN is in place now (for tests and diagnostics). */
  get listening(): boolean {
    return this.#listening !== null;
  }

  /** Starts listening if nobody has yet; never rejects (a failure is retried in the background). */
  ensureListening(): Promise<void> {
    if (this.#closed || this.#listening !== null) return Promise.resolve();
    this.#starting ??= this.#listen().finally(() => (this.#starting = null));
    return this.#starting;
  }

  /** Wakes every waiter now. */
  wake(): void {
    this.#generation++;
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const waiter of waiters) waiter();
  }

  /** Resolves once the generation has moved past `seen`, after `timeoutMs`, or when the hub closes. */
  waitPast(seen: number, timeoutMs: number): Promise<void> {
    if (this.#closed || this.#generation !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.#waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }

  /** Resolves after `ms`, or at once when the hub closes. */
  sleep(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const sleepers = this.#sleepers;
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.wake();
    for (const sleeper of [...this.#sleepers]) sleeper();
    await this.#starting?.catch(() => undefined);
    const listening = this.#listening;
    this.#listening = null;
    await listening?.stop();
  }

  async #listen(): Promise<void> {
    try {
      const listening = await this.#client.listen(
        this.#channel,
        () => this.wake(),
        () => this.#lost(),
      );
      if (this.#closed) {
        await listening.stop();
        return;
      }
      this.#listening = listening;
      this.#failures = 0;
      // Events may have been appended while nobody listened: let the waiters look.
      this.wake();
    } catch {
      this.#lost();
    }
  }

  #lost(): void {
    this.#listening = null;
    if (this.#closed) return;
    this.#failures++;
    const delay = Math.min(this.#settings.maxRetryDelayMs, this.#settings.initialRetryDelayMs * 2 ** Math.min(this.#failures - 1, 20));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.ensureListening();
    }, delay);
    // The retry must not keep a process alive that has nothing else to do.
    this.#retryTimer.unref();
  }
}
