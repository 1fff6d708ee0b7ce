import * as E from "fp-ts/lib/Either.js";
import { type CheckpointStore, type EventStore, type StoreError } from "@linkwork/core";
import { invalidStoreCall } from "@linkwork/core/store-kit";
import { Connection, type ConnectionSettings } from "./connection.js";
import { dbClient } from "./db-client.js";
import type { EventStoreClient } from "./event-store-client.js";
import { EventStoreDbCheckpointStore } from "./eventstore-checkpoint-store.js";
import { EventStoreDbEventStore } from "./eventstore-event-store.js";
import { streamNaming, streamPrefixPattern } from "./stream-naming.js";

export interface EventStoreDbOptions {
  /** For example `esdb://127.0.0.1:2113?tls=false`, or `esdb+discover://...` for a cluster. */
  readonly connectionString: string;
  /**
   * Put before every stream name, so several Linkwork deployments (or test runs) can share one
   * server: letters, digits, `_`, `.`, `:`, at most 64. Default: none.
   */
  readonly streamPrefix?: string;
  /** Tries of a call that failed transiently (lost connection, timeout), and of a dropped subscription in a row. Default 6. */
  readonly maxAttempts?: number;
  /** Wait before the first repeat, doubling each time. Default 100 ms. */
  readonly initialRetryDelayMs?: number;
  /** Longest wait between repeats. Default 3000 ms. */
  readonly maxRetryDelayMs?: number;
  /** How long the server may take over one append before answering a timeout. Default 10 000 ms (the client's). */
  readonly appendDeadlineMs?: number;
  /** Checkpoints the server keeps per projection (`$maxCount` of its checkpoint stream). Default 10. */
  readonly checkpointsKept?: number;
  /**
   * The server's `MaxAppendSize`: the largest append in bytes, counted as the server does (data +
   * metadata + 2 x type length per event). Default 1 048 576, the server's default
   * (KurrentDB ClusterVNodeOptions). Larger appends are refused before they are sent.
   */
  readonly maxAppendBytes?: number;
  /**
   * The server's `MaxAppendEventSize` (servers from 24.10.4): the largest single event in bytes,
   * counted the same way. Default 2 147 483 647 (int.MaxValue), the server's default: no limit
   * beyond the append's.
   */
  readonly maxEventBytes?: number;
}

/** An EventStore and a CheckpointStore over one connection; closing either store closes both. */
export interface EventStoreDb {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  close(): Promise<void>;
}

/**
 * Connects Linkwork to EventStoreDB (23.10 or later) or KurrentDB. Nothing is sent until the first
 * call; bad options are an INVALID_STORE_CALL naming the option, never a throw.
 */
export function eventStoreDb(options: EventStoreDbOptions): E.Either<StoreError, EventStoreDb> {
  const settings = settingsOf(options);
  if (E.isLeft(settings)) return settings;
  const client = dbClient(options.connectionString);
  if (E.isLeft(client))
    return E.left(invalidStoreCall("options.connectionString", `is not an EventStoreDB connection string: ${client.left}`));
  return E.right(eventStoreDbOver(client.right, settings.right));
}

/** The stores over any EventStoreClient (the seam for another client library). */
export function eventStoreDbOver(client: EventStoreClient, settings: ConnectionSettings): EventStoreDb {
  const connection = new Connection(client, settings);
  return {
    store: new EventStoreDbEventStore(connection),
    checkpoints: new EventStoreDbCheckpointStore(connection),
    close: () => connection.close(),
  };
}

function settingsOf(options: unknown): E.Either<StoreError, ConnectionSettings> {
  if (typeof options !== "object" || options === null)
    return E.left(invalidStoreCall("options", "must be an object with a connectionString"));
  const given = options as Partial<Record<keyof EventStoreDbOptions, unknown>>;
  if (typeof given.connectionString !== "string" || given.connectionString.length === 0) {
    return E.left(
      invalidStoreCall("options.connectionString", "must be an EventStoreDB connection string such as esdb://127.0.0.1:2113?tls=false"),
    );
  }
  const prefix = given.streamPrefix ?? "";
  if (typeof prefix !== "string" || !streamPrefixPattern.test(prefix)) {
    return E.left(invalidStoreCall("options.streamPrefix", "must be at most 64 letters, digits, _, . or :"));
  }
  const numbers: [keyof EventStoreDbOptions, number, number][] = [
    ["maxAttempts", 6, 1],
    ["initialRetryDelayMs", 100, 0],
    ["maxRetryDelayMs", 3000, 0],
    ["appendDeadlineMs", 10_000, 1],
    ["checkpointsKept", 10, 1],
    // The server's defaults: KurrentDB src/KurrentDB.Core/Configuration/ClusterVNodeOptions.cs
    // (MaxAppendSize = 1_024 * 1_024, MaxAppendEventSize = int.MaxValue).
    ["maxAppendBytes", 1_048_576, 1],
    ["maxEventBytes", 2_147_483_647, 1],
  ];
  const value: Partial<Record<keyof EventStoreDbOptions, number>> = {};
  for (const [key, fallback, least] of numbers) {
    const number = given[key] ?? fallback;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < least) {
      return E.left(invalidStoreCall(`options.${key}`, `must be a whole number, ${least} or more`));
    }
    value[key] = number;
  }
  return E.right({
    naming: streamNaming(prefix),
    retry: { maxAttempts: value.maxAttempts!, initialDelayMs: value.initialRetryDelayMs!, maxDelayMs: value.maxRetryDelayMs! },
    appendDeadlineMs: value.appendDeadlineMs!,
    checkpointsKept: value.checkpointsKept!,
    limits: { maxAppendBytes: value.maxAppendBytes!, maxEventBytes: value.maxEventBytes! },
  });
}
