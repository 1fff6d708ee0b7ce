import { createHash } from "node:crypto";
import { v7 } from "uuid";
import { currentSchemaVersion, type EventOf, type EventType } from "../events/catalogue.js";
import type { EventMetadata } from "../events/envelope.js";

/** What a command contributes to the metadata of the events it causes. */
export interface CommandOrigin {
  readonly commandId: string;
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly correlationId?: string | undefined;
}

/**
 * Event ids are UUID v7s derived from the command id and the event's index within the command:
 * time-ordered like any v7, yet the same command always yields the same ids, so a store's
 * idempotency by event id makes a retried append (after a timeout) write nothing twice.
 */
export function eventIdFor(commandId: string, index: number, occurredAt: string): string {
  const random = createHash("sha256").update(`${commandId}:${index}`).digest().subarray(0, 16);
  return v7({ msecs: Date.parse(occurredAt), random });
}

export function metadataFor(origin: CommandOrigin, index: number): EventMetadata {
  return {
    eventId: eventIdFor(origin.commandId, index, origin.occurredAt),
    occurredAt: origin.occurredAt,
    recordedBy: origin.recordedBy,
    correlationId: origin.correlationId ?? origin.commandId,
    causationId: origin.commandId,
  };
}

/** What a decision says happened, before it gets its envelope: an event type and its data. */
export type Fact<T extends EventType = EventType> = { readonly [K in T]: { readonly type: K; readonly data: EventOf<K>["data"] } }[T];

/** Builds the events of one command, numbering them so each gets its own derived id. */
export function eventsFor<T extends EventType>(origin: CommandOrigin, facts: readonly Fact<T>[]): EventOf<T>[] {
  return facts.map(
    (fact, index) =>
      // One cast, here: TypeScript cannot see that a fact's type and data (a correlated union) make
      // the event of that type.
      ({
        type: fact.type,
        schemaVersion: currentSchemaVersion(fact.type),
        data: fact.data,
        metadata: metadataFor(origin, index),
      }) as EventOf<T>,
  );
}
