// The server's size limits, known to the adapter, over one client library: an append or an event
// over them is a bad call answered before anything is sent, counted exactly as the server counts; a
// size refusal the client does not know (servers' MaxAppendEventSize) is a bad call too, never a
// STORE_UNAVAILABLE.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { ServerControl } from "../../test-support/server-control.js";
import type { TestServerOptions } from "../../test-support/test-server.js";
import { caseEvents, left, right } from "../adapter-fixture.js";
import { connectOver, type ClientUnderTest } from "../client-under-test.js";

const appendRpcs = (counts: Readonly<Record<string, number>>) => (counts["Streams.BatchAppend"] ?? 0) + (counts["Streams.Append"] ?? 0);

async function withServer<T>(client: ClientUnderTest, options: TestServerOptions, run: (server: ServerControl) => Promise<T>) {
  const server = await client.startServer(options);
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

export function describeSizeLimitsOver(client: ClientUnderTest): void {
  describe(`size limits the adapter knows, with ${client.library}`, () => {
    it("refuses an append over maxAppendBytes, and an event over maxEventBytes, naming them, without sending anything", async () => {
      await withServer(client, {}, async (server) => {
        const [contact, need] = caseEvents(2);
        // The size of the first event as the adapter counts it, from its own refusal.
        const probe = connectOver(client, server, { maxEventBytes: 1 });
        const measured = left(await probe.store.append("case-big", [contact!], "no_stream"));
        await probe.close();
        expect(measured).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "events[0]" }] });
        const contactBytes = Number(/is (\d+) bytes/.exec(measured.message)![1]);

        const db = connectOver(client, server, { maxAppendBytes: 4000, maxEventBytes: contactBytes });
        try {
          const whole = left(
            await db.store.append(
              "case-big",
              caseEvents(80).filter((_, index) => index % 4 === 0),
              "no_stream",
            ),
          );
          expect(whole).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "events" }] });
          expect(whole.message).toContain("4000");
          // The second event (a longer type and data) is over the per-event limit the first just fits.
          const single = left(await db.store.append("case-big", [contact!, need!], "no_stream"));
          expect(single).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "events[1]" }] });
          expect(appendRpcs(await server.rpcCounts())).toBe(0);
          expect(right(await db.store.append("case-big", [contact!], "no_stream")).nextExpectedVersion).toBe(1);
        } finally {
          await db.close();
        }
      });
    });

    it("refuses a checkpoint whose snapshot is over a limit at next.snapshot, without sending anything", async () => {
      await withServer(client, {}, async (server) => {
        const db = connectOver(client, server, { maxAppendBytes: 4000, maxEventBytes: 3000 });
        try {
          const event = left(await db.checkpoints.compareAndSet("caseload", null, { position: 1n, snapshot: "x".repeat(3000) }));
          expect(event).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "next.snapshot" }] });
          expect(event.message).toContain("3000");
          // Neither the checkpoint nor its stream's $maxCount was written.
          expect(appendRpcs(await server.rpcCounts())).toBe(0);
          expect(right(await db.checkpoints.get("caseload"))).toBeNull();
          right(await db.checkpoints.compareAndSet("caseload", null, { position: 1n, snapshot: "x".repeat(2000) }));
          expect(right(await db.checkpoints.get("caseload"))?.snapshot).toHaveLength(2000);
        } finally {
          await db.close();
        }
      });
      // A server whose limit the adapter was not told refuses it: still a bad call at next.snapshot.
      await withServer(client, { maxAppendEventSize: 2000 }, async (server) => {
        const db = connectOver(client, server);
        try {
          const refused = left(await db.checkpoints.compareAndSet("caseload", null, { position: 1n, snapshot: "x".repeat(3000) }));
          expect(refused).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "next.snapshot" }] });
          expect(right(await db.checkpoints.get("caseload"))).toBeNull();
        } finally {
          await db.close();
        }
      });
    });

    it("counts as the server does: with the same limit on both sides, the server never refuses what the adapter sends", async () => {
      await withServer(client, {}, async (probeServer) => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: -400, max: 400 }), async (count, slack) => {
            const events = caseEvents(count);
            // Measure the batch as the adapter counts it, then give adapter and server one limit around that size.
            const probe = connectOver(client, probeServer, { maxAppendBytes: 1 });
            const measured = left(await probe.store.append(`case-${randomUUID()}`, events, "no_stream"));
            await probe.close();
            const size = Number(/are (\d+) bytes/.exec(measured.message)![1]);
            const limit = Math.max(1, size + slack);
            await withServer(client, { maxAppendSize: limit }, async (server) => {
              const limited = connectOver(client, server, { maxAppendBytes: limit });
              // The same batch sent past the adapter's check: the server's own verdict at that limit.
              const unchecked = connectOver(client, server, { maxAppendBytes: Number.MAX_SAFE_INTEGER });
              try {
                const answer = await limited.store.append(`case-${randomUUID()}`, events, "no_stream");
                const serverAnswer = await unchecked.store.append(`case-${randomUUID()}`, events, "no_stream");
                if (size <= limit) {
                  expect(right(answer).nextExpectedVersion).toBe(count);
                  expect(right(serverAnswer).nextExpectedVersion).toBe(count);
                } else {
                  expect(left(answer).message).toContain("over the append limit");
                  // The adapter refused only what the server would have refused too.
                  expect(E.isLeft(serverAnswer)).toBe(true);
                }
              } finally {
                await limited.close();
                await unchecked.close();
              }
            });
          }),
          { numRuns: 25 },
        );
      });
    });
  });

  describe.each([
    ["BatchAppend", { batchAppend: true }],
    ["Append", { batchAppend: false }],
  ] as const)(`a size refusal ${client.library} does not know, over %s`, (_, appendMode) => {
    it("is INVALID_STORE_CALL at events, with nothing written", async () => {
      // The adapter's default has no per-event limit; this server refuses events over 200 bytes
      // with the maximum-append-event-size-exceeded exception of servers from 24.10.4.
      await withServer(client, { ...appendMode, maxAppendEventSize: 200 }, async (server) => {
        const db = connectOver(client, server);
        try {
          const error = left(await db.store.append("case-large", caseEvents(1), "no_stream"));
          expect(error).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "events" }] });
          expect(right(await db.store.readStream("case-large"))).toEqual([]);
        } finally {
          await db.close();
        }
      });
    });
  });
}
