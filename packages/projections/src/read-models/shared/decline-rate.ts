import type { CaseMilestones } from "./case-milestones.js";
import { happenedBy } from "./report-period.js";

/**
 * The decline rate, defined once for every report that gives one (capacity, referral sources,
 * equity): of the referrals whose person had decided by asOf (accepted or declined, each referral
 * once), the share who declined. A person who accepted and later declined counts once among those
 * who decided, and as a decline.
 */
export interface Decisions {
  /** Referrals accepted by asOf. */
  accepted: number;
  /** Referrals the person declined by asOf, before or after acceptance. */
  declined: number;
  /** Referrals accepted or declined by asOf, each once. */
  decided: number;
}

export const noDecisions = (): Decisions => ({ accepted: 0, declined: 0, decided: 0 });

/** Adds one referral's decision, as it stood at asOf, to the tally (in place). */
export function tallyDecision(decisions: Decisions, milestones: Pick<CaseMilestones, "acceptedAt" | "declinedAt">, asOf: number): void {
  const isAccepted = happenedBy(milestones.acceptedAt, asOf);
  const isDeclined = happenedBy(milestones.declinedAt, asOf);
  if (isAccepted) decisions.accepted += 1;
  if (isDeclined) decisions.declined += 1;
  if (isAccepted || isDeclined) decisions.decided += 1;
}

/** declined / decided; null when nobody decided. */
export function declineRate(decisions: Pick<Decisions, "declined" | "decided">): number | null {
  return decisions.decided === 0 ? null : decisions.declined / decisions.decided;
}
