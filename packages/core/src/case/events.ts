import { z } from "zod";
import { snomed } from "../coding/snomed.js";
import { CaseId, LinkWorkerId, OpaqueId, PcnCode, PersonId, PracticeCode, ProviderId, ReferrerId } from "../identifiers.js";
import { eventSchema } from "../events/envelope.js";
import { sealable } from "../personal-data/erased.js";
import { GpRecordEntriesSent } from "./gp-record-entries-sent.js";
import { Consent, ConsentGiven, ConsentWithdrawn } from "./consent.js";
import {
  AssessmentTimepoint,
  ClosureReason,
  ConnectionMode,
  ConnectionOutcome,
  ContactChannel,
  ConversationMode,
  DeclineReason,
  GoalProgress,
  NeedCategory,
  ReferralSource,
  ReferrerOutcomeStatus,
  RejectionReason,
  StrengthCategory,
  SupportCategory,
  UnmetNeedReason,
} from "../events/vocabulary.js";
import { ProviderUpdateRecorded } from "../provider/connection-events.js";
import { ActivityBudgetSpent } from "../funding/events.js";
import { EventDate } from "../events/event-date.js";

export { Consent, ConsentGiven, ConsentPurpose, ConsentWithdrawn } from "./consent.js";

/** A goal of the personalised plan, named by category; any free text stays outside the history. */
export const Goal = z.object({
  goalId: OpaqueId,
  need: NeedCategory,
  /** Reference to the person's own words, held in the local record, never in the history. */
  noteRef: OpaqueId.optional(),
});
export type Goal = z.infer<typeof Goal>;

const referralCommon = {
  caseId: CaseId,
  personId: PersonId,
  pcnId: PcnCode,
  practiceId: PracticeCode,
  source: ReferralSource,
  referrerId: ReferrerId.optional(),
  reasons: sealable(z.array(NeedCategory).min(1).max(16)),
};

/** Version 1 recorded consent as one yes/no. Kept so stored histories still read; see upcasting. */
export const ReferralReceivedV1 = eventSchema("ReferralReceived", 1, z.object({ ...referralCommon, consent: z.boolean() }));
export type ReferralReceivedV1 = z.infer<typeof ReferralReceivedV1>;

/** Version 2 recorded consent to contact and to sharing the outcome. Kept so stored histories still read; see upcasting. */
export const ReferralReceivedV2 = eventSchema(
  "ReferralReceived",
  2,
  z.object({ ...referralCommon, consent: Consent.omit({ evaluation: true }) }),
);
export type ReferralReceivedV2 = z.infer<typeof ReferralReceivedV2>;

export const ReferralReceived = eventSchema("ReferralReceived", 3, z.object({ ...referralCommon, consent: Consent }));
export const ReferralAccepted = eventSchema("ReferralAccepted", 1, z.object({ linkWorkerId: LinkWorkerId }));
export const ReferralRejected = eventSchema("ReferralRejected", 1, z.object({ reason: sealable(RejectionReason) }));
export const SocialPrescribingDeclined = eventSchema("SocialPrescribingDeclined", 1, z.object({ reason: sealable(DeclineReason) }));
export const ContactAttempted = eventSchema("ContactAttempted", 1, z.object({ channel: ContactChannel, reached: z.boolean() }));
export const ConversationHeld = eventSchema(
  "ConversationHeld",
  1,
  z.object({
    mode: ConversationMode,
    minutes: z.number().int().min(1).max(600),
    needs: sealable(z.array(NeedCategory).max(16)),
    strengths: sealable(z.array(StrengthCategory).max(16)),
    /** "What matters to you" in the person's words lives in the local record; this points to it. */
    whatMattersRef: sealable(OpaqueId).optional(),
  }),
);
export const WellbeingAssessed = eventSchema(
  "WellbeingAssessed",
  1,
  z.object({
    instrument: z.string().min(1).max(40),
    instrumentVersion: z.string().min(1).max(20),
    timepoint: AssessmentTimepoint,
    items: sealable(z.array(z.number()).min(1).max(100)),
    scores: sealable(z.record(z.string(), z.number())),
  }),
);
export const PlanAgreed = eventSchema("PlanAgreed", 1, z.object({ goals: sealable(z.array(Goal).min(1).max(20)) }));
export const PlanRevised = eventSchema("PlanRevised", 1, z.object({ goals: sealable(z.array(Goal).min(1).max(20)) }));
export const GoalProgressRecorded = eventSchema("GoalProgressRecorded", 1, z.object({ goalId: OpaqueId, progress: GoalProgress }));
export const ConnectionMade = eventSchema(
  "ConnectionMade",
  1,
  z.object({
    connectionId: OpaqueId,
    goalId: OpaqueId,
    providerId: sealable(ProviderId),
    activity: sealable(SupportCategory),
    mode: ConnectionMode,
  }),
);
export const ConnectionOutcomeRecorded = eventSchema(
  "ConnectionOutcomeRecorded",
  1,
  z.object({ connectionId: OpaqueId, outcome: ConnectionOutcome }),
);
export const UnmetNeedRecorded = eventSchema(
  "UnmetNeedRecorded",
  1,
  z.object({
    need: sealable(NeedCategory),
    reason: sealable(UnmetNeedReason),
    providerId: sealable(ProviderId).optional(),
  }),
);
export const FollowUpScheduled = eventSchema("FollowUpScheduled", 1, z.object({ followUpId: OpaqueId, dueOn: EventDate }));
export const FollowUpCompleted = eventSchema("FollowUpCompleted", 1, z.object({ followUpId: OpaqueId, mode: ConversationMode }));
export const FeedbackSentToReferrer = eventSchema(
  "FeedbackSentToReferrer",
  1,
  z.object({
    status: ReferrerOutcomeStatus,
    /**
     * SNOMED CT concept for the GP record, where one applies: only those the decider sends. Left in
     * the clear, so any run of digits (an NHS number) must not fit.
     */
    snomedCode: z.enum([snomed.referralToSocialPrescribingService, snomed.socialPrescribingDeclined]).nullable(),
    connections: z.number().int().min(0),
  }),
);
export const LinkWorkerReassigned = eventSchema(
  "LinkWorkerReassigned",
  1,
  z.object({ fromLinkWorkerId: LinkWorkerId, toLinkWorkerId: LinkWorkerId }),
);
export const CaseClosed = eventSchema("CaseClosed", 1, z.object({ reason: sealable(ClosureReason) }));

export const CaseEvent = z.discriminatedUnion("type", [
  ReferralReceived,
  ReferralAccepted,
  ReferralRejected,
  SocialPrescribingDeclined,
  ContactAttempted,
  ConversationHeld,
  WellbeingAssessed,
  PlanAgreed,
  PlanRevised,
  GoalProgressRecorded,
  ConnectionMade,
  ConnectionOutcomeRecorded,
  UnmetNeedRecorded,
  FollowUpScheduled,
  FollowUpCompleted,
  FeedbackSentToReferrer,
  LinkWorkerReassigned,
  CaseClosed,
  GpRecordEntriesSent,
  ProviderUpdateRecorded,
  ActivityBudgetSpent,
  ConsentGiven,
  ConsentWithdrawn,
]);
export type CaseEvent = z.infer<typeof CaseEvent>;
export type CaseEventType = CaseEvent["type"];
