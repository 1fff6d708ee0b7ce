// What the adapter writes to EventStoreDB and what it lets through on the way back, checked with
// the real client over the test server: the stored form, upcasting, unreadable events, streams
// that are not Linkwork's, checkpoint streams, stream prefixes and options.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { BACKWARDS, END, FORWARDS, START, jsonEvent, type EventStoreDBClient } from "@eventstore/db-client";
import { eventIdFor, type RecordedEvent, type SubscriptionMessage } from "@linkwork/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventStoreDb, type EventStoreDb } from "../src/index.js";
import { startTestServer, type TestServer } from "../test-support/index.js";
import { caseEvents, connect, left, reader, right } from "./adapter-fixture.js";
import { rawClient } from "./raw-client.js";

let server: TestServer;
let raw: EventStoreDBClient;
let db: EventStoreDb;

beforeEach(async () => {
  server = await startTestServer();
  raw = rawClient(server);
  db = connect(server);
});
afterEach(async () => {
  await db.close();
  await raw.dispose();
  await server.stop();
});

async function rawEvents(stream: string) {
  const events = [];
  for await (const resolved of raw.readStream(stream, { fromRevision: START, direction: FORWARDS })) events.push(resolved.event!);
  return events;
}

/** Every event a subscription from the start delivers before it is caught up. */
async function subscribedUntilCaughtUp(options: Parameters<EventStoreDb["store"]["subscribe"]>[0] = {}): Promise<RecordedEvent[]> {
  const subscription = reader(db.store.subscribe(options));
  for (;;) {
    const message = await subscription.next();
    if (message.kind === "failed") throw new Error(message.error.message);
    if (message.kind === "caught-up") break;
  }
  await subscription.close();
  return subscription.delivered;
}

describe("what the adapter stores", () => {
  it("stores each event under its core event id, as JSON, with the envelope and EventStoreDB's correlation in the metadata", async () => {
    const events = caseEvents(2);
    right(await db.store.append("case-case_wire1", events, "no_stream"));
    const stored = await rawEvents("case-case_wire1");
    expect(stored.map((event) => [event.revision, event.id, event.type, event.isJson])).toEqual(
      events.map((event, index) => [BigInt(index), event.metadata.eventId, event.type, true]),
    );
    const { eventId, occurredAt, recordedBy, correlationId, causationId } = events[0]!.metadata;
    expect(stored[0]!.data).toEqual(events[0]!.data);
    expect(stored[0]!.metadata).toEqual({
      schemaVersion: 1,
      eventId,
      occurredAt,
      recordedBy,
      correlationId,
      causationId,
      $correlationId: correlationId,
      $causationId: causationId,
    });
  });

  it("maps version n to revision n - 1 both ways", async () => {
    right(await db.store.append("case-case_rev1", caseEvents(3), 0));
    const result = right(await db.store.append("case-case_rev1", caseEvents(2), 3));
    const last = (await rawEvents("case-case_rev1")).at(-1)!;
    expect(last.revision).toBe(4n);
    // The position keeps both halves of the server's: commit above, prepare below.
    expect(result).toEqual({
      streamId: "case-case_rev1",
      nextExpectedVersion: 5,
      position: (last.position!.commit << 64n) | last.position!.prepare,
    });
    expect(right(await db.store.readStream("case-case_rev1", { fromVersion: 4 })).map((recorded) => recorded.streamVersion)).toEqual([5]);
  });

  it("refuses an event its schema refuses, naming the field, and stores only the fields the schema knows", async () => {
    const [event] = caseEvents(1);
    const bad = { ...event!, data: { channel: "pigeon", reached: true } };
    expect(left(await db.store.append("case-case_bad1", [bad as never], "no_stream"))).toMatchObject({
      code: "INVALID_STORE_CALL",
      issues: [{ path: "events[0].data.channel" }],
    });
    expect(right(await db.store.readStream("case-case_bad1"))).toEqual([]);
    const extra = { ...event!, data: { ...event!.data, note: "free text", size: 10n } };
    right(await db.store.append("case-case_bad1", [extra as never], "no_stream"));
    expect((await rawEvents("case-case_bad1"))[0]!.data).toEqual(event!.data);
  });
});

describe("what the adapter reads back", () => {
  it("lifts events of an older schema version to the current one", async () => {
    const commandId = randomUUID();
    const occurredAt = "2024-03-01T10:00:00Z";
    const eventId = eventIdFor(commandId, 0, occurredAt);
    const data = {
      caseId: "case_old1",
      personId: "person_p1",
      pcnId: "U00007",
      practiceId: "P00007",
      source: "gp",
      reasons: ["loneliness"],
      consent: true,
    };
    const metadata = { schemaVersion: 1, eventId, occurredAt, recordedBy: "lw_w1", correlationId: commandId, causationId: commandId };
    await raw.appendToStream("case-case_old1", jsonEvent({ id: eventId, type: "ReferralReceived", data, metadata }), {
      expectedRevision: "no_stream",
    });
    const [recorded] = right(await db.store.readStream("case-case_old1"));
    expect(recorded!.event).toMatchObject({
      type: "ReferralReceived",
      schemaVersion: 3,
      data: { consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: false } },
    });
    expect(recorded!.event.metadata).toEqual({
      eventId,
      occurredAt,
      recordedBy: "lw_w1",
      correlationId: commandId,
      causationId: commandId,
    });
  });

  it("answers an event it cannot read with an error naming it, from every read and from subscriptions after the events before it", async () => {
    const good = caseEvents(2);
    right(await db.store.append("case-case_broken1", good, "no_stream"));
    const id = randomUUID();
    await raw.appendToStream(
      "case-case_broken1",
      jsonEvent({ id, type: "ContactAttempted", data: { channel: 42 }, metadata: { schemaVersion: 1 } }),
    );
    const unreadable = { code: "STORE_UNAVAILABLE", retryable: false };
    const fromStream = left(await db.store.readStream("case-case_broken1"));
    expect(fromStream).toMatchObject(unreadable);
    expect(fromStream.message).toContain(`case-case_broken1@3 (event ${id})`);
    expect(right(await db.store.readStream("case-case_broken1", { maxCount: 2 })).map((recorded) => recorded.event)).toEqual(good);
    expect(left(await db.store.readAll())).toMatchObject(unreadable);
    const messages: SubscriptionMessage[] = [];
    for await (const message of db.store.subscribe()) messages.push(message);
    expect(messages.at(-1)).toMatchObject({ kind: "failed", error: unreadable });
    const before = messages.slice(0, -1);
    expect(before.every((message) => message.kind === "events")).toBe(true);
    expect(before.flatMap((message) => (message.kind === "events" ? message.events.map((recorded) => recorded.event) : []))).toEqual(good);
  });

  it("never hands over system events, checkpoint streams or streams that are not Linkwork's", async () => {
    const mine = caseEvents(2);
    right(await db.store.append("case-case_mine1", mine, "no_stream"));
    right(await db.checkpoints.compareAndSet("caseload", null, { position: 1n, snapshot: "{}" }));
    await raw.appendToStream("orders-1", jsonEvent({ type: "ContactAttempted", data: { channel: "phone", reached: true } }));
    await raw.appendToStream("$system-stream", jsonEvent({ type: "$thing", data: {} }));
    await raw.setStreamMetadata("case-case_mine1", { maxAge: 3600 });
    const person = [
      {
        ...caseEvents(1)[0]!,
        type: "HealthcareUsageRecorded",
        data: { personId: "person_p1", setting: "gp_appointment", periodStart: "2024-12-01", periodEnd: "2024-12-31", count: 1 },
      },
    ];
    right(await db.store.append("person-person_mine1", person as never, "no_stream"));

    const everything = right(await db.store.readAll());
    expect(everything.events.map((recorded) => recorded.streamId)).toEqual(["case-case_mine1", "case-case_mine1", "person-person_mine1"]);
    expect((await subscribedUntilCaughtUp()).map((recorded) => recorded.streamId)).toEqual([
      "case-case_mine1",
      "case-case_mine1",
      "person-person_mine1",
    ]);
    expect((await subscribedUntilCaughtUp({ filter: { eventTypes: ["ContactAttempted"] } })).map((recorded) => recorded.event)).toEqual([
      mine[0],
    ]);
    expect((await subscribedUntilCaughtUp({ filter: { categories: ["person"] } })).map((recorded) => recorded.streamId)).toEqual([
      "person-person_mine1",
    ]);
  });
});

describe("checkpoints", () => {
  it("keeps each projection's checkpoints in its own stream, which the server may trim to the last few", async () => {
    await db.close();
    db = connect(server, { checkpointsKept: 3 });
    let expected: bigint | null = null;
    for (let position = 1n; position <= 5n; position++) {
      right(await db.checkpoints.compareAndSet("caseload", expected, { position }));
      expected = position;
    }
    expect(right(await db.checkpoints.get("caseload"))).toEqual({ position: 5n });
    const metadata = await raw.getStreamMetadata("linkwork_checkpoint-caseload");
    expect(metadata.metadata?.maxCount).toBe(3);
    const kept = [];
    for await (const resolved of raw.readStream("linkwork_checkpoint-caseload", { fromRevision: END, direction: BACKWARDS }))
      kept.push(resolved.event!);
    expect(kept.map((event) => [event.revision, event.data])).toEqual([
      [4n, { position: "5" }],
      [3n, { position: "4" }],
      [2n, { position: "3" }],
    ]);
  });

  it("lets only one of two runners move a checkpoint from the same position", async () => {
    right(await db.checkpoints.compareAndSet("outcomes", null, { position: 10n }));
    const other = connect(server);
    try {
      const answers = await Promise.all([
        db.checkpoints.compareAndSet("outcomes", 10n, { position: 20n }),
        other.checkpoints.compareAndSet("outcomes", 10n, { position: 30n }),
      ]);
      expect(answers.filter(E.isRight)).toHaveLength(1);
      const saved = right(await db.checkpoints.get("outcomes"))!.position;
      expect(answers.filter(E.isLeft).map((answer) => answer.left)).toMatchObject([
        { code: "CHECKPOINT_CONFLICT", expected: 10n, actual: saved },
      ]);
    } finally {
      await other.close();
    }
  });
});

describe("stream prefixes", () => {
  it("keeps deployments that share a server apart", async () => {
    const north = connect(server, { streamPrefix: "north." });
    const south = connect(server, { streamPrefix: "south." });
    try {
      right(await north.store.append("case-1", caseEvents(2), "no_stream"));
      right(await south.store.append("case-1", caseEvents(1), "no_stream"));
      right(await north.checkpoints.compareAndSet("caseload", null, { position: 7n }));
      expect(right(await north.store.readStream("case-1"))).toHaveLength(2);
      expect(right(await south.store.readStream("case-1"))).toHaveLength(1);
      expect(right(await south.store.readAll()).events.map((recorded) => recorded.streamId)).toEqual(["case-1"]);
      expect(right(await south.checkpoints.get("caseload"))).toBeNull();
      expect((await rawEvents("north.case-1")).map((event) => event.revision)).toEqual([0n, 1n]);
      expect(right(await db.store.readAll()).events).toEqual([]);
    } finally {
      await north.close();
      await south.close();
    }
  });
});

describe("options", () => {
  it("answers INVALID_STORE_CALL naming a bad option, and never throws", () => {
    const bad: [unknown, string][] = [
      [undefined, "options"],
      [{}, "options.connectionString"],
      [{ connectionString: "" }, "options.connectionString"],
      [{ connectionString: "http://nowhere" }, "options.connectionString"],
      [{ connectionString: "esdb://127.0.0.1:2113?tls=false", streamPrefix: "with-dash" }, "options.streamPrefix"],
      [{ connectionString: "esdb://127.0.0.1:2113?tls=false", streamPrefix: "$system" }, "options.streamPrefix"],
      [{ connectionString: "esdb://127.0.0.1:2113?tls=false", maxAttempts: 0 }, "options.maxAttempts"],
      [{ connectionString: "esdb://127.0.0.1:2113?tls=false", appendDeadlineMs: 1.5 }, "options.appendDeadlineMs"],
      [{ connectionString: "esdb://127.0.0.1:2113?tls=false", client: "eventstore" }, "options.client"],
      // 6.2.1 refuses the successor's scheme: asked for by name, it says so instead of throwing.
      [{ connectionString: "kurrentdb://127.0.0.1:2113?tls=false", client: "@eventstore/db-client" }, "options.connectionString"],
    ];
    for (const [options, path] of bad) {
      expect(left(eventStoreDb(options as never)), JSON.stringify(options)).toMatchObject({
        code: "INVALID_STORE_CALL",
        issues: [{ path }],
      });
    }
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (connectionString, streamPrefix) => {
        const answer = eventStoreDb({ connectionString, streamPrefix } as never);
        if (E.isRight(answer)) void answer.right.close();
        else expect(answer.left.code).toBe("INVALID_STORE_CALL");
      }),
      { numRuns: 200 },
    );
  });
});
