import { type RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import { monthOf } from "../shared/calendar-month.js";
import { intern, internedIdList } from "../shared/interned-ids.js";
import { addToMonthlyCounter } from "../shared/monthly-tallies.js";
import { noteCaseEnded } from "../shared/retention.js";
import { streamEntity } from "../shared/stream-entity.js";
import { monthNumber } from "./month-numbers.js";
import {
  type FoldedGaps,
  NEED_KEYS,
  PROVIDER_KEYS,
  type CaseNeeds,
  type UnmetNeedState,
  reasonNumbers,
  CASES,
  CLOSED_WITHOUT_CONNECTION,
  CONNECTION_WIDTH,
  DECLINED_BY_PROVIDER,
  declineReasonNumbers,
  NO_PROVIDER,
  UNMET_WIDTH,
} from "./state.js";

/** The cell of a (PCN, need) pair in the folded tallies, numbering the pair when it is new. */
export function pairCell(folded: FoldedGaps, pcn: number, need: number): number {
  return intern(folded.pairs, pcn * NEED_KEYS + need);
}

/** Notes that a folded case named a provider for a pair in a month, keeping the latest month. */
export function noteProviderNamed(folded: FoldedGaps, cell: number, provider: number, month: number): void {
  const key = cell * PROVIDER_KEYS + provider;
  const held = folded.providersNamed.get(key);
  if (held === undefined || held < month) folded.providersNamed.set(key, month);
}

export const noNeeds: readonly number[] = Object.freeze([]);

function raise(needs: CaseNeeds, need: number): void {
  if (!needs.needs.includes(need)) needs.needs = needs.needs.concat(need);
}

function connect(needs: CaseNeeds, need: number): void {
  const index = needs.needs.indexOf(need);
  if (index < needs.connected) return;
  const reordered = needs.needs.slice();
  reordered[index] = reordered[needs.connected] ?? need;
  reordered[needs.connected] = need;
  needs.needs = reordered;
  needs.connected += 1;
}

function goalNeed(goals: readonly (string | number)[] | null, goalId: string): number | undefined {
  if (goals === null) return undefined;
  for (let at = 0; at < goals.length; at += 2) if (goals[at] === goalId) return goals[at + 1] as number;
  return undefined;
}

/** The case ended: keep only what reports read from an ended case, and queue it for folding. */
function end(state: UnmetNeedState, caseId: string, needs: CaseNeeds, at: number, closed: boolean): void {
  if (needs.endedAt !== null) return;
  needs.endedAt = at;
  needs.closed = closed;
  const unconnected = closed ? needs.needs.slice(needs.connected) : [];
  needs.needs = unconnected.length === 0 ? noNeeds : unconnected;
  needs.connected = 0;
  needs.goals = null;
  // Nothing follows an ended case: no provider can decline one of its connections any more.
  needs.connections = null;
  noteCaseEnded(state.retention, caseId, at);
}

export function applyEvent(state: UnmetNeedState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  const { ids } = state;
  switch (event.type) {
    case "ReferralReceived": {
      const caseId = streamEntity(recorded.streamId);
      if (state.cases.has(caseId)) return;
      // An erased person's reasons are unknown: the case is counted, with no needs.
      const reasons = isErased(event.data.reasons) ? [] : event.data.reasons;
      const needs = [...new Set(reasons.map((need) => intern(ids.needs, need)))];
      state.cases.set(caseId, {
        pcn: intern(ids.pcns, event.data.pcnId),
        needs: needs.length === 0 ? noNeeds : needs,
        connected: 0,
        goals: null,
        unmet: null,
        connections: null,
        declined: null,
        erased: null,
        endedAt: null,
        closed: false,
      });
      return;
    }
    case "ConversationHeld": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      const raised = event.data.needs;
      if (needs !== undefined && !isErased(raised)) for (const need of raised) raise(needs, intern(ids.needs, need));
      return;
    }
    case "PlanAgreed":
    case "PlanRevised": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      const planned = event.data.goals;
      if (needs === undefined || isErased(planned)) return;
      const goals = new Array<string | number>(2 * planned.length);
      planned.forEach((goal, index) => {
        const need = intern(ids.needs, goal.need);
        goals[2 * index] = goal.goalId;
        goals[2 * index + 1] = need;
        raise(needs, need);
      });
      needs.goals = goals.length === 0 ? null : goals;
      return;
    }
    case "ConnectionMade": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      const need = goalNeed(needs?.goals ?? null, event.data.goalId);
      if (needs === undefined || need === undefined) return;
      connect(needs, need);
      const { connectionId, providerId } = event.data;
      // An erased person's connection names no provider: a decline of it cannot be placed.
      if (isErased(providerId)) return;
      const connection = [connectionId, need, intern(ids.providers, providerId)];
      needs.connections = needs.connections === null ? connection : needs.connections.concat(connection);
      return;
    }
    case "ProviderUpdateRecorded": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      const { connectionId, update, reason } = event.data;
      if (needs === undefined || update !== "declined" || reason === undefined || needs.connections === null) return;
      const { connections } = needs;
      for (let index = 0; index < connections.length; index += CONNECTION_WIDTH) {
        if (connections[index] !== connectionId) continue;
        const declined = [at, connections[index + 1] as number, declineReasonNumbers.get(reason) ?? 0, connections[index + 2] as number];
        needs.declined = needs.declined === null ? declined : needs.declined.concat(declined);
        return;
      }
      return;
    }
    case "UnmetNeedRecorded": {
      const needs = state.cases.get(streamEntity(recorded.streamId));
      const { need, reason, providerId } = event.data;
      if (needs === undefined) return;
      // An erased unmet need (its person was erased) names no need to count it under: counted apart.
      if (isErased(need) || isErased(reason) || isErased(providerId)) {
        needs.erased = needs.erased === null ? [at] : needs.erased.concat(at);
        return;
      }
      const unmet = [
        at,
        intern(ids.needs, need),
        reasonNumbers.get(reason) ?? 0,
        providerId === undefined ? NO_PROVIDER : intern(ids.providers, providerId),
      ];
      needs.unmet = needs.unmet === null ? unmet : needs.unmet.concat(unmet);
      return;
    }
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed": {
      const caseId = streamEntity(recorded.streamId);
      const needs = state.cases.get(caseId);
      if (needs !== undefined) end(state, caseId, needs, at, event.type === "CaseClosed");
      return;
    }
    case "ReferralAccepted":
    case "ContactAttempted":
    case "WellbeingAssessed":
    case "GoalProgressRecorded":
    case "ConnectionOutcomeRecorded":
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
      return;
  }
}

/** Whether the unmet need starting at `at` is the last of its need in the case: the latest, the later one on a tie. */
function lastOfItsNeed(unmet: readonly number[], at: number): boolean {
  const time = unmet[at] ?? 0;
  for (let other = 0; other < unmet.length; other += UNMET_WIDTH) {
    if (other === at || unmet[other + 1] !== unmet[at + 1]) continue;
    const otherTime = unmet[other] ?? 0;
    if (otherTime > time || (otherTime === time && other > at)) return false;
  }
  return true;
}

/** Adds an ended case to the tallies of its PCN's cells and forgets its detail: O(its events), no allocation kept. */
export function fold(state: UnmetNeedState, caseId: string): void {
  const needs = state.cases.get(caseId);
  if (needs === undefined) return;
  state.cases.delete(caseId);
  const { folded } = state;
  const unmet = needs.unmet ?? noNeeds;
  for (let at = 0; at < unmet.length; at += UNMET_WIDTH) {
    const time = unmet[at] ?? 0;
    const cell = pairCell(folded, needs.pcn, unmet[at + 1] ?? 0);
    const month = monthOf(time);
    addToMonthlyCounter(folded.tallies, month, cell, unmet[at + 2] ?? 0);
    const provider = unmet[at + 3] ?? NO_PROVIDER;
    if (provider !== NO_PROVIDER) noteProviderNamed(folded, cell, provider, monthNumber(time));
    // The case counts once per need in a period that holds one of its unmet needs of that need, that
    // is, in a period from a month up to its last one: so it is tallied under that last month.
    if (lastOfItsNeed(unmet, at)) addToMonthlyCounter(folded.tallies, month, cell, CASES);
  }
  if (needs.erased !== null) {
    const pcnId = internedIdList(state.ids.pcns)[needs.pcn] ?? "";
    for (const time of needs.erased) {
      const key = `${pcnId} ${monthOf(time)}`;
      state.foldedErased.set(key, (state.foldedErased.get(key) ?? 0) + 1);
    }
  }
  const declined = needs.declined ?? noNeeds;
  for (let at = 0; at < declined.length; at += UNMET_WIDTH) {
    const time = declined[at] ?? 0;
    const cell = pairCell(folded, needs.pcn, declined[at + 1] ?? 0);
    addToMonthlyCounter(folded.tallies, monthOf(time), cell, DECLINED_BY_PROVIDER + (declined[at + 2] ?? 0));
    noteProviderNamed(folded, cell, declined[at + 3] ?? 0, monthNumber(time));
  }
  if (needs.closed && needs.endedAt !== null) {
    const month = monthOf(needs.endedAt);
    for (const need of needs.needs.slice(needs.connected)) {
      addToMonthlyCounter(folded.tallies, month, pairCell(folded, needs.pcn, need), CLOSED_WITHOUT_CONNECTION);
    }
  }
}
