// Positions and checkpoints as real servers send them: events of one transaction share a commit
// position; some server versions send checkpoints that are no record's position (KurrentDB#4892)
// or that sit where the next event will be written (KurrentDB#4970). Reading and resuming from
// any position the adapter handed out must never skip or repeat an event.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { FORWARDS, START, jsonEvent, type EventStoreDBClient } from "@eventstore/db-client";
import type { GlobalPosition, RecordedEvent } from "@linkwork/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EventStoreDb } from "../src/index.js";
import { startTestServer, type TestServer, type TestServerOptions } from "../test-support/index.js";
import { caseEvents, connect, reader, right } from "./adapter-fixture.js";
import { rawClient } from "./raw-client.js";

const ids = (events: readonly RecordedEvent[]) => events.map((recorded) => recorded.event.metadata.eventId);

/** Every event a subscription delivers until caught up, and the mark's position. */
async function catchUp(db: EventStoreDb, after?: GlobalPosition) {
  const subscription = reader(db.store.subscribe(after === undefined ? {} : { after }));
  for (;;) {
    const message = await subscription.next();
    if (message.kind === "failed") throw new Error(message.error.message);
    if (message.kind === "caught-up") {
      await subscription.close();
      return { events: subscription.delivered, mark: message.position };
    }
  }
}

function serverFor(options: TestServerOptions) {
  const opened: { server: TestServer; db: EventStoreDb; raw: EventStoreDBClient }[] = [];
  afterEach(async () => {
    for (const { server, db, raw } of opened.splice(0)) {
      await db.close();
      await raw.dispose();
      await server.stop();
    }
  });
  return async () => {
    const server = await startTestServer(options);
    const opening = { server, db: connect(server), raw: rawClient(server) };
    opened.push(opening);
    return opening;
  };
}

describe("events that share a commit position (appends committed as transactions)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ transactionalAppends: true });
  });
  afterAll(() => server.stop());

  it("are each read, delivered and resumed after, whatever the batches", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }), async (batches) => {
        // A prefix of its own per run: the server is shared.
        const db = connect(server, { streamPrefix: `p${randomUUID().replaceAll("-", "").slice(0, 10)}_` });
        try {
          const written: string[] = [];
          for (const [index, size] of batches.entries()) {
            const events = caseEvents(size);
            right(await db.store.append(`case-${index}`, events, "no_stream"));
            written.push(...events.map((event) => event.metadata.eventId));
          }
          const all = right(await db.store.readAll()).events;
          expect(ids(all)).toEqual(written);
          for (let index = 1; index < all.length; index++) expect(all[index]!.position > all[index - 1]!.position).toBe(true);
          const subscribed = await catchUp(db);
          expect(ids(subscribed.events)).toEqual(written);
          for (const [index, recorded] of all.entries()) {
            expect(ids(right(await db.store.readAll({ after: recorded.position })).events)).toEqual(written.slice(index + 1));
            expect(ids((await catchUp(db, recorded.position)).events)).toEqual(written.slice(index + 1));
          }
        } finally {
          await db.close();
        }
      }),
      { numRuns: 8 },
    );
  });
});

describe("a checkpoint of (2^64-1, 2^64-1) as a filtered subscription goes live (KurrentDB#4892, 23.10 to early 24.10)", () => {
  const open = serverFor({ quirks: { maxPositionCheckpointOnLive: true } });

  it("is never adopted: the mark is not at it, and later events are delivered and resumed from", async () => {
    const { db, raw } = await open();
    await raw.appendToStream("orders-1", jsonEvent({ type: "OrderPlaced", data: {} }));
    const first = await catchUp(db);
    expect(first.events).toEqual([]);
    expect(first.mark).toBeNull();

    const subscription = reader(db.store.subscribe());
    await subscription.next(); // caught up, with the quirky checkpoint just before
    const events = caseEvents(2);
    const appended = right(await db.store.append("case-after", events, "no_stream"));
    expect(await subscription.until(appended.position)).toBe(appended.position);
    await subscription.close();
    expect(ids(subscription.delivered)).toEqual(events.map((event) => event.metadata.eventId));
  });
});

describe("a checkpoint at the end of the log, where the next event will be written (KurrentDB#4970, some 24.10 / 25.0 builds)", () => {
  const open = serverFor({ quirks: { endOfLogCheckpoint: true } });

  it("is never adopted: the event written there is delivered live, and again when resuming after the mark", async () => {
    const { db } = await open();
    const before = caseEvents(1);
    right(await db.store.append("case-before", before, "no_stream"));
    const caughtUp = await catchUp(db);
    expect(ids(caughtUp.events)).toEqual([before[0]!.metadata.eventId]);
    // The mark is the last event's, not the end of the log.
    expect(caughtUp.mark).toBe(caughtUp.events.at(-1)!.position);

    const live = reader(db.store.subscribe());
    await live.until(caughtUp.mark!);
    const next = caseEvents(1);
    const appended = right(await db.store.append("case-next", next, "no_stream"));
    await live.until(appended.position);
    await live.close();
    expect(ids(live.delivered)).toEqual([...before, ...next].map((event) => event.metadata.eventId));

    // A projection that saved the first mark resumes after it and gets the event.
    expect(ids((await catchUp(db, caughtUp.mark!)).events)).toEqual([next[0]!.metadata.eventId]);
  });
});

describe("a filter checkpoint at a record the subscription does not deliver", () => {
  const open = serverFor({});

  it("is adopted, so the mark moves past events the filter skipped", async () => {
    const { db, raw } = await open();
    for (let index = 0; index < 40; index++) await raw.appendToStream("orders-1", jsonEvent({ type: "OrderPlaced", data: { index } }));
    const positions: bigint[] = [];
    for await (const resolved of raw.readAll({ direction: FORWARDS, fromPosition: START })) {
      if (resolved.event?.streamId === "orders-1") positions.push(resolved.event.position.commit);
    }
    const { events, mark } = await catchUp(db);
    expect(events).toEqual([]);
    // The server checkpoints every 32 records it looks at; the 32nd is orders-1's 31st here (after $epoch-information).
    const checkpointed = positions[30]!;
    expect(mark).toBe((checkpointed << 64n) | checkpointed);
  });
});
