// Calls repeated by their callers after an answer that never came, over one client library: a
// checkpoint save finds its own write instead of a conflict with it; an "any" append is recognised
// without reading the stream.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventStoreDb } from "../../src/index.js";
import type { ServerControl } from "../../test-support/server-control.js";
import { caseEvents, left, right } from "../adapter-fixture.js";
import { connectOver, type ClientUnderTest } from "../client-under-test.js";

export function describeIdempotentRetriesOver(client: ClientUnderTest): void {
  let server: ServerControl;
  let db: EventStoreDb;

  beforeEach(async () => {
    server = await client.startServer();
    // One try per call: the caller, not the adapter, repeats the call here.
    db = connectOver(client, server, { maxAttempts: 1 });
  });
  afterEach(async () => {
    await db.close();
    await server.stop();
  });

  const reads = async () => (await server.rpcCounts())["Streams.Read"] ?? 0;

  describe(`compareAndSet repeated after an ambiguous failure (${client.library})`, () => {
    it("succeeds against its own earlier write, and still conflicts with another runner's", async () => {
      right(await db.checkpoints.compareAndSet("caseload", null, { position: 10n }));
      await server.loseNextAppendReply();
      const lost = left(await db.checkpoints.compareAndSet("caseload", 10n, { position: 20n, snapshot: "{}" }));
      expect(lost).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
      // The server committed the save and then lost its reply: the failure really was ambiguous.
      expect((await server.faultCounts()).repliesLost).toBe(1);
      // The save committed; the same call again is a success, not a conflict with itself.
      right(await db.checkpoints.compareAndSet("caseload", 10n, { position: 20n, snapshot: "{}" }));
      expect(right(await db.checkpoints.get("caseload"))).toEqual({ position: 20n, snapshot: "{}" });
      // A different save from the same expected position is another runner's: a conflict.
      expect(left(await db.checkpoints.compareAndSet("caseload", 10n, { position: 30n }))).toMatchObject({
        code: "CHECKPOINT_CONFLICT",
        expected: 10n,
        actual: 20n,
      });
      expect(left(await db.checkpoints.compareAndSet("caseload", 10n, { position: 20n, snapshot: "other" }))).toMatchObject({
        code: "CHECKPOINT_CONFLICT",
      });
    });

    it("refuses the same save made by another runner: two runners in step are told apart", async () => {
      // Two processes running one projection read the same pages and save the same checkpoints; the
      // second must learn that another runner holds it, as it would with any other store.
      const other = connectOver(client, server, { maxAttempts: 1 });
      try {
        right(await db.checkpoints.compareAndSet("caseload", null, { position: 10n, snapshot: "{}" }));
        expect(left(await other.checkpoints.compareAndSet("caseload", null, { position: 10n, snapshot: "{}" }))).toMatchObject({
          code: "CHECKPOINT_CONFLICT",
          expected: null,
          actual: 10n,
        });
        right(await db.checkpoints.compareAndSet("caseload", 10n, { position: 20n }));
        expect(left(await other.checkpoints.compareAndSet("caseload", 10n, { position: 20n }))).toMatchObject({
          code: "CHECKPOINT_CONFLICT",
        });
      } finally {
        await other.close();
      }
    });
  });

  describe(`an "any" append (${client.library})`, () => {
    it("reads neither the stream nor a page of it first, however long the stream is", async () => {
      for (let version = 0; version < 1200; version += 100) right(await db.store.append("case-long", caseEvents(100), version));
      const before = await reads();
      const events = caseEvents(3);
      const result = right(await db.store.append("case-long", events, "any"));
      expect(result.nextExpectedVersion).toBe(1203);
      // The stream's metadata (a soft delete?) and the revisions the answer names: two reads, not a scan.
      expect((await reads()) - before).toBe(2);
      // Repeated after a lost answer: recognised, nothing written twice.
      expect(right(await db.store.append("case-long", events, "any"))).toEqual(result);
      expect(right(await db.store.readStream("case-long", { direction: "backwards", maxCount: 1 }))[0]!.streamVersion).toBe(1203);
    });
  });
}
