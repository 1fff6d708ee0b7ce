import * as E from "fp-ts/lib/Either.js";
import { type StoreError } from "@linkwork/core";
import { type SchemaNames } from "../schema/schema-names.js";
import type { SqlClient } from "../sql/sql-client.js";
import { isTransient, storeErrorOf } from "../sql/sql-errors.js";
import { WakeHub } from "./wake-hub.js";

/** How the store repeats calls that failed transiently, and how its readers wait. */
export interface ConnectionSettings {
  /** Tries of one call (subscriptions: failed reads in a row) before giving up. */
  readonly maxAttempts: number;
  /** The wait before the first repeat; it doubles each time, up to `maxRetryDelayMs`. */
  readonly initialRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** How often a live subscription looks for new events when no notification comes. */
  readonly pollIntervalMs: number;
  /** How long `readAll` waits for older transactions still writing before it answers. */
  readonly horizonWaitMs: number;
}

/** Something that ends when the store closes (an open subscription). */
export interface Closable {
  close(): Promise<void>;
}

/** What every call to a closed store answers. */
export const closedStore: StoreError = { code: "STORE_UNAVAILABLE", message: "the PostgreSQL store has been closed", retryable: false };

/**
 * The SQL client, the schema's names and the settings shared by the event store, its
 * subscriptions and the checkpoint store, and their common end: closing it ends open
 * subscriptions, stops listening and closes the client, so nothing keeps the process alive.
 */
export class PostgresConnection {
  readonly client: SqlClient;
  readonly names: SchemaNames;
  readonly settings: ConnectionSettings;
  readonly wakes: WakeHub;
  readonly #open = new Set<Closable>();
  #closed = false;
  #closing: Promise<void> | null = null;

  constructor(client: SqlClient, names: SchemaNames, settings: ConnectionSettings) {
    this.client = client;
    this.names = names;
    this.settings = settings;
    this.wakes = new WakeHub(client, names.channel, settings);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Keeps `closable` until it is closed, to close it with the store; false if the store is closed. */
  track(closable: Closable): boolean {
    if (this.#closed) return false;
    this.#open.add(closable);
    return true;
  }

  untrack(closable: Closable): void {
    this.#open.delete(closable);
  }

  /**
   * Runs `call`, repeating it after transient failures (with exponential backoff) up to
   * `maxAttempts` tries. Only idempotent calls come here: an append is, by its event ids.
   */
  async retrying<T>(doing: string, call: () => Promise<T>): Promise<E.Either<StoreError, T>> {
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) return E.left(closedStore);
      try {
        return E.right(await call());
      } catch (error) {
        if (this.#closed) return E.left(closedStore);
        if (!isTransient(error) || attempt >= this.settings.maxAttempts) return E.left(storeErrorOf(error, doing));
        await this.pause(this.retryDelay(attempt));
      }
    }
  }

  /** The wait after the `attempt`-th failure in a row. */
  retryDelay(attempt: number): number {
    return Math.min(this.settings.maxRetryDelayMs, this.settings.initialRetryDelayMs * 2 ** (attempt - 1));
  }

  /** Resolves after `ms`, or at once when the store closes. */
  pause(ms: number): Promise<void> {
    return this.wakes.sleep(ms);
  }

  /** Ends everything; a second call (also one made meanwhile) resolves when the first has finished. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(open.map((closable) => closable.close()));
    await this.wakes.close();
    await this.client.close().catch(() => undefined);
  }
}
