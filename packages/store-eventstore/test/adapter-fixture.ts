// Shared set-up for the adapter's own tests: events, a connected adapter, subscription readers.
// It loads neither client library itself, so the KurrentDB client's tests can use it too.
import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import {
  eventIdFor,
  type EventSubscription,
  type GlobalPosition,
  type LinkworkEvent,
  type RecordedEvent,
  type StoreError,
  type SubscriptionMessage,
} from "@linkwork/core";
import { eventStoreDb, type EventStoreDb, type EventStoreDbOptions } from "../src/index.js";
/** What the adapter connects to: an in-process test server, or one in a process of its own. */
interface TestServer {
  readonly connectionString: string;
}

const occurredAt = "2025-01-06T09:00:00Z";

/** `count` valid case events, as one command makes them: fresh ids each call, derived from a command id. */
export function caseEvents(count: number): LinkworkEvent[] {
  const commandId = randomUUID();
  return Array.from({ length: count }, (_, index): LinkworkEvent =>
    index % 2 === 0
      ? {
          type: "ContactAttempted",
          schemaVersion: 1,
          data: { channel: "phone", reached: index % 4 === 0 },
          metadata: {
            eventId: eventIdFor(commandId, index, occurredAt),
            occurredAt,
            recordedBy: "lw_w1",
            correlationId: commandId,
            causationId: commandId,
          },
        }
      : {
          type: "UnmetNeedRecorded",
          schemaVersion: 1,
          data: { need: "loneliness", reason: "waiting_list" },
          metadata: {
            eventId: eventIdFor(commandId, index, occurredAt),
            occurredAt,
            recordedBy: "lw_w1",
            correlationId: commandId,
            causationId: commandId,
          },
        },
  );
}

/** The adapter over a test server, retrying quickly so fault tests stay short. */
export function connect(server: TestServer, options: Partial<EventStoreDbOptions> = {}): EventStoreDb {
  return right(eventStoreDb({ connectionString: server.connectionString, initialRetryDelayMs: 10, maxRetryDelayMs: 50, ...options }));
}

/** A refusal of the store or of the command handler: a code and a message. */
interface Refusal {
  readonly code: string;
  readonly message: string;
}

export function right<A>(answer: E.Either<Refusal, A>): A {
  if (E.isLeft(answer)) throw new Error(`expected success, got ${answer.left.code}: ${answer.left.message}`);
  return answer.right;
}

export function left<L extends Refusal = StoreError>(answer: E.Either<L, unknown>): L {
  if (E.isRight(answer)) throw new Error("expected an error, got success");
  return answer.left;
}

/** Reads a subscription message by message, failing on `failed` unless asked for it. */
export function reader(subscription: EventSubscription) {
  const iterator = subscription[Symbol.asyncIterator]();
  const delivered: RecordedEvent[] = [];
  const next = async (): Promise<SubscriptionMessage> => {
    const result = await iterator.next();
    if (result.done === true) throw new Error("the subscription ended");
    if (result.value.kind === "events") delivered.push(...result.value.events);
    return result.value;
  };
  return {
    delivered,
    next,
    /** Reads until a caught-up mark at or past `position`; answers the mark's position. */
    async until(position: GlobalPosition): Promise<GlobalPosition | null> {
      for (;;) {
        const message = await next();
        if (message.kind === "failed") throw new Error(`the subscription failed: ${message.error.message}`);
        if (message.kind === "caught-up" && message.position !== null && message.position >= position) return message.position;
      }
    },
    close: () => subscription.close(),
  };
}
