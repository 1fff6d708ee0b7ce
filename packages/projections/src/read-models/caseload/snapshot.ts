import { z } from "zod";
import { CaseMilestonesJson } from "../shared/case-milestones.js";
import type { RetentionDays } from "../shared/retention.js";
import type { CaseloadCase } from "./state.js";

const CaseloadCaseJson = z.object({
  milestones: CaseMilestonesJson,
  holders: z.array(z.object({ at: z.number().int(), linkWorkerId: z.string() })).optional(),
  contacts: z.array(z.number().int()).optional(),
  followUps: z
    .array(z.object({ followUpId: z.string(), dueOn: z.string(), scheduledAt: z.number().int(), completedAt: z.number().int().nullable() }))
    .optional(),
});

/** The snapshot's form; it records the retention it was taken with, as the state depends on it. */
export function caseloadJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([z.string(), CaseloadCaseJson])),
    linkWorkers: z.array(
      z.tuple([z.string(), z.object({ pcnId: z.string(), joinedAt: z.number().int(), leftAt: z.number().int().nullable() })]),
    ),
    latestOccurredAt: z.number().int().nullable(),
  });
}
export type CaseloadJson = z.infer<ReturnType<typeof caseloadJson>>;

/** A decoded case as the state holds it: empty lists stay absent. */
export function caseFromJson(json: z.infer<typeof CaseloadCaseJson>): CaseloadCase {
  const record: CaseloadCase = { milestones: json.milestones };
  if (json.holders !== undefined && json.holders.length > 0) record.holders = json.holders;
  if (json.contacts !== undefined && json.contacts.length > 0) record.contacts = json.contacts;
  if (json.followUps !== undefined && json.followUps.length > 0) record.followUps = json.followUps;
  return record;
}
