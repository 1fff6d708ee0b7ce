import * as E from "fp-ts/lib/Either.js";
import { parseEvent, type LinkworkEvent, type RecordedEvent, type StoreError } from "@linkwork/core";
import type { SealedBox } from "@linkwork/core/personal-data";
import type { ProposedEvent, StoredEvent } from "./event-store-client.js";
import { globalPositionOf } from "./global-position.js";
import { unavailable } from "./store-errors.js";

/**
 * A core event as EventStoreDB holds it: the EventStoreDB event id is the core's event id (derived
 * from the command id, so a retried append is recognised), the type is the event type, the data
 * is the event's data as JSON, and the metadata JSON carries the rest of the envelope plus
 * EventStoreDB's own `$correlationId` / `$causationId`, which its system projections understand.
 */
export interface StoredMetadata {
  readonly schemaVersion: number;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** What identifies the command's payload, so a reused command id is told from a retry (absent on older events). */
  readonly commandDigest?: string;
  /** The event's sealed fields (crypto-shredding, docs/privacy.md), kept as the core wrote them. */
  readonly sealed?: SealedBox;
  readonly $correlationId: string;
  readonly $causationId: string;
}

export function proposedEvent(event: LinkworkEvent): ProposedEvent {
  const { eventId, occurredAt, recordedBy, correlationId, causationId, commandDigest, sealed } = event.metadata;
  const metadata: StoredMetadata = {
    schemaVersion: event.schemaVersion,
    eventId,
    occurredAt,
    recordedBy,
    correlationId,
    causationId,
    ...(commandDigest === undefined ? {} : { commandDigest }),
    ...(sealed === undefined ? {} : { sealed }),
    $correlationId: correlationId,
    $causationId: causationId,
  };
  return { id: eventId, type: event.type, data: event.data, metadata };
}

/**
 * A record the core never sees: a system record (`$streamDeleted` left by a tombstone under the
 * stream's own name, `$metadata`, any `$`-typed event) or one that is not JSON. Reads of `$all`
 * and subscriptions skip them; they are not Linkwork events, and failing on them would stop every
 * projection at one deleted stream.
 */
export function isSystemRecord(stored: StoredEvent): boolean {
  return stored.type.startsWith("$") || !stored.isJson;
}

/**
 * Rebuilds the core event and runs it through the core's `parseEvent`, which lifts older schema
 * versions to the current one. An event that does not parse is an error naming where it sits,
 * never a throw: the log is shared, and someone may have written to a Linkwork stream by hand.
 */
export function recordedEvent(stored: StoredEvent, streamId: string): E.Either<StoreError, RecordedEvent> {
  const streamVersion = Number(stored.revision) + 1;
  const metadata = stored.metadata;
  if (stored.position === null)
    return E.left(unreadable(stored, streamId, "it came without its $all position: Linkwork needs EventStoreDB 23.10 or later"));
  if (!stored.isJson || typeof metadata !== "object" || metadata === null || metadata instanceof Uint8Array) {
    return E.left(unreadable(stored, streamId, "it is not a JSON event with JSON metadata written by Linkwork"));
  }
  const { schemaVersion, eventId, occurredAt, recordedBy, correlationId, causationId, commandDigest, sealed } = metadata as Partial<
    Record<keyof StoredMetadata, unknown>
  >;
  const parsed = parseEvent({
    type: stored.type,
    schemaVersion,
    data: stored.data,
    metadata: {
      eventId: eventId ?? stored.id,
      occurredAt,
      recordedBy,
      correlationId,
      causationId,
      ...(commandDigest === undefined ? {} : { commandDigest }),
      ...(sealed === undefined ? {} : { sealed }),
    },
  });
  if (E.isLeft(parsed)) return E.left(unreadable(stored, streamId, parsed.left.message));
  return E.right({ streamId, streamVersion, position: globalPositionOf(stored.position), event: parsed.right });
}

function unreadable(stored: StoredEvent, streamId: string, why: string): StoreError {
  return unavailable(`${streamId}@${Number(stored.revision) + 1} (event ${stored.id}) cannot be read: ${why}`, false);
}
