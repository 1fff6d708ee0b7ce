// The event the store benches append: one ContactAttempted per command, as the command handler
// writes it (shared by the EventStoreDB and PostgreSQL benches and the read profile: the same bytes).
import { randomUUID } from "node:crypto";
import { eventIdFor, type LinkworkEvent } from "../packages/core/src/index.js";

const occurredAt = "2025-03-03T09:00:00Z";

/** A fresh command's ContactAttempted: `serial` alternates whether the person was reached. */
export function contactAttemptEvent(serial: number): LinkworkEvent {
  const commandId = randomUUID();
  return {
    type: "ContactAttempted",
    schemaVersion: 1,
    data: { channel: "phone", reached: serial % 2 === 0 },
    metadata: {
      eventId: eventIdFor(commandId, 0, occurredAt),
      occurredAt,
      recordedBy: "lw_bench1",
      correlationId: commandId,
      causationId: commandId,
    },
  };
}
