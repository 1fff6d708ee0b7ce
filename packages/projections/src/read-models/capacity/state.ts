import { type CalendarMonth } from "../shared/calendar-month.js";
import { type CaseMilestones } from "../shared/case-milestones.js";
import { type Retention } from "../shared/retention.js";
import type { CapacitySettings } from "./settings.js";

interface LinkWorkerHours {
  readonly pcnId: string;
  /** FTE from each instant on; a leaver's last entry is 0. */
  readonly changes: { readonly at: number; readonly fte: number }[];
}

/**
 * What the cases of one PCN folded past the retention horizon contributed to one UTC month: each
 * count is of the milestones that fell in the month, as a month row counts them.
 */
export interface CapacityFoldedMonth {
  referrals: number;
  accepted: number;
  declined: number;
  rejected: number;
  peopleSupported: number;
  /** Of the cases referred in the month, those the person declined (the shared decline rate's numerator). */
  referralsDeclined: number;
  /** Of the cases referred in the month, those accepted or declined, each once (its denominator). */
  referralsDecided: number;
  /**
   * Cases that started waiting in the month (their referral) less those whose waiting stopped in it
   * (first conversation or end): a difference array, so the waiting list at a month's end is the sum
   * over it and the months before. Every folded case stopped waiting, so the sum over all months is 0.
   */
  waitingChange: number;
}

/** A PCN's folded cases: when the earliest was referred (the PCN was seen then) and counts by month. */
export interface CapacityFoldedPcn {
  firstReferredAt: number;
  readonly months: Map<CalendarMonth, CapacityFoldedMonth>;
}

/**
 * Retained cases' milestones, the counts of cases folded past the retention horizon, link workers'
 * hours over time and PCN list sizes over time (kept whole: they grow with staff and PCNs, not cases).
 */
export interface CapacityState {
  readonly settings: CapacitySettings;
  readonly cases: Map<string, CaseMilestones>;
  readonly folded: Map<string, CapacityFoldedPcn>;
  readonly retention: Retention;
  readonly linkWorkers: Map<string, LinkWorkerHours>;
  readonly listSizes: Map<string, { readonly at: number; readonly registeredPatients: number }[]>;
  latestOccurredAt: number | null;
}
