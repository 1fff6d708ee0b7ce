import { type RecordedEvent } from "@linkwork/core";
import { ReferralSource } from "@linkwork/core/vocabulary";
import { monthOf } from "../shared/calendar-month.js";
import { trackCaseMilestones, type CaseMilestones } from "../shared/case-milestones.js";
import { intern } from "../shared/interned-ids.js";
import { tallyDecision } from "../shared/decline-rate.js";
import { addToMonthlyTally } from "../shared/monthly-tallies.js";
import { happenedBy } from "../shared/report-period.js";
import type { ReferralSourceState } from "./state.js";

/** The counters each folded cell keeps, in order; `awaitingDecision` follows from them. */
export const foldedCounters = ["referrals", "accepted", "declined", "rejected", "decided"] as const;
export type Tally = Record<(typeof foldedCounters)[number], number>;

export const sources = ReferralSource.options;
export const sourceNumbers = new Map(sources.map((source, index) => [source, index]));

export const emptyTally = (): Tally => ({ referrals: 0, accepted: 0, declined: 0, rejected: 0, decided: 0 });

/** Adds one referral, as it stood at asOf, to a tally (its decision as the shared decline rate counts it). */
export function tallyCase(tally: Tally, milestones: CaseMilestones, asOf: number): void {
  tally.referrals += 1;
  tallyDecision(tally, milestones, asOf);
  if (happenedBy(milestones.rejectedAt, asOf)) tally.rejected += 1;
}

export function fold(state: ReferralSourceState, caseId: string): void {
  const milestones = state.cases.get(caseId);
  if (milestones === undefined) return;
  // Everything of an ended case happened before it ended, hence before the horizon and any asOf a
  // report may take: it counts as it stands now.
  const tally = emptyTally();
  tallyCase(tally, milestones, Number.POSITIVE_INFINITY);
  const cell = intern(state.folded.pcns, milestones.pcnId) * sources.length + (sourceNumbers.get(milestones.source) ?? 0);
  addToMonthlyTally(
    state.folded.tallies,
    monthOf(milestones.referredAt),
    cell,
    foldedCounters.map((counter) => tally[counter]),
  );
  state.cases.delete(caseId);
}

export function applyEvent(state: ReferralSourceState, recorded: RecordedEvent): void {
  trackCaseMilestones(state.cases, recorded, state.retention);
}
