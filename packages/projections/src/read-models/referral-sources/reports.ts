import type { z } from "zod";
import type { ReferralSource } from "@linkwork/core/vocabulary";
import { OpaqueId, type SnomedCode } from "@linkwork/core";
import { PeriodOptions } from "../shared/report-period.js";

export const ReferralSourceOptions = PeriodOptions.extend({
  /** Only referrals into this PCN. */
  pcnId: OpaqueId.optional(),
});
export type ReferralSourceOptions = z.input<typeof ReferralSourceOptions>;

/**
 * What became of the referrals received in the period, as of asOf. Each referral counts once per
 * figure: a person who accepted and later declined counts as accepted and as declined.
 */
export interface ReferralFigures {
  readonly referrals: number;
  /** Referrals accepted by asOf (the episode's SNOMED 871731000000106). */
  readonly accepted: number;
  /** Referrals the person declined by asOf, before or after acceptance. */
  readonly declined: number;
  readonly rejected: number;
  /** Neither accepted, declined nor rejected by asOf. */
  readonly awaitingDecision: number;
  /** accepted / referrals. */
  readonly acceptanceRate: number | null;
  /** declined / people who decided (accepted or declined, each person once). */
  readonly declineRate: number | null;
}

export interface ReferralSourceRow extends ReferralFigures {
  readonly source: ReferralSource;
  readonly medicalRoute: boolean;
  /** This source's referrals / all referrals. */
  readonly share: number | null;
}

export interface SnomedCount {
  readonly code: SnomedCode;
  readonly concept: string;
  readonly count: number;
}

export interface ReferralSourceReport {
  readonly asOf: string;
  readonly from: string | null;
  readonly pcnId: string | null;
  readonly all: ReferralFigures;
  /** Every source of the vocabulary, zeros included, in the vocabulary's order. */
  readonly rows: readonly ReferralSourceRow[];
  readonly medicalRoute: { readonly sources: readonly ReferralSource[]; readonly referrals: number; readonly share: number | null };
  /** The codes these referrals put in GP records: accepted once per episode, and declines. */
  readonly snomed: readonly SnomedCount[];
}
