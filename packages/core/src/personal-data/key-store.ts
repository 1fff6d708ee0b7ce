import type * as E from "fp-ts/lib/Either.js";
import { issuedIdPattern } from "../identifiers.js";

/**
 * The key store port: where each person's data keys live, apart from the event store, so that
 * destroying them erases the person's sealed details everywhere the events went (backups and copies
 * of the event store included). A store holds keys only wrapped (encrypted) by a key-encryption key
 * (KEK) that it never sees: wrapping and unwrapping are the core's (data-keys.ts), so an
 * implementation is a table and nothing more, e.g. in SQL:
 *
 *   data_keys(person_id text, version int, kek_id text, wrapped text, primary key (person_id, version))
 *   erased_people(person_id text primary key, erased_at timestamptz not null default now())
 *
 * `add` is an INSERT refused on a duplicate key or an erased person; `destroy` deletes the rows and
 * inserts the tombstone in one transaction; `rewrap` is an UPDATE guarded by the old kek_id.
 *
 * Rotation, two kinds: the KEK is rotated by re-wrapping every stored key under the new one (no event
 * is touched: events are immutable, which is why the KEK, not the data key, is what rotates
 * routinely); a person's data key is rotated by adding a version, which seals their new events while
 * the older versions still open the older ones, until erasure destroys them all.
 */
export interface KeyStore {
  /** Stores a new version of a person's key. KEY_EXISTS if that version is stored, PERSON_ERASED after erasure. */
  add(key: StoredDataKey): Promise<E.Either<KeyStoreError, void>>;
  /** Every version of a person's key, oldest first: [] for a person without keys; PERSON_ERASED after erasure. */
  keysOf(personId: string): Promise<E.Either<KeyStoreError, readonly StoredDataKey[]>>;
  /** Destroys every version of a person's key and remembers that the person was erased. Idempotent. */
  destroy(personId: string): Promise<E.Either<KeyStoreError, void>>;
  /** Up to `limit` stored keys wrapped by a KEK other than `kekId`: what a KEK rotation still has to re-wrap. */
  wrappedOtherThan(kekId: string, limit: number): Promise<E.Either<KeyStoreError, readonly StoredDataKey[]>>;
  /**
   * Replaces the wrapping of one stored key (same person and version) if it is still wrapped by
   * `expectedKekId`; otherwise (re-wrapped or destroyed meanwhile) writes nothing and succeeds.
   */
  rewrap(key: StoredDataKey, expectedKekId: string): Promise<E.Either<KeyStoreError, void>>;
  /**
   * How many people were ever erased (each once) and when the last was: no person named. A runner
   * compares it with the figure its checkpoints were saved under, to rebuild the read models that
   * may hold an erased person's details (docs/privacy.md, "Read models after an erasure").
   */
  erasures(): Promise<E.Either<KeyStoreError, ErasureCount>>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** A key store's erasures: a count and a time, never who. Equal figures mean no erasure in between. */
export interface ErasureCount {
  /** People erased, each once (destroying a person again does not count). */
  readonly count: number;
  /** When the latest erasure was recorded (ISO 8601, UTC); null before the first. */
  readonly lastAt: string | null;
}

/** One version of a person's data key as a key store holds it: wrapped, never in the clear. */
export interface StoredDataKey {
  readonly personId: string;
  /** 1 for the person's first key, then 2, 3... after each rotation. */
  readonly version: number;
  /** Which key-encryption key wrapped it. */
  readonly kekId: string;
  /** base64 of the 12-byte IV, the 32 wrapped key bytes and the 16-byte GCM tag. */
  readonly wrapped: string;
}

/**
 * What a key store (or the data keys over it) answers instead of a result. No message names the
 * person: errors end up in logs.
 */
export type KeyStoreError =
  | {
      /** A malformed call (bad person id, version, wrapping). Nothing was written. */
      readonly code: "INVALID_KEY_STORE_CALL";
      readonly message: string;
      readonly path: string;
    }
  | {
      /** The person was erased: their keys are gone for good and no new key is issued for them. */
      readonly code: "PERSON_ERASED";
      readonly message: string;
    }
  | {
      /** That version of the person's key is stored already (another process made it first). */
      readonly code: "KEY_EXISTS";
      readonly message: string;
      readonly version: number;
    }
  | {
      /** No such version of the person's key (it was never made). */
      readonly code: "KEY_NOT_FOUND";
      readonly message: string;
      readonly version: number;
    }
  | {
      /** The key was wrapped by a KEK the key ring does not hold (a rotation dropped it too early). */
      readonly code: "KEK_UNKNOWN";
      readonly message: string;
      readonly kekId: string;
    }
  | {
      /** A wrapped key failed authentication: changed in the store, or wrapped for another row. */
      readonly code: "KEY_DAMAGED";
      readonly message: string;
    }
  | {
      /** The store could not be reached or failed; `retryable` says whether the same call may succeed later. */
      readonly code: "KEY_STORE_UNAVAILABLE";
      readonly message: string;
      readonly retryable: boolean;
    };

/** The INVALID_KEY_STORE_CALL for one bad argument. */
export function invalidKeyStoreCall(path: string, message: string): KeyStoreError {
  return { code: "INVALID_KEY_STORE_CALL", message: `invalid key store call: ${path}: ${message}`, path };
}

export const personErasedError: KeyStoreError = {
  code: "PERSON_ERASED",
  message: "the person was erased: their data keys were destroyed",
};

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const wrappedPattern = /^[A-Za-z0-9+/]{80}$/;

const personIdPattern = issuedIdPattern("person");

/**
 * A person id or KEK id argument (the message never repeats the value): a person id is the
 * register's pseudonym, an issued id (`person_<token>` or a UUID), as events carry it; a KEK id an
 * opaque id. Checked by the path's last name, so every store's calls are held to the same shapes.
 */
export function checkKeyStoreId(value: unknown, path: string): KeyStoreError | null {
  if (path === "personId" || path.endsWith(".personId")) return checkKeyStorePersonId(value, path);
  return typeof value === "string" && idPattern.test(value)
    ? null
    : invalidKeyStoreCall(path, "must be an opaque id: 1-64 letters, digits, _ . : -");
}

/** A person id argument: an issued person id, never a name or anything else a caller might pass. */
export function checkKeyStorePersonId(value: unknown, path: string): KeyStoreError | null {
  return typeof value === "string" && value.length <= 64 && personIdPattern.test(value)
    ? null
    : invalidKeyStoreCall(path, "must be an issued person id (person_ and a token, or a UUID), as the person register issues it");
}

/** The largest key version: the `int` of the table above (a SQL store could hold no more). */
const maxKeyVersion = 2_147_483_647;

/** A stored key's shape, checked by every key store before it writes. */
export function checkStoredDataKey(key: unknown, path = "key"): KeyStoreError | null {
  if (typeof key !== "object" || key === null) return invalidKeyStoreCall(path, "must be a stored data key");
  const { personId, version, kekId, wrapped } = key as Partial<Record<keyof StoredDataKey, unknown>>;
  return (
    checkKeyStoreId(personId, `${path}.personId`) ??
    (typeof version === "number" && Number.isSafeInteger(version) && version >= 1 && version <= maxKeyVersion
      ? null
      : invalidKeyStoreCall(`${path}.version`, "must be a whole number from 1 to 2147483647")) ??
    checkKeyStoreId(kekId, `${path}.kekId`) ??
    (typeof wrapped === "string" && wrappedPattern.test(wrapped)
      ? null
      : invalidKeyStoreCall(`${path}.wrapped`, "must be 80 base64 characters: IV, wrapped key and tag"))
  );
}

/** A limit argument: a whole number from 1 to 10,000, so one call's answer stays bounded. */
export function checkKeyLimit(limit: unknown): KeyStoreError | null {
  return typeof limit === "number" && Number.isSafeInteger(limit) && limit >= 1 && limit <= 10_000
    ? null
    : invalidKeyStoreCall("limit", "must be a whole number from 1 to 10,000");
}
