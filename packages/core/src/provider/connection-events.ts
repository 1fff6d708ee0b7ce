import { z } from "zod";
import { OpaqueId } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";
import { ProviderDeclineReason, ProviderUpdate } from "../events/vocabulary.js";

/**
 * What the provider reported on a connection of the case (closed-loop referral): accepted, declined
 * (with its reason, and only then), waitlisted, attended, did not attend, finished. Not sealed: the
 * provider it names is the connection's, sealed in ConnectionMade, and the reasons say nothing of health.
 */
export const ProviderUpdateRecorded = eventSchema(
  "ProviderUpdateRecorded",
  1,
  z.object({
    connectionId: OpaqueId,
    update: ProviderUpdate,
    /** Why the provider declined; present exactly when `update` is `declined`. */
    reason: ProviderDeclineReason.optional(),
  }),
);
