import { isErased } from "../personal-data/erased.js";
import { consentAfter } from "./consent.js";
import type { CaseEvent, Goal } from "./events.js";
import { gpRecordEntryKind } from "./gp-record-entries.js";
import type { CaseState, PlannedGoal } from "./state.js";
import { statusAfter } from "../provider/connection-status.js";

function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> {
  return new Map(map).set(key, value);
}

/** A revised plan keeps the progress of the goals it carries over. */
function planGoals(goals: readonly Goal[], previous: ReadonlyMap<string, PlannedGoal>): ReadonlyMap<string, PlannedGoal> {
  return new Map(goals.map((goal) => [goal.goalId, { ...goal, progress: previous.get(goal.goalId)?.progress ?? "not_started" }] as const));
}

/** The events that caused the case's GP record entries, after an event: one more when it causes one. */
function gpRecordAfter(state: CaseState, event: CaseEvent): readonly string[] {
  if (state.caseId === null || gpRecordEntryKind(event) === null) return state.gpRecordEntryEvents;
  return [...state.gpRecordEntryEvents, event.metadata.eventId];
}

/** Applies one event to a case. Total and pure: replaying a case's events rebuilds its state. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  const next = { ...state, lastOccurredAt: event.metadata.occurredAt, gpRecordEntryEvents: gpRecordAfter(state, event) };
  switch (event.type) {
    case "ReferralReceived":
      return {
        ...next,
        stage: "referred",
        caseId: event.data.caseId,
        personId: event.data.personId,
        pcnId: event.data.pcnId,
        source: event.data.source,
        consent: event.data.consent,
        referredAt: event.metadata.occurredAt,
        // Every referral names its reasons, so erased reasons mean an erased person.
        personErased: isErased(event.data.reasons),
      };
    case "ReferralAccepted":
      return { ...next, stage: "accepted", linkWorkerId: event.data.linkWorkerId };
    case "ReferralRejected":
      return { ...next, stage: "rejected" };
    case "SocialPrescribingDeclined":
      return { ...next, stage: "declined" };
    case "ContactAttempted":
      return { ...next, unansweredAttempts: event.data.reached ? 0 : state.unansweredAttempts + 1 };
    case "ConversationHeld":
      return {
        ...next,
        stage: state.stage === "accepted" ? "in_conversation" : state.stage,
        contacts: state.contacts + 1,
        unansweredAttempts: 0,
      };
    case "WellbeingAssessed":
      return next;
    case "PlanAgreed":
    case "PlanRevised":
      // An erased plan (the person was erased) has no goals anyone can know.
      return { ...next, stage: "plan_agreed", goals: isErased(event.data.goals) ? new Map() : planGoals(event.data.goals, state.goals) };
    case "GoalProgressRecorded": {
      const goal = state.goals.get(event.data.goalId);
      return goal === undefined
        ? next
        : { ...next, goals: withEntry(state.goals, event.data.goalId, { ...goal, progress: event.data.progress }) };
    }
    case "ConnectionMade":
      return {
        ...next,
        connections: withEntry(state.connections, event.data.connectionId, {
          goalId: event.data.goalId,
          providerId: isErased(event.data.providerId) ? null : event.data.providerId,
          outcome: null,
          providerStatus: "awaiting",
        }),
      };
    case "ConnectionOutcomeRecorded": {
      const connection = state.connections.get(event.data.connectionId);
      return connection === undefined
        ? next
        : { ...next, connections: withEntry(state.connections, event.data.connectionId, { ...connection, outcome: event.data.outcome }) };
    }
    case "UnmetNeedRecorded":
      return next;
    case "FollowUpScheduled":
      return { ...next, followUps: withEntry(state.followUps, event.data.followUpId, { dueOn: event.data.dueOn, completed: false }) };
    case "FollowUpCompleted": {
      const followUp = state.followUps.get(event.data.followUpId);
      return {
        ...next,
        contacts: state.contacts + 1,
        unansweredAttempts: 0,
        followUps:
          followUp === undefined ? state.followUps : withEntry(state.followUps, event.data.followUpId, { ...followUp, completed: true }),
      };
    }
    case "FeedbackSentToReferrer":
      return { ...next, feedbackSent: state.feedbackSent + 1 };
    case "LinkWorkerReassigned":
      return { ...next, linkWorkerId: event.data.toLinkWorkerId };
    case "CaseClosed":
      return { ...next, stage: "closed" };
    case "GpRecordEntriesSent":
      return { ...next, gpRecordEntriesSent: new Set([...state.gpRecordEntriesSent, ...event.data.entryIds]) };
    case "ProviderUpdateRecorded": {
      const connection = state.connections.get(event.data.connectionId);
      const providerStatus = connection === undefined ? null : statusAfter(connection.providerStatus, event.data.update);
      return connection === undefined || providerStatus === null
        ? next
        : { ...next, connections: withEntry(state.connections, event.data.connectionId, { ...connection, providerStatus }) };
    }
    case "ActivityBudgetSpent":
      return next;
    case "ConsentGiven":
    case "ConsentWithdrawn":
      return state.consent === null
        ? next
        : { ...next, consent: consentAfter(state.consent, event.data.purpose, event.type === "ConsentGiven") };
  }
}
