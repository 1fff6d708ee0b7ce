import * as E from "fp-ts/lib/Either.js";
import type { KeyStore, KeyStoreError, StoredDataKey } from "@linkwork/core/store-kit";
import { checkKeyLimit, checkKeyStoreId, checkStoredDataKey, personErasedError } from "@linkwork/core/store-kit";

type Answer<T> = E.Either<KeyStoreError, T>;

const closed: KeyStoreError = { code: "KEY_STORE_UNAVAILABLE", message: "the memory key store has been closed", retryable: false };

/**
 * Data keys in a Map, wrapped as every key store holds them; erased people in a Set. For tests,
 * examples and single-process tools: the keys die with the process, and so does everything they seal.
 */
export function memoryKeyStore(): KeyStore {
  const keys = new Map<string, StoredDataKey[]>();
  const erased = new Set<string>();
  let lastErasedAt: string | null = null;
  let open = true;

  function answer<T>(compute: () => Answer<T>): Promise<Answer<T>> {
    return Promise.resolve(open ? compute() : E.left(closed));
  }

  return {
    add: (key) =>
      answer(() => {
        const bad = checkStoredDataKey(key);
        if (bad !== null) return E.left(bad);
        if (erased.has(key.personId)) return E.left(personErasedError);
        const held = keys.get(key.personId) ?? [];
        if (held.some((stored) => stored.version === key.version))
          return E.left({
            code: "KEY_EXISTS",
            message: `version ${key.version} of the person's data key is stored already`,
            version: key.version,
          });
        // A copy: the caller changing its object later cannot change the stored key.
        keys.set(
          key.personId,
          [...held, { ...key }].sort((a, b) => a.version - b.version),
        );
        return E.right(undefined);
      }),
    keysOf: (personId) =>
      answer(() => {
        const bad = checkKeyStoreId(personId, "personId");
        if (bad !== null) return E.left(bad);
        if (erased.has(personId)) return E.left(personErasedError);
        return E.right(keys.get(personId) ?? []);
      }),
    destroy: (personId) =>
      answer(() => {
        const bad = checkKeyStoreId(personId, "personId");
        if (bad !== null) return E.left(bad);
        keys.delete(personId);
        if (!erased.has(personId)) lastErasedAt = new Date().toISOString();
        erased.add(personId);
        return E.right(undefined);
      }),
    wrappedOtherThan: (kekId, limit) =>
      answer(() => {
        const bad = checkKeyStoreId(kekId, "kekId") ?? checkKeyLimit(limit);
        if (bad !== null) return E.left(bad);
        const found: StoredDataKey[] = [];
        for (const held of keys.values()) {
          for (const key of held) {
            if (found.length >= limit) return E.right(found);
            if (key.kekId !== kekId) found.push(key);
          }
        }
        return E.right(found);
      }),
    rewrap: (key, expectedKekId) =>
      answer(() => {
        const bad = checkStoredDataKey(key) ?? checkKeyStoreId(expectedKekId, "expectedKekId");
        if (bad !== null) return E.left(bad);
        const held = keys.get(key.personId);
        const at = held?.findIndex((stored) => stored.version === key.version && stored.kekId === expectedKekId) ?? -1;
        if (held !== undefined && at >= 0) held[at] = { ...key };
        return E.right(undefined);
      }),
    erasures: () => answer(() => E.right({ count: erased.size, lastAt: lastErasedAt })),
    close: () => {
      open = false;
      return Promise.resolve();
    },
  };
}
