import type { EquityField } from "./groups.js";
import type { EstimateInterval } from "./proportion-interval.js";

/** A before/after or difference-in-differences estimate of a group's change in GP use, or why there is none. */
export type GroupDemandChange =
  | { readonly kind: "difference-in-differences" | "before-after"; readonly people: number; readonly change: EstimateInterval }
  | { readonly kind: "insufficient-data"; readonly people: number; readonly detail: string };

/** One group of one equity field: its share of the list, of the referrals, and what became of them. */
export interface EquityGroupRow {
  readonly field: EquityField;
  readonly group: string;
  /** The field's unrecorded (or not stated) group: never called under-reached. */
  readonly unrecorded: boolean;
  /** Patients in the group on the lists in force at asOf (practice compositions summed). */
  readonly listPatients: number;
  /** listPatients / the lists' total. */
  readonly listShare: number | null;
  /** Referrals received in the period from the group (practices with a composition only). */
  readonly referrals: number;
  /** referrals / all referrals. */
  readonly referralShare: number | null;
  /** Referrals in the period per 1,000 patients in the group, with its Wilson interval. */
  readonly referralsPer1000: EstimateInterval | null;
  /** referralShare / listShare: below 1, the group is referred less than its share of the list. */
  readonly reachRatio: number | null;
  /** Referred less than the whole list beyond chance: the interval's top is below the whole list's rate. */
  readonly underReached: boolean;
  readonly declined: number;
  readonly decided: number;
  /** The shared decline rate (of referrals decided by asOf, the share declined), with its interval. */
  readonly declineRate: EstimateInterval | null;
  /** Referrals whose first conversation was held by asOf. */
  readonly engaged: number;
  /** engaged / referrals. */
  readonly engagementRate: EstimateInterval | null;
  /** Engaged referrals closed by asOf with a completed reason (goals met, connected to support). */
  readonly completed: number;
  /** completed / engaged. */
  readonly completionRate: EstimateInterval | null;
  /** Referrals with a baseline and a later assessment of the followed score by asOf. */
  readonly outcomePairs: number;
  /** Mean change of the followed score from baseline to the latest later assessment, with its bootstrap interval. */
  readonly outcomeChange: EstimateInterval | null;
  /** Change in GP appointments over the window: DiD against the comparison cohort when there is one. */
  readonly demandChange: GroupDemandChange;
}

export interface EquityReport {
  readonly asOf: string;
  readonly from: string | null;
  readonly pcnId: string | null;
  readonly confidence: number;
  /** The followed outcome score. */
  readonly outcome: { readonly instrument: string; readonly score: string };
  readonly windowMonths: number;
  /** Practices whose composition is in force at asOf (in scope). */
  readonly practices: number;
  /** The lists' total at asOf. */
  readonly listPatients: number;
  /** Referrals in the period from practices with a composition. */
  readonly referrals: number;
  /** Referrals from the whole list per 1,000 patients: what each group is compared with. */
  readonly referralsPer1000: EstimateInterval | null;
  /** Referrals in the period from practices with no composition in force: counted nowhere else. */
  readonly referralsWithoutComposition: number;
  /** Referred people the lookup knew (the rest count as not recorded). */
  readonly peopleLookedUp: number;
  readonly peopleReferred: number;
  readonly rows: readonly EquityGroupRow[];
}
