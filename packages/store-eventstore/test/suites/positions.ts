// Positions and checkpoints as real servers send them, over one client library: events of one
// transaction share a commit position; some server versions send checkpoints that are no record's
// position (KurrentDB#4892) or that sit where the next event will be written (KurrentDB#4970).
// Reading and resuming from any position the adapter handed out must never skip or repeat an event.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { GlobalPosition, RecordedEvent } from "@linkwork/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EventStoreDb } from "../../src/index.js";
import type { ServerControl } from "../../test-support/server-control.js";
import type { TestServerOptions } from "../../test-support/test-server.js";
import { caseEvents, reader, right } from "../adapter-fixture.js";
import { connectOver, type ClientUnderTest } from "../client-under-test.js";

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

function serverFor(client: ClientUnderTest, options: TestServerOptions) {
  const opened: { server: ServerControl; db: EventStoreDb }[] = [];
  afterEach(async () => {
    for (const { server, db } of opened.splice(0)) {
      await db.close();
      await server.stop();
    }
  });
  return async () => {
    const server = await client.startServer(options);
    const opening = { server, db: connectOver(client, server) };
    opened.push(opening);
    return opening;
  };
}

export function describePositionsOver(client: ClientUnderTest): void {
  describe(`events that share a commit position (appends committed as transactions), with ${client.library}`, () => {
    let server: ServerControl;
    beforeAll(async () => {
      server = await client.startServer({ transactionalAppends: true });
    });
    afterAll(() => server.stop());

    it("are each read, delivered and resumed after, whatever the batches", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }), async (batches) => {
          // A prefix of its own per run: the server is shared.
          const db = connectOver(client, server, { streamPrefix: `p${randomUUID().replaceAll("-", "").slice(0, 10)}_` });
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

  describe(`a checkpoint of (2^64-1, 2^64-1) as a filtered subscription goes live (KurrentDB#4892, 23.10 to early 24.10), with ${client.library}`, () => {
    const open = serverFor(client, { quirks: { maxPositionCheckpointOnLive: true } });

    it("is never adopted: the mark is not at it, and later events are delivered and resumed from", async () => {
      const { db, server } = await open();
      await server.appendJson("orders-1", "OrderPlaced", {});
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

  describe(`a checkpoint at the end of the log, where the next event will be written (KurrentDB#4970, some 24.10 / 25.0 builds), with ${client.library}`, () => {
    const open = serverFor(client, { quirks: { endOfLogCheckpoint: true } });

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

  describe(`a filter checkpoint at a record the subscription does not deliver, with ${client.library}`, () => {
    const open = serverFor(client, {});

    it("is adopted, so the mark moves past events the filter skipped", async () => {
      const { db, server } = await open();
      for (let index = 0; index < 40; index++) await server.appendJson("orders-1", "OrderPlaced", { index });
      const positions = await server.commitPositions("orders-1");
      const { events, mark } = await catchUp(db);
      expect(events).toEqual([]);
      // The server checkpoints every 32 records it looks at; the 32nd is orders-1's 31st here (after $epoch-information).
      const checkpointed = positions[30]!;
      expect(mark).toBe((checkpointed << 64n) | checkpointed);
    });
  });
}
