// The adapter under network faults, over one client library and the test server in both append
// modes: dropped connections under a subscription, replies lost after a commit, answers too late,
// a server gone. The server's own counters show each fault really happened.
import type { GlobalPosition, RecordedEvent } from "@linkwork/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventStoreDb } from "../../src/index.js";
import type { ServerControl } from "../../test-support/server-control.js";
import { caseEvents, left, reader, right } from "../adapter-fixture.js";
import { connectOver, type ClientUnderTest } from "../client-under-test.js";

const APPEND_MODES = [
  { name: "BatchAppend", batchAppend: true },
  { name: "Append", batchAppend: false },
] as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function allOf(db: EventStoreDb): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = right(await db.store.readAll(after === undefined ? {} : { after }));
    events.push(...page.events);
    after = page.events.at(-1)?.position ?? after;
    if (page.isEnd) return events;
  }
}

export function describeFaultsOver(client: ClientUnderTest): void {
  it(`falls back to Append over ${client.library} when the server lists no features (older than 21.10)`, async () => {
    // The contract suite's "Append" run relies on this: such a server gets no BatchAppend call at all.
    const server = await client.startServer({ serverFeatures: false });
    const db = connectOver(client, server);
    try {
      right(await db.store.append("case-case_old1", caseEvents(2), "no_stream"));
      const counts = await server.rpcCounts();
      expect(counts["Streams.Append"]).toBe(1);
      expect(counts["Streams.BatchAppend"] ?? 0).toBe(0);
    } finally {
      await db.close();
      await server.stop();
    }
  });

  describe.each(APPEND_MODES)(`store-eventstore with ${client.library} under faults ($name)`, ({ name, batchAppend }) => {
    let server: ServerControl;
    let db: EventStoreDb;
    const appendRpc = batchAppend ? "Streams.BatchAppend" : "Streams.Append";
    const appendCalls = async () => (await server.rpcCounts())[appendRpc] ?? 0;

    beforeEach(async () => {
      server = await client.startServer({ batchAppend, writeTimeoutMs: 100 });
      db = connectOver(client, server);
    });
    afterEach(async () => {
      await db.close();
      await server.stop();
    });

    it(`takes the ${name} path`, async () => {
      right(await db.store.append("case-case_path1", caseEvents(1), "no_stream"));
      const counts = await server.rpcCounts();
      expect(counts[appendRpc]).toBe(1);
      expect(counts[batchAppend ? "Streams.Append" : "Streams.BatchAppend"]).toBeUndefined();
    });

    it("resumes a subscription after dropped connections, during catch-up and live, with no gap and no duplicate", async () => {
      // More events than the subscription queues before it pauses the server, so the drop cuts catch-up short.
      for (let index = 0; index < 6; index++)
        right(await db.store.append(`case-drop-${index % 3}`, caseEvents(100), Math.floor(index / 3) * 100));
      const subscription = reader(db.store.subscribe({ batchSize: 20 }));
      expect((await subscription.next()).kind).toBe("events");
      await server.dropConnections();
      right(await db.store.append("case-case_drop0", caseEvents(5), "any"));
      let all = await allOf(db);
      expect(all).toHaveLength(605);
      await subscription.until(all.at(-1)!.position);
      expect(subscription.delivered).toEqual(all);

      await server.dropConnections();
      await server.restart();
      right(await db.store.append("case-case_drop1", caseEvents(3), "any"));
      all = await allOf(db);
      await subscription.until(all.at(-1)!.position);
      expect(subscription.delivered).toEqual(all);
      await subscription.close();
    });

    it("writes an append whose reply was lost after the commit exactly once, answering its result", async () => {
      const first = caseEvents(2);
      await server.loseNextAppendReply();
      expect(right(await db.store.append("case-case_lost1", first, "no_stream")).nextExpectedVersion).toBe(2);
      const second = caseEvents(3);
      await server.loseNextAppendReply();
      const result = right(await db.store.append("case-case_lost1", second, 2));
      const anyEvents = caseEvents(1);
      await server.loseNextAppendReply();
      right(await db.store.append("case-case_lost1", anyEvents, "any"));

      // The server lost three replies after committing: the adapter did not merely see three successes.
      expect((await server.faultCounts()).repliesLost).toBe(3);
      const stored = right(await db.store.readStream("case-case_lost1"));
      expect(stored.map((recorded) => recorded.event)).toEqual([...first, ...second, ...anyEvents]);
      expect(result).toEqual({ streamId: "case-case_lost1", nextExpectedVersion: 5, position: stored[4]!.position });
      // Each append was sent again after its lost reply.
      expect(await appendCalls()).toBeGreaterThanOrEqual(batchAppend ? 4 : 6);
    });

    it("says an append may have been written when the store closes while it waits to repeat it after a lost reply", async () => {
      // A long pause before the repeat: the store closes during it, after the server committed the events.
      const slow = connectOver(client, server, { initialRetryDelayMs: 60_000, maxRetryDelayMs: 60_000 });
      await server.loseNextAppendReply();
      const events = caseEvents(2);
      const answer = slow.store.append("case-case_lost2", events, "no_stream");
      while ((await server.faultCounts()).repliesLost < 1) await new Promise((resolve) => setImmediate(resolve));
      await slow.close();
      const refused = left(await answer);
      expect(refused).toMatchObject({ code: "STORE_UNAVAILABLE" });
      expect(refused.message).toContain("may or may not have been written");
      // It was: repeating the same append on an open store answers its result, writing nothing more.
      expect(right(await db.store.append("case-case_lost2", events, "no_stream")).nextExpectedVersion).toBe(2);
      expect(right(await db.store.readStream("case-case_lost2")).map((recorded) => recorded.event)).toEqual(events);
    });

    it("writes an append the server answered too late exactly once, when the retry comes before the late commit", async () => {
      right(await db.store.append("case-case_slow1", caseEvents(1), "no_stream"));
      const events = caseEvents(2);
      // The server answers "timeout" after 100 ms and commits after 300 ms; the retry comes in between.
      await server.delayNextAppend(300);
      expect(right(await db.store.append("case-case_slow1", events, 1)).nextExpectedVersion).toBe(3);
      await sleep(400);
      expect((await server.faultCounts()).appendsDelayed).toBe(1);
      const stored = right(await db.store.readStream("case-case_slow1"));
      expect(stored.map((recorded) => recorded.streamVersion)).toEqual([1, 2, 3]);
      expect(stored.slice(1).map((recorded) => recorded.event)).toEqual(events);
      expect(right(await db.store.append("case-case_slow1", caseEvents(1), 3)).nextExpectedVersion).toBe(4);
    });

    it("writes an append the server answered too late exactly once, when the retry comes after the late commit", async () => {
      await db.close();
      db = connectOver(client, server, { initialRetryDelayMs: 400 });
      right(await db.store.append("case-case_late1", caseEvents(1), "no_stream"));
      const events = caseEvents(2);
      await server.delayNextAppend(200);
      const result = right(await db.store.append("case-case_late1", events, 1));
      expect((await server.faultCounts()).appendsDelayed).toBe(1);
      const stored = right(await db.store.readStream("case-case_late1"));
      expect(stored.map((recorded) => recorded.streamVersion)).toEqual([1, 2, 3]);
      expect(result).toEqual({ streamId: "case-case_late1", nextExpectedVersion: 3, position: stored[2]!.position });
    });

    it("refuses an append larger than the server takes as a bad call, writing nothing", async () => {
      const small = await client.startServer({ batchAppend, maxAppendSize: 4000 });
      const limited = connectOver(client, small);
      try {
        const error = left(await limited.store.append("case-case_big1", caseEvents(40), "no_stream"));
        expect(error).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "events" }] });
        expect(error.message).toContain("4000 bytes");
        expect(right(await limited.store.readStream("case-case_big1"))).toEqual([]);
        expect(right(await limited.store.append("case-case_big1", caseEvents(2), "no_stream")).nextExpectedVersion).toBe(2);
      } finally {
        await limited.close();
        await small.stop();
      }
    });

    it("answers STORE_UNAVAILABLE, retryable, once it has tried long enough to reach a server that is gone", async () => {
      await db.close();
      db = connectOver(client, server, { maxAttempts: 3 });
      right(await db.store.append("case-case_gone1", caseEvents(1), "no_stream"));
      await server.stop();
      const unavailable = { code: "STORE_UNAVAILABLE", retryable: true };
      expect(left(await db.store.append("case-case_gone1", caseEvents(1), 1))).toMatchObject(unavailable);
      expect(left(await db.store.readStream("case-case_gone1"))).toMatchObject(unavailable);
      expect(left(await db.store.readAll())).toMatchObject(unavailable);
      expect(left(await db.checkpoints.get("caseload"))).toMatchObject(unavailable);
      const messages = [];
      for await (const message of db.store.subscribe()) messages.push(message);
      expect(messages).toMatchObject([{ kind: "failed", error: unavailable }]);
    });
  });
}
