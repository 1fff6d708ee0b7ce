// Readers never skip an event: a transaction that commits late, below positions already
// committed, is never passed over. Writer transactions are held open by hand (a raw connection
// calling the append function inside BEGIN … COMMIT) while the store's readers read.
import * as E from "fp-ts/lib/Either.js";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { EventSubscription, RecordedEvent, SubscriptionMessage } from "@linkwork/core";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

async function stores(options: { horizonWaitMs?: number } = {}) {
  const made = await freshStores({ horizonWaitMs: options.horizonWaitMs ?? 5000, pollIntervalMs: 20 });
  schemas.push(made.schema);
  return made;
}

/** A writer that appends inside a transaction it commits when told. */
async function openWriter(schema: string, streamId: string, count: number) {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  const events = caseEvents(count);
  await client.query("BEGIN");
  const appended = await client.query<{ o_outcome: string; o_position: string }>(
    `SELECT o_outcome, o_position::text AS o_position FROM ${schema}.append_events($1, $2, NULL, $3, $4, $5, $6, $7)`,
    [
      streamId,
      streamId.slice(0, streamId.indexOf("-")),
      events.map((event) => event.metadata.eventId),
      events.map((event) => event.type),
      events.map((event) => event.schemaVersion),
      events.map((event) => JSON.stringify(event.data)),
      events.map((event) => JSON.stringify(event.metadata)),
    ],
  );
  expect(appended.rows[0]?.o_outcome).toBe("appended");
  return {
    events,
    position: BigInt(appended.rows[0]!.o_position),
    commit: async () => {
      await client.query("COMMIT");
      await client.end();
    },
    rollback: async () => {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}

function ids(recorded: readonly RecordedEvent[]): string[] {
  return recorded.map((one) => one.event.metadata.eventId);
}

/**
 * Reads a subscription's messages until `until` holds of those read in this call, or `ms` pass.
 * A read cut short by the time limit stays pending and is picked up by the next call, so no
 * message is lost between calls.
 */
function reader(subscription: EventSubscription) {
  const iterator = subscription[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<SubscriptionMessage, void>> | null = null;
  return async (ms: number, until: (events: RecordedEvent[], kinds: SubscriptionMessage["kind"][]) => boolean) => {
    const events: RecordedEvent[] = [];
    const kinds: SubscriptionMessage["kind"][] = [];
    const deadline = Date.now() + ms;
    while (!until(events, kinds) && Date.now() < deadline) {
      pending ??= iterator.next();
      const next = await Promise.race([
        pending,
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), deadline - Date.now())),
      ]);
      if (next === "timeout") break;
      pending = null;
      if (next.done === true) break;
      kinds.push(next.value.kind);
      if (next.value.kind === "events") events.push(...next.value.events);
      if (next.value.kind === "failed") throw new Error(next.value.error.message);
    }
    return { events, kinds };
  };
}

describe("store-postgres readers never skip an event that commits late", () => {
  it("holds back events committed after an older open transaction, then delivers both in order", async () => {
    const { store, schema } = await stores({ horizonWaitMs: 300 });
    const subscription = store.subscribe();
    const collect = reader(subscription);
    expect((await collect(5000, (_, kinds) => kinds.includes("caught-up"))).kinds).toEqual(["caught-up"]);

    const late = await openWriter(schema, "case-late-1", 2);
    const early = caseEvents(1);
    const committed = await store.append("case-early-1", early, "no_stream");
    expect(E.isRight(committed)).toBe(true);
    // The open transaction began first, so its events come first in the global order.
    expect(late.position < (committed as E.Right<{ position: bigint }>).right.position).toBe(true);

    // While it is open, no reader may pass it: the subscription delivers nothing, readAll answers
    // nothing after waiting for it (and says so), readStream of the committed stream sees it.
    expect((await collect(400, (events) => events.length > 0)).events).toEqual([]);
    const blocked = await store.readAll();
    expect(E.isLeft(blocked) && blocked.left).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
    const stream = await store.readStream("case-early-1");
    expect(E.isRight(stream) && ids(stream.right)).toEqual(ids(early.map((event) => ({ event }) as RecordedEvent)));

    await late.commit();
    const delivered = await collect(5000, (events) => events.length >= 3);
    const all = await store.readAll();
    expect(E.isRight(all)).toBe(true);
    const order = [...late.events, ...early].map((event) => event.metadata.eventId);
    expect(ids(delivered.events)).toEqual(order);
    expect(E.isRight(all) && ids(all.right.events)).toEqual(order);
    await subscription.close();
    await store.close();
  });

  it("readAll waits for a short older transaction rather than answering past it", async () => {
    const { store, schema } = await stores();
    const late = await openWriter(schema, "case-wait-1", 1);
    expect(E.isRight(await store.append("case-wait-2", caseEvents(1), "no_stream"))).toBe(true);
    const reading = store.readAll();
    setTimeout(() => void late.commit(), 100);
    const page = await reading;
    expect(E.isRight(page) && page.right.events.map((recorded) => recorded.streamId)).toEqual(["case-wait-1", "case-wait-2"]);
    await store.close();
  });

  it("skips nothing when many writers hold transactions open at random while a subscription and a pager read", async () => {
    const { store, schema } = await stores();
    const subscription = store.subscribe({ batchSize: 7 });
    const expected: string[] = [];
    // A pager reading the global order from where it stopped, throughout.
    const paged: RecordedEvent[] = [];
    let writing = true;
    let deadline = Number.POSITIVE_INFINITY;
    const pager = (async () => {
      let after: bigint | undefined;
      while (writing || (paged.length < expected.length && Date.now() < deadline)) {
        const page = await store.readAll(after === undefined ? { maxCount: 5 } : { after, maxCount: 5 });
        if (E.isRight(page)) {
          paged.push(...page.right.events);
          after = page.right.events.at(-1)?.position ?? after;
        }
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    // 6 writers, each 8 transactions held open 0-30 ms, some rolled back, interleaved with appends through the store.
    await Promise.all(
      Array.from({ length: 6 }, async (_, writer) => {
        for (let round = 0; round < 8; round++) {
          const stream = `case-w${writer}-r${round}`;
          const open = await openWriter(schema, stream, 1 + (round % 3));
          await new Promise((resolve) => setTimeout(resolve, (writer * 7 + round * 13) % 31));
          if ((writer + round) % 5 === 0) {
            await open.rollback();
          } else {
            await open.commit();
            expected.push(...open.events.map((event) => event.metadata.eventId));
          }
          const direct = caseEvents(1);
          expect(E.isRight(await store.append(`case-d${writer}-r${round}`, direct, "no_stream"))).toBe(true);
          expected.push(direct[0]!.metadata.eventId);
        }
      }),
    );
    deadline = Date.now() + 10_000;
    writing = false;
    await pager;
    const delivered = await reader(subscription)(10_000, (events) => events.length >= expected.length);
    const all: RecordedEvent[] = [];
    for (let after: bigint | undefined; ;) {
      const page = await store.readAll(after === undefined ? {} : { after });
      if (E.isLeft(page)) throw new Error(page.left.message);
      all.push(...page.right.events);
      after = page.right.events.at(-1)?.position ?? after;
      if (page.right.isEnd) break;
    }
    expect(new Set(ids(all))).toEqual(new Set(expected));
    expect(all).toHaveLength(expected.length);
    // Every reader saw the same single order, each event once.
    expect(ids(delivered.events)).toEqual(ids(all));
    expect(ids(paged)).toEqual(ids(all));
    await subscription.close();
    await store.close();
  });
});
