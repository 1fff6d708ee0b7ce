import { z } from "zod";
import { OpaqueId } from "../identifiers.js";
import { OccurredAt } from "./occurred-at.js";
import { SealedBox } from "../personal-data/sealed-box.js";
import { isSha256Hex, isUuid, isUuidV7 } from "./id-formats.js";

// The last UUID accepted: a line's correlationId and causationId are the same on most lines (61% of
// a simulated year's), and comparing two strings is cheaper than checking one. Undefined until one is
// accepted: no text equals it (an empty start once let a first line's "" pass as a UUID).
let lastUuid: string | undefined;

/** `isUuid`, remembering the last UUID accepted. */
function isUuidAsLast(text: string): boolean {
  if (text === lastUuid) return true;
  if (!isUuid(text)) return false;
  lastUuid = text;
  return true;
}

/** What `z.uuid()` (the core's Uuid) accepts, with its message, checked by hand: every line holds two (id-formats.ts). */
const MetadataUuid = z.string().refine(isUuidAsLast, { message: "Invalid UUID" });

/**
 * Metadata every event carries. `occurredAt` is when the thing happened in the world (the command
 * says so; decide never reads a clock), `causationId` is the command that produced it and
 * `correlationId` the conversation or import it belongs to.
 */
export const EventMetadata = z.object({
  // Hand-checked (id-formats.ts): what z.uuid({ version: "v7" }) accepts, with the same messages.
  eventId: z.string({ message: "must be a UUID v7" }).refine(isUuidV7, { message: "must be a UUID v7" }),
  occurredAt: OccurredAt,
  recordedBy: OpaqueId,
  correlationId: MetadataUuid,
  causationId: MetadataUuid,
  /**
   * SHA-256 (hex) of the command that caused the event, so the handler can tell a retry (same id,
   * same command) from a reused id. Optional: events written before it existed carry none.
   */
  commandDigest: z.string().refine(isSha256Hex, { message: "must be a SHA-256 hex digest" }).optional(),
  /** The event's special-category fields, encrypted with its person's data key (personal-data/sealed-box.ts). */
  sealed: SealedBox.optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** The schema of one event type at one schema version: `{ type, schemaVersion, data, metadata }`. */
export function eventSchema<const Type extends string, const Version extends number, Data extends z.ZodType>(
  type: Type,
  schemaVersion: Version,
  data: Data,
) {
  return z.object({
    type: z.literal(type),
    schemaVersion: z.literal(schemaVersion),
    data,
    metadata: EventMetadata,
  });
}
