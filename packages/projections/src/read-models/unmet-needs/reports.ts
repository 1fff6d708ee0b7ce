import type { NeedCategory, ProviderDeclineReason, UnmetNeedReason } from "@linkwork/core/vocabulary";
import { type CalendarMonth } from "../shared/calendar-month.js";

/** UnmetNeedRecorded events in one month, PCN, need and reason. */
export interface UnmetNeedMonthRow {
  readonly month: CalendarMonth;
  readonly pcnId: string;
  readonly need: NeedCategory;
  readonly reason: UnmetNeedReason;
  readonly count: number;
}

/** One need in one PCN: the gap community builders look at. */
export interface UnmetNeedGapRow {
  readonly pcnId: string;
  readonly need: NeedCategory;
  /** UnmetNeedRecorded events in the period: the primary measure. */
  readonly unmetNeeds: number;
  /** Cases they were recorded in. */
  readonly cases: number;
  readonly byReason: Readonly<Record<UnmetNeedReason, number>>;
  /**
   * Connections for a goal of this need that the provider declined in the period (closed-loop
   * updates): a referral the provider would not or could not take is a gap too.
   */
  readonly declinedByProvider: number;
  readonly byDeclineReason: Readonly<Record<ProviderDeclineReason, number>>;
  /** Providers named as unable to meet the need (full, waiting list...), and providers that declined a connection for it. */
  readonly providersNamed: readonly string[];
  /**
   * The secondary measure: cases closed in the period that had raised this need (at referral, in a
   * conversation or as a plan goal) and never made a connection for a goal of this need.
   */
  readonly closedWithoutConnection: number;
}

/** UnmetNeedRecorded events of erased people in one month and PCN: no need or reason to count them under. */
export interface UnmetNeedErasedRow {
  readonly month: CalendarMonth;
  readonly pcnId: string;
  readonly count: number;
}

export interface UnmetNeedReport<Row> {
  readonly asOf: string;
  readonly from: string | null;
  /**
   * Unmet needs recorded in the period whose person was erased, by month and PCN (non-zero, in
   * order): in no row, so rows plus these are every unmet need recorded.
   */
  readonly erased: readonly UnmetNeedErasedRow[];
  readonly rows: readonly Row[];
}
