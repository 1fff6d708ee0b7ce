import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseStream, linkwork, type EventStore, type RecordedEvent } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { memoryCheckpointStore, memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";
import { caseCommands } from "./sealed-case-commands.js";

// The sealing decorator opening on a worker thread is still an event store: the whole contract,
// with every list sent to the worker however few boxes it has (minBoxesForWorker 0).
describeEventStoreContract("sealing over store-memory, opening on a worker", () =>
  Promise.resolve({
    store: sealingEventStore(memoryEventStore(), dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") }), {
      personOfCase: () => Promise.resolve("person_x1"),
      openingWorker: { minBoxesForWorker: 0 },
    }),
    checkpoints: memoryCheckpointStore(),
  }),
);

/** A store's events as text, bigint positions written as strings. */
const text = (events: readonly RecordedEvent[]) =>
  JSON.stringify(events, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value));

/** Every page of a read of the whole store, `size` events at a time, each page's answer kept as text. */
async function pages(store: EventStore, size: number): Promise<string[]> {
  const read: string[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll(after === undefined ? { maxCount: size } : { after, maxCount: size });
    if (E.isLeft(page)) return [...read, `failed: ${page.left.code}`];
    read.push(`${text(page.right.events)} end=${page.right.isEnd}`);
    const last = page.right.events.at(-1);
    if (page.right.isEnd || last === undefined) return read;
    after = last.position;
  }
}

describe("sealingEventStore with openingWorker", () => {
  it("reads what the calling-thread store reads: every page, stream and subscription, erased people included", async () => {
    const raw = memoryEventStore();
    const keys = dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") });
    const here = sealingEventStore(raw, keys);
    const handler = linkwork(here, { maxClockSkewMs: Number.POSITIVE_INFINITY });
    for (let person = 0; person < 8; person++)
      for (const input of caseCommands(`case_c${person}`, `person_p${person}`)) {
        const handled = await handler.handle(input);
        if (E.isLeft(handled)) throw new Error(`${handled.left.code}: ${handled.left.message}`);
      }
    for (const erased of ["person_p2", "person_p5"]) expect(E.isRight(await here.erasePerson(erased))).toBe(true);
    const worker = sealingEventStore(raw, keys, { openingWorker: { minBoxesForWorker: 0 } });
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 7 }), async (size, person) => {
          // Several pages asked at once, as a reader a page ahead asks them: each answer is its own page's.
          const [fromWorker, fromHere] = await Promise.all([pages(worker, size), pages(here, size)]);
          expect(fromWorker).toStrictEqual(fromHere);
          const stream = caseStream(`case_c${person}`);
          expect(text(E.getOrElseW(() => [])(await worker.readStream(stream)))).toBe(
            text(E.getOrElseW(() => [])(await here.readStream(stream))),
          );
        }),
        { numRuns: 25 },
      );
      const opened = (await pages(here, 1000)).join("\n");
      expect(opened).toContain("domestic_abuse");
      expect(opened).toContain('"erased":true');
      const subscribed: RecordedEvent[] = [];
      const subscription = worker.subscribe();
      for await (const message of subscription) {
        if (message.kind !== "events") break;
        subscribed.push(...message.events);
      }
      await subscription.close();
      expect(`${text(subscribed)} end=true`).toBe((await pages(here, 1000))[0]);
    } finally {
      await worker.close();
    }
    // Closed: its worker stopped, it still answers as the calling-thread store (its inner store is memory).
    expect(await pages(worker, 7)).toStrictEqual(await pages(here, 7));
  });
});
