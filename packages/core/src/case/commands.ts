import { z } from "zod";
import { commandFields } from "../decider/command-fields.js";
import { CaseId, LinkWorkerId, OpaqueId, PcnCode, PersonId, PracticeCode, ProviderId, ReferrerId } from "../identifiers.js";
import { ConsentInput, ConsentPurpose } from "./consent.js";
import { Goal } from "./events.js";
import { GpRecordEntryIds } from "./gp-record-entries-sent.js";
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
  RejectionReason,
  StrengthCategory,
  SupportCategory,
  UnmetNeedReason,
} from "../events/vocabulary.js";
import { RecordProviderUpdate } from "../provider/connection-commands.js";
import { RecordActivityBudgetSpend } from "../funding/commands.js";
import { EventDate } from "../events/event-date.js";

function caseCommand<const T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), caseId: CaseId, ...commandFields, ...shape });
}

export const ReceiveReferral = caseCommand("ReceiveReferral", {
  personId: PersonId,
  pcnId: PcnCode,
  practiceId: PracticeCode,
  source: ReferralSource,
  referrerId: ReferrerId.optional(),
  reasons: z.array(NeedCategory).min(1).max(16),
  consent: ConsentInput,
});
export const AcceptReferral = caseCommand("AcceptReferral", { linkWorkerId: LinkWorkerId });
export const RejectReferral = caseCommand("RejectReferral", {
  reason: RejectionReason,
  /** Send the outcome back to the referrer in the same transaction (when consent allows). */
  notifyReferrer: z.boolean().default(true),
});
export const DeclineSocialPrescribing = caseCommand("DeclineSocialPrescribing", {
  reason: DeclineReason,
  notifyReferrer: z.boolean().default(true),
});
export const RecordContactAttempt = caseCommand("RecordContactAttempt", { channel: ContactChannel, reached: z.boolean() });
export const HoldConversation = caseCommand("HoldConversation", {
  mode: ConversationMode,
  minutes: z.number().int().min(1).max(600),
  needs: z.array(NeedCategory).max(16).default([]),
  strengths: z.array(StrengthCategory).max(16).default([]),
  whatMattersRef: OpaqueId.optional(),
});
export const AssessWellbeing = caseCommand("AssessWellbeing", {
  instrument: z.string().min(1).max(40),
  timepoint: AssessmentTimepoint,
  items: z.array(z.number()).min(1).max(100),
});
export const AgreePlan = caseCommand("AgreePlan", { goals: z.array(Goal).min(1).max(20) });
export const RevisePlan = caseCommand("RevisePlan", { goals: z.array(Goal).min(1).max(20) });
export const RecordGoalProgress = caseCommand("RecordGoalProgress", { goalId: OpaqueId, progress: GoalProgress });
export const MakeConnection = caseCommand("MakeConnection", {
  connectionId: OpaqueId,
  goalId: OpaqueId,
  providerId: ProviderId,
  activity: SupportCategory,
  mode: ConnectionMode,
});
export const RecordConnectionOutcome = caseCommand("RecordConnectionOutcome", {
  connectionId: OpaqueId,
  outcome: ConnectionOutcome,
});
export const RecordUnmetNeed = caseCommand("RecordUnmetNeed", {
  need: NeedCategory,
  reason: UnmetNeedReason,
  providerId: ProviderId.optional(),
});
export const ScheduleFollowUp = caseCommand("ScheduleFollowUp", {
  followUpId: OpaqueId,
  /** Defaults to the policy's follow-up interval after occurredAt. */
  dueOn: EventDate.optional(),
});
export const CompleteFollowUp = caseCommand("CompleteFollowUp", { followUpId: OpaqueId, mode: ConversationMode });
export const SendFeedbackToReferrer = caseCommand("SendFeedbackToReferrer", {});
export const ReassignLinkWorker = caseCommand("ReassignLinkWorker", { toLinkWorkerId: LinkWorkerId });
/** The embedder wrote these GP record entries to the GP system; the outbox leaves them out from now on. */
export const AcknowledgeGpRecordEntries = caseCommand("AcknowledgeGpRecordEntries", {
  entryIds: GpRecordEntryIds,
});
export const CloseCase = caseCommand("CloseCase", { reason: ClosureReason, notifyReferrer: z.boolean().default(true) });
/** The person gives consent for one purpose (after the referral, or again after withdrawing it). */
export const GiveConsent = caseCommand("GiveConsent", { purpose: ConsentPurpose });
/** The person withdraws consent for one purpose. */
export const WithdrawConsent = caseCommand("WithdrawConsent", { purpose: ConsentPurpose });

export const CaseCommand = z.discriminatedUnion("type", [
  ReceiveReferral,
  AcceptReferral,
  RejectReferral,
  DeclineSocialPrescribing,
  RecordContactAttempt,
  HoldConversation,
  AssessWellbeing,
  AgreePlan,
  RevisePlan,
  RecordGoalProgress,
  MakeConnection,
  RecordConnectionOutcome,
  RecordUnmetNeed,
  ScheduleFollowUp,
  CompleteFollowUp,
  SendFeedbackToReferrer,
  ReassignLinkWorker,
  CloseCase,
  AcknowledgeGpRecordEntries,
  RecordProviderUpdate,
  RecordActivityBudgetSpend,
  GiveConsent,
  WithdrawConsent,
]);
/** A validated case command (defaults filled in). */
export type CaseCommand = z.infer<typeof CaseCommand>;
/** A case command as callers write it (defaulted fields optional). */
export type CaseCommandInput = z.input<typeof CaseCommand>;
export type CaseCommandType = CaseCommand["type"];
