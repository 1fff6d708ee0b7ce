// The sealing decorator over the EventStoreDB adapter (wire-compatible test server): the box an
// event's metadata carries is kept by the adapter, what the server holds has no sealed detail in
// the clear, and an erased person's events read in their erased form.
import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caseStream, linkwork, type EventStore, type RecordedEvent } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, sealingEventStore, type SealingEventStore } from "@linkwork/core/personal-data";
import { memoryKeyStore } from "@linkwork/store-memory";
import { eventStoreDb, type EventStoreDb } from "../src/index.js";
import { startTestServer, type TestServer } from "../test-support/index.js";

const text = (events: readonly RecordedEvent[]) =>
  JSON.stringify(events, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value));

async function stream(store: EventStore, streamId: string): Promise<readonly RecordedEvent[]> {
  const read = await store.readStream(streamId);
  if (E.isLeft(read)) throw new Error(read.left.message);
  return read.right;
}

const command = (type: string, minute: number, fields: Record<string, unknown>) => ({
  type,
  caseId: "case_e1",
  commandId: randomUUID(),
  occurredAt: new Date(Date.UTC(2025, 0, 6, 9, minute)).toISOString().replace(".000Z", "Z"),
  recordedBy: "lw_w1",
  ...fields,
});

describe("sealing over store-eventstore", () => {
  let server: TestServer;
  let db: EventStoreDb;
  let store: SealingEventStore;

  beforeEach(async () => {
    server = await startTestServer();
    const connected = eventStoreDb({ connectionString: server.connectionString });
    if (E.isLeft(connected)) throw new Error(connected.left.message);
    db = connected.right;
    store = sealingEventStore(db.store, dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") }));
  });
  afterEach(async () => {
    await db.store.close();
    await server.stop();
  });

  it("keeps the box, stores no sealed detail in the clear, and reads an erased person's events erased", async () => {
    const handler = linkwork(store, { maxClockSkewMs: Number.POSITIVE_INFINITY });
    for (const input of [
      command("ReceiveReferral", 0, {
        personId: "person_e1",
        pcnId: "U00001",
        practiceId: "B82005",
        source: "gp",
        reasons: ["domestic_abuse"],
        consent: { contact: true, shareOutcomeWithReferrer: false },
      }),
      command("AcceptReferral", 1, { linkWorkerId: "lw_w1" }),
      command("CloseCase", 2, { reason: "died" }),
    ]) {
      const handled = await handler.handle(input);
      if (E.isLeft(handled)) throw new Error(handled.left.message);
    }
    const held = text(await stream(db.store, caseStream("case_e1")));
    expect(held).not.toContain("domestic_abuse");
    expect(held).not.toContain('"died"');
    expect(held).toContain('"box"');
    const opened = await stream(store, caseStream("case_e1"));
    expect(opened.map((recorded) => recorded.event.data)).toMatchObject([{ reasons: ["domestic_abuse"] }, {}, { reason: "died" }]);

    expect(E.isRight(await store.erasePerson("person_e1"))).toBe(true);
    const erased = await stream(store, caseStream("case_e1"));
    expect(erased.map((recorded) => recorded.event.data)).toMatchObject([{ reasons: { erased: true } }, {}, { reason: { erased: true } }]);
    expect(text(erased)).not.toContain("domestic_abuse");
  });
});
