import { randomUUID } from "node:crypto";
import { eventIdFor, type LinkworkEvent } from "@linkwork/core";

const occurredAt = "2025-01-06T09:00:00Z";

/**
 * `count` valid events for a case stream, as one command would make them (ids derived from a
 * fresh command id). Plain code, no vitest, so the load test's writer processes use it too.
 */
export function caseEvents(count: number, commandId: string = randomUUID()): LinkworkEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type: "UnmetNeedRecorded",
    schemaVersion: 1,
    data: { need: "loneliness", reason: "waiting_list" },
    metadata: {
      eventId: eventIdFor(commandId, index, occurredAt),
      occurredAt,
      recordedBy: "lw-load",
      correlationId: commandId,
      causationId: commandId,
    },
  }));
}
