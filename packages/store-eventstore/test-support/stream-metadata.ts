// Stream metadata lives as `$metadata` events in the `$$<stream>` metastream. The
// server only interprets `$tb` (truncate before) and `$maxCount`; a `$tb` of
// long.MaxValue is how a soft delete is recorded.

/** EventNumber.DeletedStream on the server: long.MaxValue. */
export const DELETED_STREAM = 9223372036854775807n;

export const METADATA_EVENT_TYPE = "$metadata";

export interface StreamMetadata {
  readonly raw: Uint8Array;
  readonly truncateBefore: bigint | undefined;
  readonly maxCount: bigint | undefined;
}

export const isMetastream = (streamId: string): boolean => streamId.startsWith("$$");
export const metastreamOf = (streamId: string): string => `$$${streamId}`;
export const originalStreamOf = (metastreamId: string): string => metastreamId.slice(2);

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Soft delete replaces the whole metadata, as the server does. Written as text because JSON numbers lose long.MaxValue. */
export const softDeletedMetadata = (): Uint8Array => utf8.encode(`{"$tb":${DELETED_STREAM.toString()}}`);

function parseJsonObject(raw: Uint8Array): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(utf8Decoder.decode(raw));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function eventNumberOf(value: unknown): bigint | undefined {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) return undefined;
  // long.MaxValue does not survive JSON.parse exactly; anything that large means "deleted".
  return value >= 9.2e18 ? DELETED_STREAM : BigInt(value);
}

export function parseStreamMetadata(raw: Uint8Array): StreamMetadata {
  const json = parseJsonObject(raw);
  return {
    raw,
    truncateBefore: eventNumberOf(json?.["$tb"]),
    maxCount: eventNumberOf(json?.["$maxCount"]),
  };
}

/** The metadata the server writes when a soft-deleted stream is written to again; undefined if the old metadata is not a JSON object. */
export function undeletedMetadata(raw: Uint8Array, recreateFrom: bigint): Uint8Array | undefined {
  const json = parseJsonObject(raw);
  if (json === undefined) return undefined;
  return utf8.encode(JSON.stringify({ ...json, $tb: Number(recreateFrom) }));
}
