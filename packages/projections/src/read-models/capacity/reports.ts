import { type CalendarMonth } from "../shared/calendar-month.js";

export type ReferralRateBand = "below" | "within" | "above";

/** One PCN in one calendar month; every figure is documented in docs/projections.md. */
export interface CapacityMonthRow {
  readonly pcnId: string;
  readonly month: CalendarMonth;
  /** False for the month asOf falls in (unless asOf is its last millisecond): its figures run to asOf. */
  readonly complete: boolean;
  /** The latest list size recorded by the month's end; null when none was. */
  readonly registeredPatients: number | null;
  /** FTE in post at the month's end (or at asOf). */
  readonly fte: number;
  readonly ftePer10k: number | null;
  /** The FTE the target ratio calls for with this list. */
  readonly fteNeeded: number | null;
  readonly meetsFteTarget: boolean | null;
  readonly referrals: number;
  readonly accepted: number;
  readonly declined: number;
  readonly rejected: number;
  /** Of the month's referrals, those the person declined by asOf. */
  readonly referralsDeclined: number;
  /** Of the month's referrals, those accepted or declined by asOf, each once. */
  readonly referralsDecided: number;
  /** referralsDeclined / referralsDecided: the decline rate as the referral-source report defines it (shared/decline-rate.ts). */
  readonly declineRate: number | null;
  /** Cases whose first conversation was held in the month. */
  readonly peopleSupported: number;
  /** peopleSupported x 12 / fte. */
  readonly supportedPerFtePerYear: number | null;
  /** supportedPerFtePerYear / the benchmark: above 1 is more than a link worker is expected to carry. */
  readonly caseloadUtilisation: number | null;
  /** referrals x 12 / registeredPatients, a fraction (0.014 is 1.4%). */
  readonly annualisedReferralRate: number | null;
  readonly referralRateBand: ReferralRateBand | null;
  /** Cases referred and not ended with no conversation yet, at the month's end. */
  readonly waitingList: number;
  /** fte x benchmark / 12: the people the PCN's link workers can take on in a month. */
  readonly monthlyCapacity: number;
}

export interface CapacityReport {
  readonly asOf: string;
  readonly fteTargetPer10k: number;
  readonly caseloadBenchmarkPerFte: number;
  readonly referralRateBand: { readonly lower: number; readonly upper: number };
  readonly rows: readonly CapacityMonthRow[];
}

/** One PCN in one year (financial by default): what commissioners plan and fund by. */
export interface CapacityYearRow {
  readonly pcnId: string;
  /** `2025/26` for a financial year, `2025` for a calendar year. */
  readonly year: string;
  readonly firstMonth: CalendarMonth;
  readonly lastMonth: CalendarMonth;
  /** Months of the year reported (fewer at the start of the history, with `from`, or up to asOf). */
  readonly months: number;
  /** The year's twelve months are all reported and complete. */
  readonly complete: boolean;
  /** The list at the last month's end; null when none was recorded. */
  readonly registeredPatients: number | null;
  /** The mean of the months' FTE in post. */
  readonly fte: number;
  /** The FTE the target ratio calls for with the list. */
  readonly fteNeeded: number | null;
  /** fteNeeded - fte when positive, else 0: the FTE short of the target. */
  readonly shortfallFte: number | null;
  readonly referrals: number;
  /** referrals / registeredPatients: the share of the list referred in the year (the incentive band is 1.2-1.6% a year). */
  readonly referralShareOfList: number | null;
  readonly referralsDeclined: number;
  readonly referralsDecided: number;
  /** referralsDeclined / referralsDecided: the shared decline rate over the year's referrals. */
  readonly declineRate: number | null;
  /** People whose first conversation was held in the year. */
  readonly peopleSupported: number;
  /** fte x caseload benchmark x months / 12: the people the year's link workers could support. */
  readonly annualCapacity: number;
  /** peopleSupported / annualCapacity. */
  readonly capacityUtilisation: number | null;
}

export interface CapacityYearReport {
  readonly asOf: string;
  /** The month years start in (4: April, the NHS financial year). */
  readonly yearStartMonth: number;
  readonly fteTargetPer10k: number;
  readonly caseloadBenchmarkPerFte: number;
  readonly rows: readonly CapacityYearRow[];
}

/** The least-squares line through the trailing complete months of referrals. */
export interface ReferralTrend {
  readonly months: readonly CalendarMonth[];
  readonly referrals: readonly number[];
  /** Change in monthly referrals per month. */
  readonly slopePerMonth: number;
  /** The line's value at the last trend month. */
  readonly fittedLastMonth: number;
}

export type DemandOutlook =
  | {
      readonly kind: "overtakes";
      /** The first month after the trend window whose predicted referrals exceed monthly capacity. */
      readonly month: CalendarMonth;
      readonly monthsAhead: number;
      readonly predictedReferrals: number;
    }
  | { readonly kind: "not-within-horizon"; readonly horizonMonths: number; readonly predictedReferralsAtHorizon: number }
  | { readonly kind: "insufficient-data"; readonly detail: string };

export interface CapacityForecastRow {
  readonly pcnId: string;
  /** FTE in post at asOf, held constant over the horizon. */
  readonly fte: number;
  readonly monthlyCapacity: number;
  readonly trend: ReferralTrend | null;
  readonly outlook: DemandOutlook;
}

export interface CapacityForecastReport {
  readonly asOf: string;
  readonly caseloadBenchmarkPerFte: number;
  readonly trendMonths: number;
  readonly forecastHorizonMonths: number;
  readonly rows: readonly CapacityForecastRow[];
}
