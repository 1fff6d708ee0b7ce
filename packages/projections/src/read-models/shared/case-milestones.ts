import { PcnCode, PersonId } from "@linkwork/core/store-kit";
import { z } from "zod";
import { type CaseEvent, type EventOf, type RecordedEvent } from "@linkwork/core";
import { ReferralSource } from "@linkwork/core/vocabulary";
import { happenedBy } from "./report-period.js";
import { noteCaseEnded, type Retention } from "./retention.js";
import { occurredAtMs } from "./occurred-at.js";
import { streamEntity } from "./stream-entity.js";

/**
 * When a case passed each step of its episode, in epoch milliseconds (null: not yet). Several read
 * models report "as of" an instant, so they keep these instants rather than the case's current stage:
 * the stage at any instant follows from them. Milestones that can repeat (conversations,
 * connections) keep their first occurrence.
 */
export interface CaseMilestones {
  readonly pcnId: string;
  readonly personId: string;
  readonly source: ReferralSource;
  readonly referredAt: number;
  acceptedAt: number | null;
  rejectedAt: number | null;
  declinedAt: number | null;
  closedAt: number | null;
  firstConversationAt: number | null;
  planAgreedAt: number | null;
  firstConnectionAt: number | null;
}

export function referralMilestones(event: EventOf<"ReferralReceived">): CaseMilestones {
  return {
    pcnId: event.data.pcnId,
    personId: event.data.personId,
    source: event.data.source,
    referredAt: occurredAtMs(event.metadata),
    acceptedAt: null,
    rejectedAt: null,
    declinedAt: null,
    closedAt: null,
    firstConversationAt: null,
    planAgreedAt: null,
    firstConnectionAt: null,
  };
}

/**
 * Keeps every case's milestones current, in place: a referral opens the case's entry and any later
 * event of its stream records its milestone; the event that ends a case queues it for folding once
 * the retention horizon passes its end. Events of other streams, and of cases not held (folded, or
 * referred before the read model started), are left alone. Allocates nothing but a new case's entry.
 */
export function trackCaseMilestones(cases: Map<string, CaseMilestones>, recorded: RecordedEvent, retention: Retention): void {
  const { event } = recorded;
  // The stream says whether it is a case's: cheaper than looking the type up in the catalogue.
  if (!recorded.streamId.startsWith("case-")) return;
  const caseId = streamEntity(recorded.streamId);
  if (event.type === "ReferralReceived") {
    if (!cases.has(caseId)) cases.set(caseId, referralMilestones(event));
    return;
  }
  const milestones = cases.get(caseId);
  if (milestones === undefined) return;
  const wasOpen = endedAt(milestones) === null;
  recordMilestone(milestones, event as CaseEvent);
  const ended = endedAt(milestones);
  if (wasOpen && ended !== null) noteCaseEnded(retention, caseId, ended);
}

/** Records the milestone a later case event marks, in place. Events of one case arrive in time order. */
export function recordMilestone(milestones: CaseMilestones, event: CaseEvent): void {
  const at = occurredAtMs(event.metadata);
  switch (event.type) {
    case "ReferralAccepted":
      milestones.acceptedAt ??= at;
      return;
    case "ReferralRejected":
      milestones.rejectedAt ??= at;
      return;
    case "SocialPrescribingDeclined":
      milestones.declinedAt ??= at;
      return;
    case "CaseClosed":
      milestones.closedAt ??= at;
      return;
    case "ConversationHeld":
      milestones.firstConversationAt ??= at;
      return;
    case "PlanAgreed":
      milestones.planAgreedAt ??= at;
      return;
    case "ConnectionMade":
      milestones.firstConnectionAt ??= at;
      return;
    case "ReferralReceived":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "ConsentGiven":
    case "ConsentWithdrawn":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "GpRecordEntriesSent":
    case "ProviderUpdateRecorded":
    case "ActivityBudgetSpent":
      return;
  }
}

/** When the case ended (rejected, declined or closed), or null while it is open. */
export function endedAt(milestones: CaseMilestones): number | null {
  return milestones.rejectedAt ?? milestones.declinedAt ?? milestones.closedAt;
}

/** True when the case had been referred and had not ended at `asOf`. */
export function openAt(milestones: CaseMilestones, asOf: number): boolean {
  return milestones.referredAt <= asOf && !happenedBy(endedAt(milestones), asOf);
}

const instant = z.number().int().nullable();

/** The JSON form of milestones in a snapshot (they are plain data already). */
export const CaseMilestonesJson = z.object({
  pcnId: PcnCode,
  personId: PersonId,
  source: ReferralSource,
  referredAt: z.number().int(),
  acceptedAt: instant,
  rejectedAt: instant,
  declinedAt: instant,
  closedAt: instant,
  firstConversationAt: instant,
  planAgreedAt: instant,
  firstConnectionAt: instant,
});
