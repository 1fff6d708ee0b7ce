import { randomBytes } from "node:crypto";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LinkworkEvent } from "../events/catalogue.js";
import { dataKeys, newKeyEncryptionKey } from "../personal-data/data-keys.js";
import { eventOpener } from "../personal-data/event-opener.js";
import type { KeyStore, KeyStoreError, StoredDataKey } from "../personal-data/key-store.js";
import { sealedFieldsOf } from "../personal-data/sealed-fields.js";
import { openEvent, sealEvent } from "../personal-data/sealing.js";
import type { RecordedEvent } from "../store/event-store.js";
import { arbitraryLinkworkEvent } from "./arbitraries.js";

/** A key store under test, new and empty for every test and every run of the property. */
export interface KeyStoreContractFixture {
  readonly keys: KeyStore;
  /** Called after the key store has been closed, e.g. to drop a test database. */
  readonly dispose?: () => Promise<void>;
  /**
   * A second key store over the same storage, as another process would open it (the contract
   * closes it). Default: the fixture's own store, for stores whose storage is the object itself.
   */
  readonly sameStorage?: () => Promise<KeyStore>;
}

export interface KeyStoreContractOptions {
  /** Runs of the model-based property. Default 50. */
  readonly modelRuns?: number;
  /** fast-check seed, to replay a failure it reported. */
  readonly seed?: number;
}

function right<T>(answer: E.Either<KeyStoreError, T>): T {
  if (E.isLeft(answer)) throw new Error(`expected a result, got ${answer.left.code}: ${answer.left.message}`);
  return answer.right;
}

function left<T>(answer: E.Either<KeyStoreError, T>): KeyStoreError {
  if (E.isRight(answer)) throw new Error("expected an error, got a result");
  return answer.left;
}

/** A stored key with a well-formed (not a real) wrapping, for the store's own bookkeeping. */
function row(personId: string, version: number, kekId = "kek-1"): StoredDataKey {
  return { personId, version, kekId, wrapped: randomBytes(60).toString("base64") };
}

/** The event as it reads once its person is erased: each sealed field it held reads `{ erased: true }`, no box. */
function erasedFormOf(event: LinkworkEvent): LinkworkEvent {
  const data: Record<string, unknown> = { ...event.data };
  for (const field of sealedFieldsOf(event.type)) if (data[field] !== undefined) data[field] = { erased: true };
  return { ...event, data } as LinkworkEvent;
}

/**
 * The contract every key store passes (docs/privacy.md): the port's bookkeeping (versions,
 * erasure for good, re-wrapping), its refusals, and the data keys made over it (rotation of data
 * keys and of the KEK). Call it at the top level of a test file.
 */
export function describeKeyStoreContract(
  name: string,
  factory: () => Promise<KeyStoreContractFixture>,
  options: KeyStoreContractOptions = {},
): void {
  const seed = options.seed === undefined ? {} : { seed: options.seed };

  describe(`${name} honours the KeyStore contract`, () => {
    let fixture: KeyStoreContractFixture;
    let keys: KeyStore;

    beforeEach(async () => {
      fixture = await factory();
      keys = fixture.keys;
    });
    afterEach(async () => {
      await fixture.keys.close();
      await fixture.dispose?.();
    });

    describe("the port", () => {
      it("a person without keys has none; added versions come back oldest first, as stored", async () => {
        expect(right(await keys.keysOf("person_p1"))).toEqual([]);
        const second = row("person_p1", 2);
        const first = row("person_p1", 1);
        right(await keys.add(second));
        right(await keys.add(first));
        expect(right(await keys.keysOf("person_p1"))).toEqual([first, second]);
        expect(right(await keys.keysOf("person_p2"))).toEqual([]);
      });

      it("a version stored already is refused with KEY_EXISTS and the stored key is unchanged", async () => {
        const first = row("person_p1", 1);
        right(await keys.add(first));
        expect(left(await keys.add(row("person_p1", 1)))).toMatchObject({ code: "KEY_EXISTS", version: 1 });
        expect(right(await keys.keysOf("person_p1"))).toEqual([first]);
      });

      it("destroy removes every version for good: reads and new keys answer PERSON_ERASED; others are untouched", async () => {
        right(await keys.add(row("person_p1", 1)));
        right(await keys.add(row("person_p1", 2)));
        const other = row("person_p2", 1);
        right(await keys.add(other));
        right(await keys.destroy("person_p1"));
        right(await keys.destroy("person_p1"));
        expect(left(await keys.keysOf("person_p1")).code).toBe("PERSON_ERASED");
        expect(left(await keys.add(row("person_p1", 3))).code).toBe("PERSON_ERASED");
        expect(right(await keys.keysOf("person_p2"))).toEqual([other]);
        expect(right(await keys.wrappedOtherThan("kek-other", 100))).toEqual([other]);
      });

      it("destroying a person who never had keys still refuses them a key afterwards", async () => {
        right(await keys.destroy("person_never1"));
        expect(left(await keys.add(row("person_never1", 1))).code).toBe("PERSON_ERASED");
      });

      it("erasures counts each erased person once and says when the last was, naming no one; another store over the same storage agrees", async () => {
        expect(right(await keys.erasures())).toEqual({ count: 0, lastAt: null });
        right(await keys.add(row("person_p1", 1)));
        right(await keys.destroy("person_p1"));
        const first = right(await keys.erasures());
        expect(first.count).toBe(1);
        expect(first.lastAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        // Destroying again erases no one new: the figures do not move.
        right(await keys.destroy("person_p1"));
        expect(right(await keys.erasures())).toEqual(first);
        right(await keys.destroy("person_never2"));
        const second = right(await keys.erasures());
        expect(second.count).toBe(2);
        expect(Date.parse(second.lastAt!)).toBeGreaterThanOrEqual(Date.parse(first.lastAt!));
        expect(JSON.stringify(second)).not.toContain("person_");
        const other = fixture.sameStorage === undefined ? keys : await fixture.sameStorage();
        try {
          expect(right(await other.erasures())).toEqual(second);
        } finally {
          if (other !== keys) await other.close();
        }
      });

      it("no error message names the person", async () => {
        right(await keys.add(row("person_secret41", 1)));
        const exists = left(await keys.add(row("person_secret41", 1)));
        right(await keys.destroy("person_secret41"));
        const erased = left(await keys.keysOf("person_secret41"));
        for (const error of [exists, erased]) expect(error.message).not.toContain("person_secret41");
      });

      it("wrappedOtherThan lists keys of other KEKs, at most limit; rewrap moves one only from the expected KEK", async () => {
        for (let person = 1; person <= 5; person++) right(await keys.add(row(`person_p${person}`, 1, person <= 3 ? "kek-old" : "kek-new")));
        const old = right(await keys.wrappedOtherThan("kek-new", 100));
        expect(old.map((key) => key.personId).sort()).toEqual(["person_p1", "person_p2", "person_p3"]);
        expect(right(await keys.wrappedOtherThan("kek-new", 2))).toHaveLength(2);
        const moved = { ...row("person_p1", 1, "kek-new") };
        right(await keys.rewrap(moved, "kek-wrong"));
        expect(right(await keys.keysOf("person_p1"))).toEqual([old.find((key) => key.personId === "person_p1")]);
        right(await keys.rewrap(moved, "kek-old"));
        expect(right(await keys.keysOf("person_p1"))).toEqual([moved]);
        expect(right(await keys.wrappedOtherThan("kek-new", 100))).toHaveLength(2);
      });

      it("rewrap of a destroyed key writes nothing back", async () => {
        right(await keys.add(row("person_p1", 1, "kek-old")));
        right(await keys.destroy("person_p1"));
        right(await keys.rewrap(row("person_p1", 1, "kek-new"), "kek-old"));
        expect(left(await keys.keysOf("person_p1")).code).toBe("PERSON_ERASED");
        expect(right(await keys.wrappedOtherThan("kek-none", 100))).toEqual([]);
      });

      it("malformed calls answer INVALID_KEY_STORE_CALL naming the argument, and write nothing", async () => {
        const junk = fc.oneof(
          fc.anything(),
          fc.record({ personId: fc.string(), version: fc.oneof(fc.integer(), fc.double()), kekId: fc.string(), wrapped: fc.string() }),
        );
        await fc.assert(
          fc.asyncProperty(junk, async (value) => {
            const added = await keys.add(value as StoredDataKey);
            if (E.isRight(added)) {
              // Only a well-formed key may be stored.
              const stored = value as StoredDataKey;
              expect(right(await keys.keysOf(stored.personId)).some((key) => key.version === stored.version)).toBe(true);
              right(await keys.destroy(stored.personId));
              return;
            }
            expect(added.left.code).toBe("INVALID_KEY_STORE_CALL");
          }),
          { numRuns: 100, ...seed },
        );
        const answers: [E.Either<KeyStoreError, unknown>, string][] = [
          [await keys.keysOf("has space"), "personId"],
          // Not an issued person id: a name, an NHS number, an opaque id of another kind.
          [await keys.keysOf("Jane.Smith.1950-01-01"), "personId"],
          [await keys.keysOf("9434765919"), "personId"],
          [await keys.keysOf("lw_ana1"), "personId"],
          [await keys.destroy("p-1"), "personId"],
          [await keys.keysOf(42 as unknown as string), "personId"],
          [await keys.destroy(""), "personId"],
          [await keys.wrappedOtherThan("kek-1", 0), "limit"],
          [await keys.wrappedOtherThan("kek-1", 10_001), "limit"],
          [await keys.add({ ...row("person_p1", 1), version: 0 }), "key.version"],
          // Past the `int` of the port's table (key-store.ts): refused alike, not failing inside a SQL store.
          [await keys.add({ ...row("person_p1", 1), version: 2 ** 31 }), "key.version"],
          [await keys.add({ ...row("person_p1", 1), wrapped: "not base64!" }), "key.wrapped"],
          [await keys.rewrap(row("person_p1", 1), "bad kek"), "expectedKekId"],
        ];
        for (const [answer, path] of answers) {
          expect(left(answer)).toMatchObject({ code: "INVALID_KEY_STORE_CALL", path });
        }
        expect(right(await keys.keysOf("person_p1"))).toEqual([]);
      });

      it("the store agrees with a model over random adds and destroys", async () => {
        const person = fc.constantFrom("person_a1", "person_b1", "person_c1");
        const operation = fc.oneof(
          fc.record({ kind: fc.constant("add" as const), person, version: fc.integer({ min: 1, max: 4 }) }),
          fc.record({ kind: fc.constant("destroy" as const), person }),
        );
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { maxLength: 20 }), async (operations) => {
            const fresh = await factory();
            const model = new Map<string, Set<number>>();
            const erased = new Set<string>();
            try {
              for (const operation of operations) {
                if (operation.kind === "destroy") {
                  right(await fresh.keys.destroy(operation.person));
                  model.delete(operation.person);
                  erased.add(operation.person);
                  continue;
                }
                const added = await fresh.keys.add(row(operation.person, operation.version));
                const versions = model.get(operation.person) ?? new Set<number>();
                const expected = erased.has(operation.person) ? "PERSON_ERASED" : versions.has(operation.version) ? "KEY_EXISTS" : "added";
                expect(E.isRight(added) ? "added" : added.left.code).toBe(expected);
                if (expected === "added") model.set(operation.person, versions.add(operation.version));
              }
              expect(right(await fresh.keys.erasures()).count).toBe(erased.size);
              for (const candidate of ["person_a1", "person_b1", "person_c1"]) {
                const read = await fresh.keys.keysOf(candidate);
                if (erased.has(candidate)) expect(left(read).code).toBe("PERSON_ERASED");
                else expect(right(read).map((key) => key.version)).toEqual([...(model.get(candidate) ?? [])].sort((a, b) => a - b));
              }
            } finally {
              await fresh.keys.close();
              await fresh.dispose?.();
            }
          }),
          { numRuns: options.modelRuns ?? 50, ...seed },
        );
      });
    });

    describe("data keys over the store", () => {
      it("a person's first key is made once; another process (a new dataKeys) gets the same key", async () => {
        const ring = { current: newKeyEncryptionKey("kek-1") };
        const first = right(await dataKeys(keys, ring).sealingKey("person_p1"));
        expect(first).toMatchObject({ personId: "person_p1", version: 1 });
        expect(first.key).toHaveLength(32);
        const again = right(await dataKeys(keys, ring, { cacheSize: 0 }).sealingKey("person_p1"));
        expect(again.key.equals(first.key)).toBe(true);
        expect(right(await keys.keysOf("person_p1"))).toHaveLength(1);
        // The store holds the key wrapped only.
        expect(JSON.stringify(right(await keys.keysOf("person_p1")))).not.toContain(first.key.toString("base64"));
      });

      it("rotating a data key seals with the new version and still opens the old one", async () => {
        const ring = { current: newKeyEncryptionKey("kek-1") };
        const data = dataKeys(keys, ring);
        const first = right(await data.sealingKey("person_p1"));
        const second = right(await data.rotate("person_p1"));
        expect(second.version).toBe(2);
        expect(second.key.equals(first.key)).toBe(false);
        const elsewhere = dataKeys(keys, ring, { cacheSize: 0 });
        expect(right(await elsewhere.sealingKey("person_p1")).version).toBe(2);
        expect(right(await elsewhere.openingKey("person_p1", 1)).key.equals(first.key)).toBe(true);
        expect(left(await elsewhere.openingKey("person_p1", 3))).toMatchObject({ code: "KEY_NOT_FOUND", version: 3 });
      });

      it("a KEK rotation re-wraps every key; afterwards the new KEK alone opens them", async () => {
        const old = newKeyEncryptionKey("kek-old");
        const made = [];
        for (const person of ["person_p1", "person_p2", "person_p3"])
          made.push(right(await dataKeys(keys, { current: old }).sealingKey(person)));
        const fresh = newKeyEncryptionKey("kek-new");
        expect(right(await dataKeys(keys, { current: fresh, retired: [old] }).rewrapAll())).toBe(3);
        expect(right(await keys.wrappedOtherThan("kek-new", 100))).toEqual([]);
        const onlyNew = dataKeys(keys, { current: fresh });
        for (const key of made) expect(right(await onlyNew.openingKey(key.personId, 1)).key.equals(key.key)).toBe(true);
        expect(left(await dataKeys(keys, { current: old }).openingKey("person_p1", 1))).toMatchObject({
          code: "KEK_UNKNOWN",
          kekId: "kek-new",
        });
      });

      it("a wrapping moved to another person or version does not open", async () => {
        const ring = { current: newKeyEncryptionKey("kek-1") };
        right(await dataKeys(keys, ring).sealingKey("person_p1"));
        const [stored] = right(await keys.keysOf("person_p1"));
        right(await keys.add({ ...stored!, personId: "person_p2" }));
        expect(left(await dataKeys(keys, ring).openingKey("person_p2", 1)).code).toBe("KEY_DAMAGED");
      });

      it("no warm cache outlives an erasure: the erased person's events read erased at once, everyone else's still open", async () => {
        const people = ["person_a1", "person_b1", "person_c1"] as const;
        const owned = fc.record({ owner: fc.integer({ min: 0, max: people.length - 1 }), event: arbitraryLinkworkEvent() });
        await fc.assert(
          fc.asyncProperty(
            fc.array(owned, { minLength: 1, maxLength: 12 }),
            fc.integer({ min: 0, max: people.length - 1 }),
            fc.constantFrom(1, 2, 10_000),
            async (events, erasedIndex, cacheSize) => {
              const fresh = await factory();
              try {
                const data = dataKeys(fresh.keys, { current: newKeyEncryptionKey("kek-1") }, { cacheSize });
                const recorded: RecordedEvent[] = [];
                for (const [index, { owner, event }] of events.entries()) {
                  const key = right(await data.sealingKey(people[owner]!));
                  recorded.push({
                    streamId: `person-${people[owner]}`,
                    streamVersion: index + 1,
                    position: BigInt(index),
                    event: sealEvent(event, key),
                  });
                }
                const open = eventOpener(data);
                // Warm: every event opens, so the cache holds keys (of the erased person too, when it fits).
                const before = await open(recorded);
                expect(E.isRight(before) && before.right.map((record) => record.event)).toEqual(events.map(({ event }) => event));
                const erasedPerson = people[erasedIndex]!;
                const held = await data.openingKey(erasedPerson, 1);
                right(await data.destroy(erasedPerson));
                const after = await open(recorded);
                expect(E.isRight(after) && after.right.map((record) => record.event)).toEqual(
                  events.map(({ owner, event }) => (owner === erasedIndex ? erasedFormOf(event) : event)),
                );
                expect(left(await data.openingKey(erasedPerson, 1)).code).toBe("PERSON_ERASED");
                // A key fetched before the erasure was the cached one: destroy overwrote its bytes, so it opens nothing either.
                if (E.isRight(held)) {
                  for (const [index, { owner, event }] of events.entries())
                    if (owner === erasedIndex) expect(openEvent(recorded[index]!.event, held.right)).toEqual(erasedFormOf(event));
                }
              } finally {
                await fresh.keys.close();
                await fresh.dispose?.();
              }
            },
          ),
          { numRuns: options.modelRuns ?? 50, ...seed },
        );
      });

      it("a key cached in one process and destroyed through another is refused there once the time-to-live has passed", async () => {
        const ring = { current: newKeyEncryptionKey("kek-1") };
        await fc.assert(
          fc.asyncProperty(
            fc.integer({ min: 1, max: 120_000 }),
            fc.integer({ min: 0, max: 120_000 }),
            fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 5 }),
            async (ttlMs, beforeErasure, steps) => {
              const fresh = await factory();
              const other = fresh.sameStorage === undefined ? null : await fresh.sameStorage();
              try {
                let clock = 0;
                // Process A caches with a time-to-live on a fake clock; process B erases through its own store.
                const a = dataKeys(fresh.keys, ring, { cacheTtlMs: ttlMs, now: () => clock });
                const b = dataKeys(other ?? fresh.keys, ring, { cacheSize: 0 });
                right(await a.sealingKey("person_p1"));
                right(await a.sealingKey("person_p2"));
                const held = right(await a.openingKey("person_p1", 1));
                const copy = Buffer.from(held.key);
                clock += beforeErasure;
                right(await b.destroy("person_p1"));
                let refused = false;
                for (const step of steps) {
                  clock += step;
                  const answer = await a.openingKey("person_p1", 1);
                  // Cached at 0: used until the time-to-live has passed, refused from then on, and never again opened.
                  if (clock < ttlMs && !refused) expect(right(answer).key.equals(copy)).toBe(true);
                  else expect(left(answer).code).toBe("PERSON_ERASED");
                  refused ||= E.isLeft(answer);
                  expect(right(await a.openingKey("person_p2", 1)).version).toBe(1);
                }
                // Once A has seen the erasure, the key bytes it had handed out are overwritten.
                if (refused) {
                  expect(held.key.equals(Buffer.alloc(32))).toBe(true);
                  expect(left(await a.sealingKey("person_p1")).code).toBe("PERSON_ERASED");
                }
              } finally {
                await other?.close();
                await fresh.keys.close();
                await fresh.dispose?.();
              }
            },
          ),
          { numRuns: options.modelRuns ?? 50, ...seed },
        );
      });

      it("a time-to-live of 0 turns the cache off: another process's erasure is seen at once", async () => {
        const ring = { current: newKeyEncryptionKey("kek-1") };
        const other = fixture.sameStorage === undefined ? keys : await fixture.sameStorage();
        try {
          const a = dataKeys(keys, ring, { cacheTtlMs: 0, now: () => 0 });
          right(await a.sealingKey("person_p1"));
          right(await a.openingKey("person_p1", 1));
          right(await dataKeys(other, ring).destroy("person_p1"));
          expect(left(await a.openingKey("person_p1", 1)).code).toBe("PERSON_ERASED");
        } finally {
          if (other !== keys) await other.close();
        }
      });

      it("destroy erases the person for every process: no key opens or seals for them again", async () => {
        const ring = { current: newKeyEncryptionKey("kek-1") };
        const data = dataKeys(keys, ring);
        right(await data.sealingKey("person_p1"));
        right(await data.sealingKey("person_p2"));
        right(await data.destroy("person_p1"));
        expect(left(await data.sealingKey("person_p1")).code).toBe("PERSON_ERASED");
        expect(left(await data.openingKey("person_p1", 1)).code).toBe("PERSON_ERASED");
        expect(left(await dataKeys(keys, ring).openingKey("person_p1", 1)).code).toBe("PERSON_ERASED");
        expect(right(await data.openingKey("person_p2", 1)).version).toBe(1);
      });
    });
  });
}
