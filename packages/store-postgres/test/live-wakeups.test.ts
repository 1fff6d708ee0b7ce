// Subscriptions wake on LISTEN/NOTIFY (an append in another process reaches them at once, with
// polling set too slow to matter), fall back to polling, and survive their connections dropping.
import * as E from "fp-ts/lib/Either.js";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { EventSubscription, RecordedEvent, SubscriptionMessage } from "@linkwork/core";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

async function stores(pollIntervalMs: number, schema?: string) {
  const made = await freshStores({ pollIntervalMs, initialRetryDelayMs: 20, ...(schema === undefined ? {} : { schema }) });
  schemas.push(made.schema);
  return made;
}

/** The next events a subscription delivers, or "timeout" after `ms`. */
async function nextEvents(iterator: AsyncIterator<SubscriptionMessage>, ms: number): Promise<readonly RecordedEvent[] | "timeout"> {
  const deadline = Date.now() + ms;
  for (;;) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()))),
    ]);
    if (next === "timeout") return next;
    if (next.done === true) throw new Error("the subscription ended");
    if (next.value.kind === "failed") throw new Error(next.value.error.message);
    if (next.value.kind === "events") return next.value.events;
  }
}

async function terminate(filter: string): Promise<number> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    const killed = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND ${filter}`,
    );
    return killed.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

async function caughtUp(subscription: EventSubscription): Promise<AsyncIterator<SubscriptionMessage>> {
  const iterator = subscription[Symbol.asyncIterator]();
  expect((await iterator.next()).value).toMatchObject({ kind: "caught-up" });
  return iterator;
}

describe("store-postgres subscriptions wake on NOTIFY", () => {
  it("delivers an append made through another connection pool at once, not at the next poll", async () => {
    const reading = await stores(60_000);
    // Another "process": its own pool on the same schema, so no in-process wake-up reaches the reader.
    const writing = await stores(60_000, reading.schema);
    const subscription = reading.store.subscribe();
    const iterator = await caughtUp(subscription);
    // Let the LISTEN connection come up before the append (the first wake-up after it looks anyway).
    for (let tries = 0; tries < 100 && !(await listening(reading.schema)); tries++) await pause(20);
    const events = caseEvents(2);
    expect(E.isRight(await writing.store.append("case-notify-1", events, "no_stream"))).toBe(true);
    const delivered = await nextEvents(iterator, 15_000);
    expect(delivered !== "timeout" && delivered.map((recorded) => recorded.event)).toEqual(events);
    await subscription.close();
    await writing.close();
    await reading.close();
  });

  it("polls when no notification comes, and listens again after its connection is killed", async () => {
    const reading = await stores(200);
    const writing = await stores(60_000, reading.schema);
    const subscription = reading.store.subscribe();
    const iterator = await caughtUp(subscription);
    for (let tries = 0; tries < 100 && !(await listening(reading.schema)); tries++) await pause(20);
    // Kill the connections of this schema's stores (the reader's LISTEN and both pools), as a
    // server restart or a network fault would; other test files' connections are left alone.
    expect(await terminate(`query LIKE '%${reading.schema}%'`)).toBeGreaterThan(0);
    const events = caseEvents(1);
    expect(E.isRight(await writing.store.append("case-poll-1", events, "no_stream"))).toBe(true);
    const delivered = await nextEvents(iterator, 15_000);
    expect(delivered !== "timeout" && delivered.map((recorded) => recorded.event)).toEqual(events);
    // It listens again: within a while the LISTEN is back.
    let back = false;
    for (let tries = 0; tries < 100 && !back; tries++) {
      back = await listening(reading.schema);
      if (!back) await pause(50);
    }
    expect(back).toBe(true);
    await subscription.close();
    await writing.close();
    await reading.close();
  });
});

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether some connection LISTENs on the schema's channel (the last statement it ran). */
async function listening(schema: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    const found = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE query = $1`, [`LISTEN "${schema}_events"`]);
    return (found.rowCount ?? 0) > 0;
  } finally {
    await admin.end();
  }
}
