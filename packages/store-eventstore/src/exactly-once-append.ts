import * as E from "fp-ts/lib/Either.js";
import type { Connection } from "./connection.js";
import type { ClientFailure, ExpectedRevision, ProposedEvent, ServerPosition } from "./event-store-client.js";

export type AppendOutcome =
  | { readonly kind: "appended"; readonly lastRevision: bigint; readonly position: ServerPosition | null }
  /** The stream was not at the expected revision, and the events are not stored there. */
  | { readonly kind: "conflict"; readonly current: bigint | "no_stream" }
  /** `ambiguous`: a try failed after the request left, so the events may or may not be stored. */
  | { readonly kind: "failed"; readonly failure: ClientFailure | "closed"; readonly ambiguous: boolean };

/**
 * Appends at an exact revision (or to no stream), repeating the same request, same event ids and
 * same expected revision, after a failure that leaves the outcome unknown (lost reply, timeout,
 * broken connection): EventStoreDB recognises the ids at those revisions and answers the original
 * result without writing twice. A wrong expected version after such a failure may still mean an
 * earlier try committed (the server decides idempotency on the ids it finds at those revisions),
 * so the stream is read to tell a write that happened from a real conflict.
 */
export async function appendExactlyOnce(
  connection: Connection,
  stream: string,
  events: readonly ProposedEvent[],
  expected: ExpectedRevision,
): Promise<AppendOutcome> {
  const { client, settings } = connection;
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    if (connection.closed) return { kind: "failed", failure: "closed", ambiguous };
    const answer = await client.append(stream, events, expected, settings.appendDeadlineMs);
    if (E.isRight(answer)) return { kind: "appended", lastRevision: answer.right.lastRevision, position: answer.right.position };
    const failure = answer.left;
    if (failure.kind === "wrong-expected-version") {
      // At ANY a wrong version only ever means a partial retry (the server's "corrupted idempotency").
      if (!ambiguous || expected === "any") return { kind: "conflict", current: failure.current };
      return (await storedAlready(connection, stream, events, expected)) ?? { kind: "conflict", current: failure.current };
    }
    if (failure.kind !== "transient") return { kind: "failed", failure, ambiguous };
    ambiguous = true;
    if (attempt >= settings.retry.maxAttempts || !(await connection.pause(connection.delayAfter(attempt)))) {
      return { kind: "failed", failure: connection.closed ? "closed" : failure, ambiguous };
    }
  }
}

/** The events' original append, if they sit at the revisions right after `expected`; null if they do not. */
async function storedAlready(
  connection: Connection,
  stream: string,
  events: readonly ProposedEvent[],
  expected: Exclude<ExpectedRevision, "any">,
): Promise<AppendOutcome | null> {
  const from = expected === "no_stream" ? 0n : expected + 1n;
  const read = await connection.retrying(() =>
    connection.client.readStream(stream, { direction: "forwards", from, maxCount: events.length }),
  );
  if (read === "closed") return { kind: "failed", failure: "closed", ambiguous: true };
  if (E.isLeft(read)) return { kind: "failed", failure: read.left, ambiguous: true };
  const stored = read.right.events;
  if (stored.length !== events.length || stored.some((event, index) => event.id !== events[index]!.id.toLowerCase())) return null;
  const last = stored.at(-1)!;
  return { kind: "appended", lastRevision: last.revision, position: last.position };
}
