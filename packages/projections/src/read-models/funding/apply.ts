import type { RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import { monthOf } from "../shared/calendar-month.js";
import { noteCaseEnded } from "../shared/retention.js";
import { streamEntity } from "../shared/stream-entity.js";
import { ATTENDED, DECLINED, FOLDED_COUNTERS, REFERRALS, SPEND_PENCE, type FundedCase, type FundingState } from "./state.js";

const dayMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

function goalNeed(goals: readonly string[] | null, goalId: string): string | null {
  if (goals === null) return null;
  for (let at = 0; at < goals.length; at += 2) if (goals[at] === goalId) return goals[at + 1] ?? null;
  return null;
}

/** The key of a folded cell: month, provider and need (either may be null), as JSON text. */
export function foldedKey(month: string, providerId: string | null, need: string | null): string {
  return JSON.stringify([month, providerId, need]);
}

function addFolded(state: FundingState, at: number, providerId: string | null, need: string | null, counter: number, amount: number): void {
  const key = foldedKey(monthOf(at), providerId, need);
  let counters = state.folded.get(key);
  if (counters === undefined) {
    counters = new Array<number>(FOLDED_COUNTERS).fill(0);
    state.folded.set(key, counters);
  }
  counters[counter] = (counters[counter] ?? 0) + amount;
}

export function applyEvent(state: FundingState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "ProviderRegistered": {
      const { providerId, name, route } = event.data;
      if (!state.providers.has(providerId)) state.providers.set(providerId, { name, route, awards: [], capacity: [] });
      return;
    }
    case "ProviderCapacityDeclared": {
      const { monthlyPlaces, waitingList } = event.data;
      state.providers.get(event.data.providerId)?.capacity.push({ at, monthlyPlaces, waitingList });
      return;
    }
    case "FundingAwarded": {
      const { fundingId, kind, amountPence, periodStart, periodEnd, needs } = event.data;
      const provider = state.providers.get(event.data.providerId);
      if (provider === undefined || provider.awards.some((award) => award.fundingId === fundingId)) return;
      provider.awards.push({
        fundingId,
        kind,
        amountPence,
        firstDay: dayMs(periodStart),
        lastDay: dayMs(periodEnd),
        needs,
        recordedAt: at,
      });
      return;
    }
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (!state.cases.has(caseId)) state.cases.set(caseId, { goals: null, connections: null, spends: null, endedAt: null });
      return;
    }
    case "PlanAgreed":
    case "PlanRevised": {
      const known = state.cases.get(streamEntity(recorded.streamId));
      const { goals } = event.data;
      if (known !== undefined && !isErased(goals)) known.goals = goals.flatMap((goal) => [goal.goalId, goal.need]);
      return;
    }
    case "ConnectionMade": {
      const known = state.cases.get(streamEntity(recorded.streamId));
      const { connectionId, providerId, goalId } = event.data;
      // An erased person's connection names no provider to count it under: it is left out.
      if (known === undefined || isErased(providerId) || known.connections?.some((each) => each.connectionId === connectionId) === true)
        return;
      (known.connections ??= []).push({
        connectionId,
        providerId,
        need: goalNeed(known.goals, goalId),
        madeAt: at,
        attendedAt: null,
        declinedAt: null,
      });
      return;
    }
    case "ProviderUpdateRecorded": {
      const connection = state.cases
        .get(streamEntity(recorded.streamId))
        ?.connections?.find((each) => each.connectionId === event.data.connectionId);
      if (connection === undefined) return;
      if (event.data.update === "attended") connection.attendedAt ??= at;
      if (event.data.update === "declined") connection.declinedAt ??= at;
      return;
    }
    case "ActivityBudgetSpent": {
      const known = state.cases.get(streamEntity(recorded.streamId));
      const { amountPence, connectionId, goalId } = event.data;
      if (known === undefined || isErased(amountPence)) return;
      const connection = connectionId === undefined ? undefined : known.connections?.find((each) => each.connectionId === connectionId);
      (known.spends ??= []).push({ at, amountPence, providerId: connection?.providerId ?? null, need: goalNeed(known.goals, goalId) });
      return;
    }
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed": {
      // The decider accepts nothing after these: the case's connections and spend are final.
      const caseId = streamEntity(recorded.streamId);
      const known = state.cases.get(caseId);
      if (known !== undefined && known.endedAt === null) {
        known.endedAt = at;
        known.goals = null;
        noteCaseEnded(state.retention, caseId, at);
      }
      return;
    }
    case "ReferralAccepted":
    case "ContactAttempted":
    case "ConversationHeld":
    case "WellbeingAssessed":
    case "GoalProgressRecorded":
    case "ConnectionOutcomeRecorded":
    case "UnmetNeedRecorded":
    case "FollowUpScheduled":
    case "FollowUpCompleted":
    case "FeedbackSentToReferrer":
    case "LinkWorkerReassigned":
    case "HealthcareUsageRecorded":
    case "ComparisonCohortEnrolled":
    case "PcnListSizeRecorded":
    case "LocalCodeRegistered":
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
    case "LinkWorkerLeft":
    case "SocialPrescribingStarted":
    case "PracticeListCompositionRecorded":
    case "GpRecordEntriesSent":
    case "ConsentGiven":
    case "ConsentWithdrawn":
      return;
  }
}

/** Adds an ended case's facts to the monthly cells and forgets its detail. */
export function fold(state: FundingState, caseId: string): void {
  const known: FundedCase | undefined = state.cases.get(caseId);
  if (known === undefined) return;
  state.cases.delete(caseId);
  for (const connection of known.connections ?? []) {
    const { providerId, need } = connection;
    addFolded(state, connection.madeAt, providerId, need, REFERRALS, 1);
    if (connection.attendedAt !== null) addFolded(state, connection.attendedAt, providerId, need, ATTENDED, 1);
    if (connection.declinedAt !== null) addFolded(state, connection.declinedAt, providerId, need, DECLINED, 1);
  }
  for (const spend of known.spends ?? []) addFolded(state, spend.at, spend.providerId, spend.need, SPEND_PENCE, spend.amountPence);
}
