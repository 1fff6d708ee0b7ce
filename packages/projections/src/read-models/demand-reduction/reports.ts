import type { HealthcareSetting } from "@linkwork/core/vocabulary";

import { type ChangeSummaryResult } from "../../statistics/change-summary.js";
import { type DifferenceInDifferencesResult } from "../../statistics/difference-in-differences.js";
import type { IndexDateChoice } from "./index-case.js";
import type { MatchedComparison } from "./matched-comparison.js";
import type { PreTrendCheck } from "./pre-trend.js";
import type { NoStaggeredStart, StaggeredDesign } from "./staggered-design.js";

/** Difference in differences cannot be computed because no one is enrolled in a comparison cohort. */
export interface NoComparisonCohort {
  readonly kind: "no-comparison-cohort";
  readonly detail: string;
}

/** One group's statistics in one window. */
export interface DemandReductionAnalysis {
  /** Mean before, mean after, mean and percentage change with paired bootstrap intervals. Descriptive, not the effect. */
  readonly beforeAfter: ChangeSummaryResult;
  /** The group's change minus the comparison cohort's change: the effect estimate. */
  readonly differenceInDifferences: DifferenceInDifferencesResult | NoComparisonCohort;
}

/** Who was counted in a window, and who was counted apart (and why). */
export interface WindowCoverage {
  /** People in the group with an index date. */
  readonly people: number;
  /** Counted: both windows over and covered by usage records. */
  readonly included: number;
  /** After window not ended as of `asOf`: counted apart, not as zero use. */
  readonly followUpIncomplete: number;
  /** No record of the setting at all: a missing extract is not zero use. */
  readonly noUsageRecorded: number;
  /** Records of the setting that leave some day of the before or after window uncovered. */
  readonly windowNotCovered: number;
  /** Included people flagged as frequent attenders. */
  readonly frequentAttenders: number;
  /** Included people whose GP records cannot tell (their pre-window GP use is not covered). */
  readonly frequentAttenderUnknown: number;
}

export interface CohortWindowResult extends WindowCoverage {
  readonly allPeople: DemandReductionAnalysis;
  /** Without frequent attenders (and without people whose flag is unknown), in this cohort and in the comparison cohort. */
  readonly withoutFrequentAttenders: DemandReductionAnalysis;
}

export interface DemandReductionWindow {
  readonly months: number;
  /** Length of each window in days: round(months × 365.25 / 12). */
  readonly days: number;
  /** Everyone referred (with an index date). */
  readonly intentionToTreat: CohortWindowResult;
  /** Referred people whose index case had at least one conversation. */
  readonly engaged: CohortWindowResult;
  /** Referred people whose index case closed as goals_met or connected_to_support. */
  readonly completed: CohortWindowResult;
  readonly comparison: WindowCoverage & { readonly beforeAfter: ChangeSummaryResult };
  /** The pre-trend check of the intention-to-treat DiD against the whole comparison cohort. */
  readonly preTrend: PreTrendCheck | NoComparisonCohort;
  /** Intention to treat against comparators matched one to one from the cohort (the pool), with its own pre-trend check. */
  readonly matched: MatchedComparison | NoComparisonCohort;
}

export interface DemandReductionReport {
  readonly setting: HealthcareSetting;
  readonly indexDate: IndexDateChoice;
  /** ISO instant. */
  readonly asOf: string;
  readonly frequentAttenderThreshold: number;
  readonly seed: number;
  readonly resamples: number;
  readonly confidence: number;
  readonly people: {
    /** Distinct people with at least one referral. */
    readonly referred: number;
    /** Referred people with no case reaching the chosen index event (e.g. never accepted): in no group. */
    readonly noIndexDate: number;
    /** Enrolled in the comparison cohort and never referred. */
    readonly comparison: number;
    /** Enrolled in the comparison cohort but also referred: analysed as referred, not as comparison. */
    readonly comparisonAlsoReferred: number;
    /** Erased people (crypto-shredded): their details read erased, so they are in no group and no count above. */
    readonly erased: number;
  };
  readonly windows: readonly DemandReductionWindow[];
  /** Practices started against practices not yet started, by calendar quarter, when starts are recorded. */
  readonly staggered: StaggeredDesign | NoStaggeredStart;
  /** Plain-language guidance: which figure to trust, and who was counted apart. */
  readonly notes: readonly string[];
}
