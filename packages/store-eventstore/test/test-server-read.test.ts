import { BACKWARDS, END, FORWARDS, START, StreamNotFoundError, type AllStreamResolvedEvent } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { collect, streamName, testEvent, testEvents, useTestServer } from "./test-server-fixture.js";

describe("reading a stream", () => {
  const harness = useTestServer();
  const revisionsOf = (events: { event?: { revision: bigint } | undefined }[]) => events.map((e) => e.event?.revision);

  it("reads forwards from the start or from a revision (inclusive), up to maxCount", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(5));
    expect(revisionsOf(await collect(client.readStream(stream)))).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(revisionsOf(await collect(client.readStream(stream, { fromRevision: 2n })))).toEqual([2n, 3n, 4n]);
    expect(revisionsOf(await collect(client.readStream(stream, { fromRevision: 1n, maxCount: 2 })))).toEqual([1n, 2n]);
    expect(await collect(client.readStream(stream, { fromRevision: 9n }))).toEqual([]);
    expect(await collect(client.readStream(stream, { fromRevision: END, direction: FORWARDS }))).toEqual([]);
  });

  it("reads backwards from the end or from a revision (inclusive)", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(5));
    const backwards = { direction: BACKWARDS, fromRevision: END } as const;
    expect(revisionsOf(await collect(client.readStream(stream, backwards)))).toEqual([4n, 3n, 2n, 1n, 0n]);
    expect(revisionsOf(await collect(client.readStream(stream, { ...backwards, fromRevision: 2n })))).toEqual([2n, 1n, 0n]);
    expect(revisionsOf(await collect(client.readStream(stream, { ...backwards, maxCount: 1 })))).toEqual([4n]);
    expect(revisionsOf(await collect(client.readStream(stream, { ...backwards, fromRevision: START })))).toEqual([0n]);
  });

  it("reports a missing stream as StreamNotFoundError", async () => {
    const { client } = harness();
    const stream = streamName();
    const error = await collect(client.readStream(stream)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamNotFoundError);
    expect(error).toMatchObject({ type: "stream-not-found", streamName: stream });
  });

  it("returns the positions of stream events too", async () => {
    const { client } = harness();
    const stream = streamName();
    const appended = await client.appendToStream(stream, testEvents(2));
    const [, last] = await collect(client.readStream(stream));
    expect(last?.event?.position).toEqual(appended.position);
    expect(last?.commitPosition).toBe(appended.position?.commit);
  });
});

describe("reading $all", () => {
  const harness = useTestServer();
  const readAll = (options?: Parameters<ReturnType<typeof harness>["client"]["readAll"]>[0]) => collect(harness().client.readAll(options));
  const positionOf = (e: AllStreamResolvedEvent) => e.event!.position;

  it("starts with system events and keeps the total commit order across streams", async () => {
    const { client } = harness();
    const [a, b] = [streamName("a"), streamName("b")];
    await client.appendToStream(a, testEvent("A1"));
    await client.appendToStream(b, testEvent("B1"));
    await client.appendToStream(a, testEvent("A2"));
    const all = await readAll();
    expect(all[0]?.event?.streamId).toMatch(/^\$/);
    expect(all[0]?.event?.type).toMatch(/^\$/);
    const mine = all.filter((e) => e.event?.streamId === a || e.event?.streamId === b).map((e) => e.event?.type);
    expect(mine).toEqual(["A1", "B1", "A2"]);
    const commits = all.map((e) => positionOf(e).commit);
    for (let i = 1; i < commits.length; i += 1) expect(commits[i]! - commits[i - 1]!).toBeGreaterThan(1n);
  });

  it("reads forwards from a position inclusively and backwards exclusively", async () => {
    const { client } = harness();
    await client.appendToStream(streamName(), testEvents(4));
    const all = await readAll();
    const pivot = all[2]!;
    const forwards = await readAll({ fromPosition: positionOf(pivot), maxCount: 2 });
    expect(forwards.map((e) => e.event?.id)).toEqual([all[2]!.event?.id, all[3]!.event?.id]);
    const backwards = await readAll({ fromPosition: positionOf(pivot), direction: BACKWARDS, maxCount: 2 });
    expect(backwards.map((e) => e.event?.id)).toEqual([all[1]!.event?.id, all[0]!.event?.id]);
    const fromEnd = await readAll({ fromPosition: END, direction: BACKWARDS });
    expect(fromEnd.map((e) => e.event?.id)).toEqual(all.map((e) => e.event?.id).reverse());
  });
});

describe("stream metadata", () => {
  const harness = useTestServer();

  it("round-trips through the $$ metastream as a $metadata system event", async () => {
    const { client } = harness();
    const stream = streamName();
    expect(await client.getStreamMetadata(stream)).toEqual({ streamName: stream });
    await client.setStreamMetadata(stream, { maxCount: 5, custom: "value" });
    const { metadata, metastreamRevision } = await client.getStreamMetadata(stream);
    expect(metadata).toEqual({ maxCount: 5, custom: "value" });
    // Client 6.2.1 quirk: "metastreamRevision" is the commit position of the metadata event.
    const [meta] = await collect(client.readStream(`$$${stream}`));
    expect(meta?.event).toMatchObject({ type: "$metadata", revision: 0n });
    expect(metastreamRevision).toBe(meta?.event?.position?.commit);
    const all = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(all[0]?.event).toMatchObject({ streamId: `$$${stream}`, type: "$metadata" });
  });

  it("hides events below $tb and beyond $maxCount from stream reads", async () => {
    const { client } = harness();
    const [truncated, capped] = [streamName(), streamName()];
    await client.appendToStream(truncated, testEvents(4));
    await client.setStreamMetadata(truncated, { truncateBefore: 2 });
    const truncatedRevisions = (await collect(client.readStream(truncated))).map((e) => e.event?.revision);
    expect(truncatedRevisions).toEqual([2n, 3n]);
    await client.appendToStream(capped, testEvents(4));
    await client.setStreamMetadata(capped, { maxCount: 1 });
    const cappedRevisions = (await collect(client.readStream(capped))).map((e) => e.event?.revision);
    expect(cappedRevisions).toEqual([3n]);
  });
});
