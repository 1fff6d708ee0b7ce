import { type RecordedEvent } from "@linkwork/core";
import { monthOf, type CalendarMonth } from "../shared/calendar-month.js";
import { endedAt, trackCaseMilestones } from "../shared/case-milestones.js";
import { noDecisions, tallyDecision } from "../shared/decline-rate.js";
import type { CapacityState, CapacityFoldedMonth } from "./state.js";

export function applyEvent(state: CapacityState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "PcnListSizeRecorded": {
      const sizes = state.listSizes.get(event.data.pcnId) ?? [];
      sizes.push({ at, registeredPatients: event.data.registeredPatients });
      state.listSizes.set(event.data.pcnId, sizes);
      break;
    }
    case "LinkWorkerJoined":
      if (!state.linkWorkers.has(event.data.linkWorkerId))
        state.linkWorkers.set(event.data.linkWorkerId, { pcnId: event.data.pcnId, changes: [{ at, fte: event.data.fte }] });
      break;
    case "LinkWorkerFteChanged":
      state.linkWorkers.get(event.data.linkWorkerId)?.changes.push({ at, fte: event.data.fte });
      break;
    case "LinkWorkerLeft":
      state.linkWorkers.get(event.data.linkWorkerId)?.changes.push({ at, fte: 0 });
      break;
    default: {
      // Case events: their milestones; person usage: not a capacity figure.
      trackCaseMilestones(state.cases, recorded, state.retention);
    }
  }
}

export function emptyFoldedMonth(): CapacityFoldedMonth {
  return {
    referrals: 0,
    accepted: 0,
    declined: 0,
    rejected: 0,
    peopleSupported: 0,
    referralsDeclined: 0,
    referralsDecided: 0,
    waitingChange: 0,
  };
}

/** A PCN's folded counts for the month of an instant, opened at zero. */
function foldedMonthAt(months: Map<CalendarMonth, CapacityFoldedMonth>, instant: number): CapacityFoldedMonth {
  const month = monthOf(instant);
  let folded = months.get(month);
  if (folded === undefined) {
    folded = emptyFoldedMonth();
    months.set(month, folded);
  }
  return folded;
}

/**
 * Adds an ended case, whose milestones all fell before the horizon (nothing follows an end), to its
 * PCN's monthly counts and forgets its milestones. Every report as of the horizon or later counted
 * each of those milestones in its month whole, so the counts give the same figures.
 */
export function foldCase(state: CapacityState, caseId: string): void {
  const milestones = state.cases.get(caseId);
  const ended = milestones === undefined ? null : endedAt(milestones);
  if (milestones === undefined || ended === null) return;
  const { referredAt, acceptedAt, declinedAt, rejectedAt, firstConversationAt } = milestones;
  let pcn = state.folded.get(milestones.pcnId);
  if (pcn === undefined) {
    pcn = { firstReferredAt: referredAt, months: new Map() };
    state.folded.set(milestones.pcnId, pcn);
  }
  pcn.firstReferredAt = Math.min(pcn.firstReferredAt, referredAt);
  const { months } = pcn;
  const referredIn = foldedMonthAt(months, referredAt);
  referredIn.referrals += 1;
  referredIn.waitingChange += 1;
  // An ended case's decision is final, so it counts as every report as of the horizon or later sees it.
  const decisions = noDecisions();
  tallyDecision(decisions, milestones, Number.POSITIVE_INFINITY);
  referredIn.referralsDeclined += decisions.declined;
  referredIn.referralsDecided += decisions.decided;
  foldedMonthAt(months, Math.min(firstConversationAt ?? ended, ended)).waitingChange -= 1;
  if (acceptedAt !== null) foldedMonthAt(months, acceptedAt).accepted += 1;
  if (declinedAt !== null) foldedMonthAt(months, declinedAt).declined += 1;
  if (rejectedAt !== null) foldedMonthAt(months, rejectedAt).rejected += 1;
  if (firstConversationAt !== null) foldedMonthAt(months, firstConversationAt).peopleSupported += 1;
  state.cases.delete(caseId);
}
