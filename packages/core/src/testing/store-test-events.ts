import { randomUUID } from "node:crypto";
import { eventsFor } from "../decider/event-identity.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import { streamCategory } from "../events/streams.js";

type Fact = Parameters<typeof eventsFor>[1][number];

const occurredAt = "2025-01-06T09:00:00Z";

/** Facts that any number of times make a valid stream of each category, in a few types so filters have something to tell apart. */
function factFor(category: string, index: number): Fact {
  switch (category) {
    case "person":
      return {
        type: "HealthcareUsageRecorded",
        data: { personId: "person_x1", setting: "gp_appointment", periodStart: "2024-12-01", periodEnd: "2024-12-31", count: index % 5 },
      };
    case "pcn":
      return { type: "PcnListSizeRecorded", data: { pcnId: "U00016", registeredPatients: 40_000 + index } };
    case "linkworker":
      return { type: "LinkWorkerFteChanged", data: { linkWorkerId: "lw_x1", fte: 0.5 } };
    default:
      switch (index % 3) {
        case 0:
          return { type: "ContactAttempted", data: { channel: "phone", reached: index % 2 === 0 } };
        case 1:
          return { type: "UnmetNeedRecorded", data: { need: "loneliness", reason: "waiting_list" } };
        default:
          return { type: "FollowUpScheduled", data: { followUpId: `follow-up-${index}`, dueOn: "2025-02-03" } };
      }
  }
}

/**
 * `count` valid events for a stream (by its category), as one command would make them: ids derived
 * by the core from a fresh command id, so every call gives new ids and the same events retried
 * keep theirs.
 */
export function storeTestEvents(streamId: string, count: number): LinkworkEvent[] {
  const category = streamCategory(streamId);
  return eventsFor(
    { commandId: randomUUID(), occurredAt, recordedBy: "lw_x1" },
    Array.from({ length: count }, (_, index) => factFor(category, index)),
  );
}
