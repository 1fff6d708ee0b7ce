// Fault tests over @kurrent/kurrentdb-client, against the test server in a process of its own (its
// generated code cannot share a process with @eventstore/db-client's): a lost append reply, dropped
// connections under a subscription, and the checkpoint quirk of KurrentDB#4970.
import { afterEach, describe, expect, it } from "vitest";
import type { EventStoreDb, EventStoreDbOptions } from "../src/index.js";
import { startRemoteTestServer, type RemoteTestServer } from "../test-support/remote-server.js";
import type { TestServerOptions } from "../test-support/test-server.js";
import { caseEvents, connect, reader, right } from "./adapter-fixture.js";

const opened: { server: RemoteTestServer; db: EventStoreDb }[] = [];
afterEach(async () => {
  for (const { server, db } of opened.splice(0)) {
    await db.close();
    await server.stop();
  }
});

async function open(serverOptions: TestServerOptions = {}, options: Partial<EventStoreDbOptions> = {}) {
  const server = await startRemoteTestServer(serverOptions);
  const db = connect({ connectionString: server.connectionString.replace(/^esdb:/, "kurrentdb:") }, options);
  opened.push({ server, db });
  return { server, db };
}

describe("@kurrent/kurrentdb-client under faults", () => {
  it("writes an append whose reply was lost exactly once", async () => {
    const { server, db } = await open();
    right(await db.store.append("case-lost", caseEvents(1), "no_stream"));
    await server.loseNextAppendReply();
    const events = caseEvents(2);
    expect(right(await db.store.append("case-lost", events, 1)).nextExpectedVersion).toBe(3);
    const stored = right(await db.store.readStream("case-lost"));
    expect(stored.map((recorded) => recorded.streamVersion)).toEqual([1, 2, 3]);
    expect(stored.slice(1).map((recorded) => recorded.event)).toEqual(events);
  });

  it("resumes a subscription after dropped connections with no gap and no duplicate", async () => {
    const { server, db } = await open();
    const subscription = reader(db.store.subscribe());
    const written: string[] = [];
    let last = 0n;
    for (let round = 0; round < 4; round++) {
      const events = caseEvents(3);
      last = right(await db.store.append(`case-drop-${round}`, events, "no_stream")).position;
      written.push(...events.map((event) => event.metadata.eventId));
      await server.dropConnections();
    }
    await subscription.until(last);
    await subscription.close();
    expect(subscription.delivered.map((recorded) => recorded.event.metadata.eventId)).toEqual(written);
  });

  it("never adopts KurrentDB#4970's end-of-log checkpoint: the event written there is delivered", async () => {
    const { db } = await open({ quirks: { endOfLogCheckpoint: true } });
    const first = reader(db.store.subscribe());
    const caughtUp = await first.next();
    expect(caughtUp).toEqual({ kind: "caught-up", position: null });
    const events = caseEvents(1);
    const appended = right(await db.store.append("case-next", events, "no_stream"));
    await first.until(appended.position);
    await first.close();
    expect(first.delivered.map((recorded) => recorded.event)).toEqual(events);
  });
});
