import { type CaseEvent, type RecordedEvent } from "@linkwork/core";
import { endedAt, recordMilestone, referralMilestones } from "../shared/case-milestones.js";
import { noteCaseEnded } from "../shared/retention.js";
import { occurredAtMs } from "../shared/occurred-at.js";
import { streamEntity } from "../shared/stream-entity.js";
import type { CaseloadCase, CaseloadState } from "./state.js";

/** Applies a case event after its referral; contact, follow-up and holder facts on top of the milestones. */
function applyCaseEvent(record: CaseloadCase, event: Exclude<CaseEvent, { type: "ReferralReceived" }>): void {
  recordMilestone(record.milestones, event);
  const at = occurredAtMs(event.metadata);
  switch (event.type) {
    case "ReferralAccepted":
      (record.holders ??= []).push({ at, linkWorkerId: event.data.linkWorkerId });
      return;
    case "LinkWorkerReassigned":
      (record.holders ??= []).push({ at, linkWorkerId: event.data.toLinkWorkerId });
      return;
    case "ConversationHeld":
      (record.contacts ??= []).push(at);
      return;
    case "FollowUpScheduled":
      (record.followUps ??= []).push({ followUpId: event.data.followUpId, dueOn: event.data.dueOn, scheduledAt: at, completedAt: null });
      return;
    case "FollowUpCompleted": {
      (record.contacts ??= []).push(at);
      const followUp = record.followUps?.find((candidate) => candidate.followUpId === event.data.followUpId);
      if (followUp !== undefined) followUp.completedAt ??= at;
      return;
    }
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionMade":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "ConsentGiven":
    case "ConsentWithdrawn":
    case "FeedbackSentToReferrer":
    case "CaseClosed":
    case "GpRecordEntriesSent":
    case "ProviderUpdateRecorded":
    case "ActivityBudgetSpent":
      return;
  }
}

/** Caseloads count open cases only: a case that ended before the horizon is open at no instant a report may ask for. */
export function forgetCase(state: CaseloadState, caseId: string): void {
  state.cases.delete(caseId);
}

export function applyEvent(state: CaseloadState, recorded: RecordedEvent, at: number): CaseloadState {
  const { event } = recorded;
  switch (event.type) {
    case "LinkWorkerJoined":
      if (!state.linkWorkers.has(event.data.linkWorkerId)) {
        state.linkWorkers.set(event.data.linkWorkerId, { pcnId: event.data.pcnId, joinedAt: at, leftAt: null });
      }
      return state;
    case "LinkWorkerLeft": {
      const tenure = state.linkWorkers.get(event.data.linkWorkerId);
      if (tenure !== undefined) tenure.leftAt ??= at;
      return state;
    }
    // Acknowledging GP record entries is no work with the person, and may follow the case's end.
    case "LinkWorkerFteChanged":
    case "PcnListSizeRecorded":
    case "PracticeListCompositionRecorded":
    case "HealthcareUsageRecorded":
    case "ComparisonCohortEnrolled":
    case "LocalCodeRegistered":
    case "SocialPrescribingStarted":
    case "GpRecordEntriesSent":
    case "ProviderUpdateRecorded":
    case "ActivityBudgetSpent":
    case "ProviderRegistered":
    case "ProviderCapacityDeclared":
    case "FundingAwarded":
    case "ConsentGiven":
    case "ConsentWithdrawn":
      return state;
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (!state.cases.has(caseId)) state.cases.set(caseId, { milestones: referralMilestones(event) });
      return state;
    }
    case "ReferralAccepted":
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ContactAttempted":
    case "ConversationHeld":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionMade":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "CaseClosed": {
      const caseId = streamEntity(recorded.streamId);
      const record = state.cases.get(caseId);
      if (record === undefined) return state;
      const wasOpen = endedAt(record.milestones) === null;
      applyCaseEvent(record, event);
      const ended = endedAt(record.milestones);
      if (wasOpen && ended !== null) noteCaseEnded(state.retention, caseId, ended);
      return state;
    }
  }
}
