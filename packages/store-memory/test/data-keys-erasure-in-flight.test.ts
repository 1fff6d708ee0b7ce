import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { dataKeys, newKeyEncryptionKey, type KeyStore } from "@linkwork/core/personal-data";
import { memoryKeyStore } from "@linkwork/store-memory";

function right<L, R>(answer: E.Either<L, R>): R {
  if (E.isLeft(answer)) throw new Error(`expected an answer, got ${JSON.stringify(answer.left)}`);
  return answer.right;
}

function left<L, R>(answer: E.Either<L, R>): L {
  if (E.isRight(answer)) throw new Error("expected a refusal");
  return answer.left;
}

/**
 * A key store whose next `keysOf` reads the rows at once but answers only when released, and whose
 * next `destroy` (with `holdDestroy`) waits to be released before it erases.
 */
function heldReads(inner: KeyStore): {
  store: KeyStore;
  hold: () => void;
  release: () => void;
  holdDestroy: () => void;
  releaseDestroy: () => void;
} {
  let held = false;
  let waiting: (() => void) | null = null;
  let destroyHeld = false;
  let destroyWaiting: (() => void) | null = null;
  const store: KeyStore = {
    ...inner,
    add: (key) => inner.add(key),
    destroy: async (personId) => {
      if (destroyHeld) {
        destroyHeld = false;
        await new Promise<void>((resolve) => (destroyWaiting = resolve));
      }
      return inner.destroy(personId);
    },
    wrappedOtherThan: (kekId, limit) => inner.wrappedOtherThan(kekId, limit),
    rewrap: (key, expected) => inner.rewrap(key, expected),
    erasures: () => inner.erasures(),
    close: () => inner.close(),
    keysOf: async (personId) => {
      const rows = await inner.keysOf(personId);
      if (!held) return rows;
      held = false;
      await new Promise<void>((resolve) => (waiting = resolve));
      return rows;
    },
  };
  return {
    store,
    hold: () => (held = true),
    release: () => waiting?.(),
    holdDestroy: () => (destroyHeld = true),
    releaseDestroy: () => destroyWaiting?.(),
  };
}

describe("data keys read while the person is destroyed in the same process", () => {
  it("a read begun before destroy and answered after it does not put the erased person's keys back in the cache", async () => {
    const { store, hold, release } = heldReads(memoryKeyStore());
    let clock = 0;
    const keys = dataKeys(store, { current: newKeyEncryptionKey("kek-1") }, { cacheTtlMs: 60_000, now: () => clock });
    right(await keys.sealingKey("person_p1"));
    hold();
    const inFlight = keys.openingKey("person_p1", 1);
    // Let the held read take the rows before the erasure.
    await new Promise((resolve) => setImmediate(resolve));
    right(await keys.destroy("person_p1"));
    release();
    // Overtaken by the destroy, the read asks again and hears the erasure.
    expect(left(await inFlight).code).toBe("PERSON_ERASED");
    clock += 1;
    // Erased here: nothing this process holds may open the person's events again, cached or not.
    expect(left(await keys.openingKey("person_p1", 1)).code).toBe("PERSON_ERASED");
    expect(left(await keys.sealingKey("person_p1")).code).toBe("PERSON_ERASED");
  });

  it("a read begun and answered while the destroy is still running does not cache the keys either", async () => {
    const { store, holdDestroy, releaseDestroy } = heldReads(memoryKeyStore());
    let clock = 0;
    const keys = dataKeys(store, { current: newKeyEncryptionKey("kek-1") }, { cacheTtlMs: 60_000, now: () => clock });
    right(await keys.sealingKey("person_p1"));
    holdDestroy();
    const destroying = keys.destroy("person_p1");
    // The key store has not erased yet: this read still finds the key (and may hand it out, the erasure not being done).
    right(await keys.openingKey("person_p1", 1));
    releaseDestroy();
    right(await destroying);
    clock += 1;
    expect(left(await keys.openingKey("person_p1", 1)).code).toBe("PERSON_ERASED");
  });

  it("a clock that goes back does not keep a cached key past its time-to-live", async () => {
    const base = memoryKeyStore();
    let clock = 1_000_000;
    const ring = { current: newKeyEncryptionKey("kek-1") };
    const a = dataKeys(base, ring, { cacheTtlMs: 60_000, now: () => clock });
    right(await a.sealingKey("person_p1"));
    right(await a.openingKey("person_p1", 1));
    right(await dataKeys(base, ring, { cacheSize: 0 }).destroy("person_p1"));
    // An injected clock stepped back (a wall clock corrected): the entry's age is unknown, so it is read again.
    clock -= 500_000;
    expect(left(await a.openingKey("person_p1", 1)).code).toBe("PERSON_ERASED");
  });
});

describe("data keys read again once their time-to-live has passed", () => {
  it("keep the copy already handed out, so destroy overwrites every copy this process made", async () => {
    let clock = 0;
    const keys = dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") }, { cacheTtlMs: 1_000, now: () => clock });
    right(await keys.sealingKey("person_p1"));
    const first = right(await keys.openingKey("person_p1", 1));
    const copy = Buffer.from(first.key);
    for (let round = 0; round < 3; round += 1) {
      clock += 1_500;
      const again = right(await keys.openingKey("person_p1", 1));
      expect(again.key.equals(copy)).toBe(true);
    }
    right(await keys.destroy("person_p1"));
    expect(first.key.equals(Buffer.alloc(32))).toBe(true);
  });
});

describe("data keys across a rotation", () => {
  it("keep the copies already handed out, so destroy overwrites every copy, older versions and the new one alike", async () => {
    const keys = dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") });
    right(await keys.sealingKey("person_p1"));
    // Held by a reader (an opener's list in flight) while the person's key is rotated.
    const first = right(await keys.openingKey("person_p1", 1));
    const made = right(await keys.rotate("person_p1"));
    expect(right(await keys.openingKey("person_p1", 1))).toBe(first);
    expect(right(await keys.sealingKey("person_p1"))).toBe(made);
    right(await keys.destroy("person_p1"));
    expect(first.key.equals(Buffer.alloc(32))).toBe(true);
    expect(made.key.equals(Buffer.alloc(32))).toBe(true);
  });
});
