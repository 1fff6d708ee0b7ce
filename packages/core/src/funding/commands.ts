import { z } from "zod";
import { commandFields } from "../decider/command-fields.js";
import { CaseId, OpaqueId } from "../identifiers.js";
import { SpendPence } from "./events.js";

/** Records activity-budget spend for a goal of the person's plan (a case command: the case stream). */
export const RecordActivityBudgetSpend = z.object({
  type: z.literal("RecordActivityBudgetSpend"),
  caseId: CaseId,
  ...commandFields,
  goalId: OpaqueId,
  /** The connection the money paid for, when it paid for one. */
  connectionId: OpaqueId.optional(),
  amountPence: SpendPence,
});
