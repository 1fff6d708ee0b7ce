import {
  DeadlineExceededError,
  EventStoreDBClient,
  NO_STREAM,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
} from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../test-support/index.js";
import { APPEND_MODES, collect, record, streamName, testEvent, testEvents, useTestServer } from "./test-server-fixture.js";

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(APPEND_MODES)("fault injection, appending via $name", ({ batchAppend }) => {
  const harness = useTestServer({ batchAppend });
  const revisions = async (stream: string) => {
    try {
      return (await collect(harness().client.readStream(stream))).map((e) => e.event?.revision);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  };

  it("loseNextAppendReply: the append commits, the caller sees UNAVAILABLE, and a retry is idempotent", async () => {
    const { server, client } = harness();
    const stream = streamName();
    const events = testEvents(2);
    server.loseNextAppendReply();
    const error = await client.appendToStream(stream, events, { expectedRevision: NO_STREAM }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(await revisions(stream)).toEqual([0n, 1n]);
    const retry = await client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
    expect(retry.nextExpectedRevision).toBe(1n);
    expect(await revisions(stream)).toEqual([0n, 1n]);
  });

  it("a lost BatchAppend reply fails every append pending on that stream; all of them still commit", async () => {
    const { server, client } = harness();
    const [slow, lost] = [streamName(), streamName()];
    server.delayNextAppend(200);
    const slowAppend = client.appendToStream(slow, testEvent()).then(
      () => "ok",
      (e: unknown) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // the slow append is now in flight
    server.loseNextAppendReply();
    await expect(client.appendToStream(lost, testEvent())).rejects.toBeInstanceOf(UnavailableError);
    // Over Append each call has its own HTTP/2 stream, so only the lost one fails.
    if (batchAppend) expect(await slowAppend).toBeInstanceOf(UnavailableError);
    else expect(await slowAppend).toBe("ok");
    expect(
      await eventually(
        () => revisions(slow),
        (r) => r.length > 0,
      ),
    ).toEqual([0n]);
    expect(await revisions(lost)).toEqual([0n]);
  });

  it("delayNextAppend: a slow append still succeeds", async () => {
    const { server, client } = harness();
    server.delayNextAppend(150);
    const started = Date.now();
    const result = await client.appendToStream(streamName(), testEvent());
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(result.success).toBe(true);
  });

  it("a client deadline does not cancel the write", async () => {
    const { server, client } = harness();
    const stream = streamName();
    server.delayNextAppend(250);
    const error = await client.appendToStream(stream, testEvent(), { deadline: 50 }).catch((e: unknown) => e);
    // Append: gRPC's own deadline; BatchAppend: the deadline travels in the message and the server answers Timeout.
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(await revisions(stream)).toEqual([]);
    expect(
      await eventually(
        () => revisions(stream),
        (r) => r.length > 0,
      ),
    ).toEqual([0n]);
  });

  it("dropConnections: open subscriptions fail with UNAVAILABLE, data persists and the client reconnects", async () => {
    const { server, client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    const sub = record(client.subscribeToStream(stream));
    await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
    server.dropConnections();
    await sub.until(() => sub.errors.length > 0);
    expect(sub.errors[0]).toBeInstanceOf(UnavailableError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.appendToStream(stream, testEvent());
    expect(await revisions(stream)).toEqual([0n, 1n, 2n]);
  });

  it("dropConnections: a call made before the client noticed the drop fails with UNAVAILABLE; the next one works", async () => {
    const { server, client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvent());
    server.dropConnections();
    await expect(client.appendToStream(stream, testEvent())).rejects.toBeInstanceOf(UnavailableError);
    await client.appendToStream(stream, testEvent());
    expect((await revisions(stream)).length).toBeGreaterThanOrEqual(2);
  });
});

describe.each(APPEND_MODES)("server write timeout, appending via $name", ({ batchAppend }) => {
  it("answers a timeout when the commit is slower, and commits anyway", async () => {
    const server = await startTestServer({ batchAppend, writeTimeoutMs: 50 });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const stream = streamName();
      server.delayNextAppend(200);
      const error = await client.appendToStream(stream, testEvent()).catch((e: unknown) => e);
      // Append: status ABORTED -> TimeoutError; BatchAppend: Timeout detail -> DeadlineExceededError.
      expect(error).toBeInstanceOf(batchAppend ? DeadlineExceededError : TimeoutError);
      const read = await eventually(
        () => collect(client.readStream(stream)).catch(() => []),
        (events) => events.length > 0,
      );
      expect(read).toHaveLength(1);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});

describe("restart", () => {
  it("keeps the data, drops open calls and accepts new connections on the same port", async () => {
    const server = await startTestServer();
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const stream = streamName();
      await client.appendToStream(stream, testEvents(2));
      const sub = record(client.subscribeToAll());
      await sub.until(() => sub.entries.some((e) => e.kind === "caughtUp"));
      await server.restart();
      await sub.until(() => sub.errors.length > 0);
      expect(sub.errors[0]).toBeInstanceOf(UnavailableError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await client.appendToStream(stream, testEvent(), { expectedRevision: 1n });
      expect(await collect(client.readStream(stream))).toHaveLength(3);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});
