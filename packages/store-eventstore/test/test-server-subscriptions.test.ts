import {
  END,
  eventTypeFilter,
  excludeSystemEvents,
  START,
  StreamDeletedError,
  streamNameFilter,
  type AllStreamSubscription,
  type Position,
  type StreamSubscription,
} from "@eventstore/db-client";
import { afterEach, describe, expect, it } from "vitest";
import { collect, record, streamName, testEvent, testEvents, useTestServer } from "./test-server-fixture.js";

const open: (StreamSubscription | AllStreamSubscription)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.unsubscribe()));
});
const track = <S extends StreamSubscription | AllStreamSubscription>(subscription: S): S => {
  open.push(subscription);
  return subscription;
};

describe("subscribing to a stream", () => {
  const harness = useTestServer();

  it("confirms, catches up, says so, then goes live", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(3));
    const sub = record(track(client.subscribeToStream(stream)));
    await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
    await client.appendToStream(stream, testEvents(2));
    await sub.until(() => sub.events().length === 5);
    expect(sub.entries.map((e) => (e.kind === "event" ? e.event.event?.revision : e.kind))).toEqual([
      "confirmation",
      0n,
      1n,
      2n,
      "caughtUp",
      3n,
      4n,
    ]);
  });

  it("has no gap and no duplicate when writes race the catch-up", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(300));
    const sub = record(track(client.subscribeToStream(stream)));
    for (let i = 0; i < 20; i += 1) await client.appendToStream(stream, testEvents(5));
    await sub.until(() => sub.events().length >= 400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sub.events().map((e) => e.event?.revision)).toEqual(Array.from({ length: 400 }, (_, i) => BigInt(i)));
  });

  it("starts after the given revision, or at the end", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(3));
    const fromRevision = record(track(client.subscribeToStream(stream, { fromRevision: 1n })));
    const fromEnd = record(track(client.subscribeToStream(stream, { fromRevision: END })));
    await fromEnd.until(() => fromEnd.entries.some((e) => e.kind === "caughtUp"));
    await client.appendToStream(stream, testEvent());
    await fromRevision.until(() => fromRevision.events().length === 2);
    await fromEnd.until(() => fromEnd.events().length === 1);
    expect(fromRevision.events().map((e) => e.event?.revision)).toEqual([2n, 3n]);
    expect(fromEnd.events().map((e) => e.event?.revision)).toEqual([3n]);
  });

  it("works on a stream that does not exist yet", async () => {
    const { client } = harness();
    const stream = streamName();
    const sub = record(track(client.subscribeToStream(stream, { fromRevision: START })));
    await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
    await client.appendToStream(stream, testEvents(2));
    await sub.until(() => sub.events().length === 2);
    expect(sub.events().map((e) => e.event?.revision)).toEqual([0n, 1n]);
  });

  it("delivers events appended after a soft delete", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    const sub = record(track(client.subscribeToStream(stream)));
    await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
    await client.deleteStream(stream);
    await client.appendToStream(stream, testEvent());
    await sub.until(() => sub.events().length === 3);
    expect(sub.events().map((e) => e.event?.revision)).toEqual([0n, 1n, 2n]);
  });

  it("ends with StreamDeletedError when the stream is tombstoned while subscribed", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvent());
    const sub = record(track(client.subscribeToStream(stream)));
    await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
    await client.tombstoneStream(stream);
    await sub.until(() => sub.errors.length > 0);
    expect(sub.errors[0]).toBeInstanceOf(StreamDeletedError);
  });

  it("fails with StreamDeletedError on a tombstoned stream", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvent());
    await client.tombstoneStream(stream);
    const sub = record(track(client.subscribeToStream(stream)));
    await sub.until(() => sub.errors.length > 0);
    expect(sub.errors[0]).toBeInstanceOf(StreamDeletedError);
  });
});

describe("subscribing to $all", () => {
  const harness = useTestServer();

  it("delivers everything, system events included, from the start", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    const all = await collect(client.readAll());
    const sub = record(track(client.subscribeToAll({ fromPosition: START })));
    await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
    expect(sub.entries[0]).toEqual({ kind: "confirmation" });
    expect(sub.events().map((e) => e.event?.id)).toEqual(all.map((e) => e.event?.id));
    expect(sub.events().some((e) => e.event?.type.startsWith("$"))).toBe(true);
  });

  it("starts after the given position", async () => {
    const { client } = harness();
    const stream = streamName();
    const { position } = await client.appendToStream(stream, testEvents(2));
    const sub = record(track(client.subscribeToAll({ fromPosition: position! })));
    await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
    expect(sub.events()).toEqual([]);
    await client.appendToStream(stream, testEvent("Next"));
    await sub.until(() => sub.events().length === 1);
    expect(sub.events()[0]?.event).toMatchObject({ type: "Next", revision: 2n });
  });

  it("filters on the server by stream name prefix or regex", async () => {
    const { client } = harness();
    const prefix = streamName("filtered");
    const byPrefix = record(track(client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ prefixes: [`${prefix}-a`] }) })));
    const byRegex = record(track(client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ regex: `^${prefix}-(b|c)$` }) })));
    await byPrefix.until(() => byPrefix.entries.some((e) => e.kind === "caughtUp"));
    await byRegex.until(() => byRegex.entries.some((e) => e.kind === "caughtUp"));
    for (const suffix of ["a", "b", "c", "d", "a2"]) await client.appendToStream(`${prefix}-${suffix}`, testEvent());
    await byPrefix.until(() => byPrefix.events().length === 2);
    await byRegex.until(() => byRegex.events().length === 2);
    expect(byPrefix.events().map((e) => e.event?.streamId)).toEqual([`${prefix}-a`, `${prefix}-a2`]);
    expect(byRegex.events().map((e) => e.event?.streamId)).toEqual([`${prefix}-b`, `${prefix}-c`]);
  });

  it("filters on the server by event type prefix or regex, e.g. to exclude system events", async () => {
    const { client } = harness();
    const stream = streamName();
    const byPrefix = record(track(client.subscribeToAll({ filter: eventTypeFilter({ prefixes: ["Order"] }) })));
    const userOnly = record(track(client.subscribeToAll({ filter: excludeSystemEvents() })));
    await client.appendToStream(stream, [testEvent("OrderPlaced"), testEvent("Shipped"), testEvent("OrderPaid")]);
    await client.setStreamMetadata(stream, { maxCount: 10 });
    await byPrefix.until(() => byPrefix.events().length === 2);
    await userOnly.until(() => userOnly.events().some((e) => e.event?.type === "OrderPaid"));
    expect(byPrefix.events().map((e) => e.event?.type)).toEqual(["OrderPlaced", "OrderPaid"]);
    expect(userOnly.events().every((e) => !e.event?.type.startsWith("$"))).toBe(true);
  });
});

describe("filtered $all subscription checkpoints", () => {
  const harness = useTestServer();

  it("come every checkpointInterval x maxSearchWindow considered events (default window 32)", async () => {
    const { client } = harness();
    await client.appendToStream(streamName(), testEvents(99, "Noise")); // plus the initial system event: 100
    const all = await collect(client.readAll());
    const checkpoints = (interval: number, maxSearchWindow?: number) => {
      const reached: Position[] = [];
      const filter = eventTypeFilter({
        prefixes: ["NothingMatches"],
        checkpointInterval: interval,
        ...(maxSearchWindow === undefined ? {} : { maxSearchWindow }),
        checkpointReached: (_subscription, position) => {
          reached.push(position);
        },
      });
      return { reached, sub: record(track(client.subscribeToAll({ filter }))) };
    };
    const byDefault = checkpoints(1);
    const custom = checkpoints(2, 10);
    await byDefault.sub.until(() => byDefault.sub.entries.some((e) => e.kind === "caughtUp"));
    await custom.sub.until(() => custom.sub.entries.some((e) => e.kind === "caughtUp"));
    const positionAt = (n: number) => all[n - 1]!.event!.position;
    expect(byDefault.reached).toEqual([32, 64, 96].map(positionAt));
    expect(custom.reached).toEqual([20, 40, 60, 80, 100].map(positionAt));
  });
});
