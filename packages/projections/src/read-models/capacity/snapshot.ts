import { CaseId, LinkWorkerId, PcnCode } from "@linkwork/core/store-kit";
import { z } from "zod";
import type { StateCodec } from "../../projection.js";
import { CaseMilestonesJson, endedAt, type CaseMilestones } from "../shared/case-milestones.js";
import type { RetentionDays } from "../shared/retention.js";
import { restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import { byKey } from "./queries.js";
import type { CapacitySettings } from "./settings.js";
import type { CapacityState } from "./state.js";

export const Change = z.object({ at: z.number().int(), fte: z.number().min(0).max(1) });
const Count = z.number().int().min(0);
const FoldedMonthJson = z.object({
  referrals: Count,
  accepted: Count,
  declined: Count,
  rejected: Count,
  peopleSupported: Count,
  referralsDeclined: Count,
  referralsDecided: Count,
  waitingChange: z.number().int(),
});
/** The snapshot's form; retentionDays must be the decoding projection's, since the folding depends on it. */
export function capacityJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([CaseId, CaseMilestonesJson])),
    folded: z.array(
      z.tuple([
        PcnCode,
        z.object({
          firstReferredAt: z.number().int(),
          months: z.array(z.tuple([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), FoldedMonthJson])),
        }),
      ]),
    ),
    linkWorkers: z.array(z.tuple([LinkWorkerId, z.object({ pcnId: PcnCode, changes: z.array(Change) })])),
    listSizes: z.array(z.tuple([PcnCode, z.array(z.object({ at: z.number().int(), registeredPatients: z.number().int().min(0) }))])),
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

/** The snapshot codec of a capacity state built with these settings. */
export function capacityCodec(resolved: CapacitySettings): StateCodec<CapacityState> {
  // Apart from retentionDays, which decides what was folded and so must match, settings only shape
  // the queries: a snapshot holds the events' facts and takes today's settings. Folded counts are
  // written in PCN and month order, so equal states encode alike whatever order cases were folded in.
  return snapshotCodec(
    capacityJson(resolved.retentionDays),
    (state): CapacityJson => ({
      retentionDays: resolved.retentionDays,
      horizon: state.retention.horizon,
      cases: [...state.cases],
      folded: [...state.folded]
        .sort(([a], [b]) => byKey(a, b))
        .map(([pcnId, folded]) => [
          pcnId,
          { firstReferredAt: folded.firstReferredAt, months: [...folded.months].sort(([a], [b]) => byKey(a, b)) },
        ]),
      linkWorkers: [...state.linkWorkers],
      listSizes: [...state.listSizes],
      latestOccurredAt: state.latestOccurredAt,
    }),
    (json) => {
      const cases = new Map(json.cases);
      return {
        settings: resolved,
        cases,
        folded: new Map(
          json.folded.map(([pcnId, folded]) => [pcnId, { firstReferredAt: folded.firstReferredAt, months: new Map(folded.months) }]),
        ),
        retention: restoreRetention(resolved.retentionDays, json.horizon, endedCases(cases)),
        linkWorkers: new Map(json.linkWorkers),
        listSizes: new Map(json.listSizes),
        latestOccurredAt: json.latestOccurredAt,
      };
    },
  );
}
