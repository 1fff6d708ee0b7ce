import { type CaseMilestones } from "../shared/case-milestones.js";
import { type InternedIds } from "../shared/interned-ids.js";
import { type MonthlyTallies } from "../shared/monthly-tallies.js";
import { type Retention } from "../shared/retention.js";
import type { ReferralSourceSettings } from "./settings.js";

/**
 * What became of the referrals of cases folded away, per UTC month of the referral, PCN and source:
 * each case ended before the retention horizon, so every report as of the horizon or later sees all
 * of it, and these counters are all such a report needs of it.
 */
export interface FoldedReferrals {
  readonly pcns: InternedIds;
  /** Cell `pcn number * sources + source index`; counters in `foldedCounters` order. */
  readonly tallies: MonthlyTallies;
}

export interface ReferralSourceState {
  readonly settings: ReferralSourceSettings;
  /** Cases not folded yet: open, or ended at or after the retention horizon (or not yet passed by it). */
  readonly cases: Map<string, CaseMilestones>;
  readonly retention: Retention;
  readonly folded: FoldedReferrals;
  latestOccurredAt: number | null;
}
