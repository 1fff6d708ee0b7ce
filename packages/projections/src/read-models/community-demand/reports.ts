import type { z } from "zod";
import type { ConnectionMode, SupportCategory } from "@linkwork/core/vocabulary";
import { OpaqueId } from "@linkwork/core";
import { type CalendarMonth } from "../shared/calendar-month.js";
import type { OutcomeSoFar } from "./folded-connections.js";
import type { ProviderStatusSoFar } from "./provider-status.js";
import { PeriodOptions } from "../shared/report-period.js";

export const CommunityDemandOptions = PeriodOptions.extend({
  /** Only connections made in cases of this PCN. */
  pcnId: OpaqueId.optional(),
});
export type CommunityDemandOptions = z.input<typeof CommunityDemandOptions>;

/** What a provider absorbed: connections made to it in the period, as they stand at asOf. */
export interface ProviderDemandFigures {
  readonly connections: number;
  /** Distinct people connected: the argument for funding follows people, not referrals. */
  readonly people: number;
  readonly byMode: Readonly<Record<ConnectionMode, number>>;
  /** Each connection counted once, under its latest outcome recorded by asOf. */
  readonly byOutcome: Readonly<Record<OutcomeSoFar, number>>;
  /**
   * The provider's side (closed-loop updates): each connection once under where it stood with its
   * provider by asOf (awaiting a reply, waitlisted, accepted, declined, finished).
   */
  readonly byProviderStatus: Readonly<Record<ProviderStatusSoFar, number>>;
  /** Connections the provider reported attended at least once by asOf. */
  readonly attended: number;
  /** Connections per activity category, by category. */
  readonly byActivity: readonly { readonly activity: SupportCategory; readonly connections: number }[];
}

export interface ProviderDemandRow extends ProviderDemandFigures {
  readonly providerId: string;
}

export interface ProviderMonthDemandRow extends ProviderDemandFigures {
  readonly providerId: string;
  /** The month the connections were made in. */
  readonly month: CalendarMonth;
}

export interface CommunityDemandReport<Row> {
  readonly asOf: string;
  readonly from: string | null;
  readonly pcnId: string | null;
  /**
   * Connections made in the period (and PCN) whose person was erased: no provider or activity to
   * count them under, so in no row; rows plus these are every connection made.
   */
  readonly erased: number;
  /**
   * The distinct erased people who made those connections, each counted once: their providers are
   * sealed too, so they cannot be counted under a provider's `people` (each row leaves them out).
   */
  readonly erasedPeople: number;
  readonly rows: readonly Row[];
}
