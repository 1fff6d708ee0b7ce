// Translation between the protobuf messages of the 6.2.1 protos and the log's values.
// 64-bit numbers travel as decimal strings (the generated code uses jstype=JS_STRING).
import type { StreamIdentifier, UUID } from "@eventstore/db-client/generated/shared_pb.js";
import type { ReadResp } from "@eventstore/db-client/generated/streams_pb.js";
import { ExpectedVersion, type StoredEvent } from "./event-log.js";
import { sharedPb, streamsPb } from "./generated-protos.js";

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

const UINT64_PATTERN = /^\d{1,20}$/;
const MAX_UINT64 = 2n ** 64n - 1n;

/** Parses a uint64 decimal string as sent by the client; undefined when malformed. */
export function parseUint64(value: string): bigint | undefined {
  if (!UINT64_PATTERN.test(value)) return undefined;
  const parsed = BigInt(value);
  return parsed <= MAX_UINT64 ? parsed : undefined;
}

export const toUint64String = (value: bigint): string => BigInt.asUintN(64, value).toString(10);

// ---- expected revisions -------------------------------------------------------------

interface ExpectedRevisionOneof {
  hasNoStream(): boolean;
  hasAny(): boolean;
  hasStreamExists(): boolean;
}

/**
 * Reads the expected-revision oneof that Append, BatchAppend, Delete and Tombstone options
 * share; `exactRevision` is the exact-revision field when it is set.
 */
export function expectedVersionOf(options: ExpectedRevisionOneof, exactRevision: string | undefined): bigint | undefined {
  if (exactRevision !== undefined) return parseUint64(exactRevision);
  if (options.hasNoStream()) return ExpectedVersion.NoStream;
  if (options.hasAny()) return ExpectedVersion.Any;
  if (options.hasStreamExists()) return ExpectedVersion.StreamExists;
  return undefined;
}

// ---- stream names ----------------------------------------------------------------

export function streamNameOf(identifier: StreamIdentifier | undefined): string | undefined {
  if (identifier === undefined) return undefined;
  try {
    const name = utf8Decoder.decode(identifier.getStreamName_asU8());
    return name.length > 0 ? name : undefined;
  } catch {
    return undefined;
  }
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new sharedPb.StreamIdentifier().setStreamName(utf8.encode(name));
}

// ---- UUIDs -----------------------------------------------------------------------

// The formats .NET's Guid.Parse accepts: D, N, B and P.
const GUID_FORMATS = [
  /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i,
  /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/i,
  /^\{([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}$/i,
  /^\(([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\)$/i,
];

function normalizeGuid(text: string): string | undefined {
  const trimmed = text.trim();
  for (const format of GUID_FORMATS) {
    const match = format.exec(trimmed);
    if (match !== null) return match.slice(1).join("-").toLowerCase();
  }
  return undefined;
}

const INT64_PATTERN = /^-?\d{1,20}$/;

function hexOfInt64(value: string): string | undefined {
  if (!INT64_PATTERN.test(value)) return undefined;
  return BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, "0");
}

/** Accepts string or structured UUIDs; returns the lower-case hyphenated form, or undefined if unparsable. */
export function parseUuid(uuid: UUID | undefined): string | undefined {
  if (uuid === undefined) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    const most = hexOfInt64(structured?.getMostSignificantBits() ?? "");
    const least = hexOfInt64(structured?.getLeastSignificantBits() ?? "");
    if (most === undefined || least === undefined) return undefined;
    const hex = most + least;
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  return uuid.hasString() ? normalizeGuid(uuid.getString()) : undefined;
}

export function encodeUuid(id: string, structured: boolean): UUID {
  const uuid = new sharedPb.UUID();
  if (!structured) return uuid.setString(id);
  // Signed int64 halves, as the server's Uuid.ToDto produces them.
  const hex = id.replaceAll("-", "");
  const half = (digits: string) => BigInt.asIntN(64, BigInt(`0x${digits}`)).toString(10);
  return uuid.setStructured(
    new sharedPb.UUID.Structured().setMostSignificantBits(half(hex.slice(0, 16))).setLeastSignificantBits(half(hex.slice(16))),
  );
}

// ---- recorded events -------------------------------------------------------------

export const CONTENT_TYPE_JSON = "application/json";
export const CONTENT_TYPE_BINARY = "application/octet-stream";

export function recordedEvent(event: StoredEvent, structuredIds: boolean): ReadResp.ReadEvent.RecordedEvent {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(encodeUuid(event.eventId, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(toUint64String(event.revision))
    .setCommitPosition(toUint64String(event.position.commit))
    .setPreparePosition(toUint64String(event.position.prepare))
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  recorded
    .getMetadataMap()
    .set("type", event.type)
    .set("content-type", event.isJson ? CONTENT_TYPE_JSON : CONTENT_TYPE_BINARY)
    .set("created", event.created.toString(10));
  return recorded;
}

export function readEventResponse(event: StoredEvent, structuredIds: boolean): ReadResp {
  const readEvent = new streamsPb.ReadResp.ReadEvent()
    .setEvent(recordedEvent(event, structuredIds))
    .setCommitPosition(toUint64String(event.position.commit));
  return new streamsPb.ReadResp().setEvent(readEvent);
}
