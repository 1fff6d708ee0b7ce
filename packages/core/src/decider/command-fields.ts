import { OccurredAt } from "../events/occurred-at.js";
import { OpaqueId, Uuid } from "../identifiers.js";

/**
 * Fields every command carries. `commandId` makes handling idempotent (the same id twice writes
 * nothing new) and seeds the event ids; `occurredAt` is the time of the fact, so decide is pure.
 */
export const commandFields = {
  commandId: Uuid,
  occurredAt: OccurredAt,
  recordedBy: OpaqueId,
  correlationId: Uuid.optional(),
};
