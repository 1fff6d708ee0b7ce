import { z } from "zod";
import { CaseMilestonesJson, endedAt, type CaseMilestones } from "../shared/case-milestones.js";
import type { RetentionDays } from "../shared/retention.js";

export const Change = z.object({ at: z.number().int(), fte: z.number().min(0).max(1) });
const Count = z.number().int().min(0);
const FoldedMonthJson = z.object({
  referrals: Count,
  accepted: Count,
  declined: Count,
  rejected: Count,
  peopleSupported: Count,
  waitingChange: z.number().int(),
});
/** The snapshot's form; retentionDays must be the decoding projection's, since the folding depends on it. */
export function capacityJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([z.string(), CaseMilestonesJson])),
    folded: z.array(
      z.tuple([
        z.string(),
        z.object({
          firstReferredAt: z.number().int(),
          months: z.array(z.tuple([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), FoldedMonthJson])),
        }),
      ]),
    ),
    linkWorkers: z.array(z.tuple([z.string(), z.object({ pcnId: z.string(), changes: z.array(Change) })])),
    listSizes: z.array(z.tuple([z.string(), z.array(z.object({ at: z.number().int(), registeredPatients: z.number().int().min(0) }))])),
    latestOccurredAt: z.number().int().nullable(),
  });
}
export type CapacityJson = z.infer<ReturnType<typeof capacityJson>>;

/** Retained cases that ended, for the retention queue (it is not in the snapshot). */
export function* endedCases(cases: ReadonlyMap<string, CaseMilestones>): Generator<readonly [string, number]> {
  for (const [caseId, milestones] of cases) {
    const ended = endedAt(milestones);
    if (ended !== null) yield [caseId, ended];
  }
}
