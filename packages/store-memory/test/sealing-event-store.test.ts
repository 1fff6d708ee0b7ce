import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { caseStream, linkwork, type EventStore, type LinkworkEvent, type RecordedEvent } from "@linkwork/core";
import type { ReadStreamOptions } from "@linkwork/core/store-kit";
import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";
import { caseCommands, command } from "./sealed-case-commands.js";

function counting(inner: EventStore) {
  const reads: { streamId: string; options: ReadStreamOptions | undefined }[] = [];
  const store: EventStore = {
    ...inner,
    append: (...args) => inner.append(...args),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    close: () => inner.close(),
    readStream: (streamId, options) => {
      reads.push({ streamId, options });
      return inner.readStream(streamId, options);
    },
  };
  return { store, reads };
}

function setup() {
  const raw = memoryEventStore();
  const keyStore = memoryKeyStore();
  const keys = dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") });
  const store = sealingEventStore(raw, keys);
  return { raw, keyStore, keys, store, handler: linkwork(store, { maxClockSkewMs: Number.POSITIVE_INFINITY }) };
}

/** A store's events as text, bigint positions written as strings. */
const text = (events: readonly RecordedEvent[]) =>
  JSON.stringify(events, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value));

async function all(store: EventStore): Promise<readonly RecordedEvent[]> {
  const page = await store.readAll({ maxCount: 10_000 });
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events;
}

async function handleAll(handler: ReturnType<typeof linkwork>, commands: readonly unknown[]) {
  for (const input of commands) {
    const handled = await handler.handle(input);
    if (E.isLeft(handled)) throw new Error(`${handled.left.code}: ${handled.left.message}`);
  }
}

describe("the sealing event store", () => {
  it("stores sealed fields only in boxes and reads them opened, by stream, page and subscription", async () => {
    const { raw, store, handler } = setup();
    await handleAll(handler, caseCommands("case_a1", "person_a1"));
    const stored = text(await all(raw));
    for (const secret of ["domestic_abuse", "bereavement", "motivation", '"died"']) expect(stored).not.toContain(secret);
    expect(stored).toContain('"erased":true');

    const read = await store.readStream(caseStream("case_a1"));
    const opened = E.isRight(read) ? read.right.map((recorded) => recorded.event) : [];
    expect(opened.map((event) => event.type)).toEqual(["ReferralReceived", "ReferralAccepted", "ConversationHeld", "CaseClosed"]);
    expect(opened[0]).toMatchObject({ data: { reasons: ["domestic_abuse", "loneliness"] } });
    expect(opened[3]).toMatchObject({ data: { reason: "died" } });
    expect(opened.every((event) => event.metadata.sealed === undefined)).toBe(true);
    expect((await all(store)).map((recorded) => recorded.event)).toEqual(opened);

    const subscription = store.subscribe();
    for await (const message of subscription) {
      if (message.kind === "events") expect(message.events.map((recorded) => recorded.event)).toEqual(opened);
      else break;
    }
    await subscription.close();
  });

  it("finds a case's person without a read per append: one read of its first event, once, for a case it has not met", async () => {
    const { store, keys, handler } = setup();
    await handleAll(handler, caseCommands("case_a1", "person_a1"));
    const events = (await all(store)).map((recorded) => recorded.event);
    // Another store holding the case's referral and acceptance, as a process restarted over it would find them.
    const other = memoryEventStore();
    await other.append("case-case_a1", events.slice(0, 2), "no_stream");
    const { store: spied, reads } = counting(other);
    const fresh = sealingEventStore(spied, keys);
    expect(E.isRight(await fresh.append("case-case_a1", [events[2]!], 2))).toBe(true);
    expect(E.isRight(await fresh.append("case-case_a1", [events[3]!], 3))).toBe(true);
    expect(reads).toEqual([{ streamId: "case-case_a1", options: { maxCount: 1 } }]);
    // A referral it appends or reads teaches it the person: no read at all.
    const learning = counting(memoryEventStore());
    const taught = sealingEventStore(learning.store, keys);
    expect(E.isRight(await taught.append("case-case_a1", events, "no_stream"))).toBe(true);
    expect(learning.reads).toEqual([]);
  });

  it("erasure: the person's events read in their erased form, others' do not change, nothing more is recorded for them", async () => {
    const { raw, store, handler } = setup();
    await handleAll(handler, caseCommands("case_a1", "person_a1"));
    await handleAll(handler, caseCommands("case_b1", "person_b1").slice(0, 3));
    const before = await all(store);
    const registerErased: string[] = [];
    const erased = await store.erasePerson("person_a1", () => {
      registerErased.push("person_a1");
      return Promise.resolve(E.right(undefined));
    });
    expect(E.isRight(erased)).toBe(true);
    expect(registerErased).toEqual(["person_a1"]);

    const after = await all(store);
    expect(after.map((recorded) => recorded.position)).toEqual(before.map((recorded) => recorded.position));
    const caseA = after.filter((recorded) => recorded.streamId === "case-case_a1").map((recorded) => recorded.event);
    expect(caseA[0]).toMatchObject({ data: { personId: "person_a1", pcnId: "U00001", reasons: { erased: true } } });
    expect(caseA[2]).toMatchObject({ data: { mode: "phone", minutes: 30, needs: { erased: true }, strengths: { erased: true } } });
    expect(caseA[3]).toMatchObject({ data: { reason: { erased: true } } });
    for (const secret of ["domestic_abuse", "bereavement", "loneliness"]) expect(JSON.stringify(caseA)).not.toContain(secret);
    expect(after.filter((recorded) => recorded.streamId === "case-case_b1")).toEqual(
      before.filter((recorded) => recorded.streamId === "case-case_b1"),
    );

    // A restarted process (new handler) cannot record more for the erased person, new case or old.
    const restarted = linkwork(store, { maxClockSkewMs: Number.POSITIVE_INFINITY });
    const more = await restarted.handle(command("RecordContactAttempt", "case_b1", 9, { channel: "phone", reached: true }));
    expect(E.isRight(more)).toBe(true);
    const again = await restarted.handle(caseCommands("case_c1", "person_a1")[0]);
    expect(E.isLeft(again) && again.left.code).toBe("PERSON_ERASED");
    const rawAfter = await all(raw);
    expect(rawAfter.some((recorded) => recorded.streamId === "case-case_c1")).toBe(false);
  });

  it("refuses a sealed event that also holds a sealed field in the clear, and writes nothing", async () => {
    const { raw, store, handler } = setup();
    await handleAll(handler, caseCommands("case_a1", "person_a1"));
    const closing = (await all(raw)).at(-1)!.event;
    const forged: LinkworkEvent = { ...closing, metadata: { ...closing.metadata, eventId: "0190a0a0-0000-7000-8000-000000000001" } };
    const leaky = { ...forged, data: { reason: "died" } } as LinkworkEvent;
    const refused = await store.append("case-case_z1", [leaky], "any");
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: "INVALID_STORE_CALL", issues: [{ path: "events[0].data.reason" }] });
    expect((await all(raw)).some((recorded) => recorded.streamId === "case-case_z1")).toBe(false);
  });

  it("makes no data key for a call the store refuses: the same answer as the inner store, nothing written anywhere", async () => {
    const raw = memoryEventStore();
    const keyStore = memoryKeyStore();
    const store = sealingEventStore(raw, dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") }), {
      personOfCase: () => Promise.resolve("person_k1"),
    });
    // A case's events made by a plain store: a conversation holds sealable fields in the clear.
    const plainStore = memoryEventStore();
    await handleAll(linkwork(plainStore, { maxClockSkewMs: Number.POSITIVE_INFINITY }), caseCommands("case_k1", "person_k1"));
    const made = (await all(plainStore)).map((recorded) => recorded.event);
    const contact = made.find((event) => event.type === "ReferralAccepted")!;
    const need = made.find((event) => event.type === "ConversationHeld")!;
    const badCalls: [string, readonly unknown[], unknown][] = [
      ["case-case_k1", [contact, need], -1],
      ["case-case_k1", [contact, need], "latest"],
      ["case-case_k1", [need, need], "any"],
      ["case-case_k1", [need, { ...contact, type: "ReferralLost" }], "any"],
      ["case-case_k1 x", [need], "any"],
    ];
    for (const [streamId, events, expected] of badCalls) {
      const sealed = await store.append(streamId, events as LinkworkEvent[], expected as never);
      const plain = await memoryEventStore().append(streamId, events as LinkworkEvent[], expected as never);
      expect(sealed).toEqual(plain);
      expect(E.isLeft(sealed)).toBe(true);
    }
    expect(await keyStore.keysOf("person_k1")).toEqual(E.right([]));
    expect(await all(raw)).toEqual([]);
  });

  it("after a data key rotation new events are sealed with the new version; after a KEK rotation the new KEK alone opens everything", async () => {
    const raw = memoryEventStore();
    const keyStore = memoryKeyStore();
    const oldKek = newKeyEncryptionKey("kek-old");
    const keys = dataKeys(keyStore, { current: oldKek });
    const store = sealingEventStore(raw, keys);
    const handler = linkwork(store, { maxClockSkewMs: Number.POSITIVE_INFINITY });
    const commands = caseCommands("case_a1", "person_a1");
    await handleAll(handler, commands.slice(0, 2));
    expect(E.isRight(await keys.rotate("person_a1"))).toBe(true);
    await handleAll(handler, commands.slice(2));
    const versions = (await all(raw)).flatMap((recorded) =>
      recorded.event.metadata.sealed === undefined ? [] : [recorded.event.metadata.sealed.keyVersion],
    );
    expect(versions).toEqual([1, 2, 2]);
    const opened = (await all(store)).map((recorded) => recorded.event);

    const newKek = newKeyEncryptionKey("kek-new");
    expect(await dataKeys(keyStore, { current: newKek, retired: [oldKek] }).rewrapAll()).toEqual(E.right(2));
    const afterRotation = sealingEventStore(raw, dataKeys(keyStore, { current: newKek }));
    expect((await all(afterRotation)).map((recorded) => recorded.event)).toEqual(opened);
  });

  it("a subscription whose events cannot be opened for now ends with one failed message", async () => {
    const { keyStore, handler, raw } = setup();
    await handleAll(handler, caseCommands("case_a1", "person_a1"));
    await keyStore.close();
    const subscription = sealingEventStore(raw, dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") })).subscribe();
    const kinds: string[] = [];
    for await (const message of subscription) kinds.push(message.kind === "failed" ? `failed ${message.error.code}` : message.kind);
    expect(kinds).toEqual(["failed STORE_UNAVAILABLE"]);
  });

  it("a key store that cannot answer fails the read (to be retried) rather than reading events as erased", async () => {
    const { keyStore, handler, raw } = setup();
    await handleAll(handler, caseCommands("case_a1", "person_a1"));
    await keyStore.close();
    const store = sealingEventStore(raw, dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") }));
    const read = await store.readStream(caseStream("case_a1"));
    expect(E.isLeft(read) && read.left).toMatchObject({ code: "STORE_UNAVAILABLE" });
  });
});
