// Retries of appends whose outcome is unknown, against a scripted client: the same request is
// repeated, and a wrong expected version afterwards is resolved by reading the stream.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { streamNaming } from "../src/stream-naming.js";
import { eventStoreDbOver } from "../src/eventstore-db.js";
import type {
  Appended,
  ClientFailure,
  EventStoreClient,
  ExpectedRevision,
  ProposedEvent,
  ServerPosition,
  StoredEvent,
} from "../src/event-store-client.js";
import { globalPositionOf } from "../src/global-position.js";
import { caseEvents, left, right } from "./adapter-fixture.js";

interface AppendRequest {
  readonly stream: string;
  readonly ids: readonly string[];
  readonly expected: ExpectedRevision;
}

/** A client whose appends answer from a script and whose stream reads answer `stored`. */
function scriptedClient(answers: E.Either<ClientFailure, Appended>[], stored: StoredEvent[] = []) {
  const requests: AppendRequest[] = [];
  const client: EventStoreClient = {
    append: (stream: string, events: readonly ProposedEvent[], expected: ExpectedRevision) => {
      requests.push({ stream, ids: events.map((event) => event.id), expected });
      return Promise.resolve(answers.shift() ?? E.left({ kind: "failed", message: "script ran out" }));
    },
    readStream: (_stream, read) => {
      const from = typeof read.from === "bigint" ? read.from : 0n;
      const events = stored.filter((event) => event.revision >= from).slice(0, read.maxCount);
      return Promise.resolve(E.right({ events, found: stored.length > 0 }));
    },
    readAll: () => Promise.resolve(E.right(0)),
    subscribeToAll: () => ({ pause: () => undefined, resume: () => undefined, close: () => Promise.resolve() }),
    setMaxCount: () => Promise.resolve(E.right(undefined)),
    truncateBefore: () => Promise.resolve(E.right(null)),
    dispose: () => Promise.resolve(),
  };
  const db = eventStoreDbOver(client, {
    naming: streamNaming(""),
    retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 1 },
    appendDeadlineMs: 1000,
    checkpointsKept: 10,
    limits: { maxAppendBytes: 1_048_576, maxEventBytes: 2_147_483_647 },
  });
  return { db, requests };
}

/** A non-transactional write's position: commit and prepare are equal. */
const at = (position: bigint): ServerPosition => ({ commit: position, prepare: position });

const transient: ClientFailure = { kind: "transient", message: "connection reset" };

function storedAs(events: readonly ProposedEvent[], firstRevision: bigint, firstPosition: bigint): StoredEvent[] {
  return events.map((event, index) => ({
    stream: "case-case_x1",
    revision: firstRevision + BigInt(index),
    position: at(firstPosition + BigInt(index) * 100n),
    id: event.id,
    type: event.type,
    isJson: true,
    data: event.data,
    metadata: event.metadata,
  }));
}

const proposed = (events: ReturnType<typeof caseEvents>): ProposedEvent[] =>
  events.map((event) => ({ id: event.metadata.eventId, type: event.type, data: event.data, metadata: {} }));

describe("an append whose outcome is unknown", () => {
  it("is repeated with the same ids and the same expected revision, and answers the result of the try that got through", async () => {
    const events = caseEvents(2);
    const { db, requests } = scriptedClient([E.left(transient), E.left(transient), E.right({ lastRevision: 4n, position: at(900n) })]);
    expect(right(await db.store.append("case-case_x1", events, 3))).toEqual({
      streamId: "case-case_x1",
      nextExpectedVersion: 5,
      position: globalPositionOf(at(900n)),
    });
    expect(requests).toHaveLength(3);
    for (const request of requests)
      expect(request).toEqual({ stream: "case-case_x1", ids: events.map((event) => event.metadata.eventId), expected: 2n });
  });

  it("is a success when a later try meets a wrong version but the events sit at the expected revisions", async () => {
    const events = caseEvents(2);
    const { db } = scriptedClient(
      [E.left(transient), E.left({ kind: "wrong-expected-version", current: 5n })],
      storedAs(proposed(events), 3n, 700n),
    );
    expect(right(await db.store.append("case-case_x1", events, 3))).toEqual({
      streamId: "case-case_x1",
      nextExpectedVersion: 5,
      position: globalPositionOf(at(800n)),
    });
  });

  it("is a conflict when a later try meets a wrong version and other events sit at those revisions", async () => {
    const events = caseEvents(2);
    const { db } = scriptedClient(
      [E.left(transient), E.left({ kind: "wrong-expected-version", current: 5n })],
      storedAs(proposed(caseEvents(3)), 3n, 700n),
    );
    expect(left(await db.store.append("case-case_x1", events, 3))).toMatchObject({
      code: "CONCURRENCY_CONFLICT",
      streamId: "case-case_x1",
      expected: 3,
      actual: 6,
    });
  });

  it("is STORE_UNAVAILABLE, retryable and saying so, when every try fails", async () => {
    const { db, requests } = scriptedClient([E.left(transient), E.left(transient), E.left(transient), E.left(transient)]);
    const error = left(await db.store.append("case-case_x1", caseEvents(1), "no_stream"));
    expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
    expect(error.message).toContain("may or may not have been written");
    expect(requests.map((request) => request.expected)).toEqual(["no_stream", "no_stream", "no_stream", "no_stream"]);
  });

  it("is not repeated after a failure that says nothing was written", async () => {
    const { db, requests } = scriptedClient([E.left({ kind: "access-denied", message: "no" })]);
    expect(left(await db.store.append("case-case_x1", caseEvents(1), 1))).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
    expect(requests).toHaveLength(1);
  });

  it("answers a wrong version on the first try as a conflict without reading", async () => {
    const { db } = scriptedClient(
      [E.left({ kind: "wrong-expected-version", current: "no_stream" })],
      storedAs(proposed(caseEvents(1)), 0n, 100n),
    );
    expect(left(await db.store.append("case-case_x1", caseEvents(1), 1))).toMatchObject({
      code: "CONCURRENCY_CONFLICT",
      expected: 1,
      actual: 0,
    });
  });
});
