import * as E from "fp-ts/lib/Either.js";
import { parseEvent, streamCategory, type LinkworkEvent, type StoreError } from "@linkwork/core";
import {
  checkEvent,
  checkStreamId,
  invalidStoreCall,
  isExpectedVersion,
  repeatedEventId,
  type ExpectedVersion,
} from "@linkwork/core/store-kit";
import type { SizeLimits } from "./connection.js";
import { proposedEvent } from "./event-encoding.js";
import type { ProposedEvent } from "./event-store-client.js";

export interface AppendCall {
  readonly streamId: string;
  readonly events: readonly LinkworkEvent[];
  readonly expectedVersion: ExpectedVersion;
  readonly proposed: readonly ProposedEvent[];
}

/**
 * Checks an append before anything is sent: first the envelope checks every store makes, with
 * the same paths (core's store-call), then each event against its schema. A memory store can
 * leave the schema to the deciders; this log is persistent and shared, and an event that reads
 * back as invalid would make its stream unreadable for good, so the adapter refuses it up front
 * (the cost is small next to a network round trip), and sends the schema's output. The data
 * must turn into JSON: the client serialises it inside a promise that would otherwise never
 * settle. Finally each event and the whole append must fit the server's size limits, counted as
 * the server counts them: an append the server would refuse is refused here, before it is sent.
 */
export function appendCall(
  streamId: unknown,
  events: unknown,
  expectedVersion: unknown,
  limits: SizeLimits,
): E.Either<StoreError, AppendCall> {
  const badId = checkStreamId(streamId);
  if (badId !== null) return E.left(badId);
  const id = streamId as string;
  if (!Array.isArray(events) || events.length === 0) return E.left(invalidStoreCall("events", "must be a non-empty list of events"));
  if (!isExpectedVersion(expectedVersion)) {
    return E.left(invalidStoreCall("expectedVersion", 'must be "any", "no_stream" or a whole number of events, 0 or more'));
  }
  const category = streamCategory(id);
  for (let index = 0; index < events.length; index++) {
    const checked = checkEvent(events[index], index, category);
    if (typeof checked !== "number") return E.left(checked);
  }
  const batch = events as readonly LinkworkEvent[];
  const repeated = repeatedEventId(batch);
  if (repeated !== null) return E.left(repeated);
  const proposed: ProposedEvent[] = [];
  let total = 0;
  for (let index = 0; index < batch.length; index++) {
    const parsed = parseEvent(batch[index], `events[${index}]`);
    if (E.isLeft(parsed)) {
      const issues = "issues" in parsed.left ? parsed.left.issues : [{ path: `events[${index}]`, message: parsed.left.message }];
      return E.left({ code: "INVALID_STORE_CALL", message: `invalid store call: ${parsed.left.message}`, issues });
    }
    // What goes to the server is the schema's output: known fields only, at the current version.
    const event = proposedEvent(parsed.right);
    const data = jsonText(event.data);
    if (typeof data !== "string") return E.left(invalidStoreCall(`events[${index}].data`, `cannot be written as JSON: ${data.problem}`));
    const metadata = utf8.encode(JSON.stringify(event.metadata));
    const size = Buffer.byteLength(data) + metadata.length + 2 * Buffer.byteLength(event.type);
    if (size > limits.maxEventBytes) {
      return E.left(
        invalidStoreCall(`events[${index}]`, `is ${size} bytes as EventStoreDB counts it, over the limit of ${limits.maxEventBytes}`),
      );
    }
    total += size;
    proposed.push({ ...event, metadata });
  }
  if (total > limits.maxAppendBytes) {
    return E.left(
      invalidStoreCall(
        "events",
        `are ${total} bytes as EventStoreDB counts them, over the append limit of ${limits.maxAppendBytes}; append them in several calls`,
      ),
    );
  }
  return E.right({ streamId: id, events: batch, expectedVersion, proposed });
}

/**
 * Metadata goes to the client as the bytes the size check counted, not as a value: both libraries
 * send a plain Uint8Array as it is, and serialise anything else to JSON and then base64, which the
 * protobuf writer decodes again (twice over BatchAppend, which measures each message). Measured
 * 2026-12-05, one-event appends over @eventstore/db-client, alternating runs: the adapter's client
 * CPU per event went from 98-104 µs to 79-83 µs, the raw client's staying at 76-87 µs.
 */
const utf8 = new TextEncoder();

/** The JSON text the client will send, or why there is none. */
function jsonText(value: unknown): string | { readonly problem: string } {
  try {
    const text = JSON.stringify(value) as string | undefined;
    return typeof text === "string" ? text : { problem: "it has no JSON form" };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
