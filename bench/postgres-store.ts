// store-postgres against Emmett's PostgreSQL event store (@event-driven-io/emmett-postgresql 0.42)
// doing the same work on the same throwaway server, in the same run: append, read-all and
// subscription catch-up; then the two drivers (pg, postgres.js) under the same store, and PGlite
// against the server form. The server runs with its default durability (fsync on).
import { randomUUID } from "node:crypto";
import { dumbo } from "@event-driven-io/dumbo";
import { getPostgreSQLEventStore, postgreSQLEventStoreMessageBatchPuller, readMessagesBatch } from "@event-driven-io/emmett-postgresql";
import * as E from "fp-ts/lib/Either.js";
import type { EventStore, GlobalPosition, LinkworkEvent } from "../packages/core/src/index.js";
import { pgliteStores, postgresStores, type PostgresStores } from "../packages/store-postgres/src/index.js";
import { storesOver, settingsOf } from "../packages/store-postgres/src/postgres-stores.js";
import { startTestServer } from "../packages/store-postgres/test-support/test-server.js";
import type { BenchRow } from "./bench-row.js";
import { contactAttemptEvent } from "./contact-attempt-event.js";
import { postgresJsClient } from "./postgres-js-client.js";

export interface PostgresBenchOptions {
  /** Events each side appends, then reads. */
  readonly events: number;
}

const streams = 50;

interface Work {
  readonly streamId: string;
  readonly version: number;
  readonly event: LinkworkEvent;
}

/** One event per command, as the command handler appends them, over `streams` case streams. */
function workload(events: number): Work[] {
  const side = randomUUID().slice(0, 8);
  return Array.from({ length: events }, (_, serial) => {
    return {
      streamId: `case-b${side}-${serial % streams}`,
      version: Math.floor(serial / streams),
      event: contactAttemptEvent(serial),
    };
  });
}

/** Events per second of `run` over `count` events. */
async function rate(count: number, run: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await run();
  return count / ((performance.now() - t0) / 1000);
}

/**
 * Events per second of two sides doing their work in alternating slices of `slice` items, so that
 * the disk's and the neighbours' noise (an append waits for its commit's fsync) falls on both alike.
 */
async function interleaved<T>(
  a: readonly T[],
  b: readonly T[],
  slice: number,
  runA: (items: readonly T[]) => Promise<void>,
  runB: (items: readonly T[]) => Promise<void>,
): Promise<[number, number]> {
  let timeA = 0;
  let timeB = 0;
  for (let from = 0; from < Math.max(a.length, b.length); from += slice) {
    const t0 = performance.now();
    await runA(a.slice(from, from + slice));
    const t1 = performance.now();
    await runB(b.slice(from, from + slice));
    timeA += t1 - t0;
    timeB += performance.now() - t1;
  }
  return [a.length / (timeA / 1000), b.length / (timeB / 1000)];
}

async function linkworkAppend(store: EventStore, work: readonly Work[]): Promise<void> {
  for (const { streamId, version, event } of work) {
    const done = await store.append(streamId, [event], version);
    if (E.isLeft(done)) throw new Error(done.left.message);
  }
}

async function linkworkReadAll(store: EventStore, expected: number): Promise<void> {
  let after: GlobalPosition | undefined;
  let seen = 0;
  for (;;) {
    const page = await store.readAll(after === undefined ? { maxCount: 1000 } : { after, maxCount: 1000 });
    if (E.isLeft(page)) throw new Error(page.left.message);
    seen += page.right.events.length;
    after = page.right.events.at(-1)?.position ?? after;
    if (page.right.isEnd) break;
  }
  if (seen < expected) throw new Error(`read ${seen} of ${expected}`);
}

async function linkworkCatchUp(store: EventStore, expected: number): Promise<void> {
  let seen = 0;
  const subscription = store.subscribe({ batchSize: 500 });
  for await (const message of subscription) {
    if (message.kind === "events") seen += message.events.length;
    if (message.kind === "failed") throw new Error(message.error.message);
    if (message.kind === "caught-up" && seen >= expected) break;
  }
  await subscription.close();
}

async function migrated(stores: E.Either<{ message: string }, PostgresStores>): Promise<PostgresStores> {
  if (E.isLeft(stores)) throw new Error(stores.left.message);
  const done = await stores.right.migrate();
  if (E.isLeft(done)) throw new Error(done.left.message);
  return stores.right;
}

function row(name: string, value: number, baseline: string, baselineValue: number, note?: string): BenchRow {
  return { name, value, unit: "events/s", baseline, baselineValue, ratio: value / baselineValue, ...(note === undefined ? {} : { note }) };
}

export async function benchPostgresStore(options: PostgresBenchOptions): Promise<BenchRow[]> {
  const server = await startTestServer({ fast: false });
  const rows: BenchRow[] = [];
  try {
    const url = server.connectionString;
    // --- store-postgres (pg) against Emmett, alternating, best of two each.
    const emmett = getPostgreSQLEventStore(url);
    await emmett.schema.migrate();
    const pool = dumbo({ connectionString: url });
    const best = { lwAppend: 0, emAppend: 0, lwRead: 0, emRead: 0, lwCatch: 0, emCatch: 0 };
    for (let round = 0; round < 2; round++) {
      const stores = await migrated(postgresStores({ connectionString: url, schema: `bench_${round}` }));
      const ours = workload(options.events);
      const theirs = workload(options.events);
      const [lwAppend, emAppend] = await interleaved(
        ours,
        theirs,
        100,
        (items) => linkworkAppend(stores.store, items),
        async (items) => {
          for (const { streamId, version, event } of items) {
            await emmett.appendToStream(streamId, [{ type: event.type, data: event.data, metadata: event.metadata }], {
              expectedStreamVersion: BigInt(version),
            });
          }
        },
      );
      best.lwAppend = Math.max(best.lwAppend, lwAppend);
      best.emAppend = Math.max(best.emAppend, emAppend);
      // Read-all and catch-up: everything stored (this round's events and earlier rounds').
      const ourTotal = options.events;
      best.lwRead = Math.max(best.lwRead, await rate(ourTotal, () => linkworkReadAll(stores.store, ourTotal)));
      const theirTotal = options.events * (round + 1);
      best.emRead = Math.max(
        best.emRead,
        await rate(theirTotal, async () => {
          let after = -1n;
          let seen = 0;
          for (;;) {
            const batch = await readMessagesBatch(pool.execute, after < 0n ? { from: 0n, batchSize: 1000 } : { after, batchSize: 1000 });
            seen += batch.messages.length;
            if (batch.messages.length === 0 || !batch.areMessagesLeft) break;
            after = batch.currentGlobalPosition;
          }
          if (seen < theirTotal) throw new Error(`emmett read ${seen} of ${theirTotal}`);
        }),
      );
      best.lwCatch = Math.max(best.lwCatch, await rate(ourTotal, () => linkworkCatchUp(stores.store, ourTotal)));
      best.emCatch = Math.max(
        best.emCatch,
        await rate(theirTotal, async () => {
          let seen = 0;
          const controller = new AbortController();
          const puller = postgreSQLEventStoreMessageBatchPuller({
            executor: pool.execute,
            batchSize: 500,
            pullingFrequencyInMs: 50,
            stopWhen: { noMessagesLeft: true },
            signal: controller.signal,
            eachBatch: (messages) => {
              seen += messages.length;
            },
          });
          await puller.start({ startFrom: "BEGINNING" });
          if (seen < theirTotal) throw new Error(`emmett caught up ${seen} of ${theirTotal}`);
        }),
      );
      await stores.close();
    }
    await emmett.close();
    await pool.close();
    const note = `${options.events} events, one per append, over ${streams} streams, awaited one after another, the two sides alternating every 100; best of 2 rounds`;
    rows.push(row("append (store-postgres / Emmett)", best.lwAppend, "Emmett appendToStream", best.emAppend, note));
    rows.push(
      row(
        "read-all, pages of 1000 (store-postgres / Emmett)",
        best.lwRead,
        "Emmett readMessagesBatch",
        best.emRead,
        "Emmett's table holds both rounds' events",
      ),
    );
    rows.push(row("catch-up, batches of 500 (store-postgres / Emmett)", best.lwCatch, "Emmett message batch puller", best.emCatch));

    // --- The drivers: the same store over pg and over postgres.js, alternating.
    const settings = settingsOf({ schema: "bench_driver" });
    if (E.isLeft(settings)) throw new Error(settings.left.message);
    const drivers = { pgAppend: 0, jsAppend: 0, pgRead: 0, jsRead: 0 };
    for (let round = 0; round < 2; round++) {
      const schema = `bench_driver_${round}`;
      const overPg = await migrated(postgresStores({ connectionString: url, schema: `${schema}_pg` }));
      const overJs = storesOver(postgresJsClient(url, 10), `${schema}_js`, settings.right.connection);
      await migrated(E.right(overJs));
      const a = workload(options.events);
      const b = workload(options.events);
      const [pgAppend, jsAppend] = await interleaved(
        a,
        b,
        100,
        (items) => linkworkAppend(overPg.store, items),
        (items) => linkworkAppend(overJs.store, items),
      );
      drivers.pgAppend = Math.max(drivers.pgAppend, pgAppend);
      drivers.jsAppend = Math.max(drivers.jsAppend, jsAppend);
      // One read of everything takes tens of milliseconds: ten of each, alternating, summed.
      const reads = Array.from({ length: 10 }, () => a.length);
      const [pgRead, jsRead] = await interleaved(
        reads,
        reads,
        1,
        () => linkworkReadAll(overPg.store, a.length),
        () => linkworkReadAll(overJs.store, b.length),
      );
      drivers.pgRead = Math.max(drivers.pgRead, pgRead * a.length);
      drivers.jsRead = Math.max(drivers.jsRead, jsRead * b.length);
      await overPg.close();
      await overJs.close();
    }
    rows.push(
      row("append over pg (driver: pg / postgres.js)", drivers.pgAppend, "postgres.js", drivers.jsAppend, "the same store, SQL and server"),
    );
    rows.push(row("read-all over pg (driver: pg / postgres.js)", drivers.pgRead, "postgres.js", drivers.jsRead));

    // --- PGlite (in this process, in memory) against the server form.
    const embedded = await migrated(await pgliteStores());
    const served = await migrated(postgresStores({ connectionString: url, schema: "bench_served" }));
    const forEmbedded = workload(options.events);
    const forServer = workload(options.events);
    const embeddedAppend = await rate(forEmbedded.length, () => linkworkAppend(embedded.store, forEmbedded));
    const serverAppend = await rate(forServer.length, () => linkworkAppend(served.store, forServer));
    const embeddedRead = await rate(forEmbedded.length, () => linkworkReadAll(embedded.store, forEmbedded.length));
    const serverRead = await rate(forServer.length, () => linkworkReadAll(served.store, forServer.length));
    rows.push(row("append (PGlite in memory / server)", embeddedAppend, "store-postgres over the server", serverAppend));
    rows.push(row("read-all (PGlite in memory / server)", embeddedRead, "store-postgres over the server", serverRead));
    await embedded.close();
    await served.close();
  } finally {
    await server.stop();
  }
  return rows;
}
