import { type StoreError } from "@linkwork/core";
import { invalidStoreCall } from "@linkwork/core/store-kit";
import type { ClientFailure } from "./event-store-client.js";

/** What every call to a closed adapter answers. */
export const closedStore: StoreError = { code: "STORE_UNAVAILABLE", message: "the EventStoreDB store has been closed", retryable: false };

export function unavailable(message: string, retryable: boolean): StoreError {
  return { code: "STORE_UNAVAILABLE", message, retryable };
}

/** An EventStoreDB revision as a core version: the stream's version is its last revision + 1. */
export function versionOf(current: bigint | "no_stream"): number {
  return current === "no_stream" ? 0 : Number(current) + 1;
}

/**
 * The StoreError for a failure the caller cannot act on with a version or an id. An append larger
 * than the server takes is a bad call (INVALID_STORE_CALL at `events`, nothing written): the same
 * call can never succeed, and the caller can fix it by splitting the events.
 */
export function storeErrorOf(failure: ClientFailure, doing: string): StoreError {
  switch (failure.kind) {
    case "transient":
      return unavailable(`${doing}: EventStoreDB did not answer in time or the connection failed (${failure.message})`, true);
    case "too-large":
      return invalidStoreCall(
        "events",
        `${doing}: the server refused the events as too large${failure.limit === null ? ` (${failure.message})` : ` (its limit is ${failure.limit} bytes)`}; lower maxAppendBytes / maxEventBytes to the server's limits, and append fewer or smaller events`,
      );
    case "stream-deleted":
      return unavailable(`${doing}: stream ${failure.stream} was deleted for good (tombstoned) in EventStoreDB, outside Linkwork`, false);
    case "access-denied":
      return unavailable(`${doing}: EventStoreDB denied access (${failure.message})`, false);
    case "wrong-expected-version":
      return unavailable(`${doing}: EventStoreDB refused an unexpected version (${String(failure.current)})`, false);
    case "failed":
      return unavailable(`${doing}: EventStoreDB failed (${failure.message})`, false);
  }
}
