import * as E from "fp-ts/lib/Either.js";
import type { RecordedEvent } from "../store/event-store.js";
import type { StoreError } from "../store/store-error.js";
import type { DataKey, DataKeys } from "./data-keys.js";
import type { KeyStoreError } from "./key-store.js";
import { openEvent } from "./sealing.js";

/** A key store's refusal, as the event store port words it. */
export function storeErrorOf(error: KeyStoreError): StoreError {
  switch (error.code) {
    case "PERSON_ERASED":
      return { code: "PERSON_ERASED", message: "the person of this stream was erased: nothing more is recorded about them" };
    case "KEY_STORE_UNAVAILABLE":
      return { code: "STORE_UNAVAILABLE", message: `the key store could not answer: ${error.message}`, retryable: error.retryable };
    case "INVALID_KEY_STORE_CALL":
    case "KEY_EXISTS":
    case "KEY_NOT_FOUND":
    case "KEK_UNKNOWN":
    case "KEY_DAMAGED":
      return { code: "STORE_UNAVAILABLE", message: `the person's data key cannot be used: ${error.message}`, retryable: false };
  }
}

/**
 * Whether a key could not be had for now (the key store is down, or the key ring lacks a KEK): the
 * read fails and is retried. Any other answer (erased, never made, damaged) is final, and the
 * event reads in its erased form.
 */
function transient(error: KeyStoreError): boolean {
  return error.code === "KEY_STORE_UNAVAILABLE" || error.code === "KEK_UNKNOWN";
}

/** Each (person, key version) a list of events is sealed with -> its key, or null when it cannot be had (the events read erased). */
export type BatchKeys = Map<string, Map<number, DataKey | null>>;

/**
 * The keys of a list's sealed events, each (person, key version) fetched once, one await each (no
 * string is built per event to look a key up); STORE_UNAVAILABLE when one cannot be had for now.
 */
export async function batchKeys(keys: DataKeys, recorded: readonly RecordedEvent[]): Promise<E.Either<StoreError, BatchKeys>> {
  const found: BatchKeys = new Map();
  for (const record of recorded) {
    const sealed = record.event.metadata.sealed;
    if (sealed === undefined) continue;
    let versions = found.get(sealed.personId);
    if (versions === undefined) found.set(sealed.personId, (versions = new Map<number, DataKey | null>()));
    if (versions.has(sealed.keyVersion)) continue;
    const fetched = await keys.openingKey(sealed.personId, sealed.keyVersion);
    if (E.isLeft(fetched) && transient(fetched.left)) return E.left(storeErrorOf(fetched.left));
    versions.set(sealed.keyVersion, E.isRight(fetched) ? fetched.right : null);
  }
  return E.right(found);
}

/**
 * Opens recorded events from any source (a store page, a sealed history file's lines): each sealed
 * one with its person's key while the key exists, in its erased form once it does not. Each
 * (person, key version) of a list is fetched once, before any event is opened: the keys first, one
 * await each, then the events in one synchronous pass (no promise per event). For a long replay,
 * workerEventOpener does the same with the AES-GCM work on a worker thread.
 */
export function eventOpener(keys: DataKeys): (recorded: readonly RecordedEvent[]) => Promise<E.Either<StoreError, RecordedEvent[]>> {
  return async (recorded) => {
    const found = await batchKeys(keys, recorded);
    if (E.isLeft(found)) return found;
    const out = new Array<RecordedEvent>(recorded.length);
    for (let index = 0; index < recorded.length; index++) {
      const record = recorded[index]!;
      const sealed = record.event.metadata.sealed;
      out[index] =
        sealed === undefined
          ? record
          : { ...record, event: openEvent(record.event, found.right.get(sealed.personId)?.get(sealed.keyVersion) ?? null) };
    }
    return E.right(out);
  };
}
