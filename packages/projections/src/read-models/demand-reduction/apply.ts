import { type RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";

import { endedAt, recordMilestone, referralMilestones } from "../shared/case-milestones.js";
import { usageStartingBy, withUsage } from "./recorded-usage.js";
import { foldIndexCase, IndexDateChoice, noFoldedIndexCases } from "./index-case.js";
import { applyRetaining, noteCaseEnded } from "../shared/retention.js";
import { dayOfDate, dayOfMs } from "./usage-window.js";
import { streamEntity } from "../shared/stream-entity.js";
import { completedClosureReasons } from "./settings.js";
import { latestUsageStart, notePlace, personUsage, type DemandReductionState, candidateIndexAt } from "./state.js";

/**
 * Folds a case that ended before the horizon into its person's best candidates, forgets its detail,
 * and drops the person's usage periods that no window of a still possible index date reaches.
 */
export function foldDemandReductionCase(state: DemandReductionState, caseId: string): void {
  const referred = state.cases.get(caseId);
  if (referred === undefined) return;
  state.cases.delete(caseId);
  const { milestones, closedReason } = referred;
  const person = personUsage(state, milestones.personId);
  const folded = (person.folded ??= noFoldedIndexCases());
  const engaged = milestones.firstConversationAt !== null;
  const completed = milestones.closedAt !== null && closedReason !== null && completedClosureReasons.includes(closedReason);
  for (const choice of IndexDateChoice.options) {
    const at = candidateIndexAt(milestones, choice);
    if (at !== null) foldIndexCase(folded, choice, { caseId, day: dayOfMs(at), engaged, completed });
  }
  person.usage = usageStartingBy(person.usage, latestUsageStart(person, state.settings.maxWindowMonths));
}

/** Updates the state in place (see Projection) and returns it. */
export const applyDemandReduction: (state: DemandReductionState, recorded: RecordedEvent) => DemandReductionState = applyRetaining(
  applyEvent,
  foldDemandReductionCase,
);

function applyEvent(state: DemandReductionState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (!state.cases.has(caseId)) state.cases.set(caseId, { milestones: referralMilestones(event), closedReason: null });
      const person = personUsage(state, event.data.personId);
      // Every referral names its reasons: erased ones mean an erased person.
      if (isErased(event.data.reasons)) person.erased = true;
      notePlace(state, person, event.data.practiceId, event.data.pcnId);
      return;
    }
    case "ReferralAccepted":
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "ConversationHeld":
    case "CaseClosed": {
      const caseId = streamEntity(recorded.streamId);
      const referred = state.cases.get(caseId);
      if (referred === undefined) return;
      const wasOpen = endedAt(referred.milestones) === null;
      recordMilestone(referred.milestones, event);
      if (event.type === "CaseClosed" && !isErased(event.data.reason)) referred.closedReason ??= event.data.reason;
      const ended = endedAt(referred.milestones);
      if (wasOpen && ended !== null) noteCaseEnded(state.retention, caseId, ended);
      return;
    }
    case "HealthcareUsageRecorded": {
      const { personId, setting, periodStart, periodEnd, count } = event.data;
      const person = personUsage(state, personId);
      if (isErased(setting) || isErased(count)) {
        person.erased = true;
        return;
      }
      const period = { first: dayOfDate(periodStart), last: dayOfDate(periodEnd), count };
      person.usage = withUsage(person.usage, setting, period, at, latestUsageStart(person, state.settings.maxWindowMonths));
      return;
    }
    case "ComparisonCohortEnrolled": {
      const person = personUsage(state, event.data.personId);
      person.comparison ??= { indexOn: dayOfDate(event.data.indexDate), enrolledAt: at };
      notePlace(state, person, event.data.practiceId, event.data.pcnId);
      return;
    }
    case "SocialPrescribingStarted": {
      const { practiceId, pcnId, startDate } = event.data;
      const starts = practiceId === undefined ? state.pcnStarts : state.practiceStarts;
      const key = practiceId ?? pcnId;
      const recorded: [number, number] = [dayOfDate(startDate), at];
      starts.set(key, [...(starts.get(key) ?? []), recorded]);
      return;
    }
    case "PracticeListCompositionRecorded":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "ConnectionMade":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "ConsentGiven":
    case "ConsentWithdrawn":
    case "FeedbackSentToReferrer":
    case "GpRecordEntriesSent":
    case "LinkWorkerReassigned":
    case "PcnListSizeRecorded":
    case "LocalCodeRegistered":
    case "ProviderUpdateRecorded":
    case "ActivityBudgetSpent":
    case "ProviderRegistered":
    case "ProviderCapacityDeclared":
    case "FundingAwarded":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
    case "LinkWorkerLeft":
      return;
  }
}
