import { CalendarDate, OpaqueId } from "@linkwork/core";
import { CaseId, LinkWorkerId, PcnCode } from "@linkwork/core/store-kit";
import { z } from "zod";
import type { StateCodec } from "../../projection.js";
import { CaseMilestonesJson, endedAt } from "../shared/case-milestones.js";
import type { RetentionDays } from "../shared/retention.js";
import { restoreRetention } from "../shared/retention.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import type { CaseloadSettings } from "./settings.js";
import { type CaseloadCase, type CaseloadState } from "./state.js";

const CaseloadCaseJson = z.object({
  milestones: CaseMilestonesJson,
  holders: z.array(z.object({ at: z.number().int(), linkWorkerId: LinkWorkerId })).optional(),
  contacts: z.array(z.number().int()).optional(),
  followUps: z
    .array(z.object({ followUpId: OpaqueId, dueOn: CalendarDate, scheduledAt: z.number().int(), completedAt: z.number().int().nullable() }))
    .optional(),
});

/** The snapshot's form; it records the retention it was taken with, as the state depends on it. */
export function caseloadJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([CaseId, CaseloadCaseJson])),
    linkWorkers: z.array(
      z.tuple([LinkWorkerId, z.object({ pcnId: PcnCode, joinedAt: z.number().int(), leftAt: z.number().int().nullable() })]),
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

/** The snapshot codec of a caseload state built with these settings. */
export function caseloadCodec(resolved: CaseloadSettings): StateCodec<CaseloadState> {
  // The policy only shapes the queries, so a restored state takes today's; the retention shapes the
  // state itself, so a snapshot taken with another retentionDays is refused.
  return snapshotCodec(
    caseloadJson(resolved.retentionDays),
    (state): CaseloadJson => ({
      retentionDays: resolved.retentionDays,
      horizon: state.retention.horizon,
      cases: [...state.cases],
      linkWorkers: [...state.linkWorkers],
      latestOccurredAt: state.latestOccurredAt,
    }),
    (json) => {
      const cases = new Map(json.cases.map(([caseId, record]): [string, CaseloadCase] => [caseId, caseFromJson(record)]));
      const ended = [...cases].flatMap(([caseId, record]): [string, number][] => {
        const at = endedAt(record.milestones);
        return at === null ? [] : [[caseId, at]];
      });
      return {
        settings: resolved,
        cases,
        linkWorkers: new Map(json.linkWorkers),
        latestOccurredAt: json.latestOccurredAt,
        retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
      };
    },
  );
}
