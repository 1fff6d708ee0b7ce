import { createCipheriv, randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import type { RecordedEvent } from "../src/index.js";
import { dataKeys, eventOpener, newKeyEncryptionKey, sealEvent, type DataKeys, type KeyStore } from "../src/personal-data/index.js";
import type { StoredDataKey } from "../src/personal-data/key-store.js";
import { sealedBoxContext } from "../src/personal-data/open-box.js";
import { answer } from "../src/personal-data/opening-worker/opening-worker.js";
import { startOpeningWorker } from "../src/personal-data/opening-worker/start-opening-worker.js";
import { openerOverWorker, workerEventOpener } from "../src/personal-data/opening-worker/worker-event-opener.js";
import { arbitraryLinkworkEvent } from "../src/testing/index.js";

/** A key store in a Map, as the port describes it; `down` makes every call answer KEY_STORE_UNAVAILABLE. */
function mapKeyStore() {
  const rows = new Map<string, StoredDataKey[]>();
  const erased = new Set<string>();
  const state = { down: false };
  const unavailable = E.left({ code: "KEY_STORE_UNAVAILABLE" as const, message: "down for the test", retryable: true });
  const store: KeyStore = {
    add: async (key) => {
      if (state.down) return unavailable;
      if (erased.has(key.personId)) return E.left({ code: "PERSON_ERASED", message: "erased" });
      const held = rows.get(key.personId) ?? [];
      if (held.some((row) => row.version === key.version)) return E.left({ code: "KEY_EXISTS", message: "exists", version: key.version });
      rows.set(key.personId, [...held, key]);
      return E.right(undefined);
    },
    keysOf: async (personId) => {
      if (state.down) return unavailable;
      return erased.has(personId) ? E.left({ code: "PERSON_ERASED", message: "erased" }) : E.right(rows.get(personId) ?? []);
    },
    destroy: async (personId) => {
      rows.delete(personId);
      erased.add(personId);
      return E.right(undefined);
    },
    erasures: async () => E.right({ count: erased.size, lastAt: null }),
    wrappedOtherThan: async (kekId, limit) =>
      E.right(
        [...rows.values()]
          .flat()
          .filter((row) => row.kekId !== kekId)
          .slice(0, limit),
      ),
    rewrap: async (key, expectedKekId) => {
      const held = rows.get(key.personId) ?? [];
      rows.set(
        key.personId,
        held.map((row) => (row.version === key.version && row.kekId === expectedKekId ? key : row)),
      );
      return E.right(undefined);
    },
    close: async () => undefined,
  };
  return { store, state };
}

const people = ["person_a1", "person_b1", "person_c1"] as const;

/** How one event of a history is recorded: sealed by its owner, perhaps after a rotation, perhaps damaged afterwards. */
const recording = fc.record({
  owner: fc.integer({ min: 0, max: people.length - 1 }),
  event: arbitraryLinkworkEvent(),
  rotateFirst: fc.boolean(),
  damage: fc.constantFrom("none", "none", "none", "flip", "cut", "unknown version", "other person", "other event"),
  at: fc.nat(),
});

type Recording = typeof recording extends fc.Arbitrary<infer T> ? T : never;

/** A sealed history of the people, one of whom may be erased, and the data keys it was sealed with. */
async function sealedHistory(recordings: readonly Recording[], erasedIndex: number | null) {
  const { store, state } = mapKeyStore();
  const keys = dataKeys(store, { current: newKeyEncryptionKey("kek-1") }, { cacheSize: 2 });
  const recorded: RecordedEvent[] = [];
  for (const [index, { owner, event, rotateFirst, damage, at }] of recordings.entries()) {
    const person = people[owner]!;
    const key = rotateFirst ? await keys.rotate(person) : await keys.sealingKey(person);
    if (E.isLeft(key)) throw new Error(key.left.message);
    let sealed = sealEvent(event, key.right);
    const box = sealed.metadata.sealed;
    if (box !== undefined && damage !== "none") {
      const where = at % box.box.length;
      const changed =
        damage === "flip"
          ? { ...box, box: `${box.box.slice(0, where)}${box.box[where] === "A" ? "B" : "A"}${box.box.slice(where + 1)}` }
          : damage === "cut"
            ? { ...box, box: box.box.slice(0, where) }
            : damage === "unknown version"
              ? { ...box, keyVersion: 9 }
              : damage === "other person"
                ? { ...box, personId: people[(owner + 1) % people.length]! }
                : box;
      sealed = {
        ...sealed,
        metadata: { ...sealed.metadata, sealed: changed, ...(damage === "other event" ? { eventId: `ev-${index}-${at}` } : {}) },
      };
    }
    recorded.push({ streamId: `person-${person}`, streamVersion: index + 1, position: BigInt(index), event: sealed });
  }
  if (erasedIndex !== null) await keys.destroy(people[erasedIndex]!);
  return { recorded, keys, state };
}

/** The list cut into consecutive lists of the given sizes (the last takes what is left). */
function cut<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const lists: T[][] = [];
  let from = 0;
  for (const size of sizes) {
    if (from >= items.length) break;
    lists.push(items.slice(from, from + size));
    from += size;
  }
  if (from < items.length) lists.push(items.slice(from));
  return lists;
}

/** JSON with bigints written out: the byte-for-byte form of an answer. */
const bytesOf = (value: unknown) => JSON.stringify(value, (_key, field: unknown) => (typeof field === "bigint" ? `${field}n` : field));

// One worker for the whole property (its start under tsx takes a while); each run gives it that run's keys.
let current: DataKeys | null = null;
const runKeys: DataKeys = {
  sealingKey: (personId) => current!.sealingKey(personId),
  openingKey: (personId, version) => current!.openingKey(personId, version),
  rotate: (personId) => current!.rotate(personId),
  rewrapAll: () => current!.rewrapAll(),
  destroy: (personId) => current!.destroy(personId),
};
const viaWorker = workerEventOpener(runKeys, { minBoxesForWorker: 1 });
afterAll(() => viaWorker.close());

describe("opening sealed events on a worker thread", () => {
  it("answers what eventOpener answers, byte for byte: erased people, rotated keys, damaged boxes, lists sent at once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recording, { minLength: 1, maxLength: 40 }),
        fc.option(fc.integer({ min: 0, max: people.length - 1 }), { nil: null }),
        fc.array(fc.integer({ min: 1, max: 15 }), { maxLength: 6 }),
        async (recordings, erasedIndex, sizes) => {
          const { recorded, keys } = await sealedHistory(recordings, erasedIndex);
          current = keys;
          const lists = cut(recorded, sizes);
          const expected = await Promise.all(lists.map(eventOpener(keys)));
          // Every list posted before any answer is read: each answer must be its own list's.
          const answered = await Promise.all(lists.map(viaWorker.open));
          expect(answered).toStrictEqual(expected);
          expect(bytesOf(answered)).toBe(bytesOf(expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a key store that cannot answer fails the list as eventOpener does, with nothing opened", async () => {
    const { recorded, keys, state } = await sealedHistory(
      fc.sample(
        recording.filter(({ damage }) => damage === "none"),
        { numRuns: 30, seed: 3 },
      ),
      null,
    );
    current = keys;
    // The cache holds two people: the third is read from the store, which is down.
    state.down = true;
    const expected = await eventOpener(keys)(recorded);
    expect(E.isLeft(expected) && expected.left.code).toBe("STORE_UNAVAILABLE");
    expect(await viaWorker.open(recorded)).toStrictEqual(expected);
  });
});

/** A worker from JavaScript source (a failing one, for the tests below). */
const evalWorker = (source: string) => () => new Worker(source, { eval: true });

async function someSealedEvents() {
  const { recorded, keys } = await sealedHistory(
    fc.sample(
      recording.filter(({ damage }) => damage === "none"),
      { numRuns: 40, seed: 5 },
    ),
    null,
  );
  return { recorded, keys, sealed: recorded.filter((record) => record.event.metadata.sealed !== undefined).length };
}

describe("a worker that fails", () => {
  it.each([
    ["throws on start", "throw new Error('broken on start');", /it threw: broken on start/],
    ["exits when sent a list", "require('node:worker_threads').parentPort.on('message', () => process.exit(3));", /it exited \(code 3\)/],
    [
      "answers with the wrong number of texts",
      "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ kind: 'opened', id: m.id, texts: [] }));",
      /not an answer to a waiting list/,
    ],
    [
      "answers another list's id",
      "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ kind: 'opened', id: m.id + 100, texts: m.boxes }));",
      /not an answer to a waiting list/,
    ],
    [
      "answers texts that are not strings",
      "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ kind: 'opened', id: m.id, texts: m.boxes.map(() => 1) }));",
      /not an answer to a waiting list/,
    ],
    [
      "says it could not read a list",
      "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ kind: 'failed', id: m.id, message: 'no' }));",
      /it could not read a list: no$/,
    ],
  ])("that %s fails each waiting list with STORE_UNAVAILABLE, then a new worker opens the next", async (_what, source, reason) => {
    const { recorded, keys, sealed } = await someSealedEvents();
    expect(sealed).toBeGreaterThan(2);
    let starts = 0;
    const opener = openerOverWorker(keys, { minBoxesForWorker: 1 }, () => {
      starts += 1;
      return starts === 1 ? evalWorker(source)() : startOpeningWorker();
    });
    try {
      const failed = await Promise.all([opener.open(recorded), opener.open(recorded.slice(1))]);
      for (const answer of failed) {
        expect(E.isLeft(answer) && answer.left).toMatchObject({
          code: "STORE_UNAVAILABLE",
          retryable: false,
          message: expect.stringMatching(reason),
        });
      }
      expect(await opener.open(recorded)).toStrictEqual(await eventOpener(keys)(recorded));
      expect(starts).toBe(2);
    } finally {
      await opener.close();
    }
  });

  it("that cannot be started fails the list with STORE_UNAVAILABLE, and the next list tries again", async () => {
    const { recorded, keys } = await someSealedEvents();
    let starts = 0;
    const opener = openerOverWorker(keys, { minBoxesForWorker: 1 }, () => {
      starts += 1;
      if (starts === 1) throw new Error("no threads left");
      return startOpeningWorker();
    });
    try {
      expect(await opener.open(recorded)).toMatchObject({
        left: { code: "STORE_UNAVAILABLE", message: "the worker opening sealed events failed: it could not be started: no threads left" },
      });
      expect(await opener.open(recorded)).toStrictEqual(await eventOpener(keys)(recorded));
      expect(starts).toBe(2);
    } finally {
      await opener.close();
    }
  });

  it("close() fails the lists still waiting; lists opened afterwards open on the calling thread, with no worker", async () => {
    const { recorded, keys } = await someSealedEvents();
    let starts = 0;
    let sent: () => void = () => undefined;
    const posted = new Promise<void>((resolve) => (sent = resolve));
    const silent = "require('node:worker_threads').parentPort.on('message', () => {});";
    const opener = openerOverWorker(keys, { minBoxesForWorker: 1 }, () => {
      starts += 1;
      const worker = evalWorker(silent)();
      const post = worker.postMessage.bind(worker);
      // Told when the list is sent: the worker then holds it and never answers.
      worker.postMessage = (message, transfer) => {
        post(message, transfer);
        sent();
      };
      return worker;
    });
    const waiting = opener.open(recorded);
    await posted;
    await opener.close();
    expect(E.isLeft(await waiting) && (await waiting)).toMatchObject({
      left: { code: "STORE_UNAVAILABLE", message: expect.stringMatching(/closed/) },
    });
    expect(await opener.open(recorded)).toStrictEqual(await eventOpener(keys)(recorded));
    expect(starts).toBe(1);
  });

  it("a threshold that is not a whole number of boxes is refused at set-up, naming the option", () => {
    for (const minBoxesForWorker of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => openerOverWorker(runKeys, { minBoxesForWorker }, startOpeningWorker)).toThrow(/minBoxesForWorker/);
  });

  it("a list with fewer boxes than the threshold is opened on the calling thread: no worker starts", async () => {
    const { recorded, keys, sealed } = await someSealedEvents();
    let starts = 0;
    const opener = openerOverWorker(keys, { minBoxesForWorker: sealed + 1 }, () => {
      starts += 1;
      return startOpeningWorker();
    });
    expect(await opener.open(recorded)).toStrictEqual(await eventOpener(keys)(recorded));
    expect(starts).toBe(0);
    await opener.close();
  });
});

describe("the worker's handling of one list", () => {
  it("zeroes the keys it was sent, whether the list opens or not", () => {
    const keys = new Uint8Array(randomBytes(64));
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", keys.subarray(32), iv);
    cipher.setAAD(Buffer.from(sealedBoxContext("ev-1", "CaseClosed", "person_b1", 2), "utf8"));
    const sealedBox = Buffer.concat([iv, cipher.update('{"reason":"died"}', "utf8"), cipher.final(), cipher.getAuthTag()]).toString(
      "base64",
    );
    const opened = answer({
      id: 1,
      boxes: ["AAAA", sealedBox],
      eventIds: ["ev-0", "ev-1"],
      types: ["CaseClosed", "CaseClosed"],
      keyOf: Int32Array.of(0, 1),
      keyPeople: ["person_a1", "person_b1"],
      keyVersions: Float64Array.of(1, 2),
      keys,
      keyStarts: Int32Array.of(0, 32, 64),
    });
    expect(opened).toEqual({ kind: "opened", id: 1, texts: [null, '{"reason":"died"}'] });
    expect(keys.every((byte) => byte === 0)).toBe(true);
    const unreadable = new Uint8Array(randomBytes(32));
    const failed = answer({
      id: 2,
      boxes: [sealedBox],
      eventIds: [],
      types: ["CaseClosed"],
      keyOf: Int32Array.of(0),
      keyPeople: ["person_a1"],
      keyVersions: Float64Array.of(1),
      keys: unreadable,
      keyStarts: Int32Array.of(0, 32),
    });
    expect(failed).toMatchObject({ kind: "failed", id: 2 });
    expect(unreadable.every((byte) => byte === 0)).toBe(true);
  });
});

describe("an erasure while a list is with the worker", () => {
  it.each([
    ["", false],
    [", their key rotated first", true],
  ])(
    "the erased person's events in that list come back erased%s, as eventOpener answers once the erasure is done",
    async (_how, rotated) => {
      const { store } = mapKeyStore();
      const keys = dataKeys(store, { current: newKeyEncryptionKey("kek-1") });
      const recorded: RecordedEvent[] = [];
      for (const [index, event] of fc.sample(arbitraryLinkworkEvent(), { numRuns: 40, seed: 11 }).entries()) {
        const key = await keys.sealingKey(people[index % 2]!);
        if (E.isLeft(key)) throw new Error(key.left.message);
        recorded.push({ streamId: "s", streamVersion: index + 1, position: BigInt(index), event: sealEvent(event, key.right) });
      }
      const ofErased = recorded.filter((record) => record.event.metadata.sealed?.personId === people[0]).length;
      expect(ofErased).toBeGreaterThan(0);
      let release: () => void = () => undefined;
      let sent: () => void = () => undefined;
      const posted = new Promise<void>((resolve) => (sent = resolve));
      const opener = openerOverWorker(keys, { minBoxesForWorker: 1 }, () => {
        const worker = startOpeningWorker();
        const post = worker.postMessage.bind(worker);
        // The list (its keys copied in) is held back until the erasure is done, then sent.
        worker.postMessage = (message, transfer) => {
          release = () => post(message, transfer);
          sent();
        };
        return worker;
      });
      try {
        const before = await eventOpener(keys)(recorded);
        const waiting = opener.open(recorded);
        await posted;
        // A rotation drops no copy of the keys already handed out, so the erasure still overwrites the list's.
        if (rotated) expect(E.isRight(await keys.rotate(people[0]))).toBe(true);
        expect(E.isRight(await keys.destroy(people[0]))).toBe(true);
        release();
        const after = await eventOpener(keys)(recorded);
        expect(after).not.toStrictEqual(before);
        expect(await waiting).toStrictEqual(after);
      } finally {
        await opener.close();
      }
    },
  );
});
