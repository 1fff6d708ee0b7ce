import type { EventFilter, EventStore } from "@linkwork/core";

/**
 * Where a runner's events come from (every source's events get the core's HistoryChecker verdict first):
 * - `read-all`: page through a store's global order once, to its end (a rebuild or a catch-up);
 * - `subscription`: catch up from a store, then stay live until stopped;
 * - `history-file`: stream an NDJSON history file once, each line parsed once.
 */
export type ProjectionSource =
  | { readonly kind: "read-all"; readonly store: EventStore; readonly filter?: EventFilter }
  | { readonly kind: "subscription"; readonly store: EventStore; readonly filter?: EventFilter }
  | { readonly kind: "history-file"; readonly path: string };

export type ProjectionSourceKind = ProjectionSource["kind"];

export function readAllSource(store: EventStore, filter?: EventFilter): ProjectionSource {
  return filter === undefined ? { kind: "read-all", store } : { kind: "read-all", store, filter };
}

export function subscriptionSource(store: EventStore, filter?: EventFilter): ProjectionSource {
  return filter === undefined ? { kind: "subscription", store } : { kind: "subscription", store, filter };
}

export function historyFileSource(path: string): ProjectionSource {
  return { kind: "history-file", path };
}
