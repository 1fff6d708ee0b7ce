import type { z } from "zod";
import type { FundingKind, ProviderReferralRoute } from "@linkwork/core/vocabulary";
import type { CalendarMonth } from "../shared/calendar-month.js";
import { PeriodOptions } from "../shared/report-period.js";

/** The funding report covers a period: from `from` (default: the start of the history) to `asOf`. */
export const FundingOptions = PeriodOptions;
export type FundingOptions = z.input<typeof FundingOptions>;

/**
 * What a provider absorbed and was paid in a period. Money is in pence, rounded to the penny once,
 * from the exact share (so rows may differ by a penny from a total).
 */
export interface FundingFigures {
  /** Connections made to the provider in the period: the referrals (and signposts) it absorbed. */
  readonly referrals: number;
  /** Connections the provider first reported attended in the period. */
  readonly attended: number;
  /** Connections the provider declined in the period. */
  readonly declined: number;
  /** The provider's grants and commissions spread over their days, for the days of the period. */
  readonly fundingPence: number;
  /** Funding per attended connection; null without an attended connection. */
  readonly costPerAttendedPence: number | null;
  /** Activity-budget spend for connections to the provider in the period. */
  readonly activitySpendPence: number;
}

export interface ProviderFundingRow extends FundingFigures {
  readonly providerId: string;
  /** Its name in the directory; null for a provider connections named that was never listed. */
  readonly name: string | null;
  readonly route: ProviderReferralRoute | null;
  /** Its latest declaration by asOf: new people a month and the waiting list; null when it declared none. */
  readonly monthlyPlaces: number | null;
  readonly waitingList: number | null;
  /** The kinds of funding that paid for days of the period. */
  readonly fundingKinds: readonly FundingKind[];
}

export interface ProviderMonthFundingRow extends FundingFigures {
  readonly providerId: string;
  readonly month: CalendarMonth;
}

export interface ProviderNeedFundingRow extends FundingFigures {
  readonly providerId: string;
  /** The need of the plan's goal a connection was made for; funding for several needs is shared evenly among them. */
  readonly need: string;
}

export interface FundingReport {
  readonly asOf: string;
  readonly from: string | null;
  /** Every provider with activity or funding in the period, by provider id. */
  readonly providers: readonly ProviderFundingRow[];
  /** The same per UTC month of the period (months with activity or funding only). */
  readonly byMonth: readonly ProviderMonthFundingRow[];
  /** The same per need category. */
  readonly byNeed: readonly ProviderNeedFundingRow[];
  /** Providers that absorbed referrals in the period with no funding for any of its days, most referrals first. */
  readonly unfundedWithDemand: readonly string[];
  /** Every provider together, and activity-budget spend that named no connection. */
  readonly totals: FundingFigures & { readonly activitySpendWithoutProviderPence: number };
}
