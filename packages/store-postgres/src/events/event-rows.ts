import * as E from "fp-ts/lib/Either.js";
import { parseEvent, type LinkworkEvent, type RecordedEvent, type StoreError } from "@linkwork/core";
import { invalidStoreCall } from "@linkwork/core/store-kit";
import type { Row } from "../sql/sql-client.js";

/** The columns every read selects, in the shape `recordedOf` reads. */
export const eventColumns =
  "global_position::text AS position, stream_id, stream_version, type, schema_version, data::text AS data, metadata::text AS metadata";

/** An append's events as the arrays `append_events` takes, one entry per event. */
export interface EncodedEvents {
  readonly ids: string[];
  readonly types: string[];
  readonly schemaVersions: number[];
  readonly data: string[];
  readonly metadata: string[];
}

/**
 * The events as JSON text, or the INVALID_STORE_CALL naming the first event that cannot be
 * stored: a schema version that is not a whole number from 1, or data or metadata that JSON
 * cannot hold (a bigint, a cycle). The envelope was checked by the core's `checkEvent` before.
 */
export function encodeEvents(events: readonly LinkworkEvent[]): EncodedEvents | StoreError {
  const encoded: EncodedEvents = { ids: [], types: [], schemaVersions: [], data: [], metadata: [] };
  for (const [index, event] of events.entries()) {
    const version: unknown = event.schemaVersion;
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1 || version > 2_147_483_647) {
      return invalidStoreCall(`events[${index}].schemaVersion`, "must be a whole number, 1 or more");
    }
    const data = jsonOf(event.data);
    if (data === undefined) return invalidStoreCall(`events[${index}].data`, "must be a JSON value (no bigint, function or cycle)");
    const metadata = jsonOf(event.metadata);
    if (metadata === undefined) return invalidStoreCall(`events[${index}].metadata`, "must be a JSON value (no bigint, function or cycle)");
    encoded.ids.push(event.metadata.eventId);
    encoded.types.push(event.type);
    encoded.schemaVersions.push(version);
    encoded.data.push(data);
    encoded.metadata.push(metadata);
  }
  return encoded;
}

function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/**
 * Whether events of a `type@schemaVersion` are at the type's current version, learnt from the first
 * one read: the core's `parseEvent` leaves a current event's version as it is and lifts an older one.
 */
const currentVersions = new Map<string, boolean>();

/**
 * A row as the RecordedEvent it stores. Events at their type's current schema version are handed
 * out as written (append takes only events the deciders made and validated), without parsing them
 * again; an event written at an older version (before an upgrade of @linkwork/core) is lifted to
 * the current one by the core's upcasters. One that no longer parses is handed out as stored.
 */
export function recordedOf(row: Row): RecordedEvent {
  const type = row["type"] as string;
  const schemaVersion = row["schema_version"] as number;
  const stored = {
    type,
    schemaVersion,
    data: JSON.parse(row["data"] as string) as unknown,
    metadata: JSON.parse(row["metadata"] as string) as unknown,
  };
  const key = `${type}@${schemaVersion}`;
  let event = stored as LinkworkEvent;
  if (currentVersions.get(key) !== true) {
    const parsed = parseEvent(stored);
    if (E.isRight(parsed)) {
      const current = parsed.right.schemaVersion === schemaVersion;
      currentVersions.set(key, current);
      if (!current) event = parsed.right;
    }
  }
  return {
    streamId: row["stream_id"] as string,
    streamVersion: row["stream_version"] as number,
    position: BigInt(row["position"] as string),
    event,
  };
}
