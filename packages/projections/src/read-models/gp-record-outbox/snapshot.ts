import { CaseId, PcnCode, PersonId, PracticeCode } from "@linkwork/core/store-kit";
import { z } from "zod";
import {
  AssessmentTimepoint,
  ClosureReason,
  ConnectionMode,
  DeclineReason,
  NeedCategory,
  SupportCategory,
} from "@linkwork/core/vocabulary";
import { GpRecordEntryId, type GpRecordCoding } from "@linkwork/core/gp-record";
import type { StateCodec } from "../../projection.js";
import { compareText } from "../shared/partition-merge.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import type { GpRecordOutboxSettings } from "./settings.js";
import type { GpRecordOutboxState, OutboxCase } from "./state.js";

const DetailJson = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("referral_accepted") }),
  z.object({ kind: z.literal("social_prescribing_declined"), reason: DeclineReason }),
  z.object({
    kind: z.literal("outcome_measure"),
    instrument: z.string(),
    instrumentVersion: z.string(),
    timepoint: AssessmentTimepoint,
    scores: z.record(z.string(), z.number()),
  }),
  z.object({ kind: z.literal("needs"), needs: z.array(NeedCategory) }),
  z.object({ kind: z.literal("support"), activity: SupportCategory, mode: ConnectionMode }),
  z.object({ kind: z.literal("closure"), reason: ClosureReason }),
]);

const CodingJson: z.ZodType<GpRecordCoding> = z.object({
  entryId: GpRecordEntryId,
  kind: z.enum(["referral_accepted", "social_prescribing_declined", "outcome_measure", "needs", "support", "closure"]),
  snomedCode: z.string().nullable(),
  term: z.string(),
  occurredAt: z.string(),
  detail: DetailJson.nullable(),
});

const CaseJson = z.object({
  personId: PersonId,
  practiceId: PracticeCode,
  pcnId: PcnCode,
  shareOutcome: z.boolean(),
  personErased: z.boolean(),
  ended: z.boolean(),
  pending: z.array(CodingJson),
});

const OutboxJson = z.object({
  cases: z.array(z.tuple([CaseId, CaseJson])),
  latestOccurredAt: z.number().int().nullable(),
});
type OutboxJson = z.infer<typeof OutboxJson>;

/** The snapshot codec of the outbox: cases in id order, so equal states encode to equal text. */
export function gpRecordOutboxCodec(resolved: GpRecordOutboxSettings): StateCodec<GpRecordOutboxState> {
  return snapshotCodec(
    OutboxJson,
    (state): OutboxJson => ({
      cases: [...state.cases]
        .sort(([a], [b]) => compareText(a, b))
        .map(([caseId, outboxCase]) => [caseId, { ...outboxCase, pending: [...outboxCase.pending.values()] }]),
      latestOccurredAt: state.latestOccurredAt,
    }),
    (json) => ({
      settings: resolved,
      cases: new Map(
        json.cases.map(([caseId, outboxCase]): [string, OutboxCase] => [
          caseId,
          { ...outboxCase, pending: new Map(outboxCase.pending.map((coding): [string, GpRecordCoding] => [coding.entryId, coding])) },
        ]),
      ),
      latestOccurredAt: json.latestOccurredAt,
    }),
  );
}
