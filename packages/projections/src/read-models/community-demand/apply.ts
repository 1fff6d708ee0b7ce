import { type RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import { monthOf } from "../shared/calendar-month.js";
import { addFoldedConnection } from "./folded-connections.js";
import { providerSideAt } from "./provider-status.js";
import { intern } from "../shared/interned-ids.js";
import { noteCaseEnded } from "../shared/retention.js";
import { streamEntity } from "../shared/stream-entity.js";
import type { CommunityDemandState } from "./state.js";

export function applyEvent(state: CommunityDemandState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (!state.cases.has(caseId)) {
        state.cases.set(caseId, {
          pcnId: event.data.pcnId,
          person: intern(state.people, event.data.personId),
          endedAt: null,
          connections: null,
          erased: null,
        });
      }
      break;
    }
    case "ConnectionMade": {
      const known = state.cases.get(streamEntity(recorded.streamId));
      const { connectionId, providerId, activity } = event.data;
      const seen = (connection: { readonly connectionId: string }) => connection.connectionId === connectionId;
      if (known === undefined || known.connections?.some(seen) === true || known.erased?.some(seen) === true) break;
      // An erased person's connection names no provider or activity to count it under: it is counted
      // apart, so connections by PCN and month stay whole.
      if (isErased(providerId) || isErased(activity)) {
        (known.erased ??= []).push({ connectionId, madeAt: at });
        break;
      }
      (known.connections ??= []).push({
        connectionId,
        providerId,
        activity,
        mode: event.data.mode,
        madeAt: at,
        outcomes: [],
        providerReports: [],
      });
      break;
    }
    case "ConnectionOutcomeRecorded":
      state.cases
        .get(streamEntity(recorded.streamId))
        ?.connections?.find((connection) => connection.connectionId === event.data.connectionId)
        ?.outcomes.push({ at, outcome: event.data.outcome });
      break;
    case "ProviderUpdateRecorded":
      state.cases
        .get(streamEntity(recorded.streamId))
        ?.connections?.find((connection) => connection.connectionId === event.data.connectionId)
        ?.providerReports.push({ at, update: event.data.update });
      break;
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed": {
      // The decider accepts nothing after these: the case's connections and outcomes are final.
      const caseId = streamEntity(recorded.streamId);
      const known = state.cases.get(caseId);
      if (known !== undefined && known.endedAt === null) {
        known.endedAt = at;
        noteCaseEnded(state.retention, caseId, at);
      }
      break;
    }
    case "ReferralAccepted":
    case "ContactAttempted":
    case "ConversationHeld":
    case "WellbeingAssessed":
    case "PlanAgreed":
    case "PlanRevised":
    case "GoalProgressRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "ConsentGiven":
    case "ConsentWithdrawn":
    case "FeedbackSentToReferrer":
    case "GpRecordEntriesSent":
    case "LinkWorkerReassigned":
    case "HealthcareUsageRecorded":
    case "ComparisonCohortEnrolled":
    case "PcnListSizeRecorded":
    case "LocalCodeRegistered":
    case "SocialPrescribingStarted":
    case "PracticeListCompositionRecorded":
    case "ActivityBudgetSpent":
    case "ProviderRegistered":
    case "ProviderCapacityDeclared":
    case "FundingAwarded":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
    case "LinkWorkerLeft":
      break;
  }
}

export function fold(state: CommunityDemandState, caseId: string): void {
  const retained = state.cases.get(caseId);
  if (retained === undefined) return;
  for (const connection of retained.connections ?? []) {
    addFoldedConnection(state.folded, {
      providerId: connection.providerId,
      pcnId: retained.pcnId,
      person: retained.person,
      activity: connection.activity,
      mode: connection.mode,
      // Every outcome was recorded before the case ended, so before any asOf a report may take.
      outcome: connection.outcomes.at(-1)?.outcome ?? "no_outcome_yet",
      // Likewise every provider update: the provider's side is final.
      ...providerSideAt(connection.providerReports, Infinity),
      month: monthOf(connection.madeAt),
    });
  }
  for (const { madeAt } of retained.erased ?? []) {
    const key = `${retained.pcnId} ${monthOf(madeAt)}`;
    let people = state.foldedErased.get(key);
    if (people === undefined) state.foldedErased.set(key, (people = new Map<number, number>()));
    people.set(retained.person, (people.get(retained.person) ?? 0) + 1);
  }
  state.cases.delete(caseId);
}
