import * as E from "fp-ts/lib/Either.js";
import { type CheckpointStore, type EventStore, type StoreError } from "@linkwork/core";
import { invalidStoreCall } from "@linkwork/core/store-kit";
import { Connection, type ConnectionSettings } from "./connection.js";
import { dbClient } from "./db-client.js";
import { kurrentDbClient } from "./kurrentdb-client.js";
import type { EventStoreClient } from "./event-store-client.js";
import { EventStoreDbCheckpointStore } from "./eventstore-checkpoint-store.js";
import { EventStoreDbEventStore } from "./eventstore-event-store.js";
import { streamNaming, streamPrefixPattern } from "./stream-naming.js";

export interface EventStoreDbOptions {
  /**
   * For example `esdb://127.0.0.1:2113?tls=false`, `esdb+discover://...` for a cluster, or
   * `kurrentdb://...` (also `kurrent://`, `kdb://` and their `+discover` forms) for KurrentDB.
   */
  readonly connectionString: string;
  /**
   * The Node client library: "@eventstore/db-client" (6.2.1) or "@kurrent/kurrentdb-client"
   * (1.3.1, the maintained successor). Default: the KurrentDB client for `kurrentdb://`,
   * `kurrent://` and `kdb://` strings (which 6.2.1 refuses), the EventStoreDB client otherwise.
   */
  readonly client?: ClientLibraryName;
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
  const library = libraryOf(options);
  if (E.isLeft(library)) return library;
  const client = (library.right === "@kurrent/kurrentdb-client" ? kurrentDbClient : dbClient)(options.connectionString);
  if (E.isLeft(client)) {
    return E.left(invalidStoreCall("options.connectionString", `is not a connection string ${library.right} takes: ${client.left}`));
  }
  return E.right(eventStoreDbOver(client.right, settings.right));
}

/** The two Node client libraries the adapter can use. */
export type ClientLibraryName = "@eventstore/db-client" | "@kurrent/kurrentdb-client";

const clientLibraries: readonly string[] = ["@eventstore/db-client", "@kurrent/kurrentdb-client"] satisfies ClientLibraryName[];

/** The schemes only the KurrentDB client takes (its parseConnectionString); every other goes to @eventstore/db-client. */
const kurrentScheme = /^(?:kurrentdb|kurrent|kdb)(?:\+discover)?:\/\//i;

function libraryOf(options: EventStoreDbOptions): E.Either<StoreError, ClientLibraryName> {
  const chosen: unknown = options.client;
  if (chosen === undefined) {
    return E.right(kurrentScheme.test(options.connectionString) ? "@kurrent/kurrentdb-client" : "@eventstore/db-client");
  }
  return isLibraryName(chosen)
    ? E.right(chosen)
    : E.left(invalidStoreCall("options.client", `must be one of ${clientLibraries.join(", ")}`));
}

function isLibraryName(value: unknown): value is ClientLibraryName {
  return typeof value === "string" && clientLibraries.includes(value);
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
