import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { LRUCache } from "lru-cache";
import { checkKeyStoreId, type KeyStore, type KeyStoreError, type StoredDataKey } from "./key-store.js";

/**
 * A key-encryption key (KEK): 32 bytes that wrap every data key a key store holds. It lives with the
 * embedder (an environment secret, a KMS or an HSM), never in the key store or the event store, so
 * a copy of either alone opens nothing.
 */
export interface KeyEncryptionKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/** The KEK that wraps new keys, and the retired ones still needed until `rewrapAll` has moved every key off them. */
export interface KeyRing {
  readonly current: KeyEncryptionKey;
  readonly retired?: readonly KeyEncryptionKey[];
}

/** One version of a person's data key, unwrapped: AES-256-GCM, 32 bytes. */
export interface DataKey {
  readonly personId: string;
  readonly version: number;
  readonly key: Buffer;
}

export interface DataKeysOptions {
  /** People whose unwrapped keys stay in memory between calls. Default 10,000; 0 turns it off. */
  readonly cacheSize?: number;
  /**
   * How long (ms) a person's unwrapped keys are used from memory before the key store is asked
   * again: the longest another process's erasure can go unseen here. Default 60,000; 0 turns the
   * cache off.
   */
  readonly cacheTtlMs?: number;
  /** The clock the time-to-live is measured by (ms, monotonic). Default `performance.now`; tests inject one. */
  readonly now?: () => number;
}

/** The default time-to-live of cached data keys: an erasure elsewhere is seen within a minute (docs/privacy.md). */
export const defaultKeyCacheTtlMs = 60_000;

/**
 * Each person's data keys, over a key store: made on first use, unwrapped with the key ring,
 * rotated, re-wrapped after a KEK rotation, destroyed on erasure. The only place keys are wrapped.
 */
export interface DataKeys {
  /** The person's newest key, to seal with; their first key is made here. PERSON_ERASED after erasure. */
  sealingKey(personId: string): Promise<E.Either<KeyStoreError, DataKey>>;
  /** One version of the person's key, to open with. PERSON_ERASED after erasure. */
  openingKey(personId: string, version: number): Promise<E.Either<KeyStoreError, DataKey>>;
  /** Adds a new version of the person's key: their later events are sealed with it. */
  rotate(personId: string): Promise<E.Either<KeyStoreError, DataKey>>;
  /** Re-wraps every stored key under the ring's current KEK; answers how many moved. Run after a KEK rotation. */
  rewrapAll(): Promise<E.Either<KeyStoreError, number>>;
  /** Destroys every version of the person's key, in the store and in this process's memory. */
  destroy(personId: string): Promise<E.Either<KeyStoreError, void>>;
}

const KEY_BYTES = 32;
/** 96-bit IVs, the length NIST SP 800-38D (section 8.2) recommends for GCM. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const REWRAP_BATCH = 500;

/** A new random KEK (for tests, examples and a first installation; keep it outside both stores). */
export function newKeyEncryptionKey(id: string): KeyEncryptionKey {
  return { id, key: randomBytes(KEY_BYTES) };
}

/** The wrapped key is bound to its row: a wrapping moved to another person or version fails to open. */
function wrapContext(personId: string, version: number): Buffer {
  return Buffer.from(`linkwork data key\u0000${personId}\u0000${version}`, "utf8");
}

function wrap(kek: KeyEncryptionKey, personId: string, version: number, key: Buffer): StoredDataKey {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", kek.key, iv);
  cipher.setAAD(wrapContext(personId, version));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return { personId, version, kekId: kek.id, wrapped: Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64") };
}

function unwrap(ring: ReadonlyMap<string, KeyEncryptionKey>, stored: StoredDataKey): E.Either<KeyStoreError, DataKey> {
  const kek = ring.get(stored.kekId);
  if (kek === undefined)
    return E.left({
      code: "KEK_UNKNOWN",
      message: `a data key is wrapped by KEK ${stored.kekId}, which the key ring does not hold`,
      kekId: stored.kekId,
    });
  const bytes = Buffer.from(stored.wrapped, "base64");
  let key: Buffer | null = null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", kek.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(wrapContext(stored.personId, stored.version));
    decipher.setAuthTag(bytes.subarray(IV_BYTES + KEY_BYTES, IV_BYTES + KEY_BYTES + TAG_BYTES));
    // update()'s own buffer is the key: no second copy left unzeroed. GCM's final() adds no bytes; it checks the tag.
    key = decipher.update(bytes.subarray(IV_BYTES, IV_BYTES + KEY_BYTES));
    decipher.final();
    return E.right({ personId: stored.personId, version: stored.version, key });
  } catch {
    // node:crypto throws when the tag does not authenticate: the only throw here, turned into an answer.
    key?.fill(0);
    return E.left({ code: "KEY_DAMAGED", message: "a stored data key failed authentication: it was changed or moved" });
  }
}

const overwrittenKey = Buffer.alloc(KEY_BYTES);

/**
 * Whether a key's bytes were overwritten since it was handed out (its person was erased meanwhile:
 * destroy, or an erasure seen through the time-to-live). Such a key must never seal: details sealed
 * with 32 zero bytes open for anyone. A random key is all zeros with probability 2^-256.
 */
export function isOverwrittenKey(key: DataKey): boolean {
  return key.key.equals(overwrittenKey);
}

/** A person's unwrapped keys in the cache, with when they were read from the key store. */
interface CachedKeys {
  readonly keys: readonly DataKey[];
  readonly readAt: number;
}

function checkCacheOptions(cacheSize: number, ttlMs: number, now: unknown): void {
  // Programming errors of the embedder's setup, not input a user can send: fail at start-up.
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) throw new TypeError("dataKeys cacheSize must be a whole number, 0 or more");
  if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new TypeError("dataKeys cacheTtlMs must be a finite number of milliseconds, 0 or more");
  // Else the first key lookup would reject rather than answer.
  if (now !== undefined && typeof now !== "function") throw new TypeError("dataKeys now must be a function answering milliseconds");
}

function checkRing(ring: KeyRing): void {
  for (const kek of [ring.current, ...(ring.retired ?? [])]) {
    // A programming error of the embedder's setup, not input a user can send: fail at start-up.
    if (checkKeyStoreId(kek.id, "kek.id") !== null || kek.key.length !== KEY_BYTES)
      throw new TypeError("a key-encryption key needs an opaque id and exactly 32 key bytes");
  }
}

/** The data keys of a key store, wrapped and unwrapped with the key ring. */
export function dataKeys(store: KeyStore, ring: KeyRing, options: DataKeysOptions = {}): DataKeys {
  checkRing(ring);
  const keks = new Map([...(ring.retired ?? []), ring.current].map((kek) => [kek.id, kek]));
  const cacheSize = options.cacheSize ?? 10_000;
  const ttlMs = options.cacheTtlMs ?? defaultKeyCacheTtlMs;
  checkCacheOptions(cacheSize, ttlMs, options.now);
  const now = options.now ?? (() => performance.now());
  // Every known version of each person, unwrapped, for at most ttlMs: an erasure made through another
  // process's key store is seen here once the entry is that old (the key store is asked again).
  const cache = cacheSize > 0 && ttlMs > 0 ? new LRUCache<string, CachedKeys>({ max: cacheSize }) : null;
  // Destroys begun and ended here so far, and the people being destroyed now: a key-store read that a
  // destroy overtook, or that ends while its person is being destroyed, may hold an erased person's
  // keys, so what it found is not cached, nor handed out unless a second read is overtaken too.
  let destroys = 0;
  const destroying = new Map<string, number>();

  async function versions(personId: string, again = false): Promise<E.Either<KeyStoreError, readonly DataKey[]>> {
    const cached = cache?.get(personId);
    // An injected clock that went back gives a negative age: read again rather than trust the entry.
    const age = cached === undefined ? -1 : now() - cached.readAt;
    if (cached !== undefined && age >= 0 && age < ttlMs) return E.right(cached.keys);
    const bad = checkKeyStoreId(personId, "personId");
    if (bad !== null) return E.left(bad);
    const readAt = now();
    const destroysBefore = destroys;
    const stored = await store.keysOf(personId);
    if (E.isLeft(stored)) {
      // Erased through another process: the expired entry goes, its bytes overwritten as destroy does here.
      if (stored.left.code === "PERSON_ERASED" && cached !== undefined) {
        cache?.delete(personId);
        overwrite(cached);
      }
      return stored;
    }
    const keys: DataKey[] = [];
    for (const row of stored.right) {
      const key = unwrap(keks, row);
      if (E.isLeft(key)) return key;
      keys.push(heldCopy(cached, key.right));
    }
    if (destroys !== destroysBefore || destroying.has(personId)) {
      // Read again, once: the key store now answers for a destroy that overtook this read. One that
      // overtakes the second read as well began after this call did: that answer stands, uncached.
      if (!again) {
        // Only the copies this read made: the held ones may be in use, and stay until their person is erased.
        overwrite({ keys: keys.filter((key) => !(cached?.keys.includes(key) ?? false)), readAt });
        return versions(personId, true);
      }
      return E.right(keys);
    }
    if (keys.length > 0) cache?.set(personId, { keys, readAt });
    else cache?.delete(personId);
    return E.right(keys);
  }

  /**
   * The copy already held of a key read again once its entry's time-to-live passed, the new copy
   * overwritten: one copy per key in this process, which destroy or a seen erasure overwrites,
   * rather than one more left to the garbage collector per time-to-live.
   */
  function heldCopy(cached: CachedKeys | undefined, fresh: DataKey): DataKey {
    const held = cached?.keys.find((key) => key.version === fresh.version);
    if (held === undefined || !held.key.equals(fresh.key)) return fresh;
    fresh.key.fill(0);
    return held;
  }

  /** Best effort: the bytes of keys this process held are overwritten (copies the GC made are beyond reach). */
  function overwrite(cached: CachedKeys | undefined): void {
    for (const key of cached?.keys ?? []) key.key.fill(0);
  }

  /**
   * The person's keys are read again on next use (a version was added, here or elsewhere), the copies
   * already handed out kept for heldCopy: dropping the entry would leave them where destroy cannot
   * overwrite them, and an opener holding one (a list with the opening worker) open after erasure.
   */
  function readAgain(personId: string, made?: DataKey): void {
    if (cache === null) return;
    const held = cache.peek(personId)?.keys ?? [];
    const keys = made === undefined ? held : [...held, made];
    if (keys.length > 0) cache.set(personId, { keys, readAt: Number.NEGATIVE_INFINITY });
    else cache.delete(personId);
  }

  async function addVersion(personId: string, version: number): Promise<E.Either<KeyStoreError, DataKey>> {
    const key = randomBytes(KEY_BYTES);
    const added = await store.add(wrap(ring.current, personId, version, key));
    if (E.isLeft(added)) {
      key.fill(0);
      return added;
    }
    const made = { personId, version, key };
    readAgain(personId, made);
    return E.right(made);
  }

  async function newest(personId: string): Promise<E.Either<KeyStoreError, DataKey | undefined>> {
    const known = await versions(personId);
    return E.isLeft(known) ? known : E.right(known.right.at(-1));
  }

  async function sealingKey(personId: string): Promise<E.Either<KeyStoreError, DataKey>> {
    const known = await newest(personId);
    if (E.isLeft(known)) return known;
    if (known.right !== undefined) return E.right(known.right);
    const made = await addVersion(personId, 1);
    if (E.isRight(made) || made.left.code !== "KEY_EXISTS") return made;
    // Another process made the first key meanwhile: use theirs (read once more, never a loop).
    const theirs = await newest(personId);
    if (E.isLeft(theirs)) return theirs;
    return theirs.right === undefined ? made : E.right(theirs.right);
  }

  return {
    sealingKey,
    openingKey: async (personId, version) => {
      const known = await versions(personId);
      if (E.isLeft(known)) return known;
      const found = known.right.find((key) => key.version === version);
      if (found !== undefined) return E.right(found);
      // A version made by another process since this one cached the person's keys.
      readAgain(personId);
      const fresh = await versions(personId);
      if (E.isLeft(fresh)) return fresh;
      const again = fresh.right.find((key) => key.version === version);
      return again !== undefined
        ? E.right(again)
        : E.left({ code: "KEY_NOT_FOUND", message: `no version ${version} of the person's data key`, version });
    },
    rotate: async (personId) => {
      readAgain(personId);
      const known = await versions(personId);
      if (E.isLeft(known)) return known;
      return addVersion(personId, (known.right.at(-1)?.version ?? 0) + 1);
    },
    rewrapAll: async () => {
      let moved = 0;
      for (;;) {
        const batch = await store.wrappedOtherThan(ring.current.id, REWRAP_BATCH);
        if (E.isLeft(batch)) return batch;
        if (batch.right.length === 0) return E.right(moved);
        for (const row of batch.right) {
          const key = unwrap(keks, row);
          if (E.isLeft(key)) return key;
          const wrapped = wrap(ring.current, row.personId, row.version, key.right.key);
          // This copy is this loop's alone: overwritten once wrapped, as destroy would.
          key.right.key.fill(0);
          const rewrapped = await store.rewrap(wrapped, row.kekId);
          if (E.isLeft(rewrapped)) return rewrapped;
          moved += 1;
        }
      }
    },
    destroy: async (personId) => {
      const bad = checkKeyStoreId(personId, "personId");
      if (bad !== null) return E.left(bad);
      const cached = cache?.peek(personId);
      cache?.delete(personId);
      // Counted as it starts and as it ends, so a read begun while it runs is overtaken too.
      destroys += 1;
      destroying.set(personId, (destroying.get(personId) ?? 0) + 1);
      try {
        return await store.destroy(personId);
      } finally {
        // Even when a key store throws rather than answers: the map holds only destroys in progress.
        const left = (destroying.get(personId) ?? 1) - 1;
        if (left === 0) destroying.delete(personId);
        else destroying.set(personId, left);
        destroys += 1;
        overwrite(cached);
      }
    },
  };
}
