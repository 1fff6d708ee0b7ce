import { z } from "zod";
import { commandFields } from "../decider/command-fields.js";
import { CaseId, OpaqueId } from "../identifiers.js";
import { ProviderDeclineReason, ProviderUpdate } from "../events/vocabulary.js";

/** Records what the provider reported on a connection of the case (a case command: the case stream). */
export const RecordProviderUpdate = z.object({
  type: z.literal("RecordProviderUpdate"),
  caseId: CaseId,
  ...commandFields,
  connectionId: OpaqueId,
  update: ProviderUpdate,
  /** Why the provider declined: required with `declined`, refused with anything else. */
  reason: ProviderDeclineReason.optional(),
});
