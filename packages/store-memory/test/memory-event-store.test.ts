import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { eventIdFor, type EventStore, type LinkworkEvent } from "@linkwork/core";
import { repeatedEventId } from "@linkwork/core/store-kit";
import { memoryEventStore } from "@linkwork/store-memory";
import { describe, expect, it } from "vitest";

// What store-memory adds to the contract: its id lookup (a fingerprint scan, then a map for long
// streams) must never mistake one event for another, and a closed store answers, never throws.

function contactAttempt(eventId: string): LinkworkEvent {
  return {
    type: "ContactAttempted",
    schemaVersion: 1,
    data: { channel: "phone", reached: false },
    metadata: {
      eventId,
      occurredAt: "2025-01-06T09:00:00Z",
      recordedBy: "lw_w1",
      correlationId: "0190b5a1-0000-7000-8000-000000000001",
      causationId: "0190b5a1-0000-7000-8000-000000000001",
    },
  };
}

const idFor = (serial: number) => eventIdFor("0190b5a1-0000-7000-8000-00000000abcd", serial, "2025-01-06T09:00:00Z");

async function appendOneByOne(store: EventStore, streamId: string, events: readonly LinkworkEvent[]) {
  const results = [];
  for (const [index, event] of events.entries()) {
    const result = await store.append(streamId, [event], index);
    if (E.isLeft(result)) throw new Error(result.left.message);
    results.push(result.right);
  }
  return results;
}

describe("store-memory event ids", () => {
  it("recognises retries and new events alike in a stream longer than its fingerprint scan", async () => {
    const store = memoryEventStore();
    const events = Array.from({ length: 80 }, (_, serial) => contactAttempt(idFor(serial)));
    const results = await appendOneByOne(store, "case-case_long1", events);
    for (const version of [0, 31, 32, 33, 79]) {
      expect(await store.append("case-case_long1", [events[version]!], version)).toEqual(E.right(results[version]));
      expect(await store.append("case-case_long1", [events[version]!], "any")).toEqual(E.right(results[version]));
    }
    expect(await store.append("case-case_long1", [events[40]!, events[42]!], 40)).toMatchObject(E.left({ code: "CONCURRENCY_CONFLICT" }));
    const read = await store.readStream("case-case_long1");
    expect(E.isRight(read) && read.right.map((recorded) => recorded.event)).toEqual(events);
  });

  it("never takes one event for another when their ids share a fingerprint", async () => {
    // The fingerprint is the last seven hex digits; these ids all end alike.
    const sameTail = (id: string) => `${id.slice(0, 29)}1234567`;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.uuid().map(sameTail), { minLength: 2, maxLength: 40 }), async (ids) => {
        const store = memoryEventStore();
        const events = ids.map(contactAttempt);
        const results = await appendOneByOne(store, "case-case_tail1", events);
        expect(results.map((result) => result.nextExpectedVersion)).toEqual(ids.map((_, index) => index + 1));
        for (const [index, event] of events.entries()) {
          expect(await store.append("case-case_tail1", [event], "any")).toEqual(E.right(results[index]));
        }
      }),
    );
  });

  it("refuses a batch that repeats an id as the plain check does, whatever the batch's length and fingerprints", async () => {
    // Ids from a small pool, half of them sharing one fingerprint, in batches on both sides of the
    // length up to which the store compares fingerprints pairwise before building a Map.
    const sameTail = (id: string) => `${id.slice(0, 29)}1234567`;
    const pool = fc
      .uniqueArray(fc.uuid(), { minLength: 4, maxLength: 12 })
      .map((ids) => ids.map((id, at) => (at % 2 === 0 ? sameTail(id) : id)));
    await fc.assert(
      fc.asyncProperty(
        pool.chain((ids) => fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 40, size: "max" })),
        fc.boolean(),
        async (ids, unique) => {
          const batch = (unique ? [...new Set(ids)] : ids).map(contactAttempt);
          const store = memoryEventStore();
          const expected = repeatedEventId(batch);
          const answer = await store.append("case-case_batch1", batch, "no_stream");
          if (expected === null) expect(answer).toMatchObject(E.right({ nextExpectedVersion: batch.length }));
          else expect(answer).toEqual(E.left(expected));
          const read = await store.readStream("case-case_batch1");
          expect(E.isRight(read) && read.right.length).toBe(expected === null ? batch.length : 0);
        },
      ),
    );
  });

  it("lets another stream use an event id, as ids are unique within a stream", async () => {
    const store = memoryEventStore();
    const event = contactAttempt(idFor(1));
    expect(E.isRight(await store.append("case-case_one1", [event], "no_stream"))).toBe(true);
    expect(await store.append("case-case_two1", [event], "no_stream")).toMatchObject(
      E.right({ streamId: "case-case_two1", nextExpectedVersion: 1 }),
    );
  });
});

describe("a closed store-memory", () => {
  it("answers STORE_UNAVAILABLE, not retryable, to every call", async () => {
    const store = memoryEventStore();
    await store.close();
    const unavailable = { code: "STORE_UNAVAILABLE", retryable: false };
    expect(await store.append("case-case_closed1", [contactAttempt(idFor(2))], "any")).toMatchObject(E.left(unavailable));
    expect(await store.readStream("case-case_closed1")).toMatchObject(E.left(unavailable));
    expect(await store.readAll()).toMatchObject(E.left(unavailable));
    const messages = [];
    for await (const message of store.subscribe()) messages.push(message);
    expect(messages).toMatchObject([{ kind: "failed", error: unavailable }]);
  });
});
