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

/**
 * Opens recorded events from any source (a store page, a sealed history file's lines): each sealed
 * one with its person's key while the key exists, in its erased form once it does not. Each
 * (person, key version) of a list is fetched once.
 */
export function eventOpener(keys: DataKeys): (recorded: readonly RecordedEvent[]) => Promise<E.Either<StoreError, RecordedEvent[]>> {
  return async (recorded) => {
    const found = new Map<string, DataKey | null>();
    const out: RecordedEvent[] = [];
    for (const record of recorded) {
      const sealed = record.event.metadata.sealed;
      if (sealed === undefined) {
        out.push(record);
        continue;
      }
      const which = `${sealed.personId}\u0000${sealed.keyVersion}`;
      let key = found.get(which);
      if (key === undefined) {
        const fetched = await keys.openingKey(sealed.personId, sealed.keyVersion);
        if (E.isLeft(fetched) && transient(fetched.left)) return E.left(storeErrorOf(fetched.left));
        key = E.isRight(fetched) ? fetched.right : null;
        found.set(which, key);
      }
      out.push({ ...record, event: openEvent(record.event, key) });
    }
    return E.right(out);
  };
}
