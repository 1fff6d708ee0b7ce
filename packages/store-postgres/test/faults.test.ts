// Faults: the server restarted mid-run (this test owns its server), and a connection cut after
// the server committed an append but before its reply arrived.
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventStore, RecordedEvent } from "@linkwork/core";
import { postgresStores, type PostgresStores } from "../src/index.js";
import { startReplyDroppingProxy } from "../test-support/reply-dropping-proxy.js";
import { freshSchema } from "../test-support/test-database.js";
import { caseEvents } from "../test-support/test-events.js";
import { startTestServer, type TestServer } from "../test-support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function open(connectionString: string, schema: string): Promise<PostgresStores> {
  const stores = postgresStores({
    connectionString,
    schema,
    maxConnections: 2,
    initialRetryDelayMs: 50,
    maxAttempts: 10,
    pollIntervalMs: 100,
  });
  if (E.isLeft(stores)) throw new Error(stores.left.message);
  const migrated = await stores.right.migrate();
  if (E.isLeft(migrated)) throw new Error(migrated.left.message);
  return stores.right;
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after: bigint | undefined; ;) {
    const page = await store.readAll(after === undefined ? { maxCount: 500 } : { after, maxCount: 500 });
    if (E.isLeft(page)) throw new Error(page.left.message);
    all.push(...page.right.events);
    after = page.right.events.at(-1)?.position ?? after;
    if (page.right.isEnd) return all;
  }
}

const idOf = (recorded: RecordedEvent) => recorded.event.metadata.eventId;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("store-postgres under faults", () => {
  it("writers and a subscription ride out a server restart: nothing lost, nothing twice", async () => {
    const schema = freshSchema();
    const reader = await open(server.connectionString, schema);
    const writers = await Promise.all([1, 2, 3].map(() => open(server.connectionString, schema)));
    const delivered: RecordedEvent[] = [];
    const subscription = reader.store.subscribe({ batchSize: 50 });
    let target = Number.POSITIVE_INFINITY;
    const following = (async () => {
      for await (const message of subscription) {
        if (message.kind === "events") delivered.push(...message.events);
        if (message.kind === "failed") throw new Error(`the subscription failed: ${message.error.message}`);
        if (delivered.length >= target) return;
      }
    })();

    const appendsEach = 40;
    let written = 0;
    let restarts = 0;
    let writtenAtHalt = 0;
    const accepted: string[] = [];
    const writing = writers.map(async (writer, w) => {
      const versions = new Map<string, number>();
      for (let serial = 0; serial < appendsEach; serial++) {
        const streamId = `case-restart-${w}-${serial % 5}`;
        const events = caseEvents(1 + (serial % 2));
        const version = versions.get(streamId) ?? 0;
        // The store retries transient faults itself; a writer that still hears "unavailable"
        // sends the same events at the same version again, as a client would.
        for (let attempt = 1; ; attempt++) {
          const done = await writer.store.append(streamId, events, version);
          if (E.isRight(done)) {
            expect(done.right.nextExpectedVersion).toBe(version + events.length);
            break;
          }
          if (done.left.code !== "STORE_UNAVAILABLE" || !done.left.retryable || attempt >= 10) throw new Error(done.left.message);
          await pause(200);
        }
        versions.set(streamId, version + events.length);
        accepted.push(...events.map((event) => event.metadata.eventId));
        written++;
      }
    });
    const restarting = (async () => {
      while (written < appendsEach) await pause(5);
      writtenAtHalt = written;
      await server.halt();
      await pause(300);
      await server.resume();
      restarts++;
    })();
    await Promise.all([...writing, restarting]);
    // The server went down with appends still to come.
    expect(restarts).toBe(1);
    expect(writtenAtHalt).toBeLessThan(writers.length * appendsEach);
    target = accepted.length;
    const deadline = Date.now() + 20_000;
    while (delivered.length < accepted.length && Date.now() < deadline) await pause(20);
    await subscription.close();
    await following;

    const everything = await readEverything(reader.store);
    expect(everything.map(idOf).sort()).toEqual([...accepted].sort());
    const byStream = new Map<string, number[]>();
    for (const recorded of everything)
      byStream.set(recorded.streamId, [...(byStream.get(recorded.streamId) ?? []), recorded.streamVersion]);
    for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, index) => index + 1));
    expect(delivered.map(idOf)).toEqual(everything.map(idOf));
    for (const writer of writers) await writer.close();
    await reader.close();
  });

  it("an append whose reply is lost after the commit is answered by its event ids, written once", async () => {
    const proxy = await startReplyDroppingProxy(server.port);
    const schema = freshSchema();
    const through = await open(server.connectionString.replace(`:${server.port}/`, `:${proxy.port}/`), schema);
    const events = caseEvents(2);
    expect(E.isRight(await through.store.append("case-lost-1", caseEvents(1), "no_stream"))).toBe(true);
    // The reply to the next append (its outcome row says "appended") never reaches the client.
    proxy.dropNextReplyHolding("appended");
    const answer = await through.store.append("case-lost-1", events, 1);
    expect(proxy.dropped).toBe(1);
    // The store sent the same append again; the server had committed the first and recognised
    // its event ids (the function's outcome "retried"), so it wrote nothing more.
    expect(proxy.forwarded("retried")).toBe(true);
    expect(E.isRight(answer) && answer.right.nextExpectedVersion).toBe(3);
    const stream = await through.store.readStream("case-lost-1");
    expect(E.isRight(stream) && stream.right.map((recorded) => recorded.streamVersion)).toEqual([1, 2, 3]);
    expect(E.isRight(stream) && stream.right.slice(1).map((recorded) => recorded.event)).toEqual(events);
    expect(E.isRight(answer) && E.isRight(stream) && answer.right.position).toBe(E.isRight(stream) && stream.right[2]!.position);
    await through.close();
    await proxy.close();
  });
});
