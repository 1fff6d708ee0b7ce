import { z } from "zod";
import type { ClosureReason } from "@linkwork/core/vocabulary";
import { Instant } from "@linkwork/core";
import { HealthcareSetting } from "@linkwork/core/vocabulary";

import { reportBootstrapFields } from "../shared/report-bootstrap.js";
import { IndexDateChoice } from "./index-case.js";
import { RetentionDays } from "../shared/retention.js";

export const DEMAND_REDUCTION_PROJECTION = "demand-reduction";
/** Bump when `apply` or the state's shape changes: the runner then rebuilds from the start. */
export const DEMAND_REDUCTION_VERSION = 3;

/** Closure reasons that count an episode as completed. */
export const completedClosureReasons: readonly ClosureReason[] = ["goals_met", "connected_to_support"];

/** The domain's default windows are 6 and 12 months, so by default reports may ask up to 12. */
export const DEFAULT_MAX_WINDOW_MONTHS = 12;

export const DemandReductionProjectionSettings = z.strictObject({
  /** Days a case's detail is kept after it ended (default 92), or "all"; reports as of an earlier instant are refused. */
  retentionDays: RetentionDays,
  /**
   * The longest before/after window, in months, a report may ask for. Usage periods that start after
   * every after window of every index date still possible are dropped, so reports asking more are refused.
   */
  maxWindowMonths: z.number().int().min(1).max(120).default(DEFAULT_MAX_WINDOW_MONTHS),
});
export type DemandReductionProjectionSettings = z.output<typeof DemandReductionProjectionSettings>;
export type DemandReductionProjectionSettingsInput = z.input<typeof DemandReductionProjectionSettings>;

// ---------------------------------------------------------------------------------------------
// The report
/** GP appointments a year above which a person is a frequent attender (domain.md, section 2). */
export const DEFAULT_FREQUENT_ATTENDER_THRESHOLD = 10;
/** The pre-window the frequent-attender rule looks at first, in months. */
export const FREQUENT_ATTENDER_MONTHS = 12;

export const DemandReductionSettings = z.strictObject({
  indexDate: IndexDateChoice.default("referral"),
  /** The kind of use counted; the frequent-attender flag always counts GP appointments. */
  setting: HealthcareSetting.default("gp_appointment"),
  /** Window lengths in months; each gives a before and an after window of that length. */
  windowsMonths: z
    .array(z.number().int().min(1).max(120))
    .min(1)
    .max(12)
    .refine((months) => new Set(months).size === months.length, "window lengths must all differ")
    .default([6, 12]),
  /**
   * The report describes what was known at this instant: events after it are left out, and after
   * windows not ended by it are "follow-up incomplete". Default: the latest occurredAt seen.
   */
  asOf: Instant.optional(),
  /** Annualised GP appointments before the index date above which a person is a frequent attender. */
  frequentAttenderThreshold: z.number().min(0).max(10_000).default(DEFAULT_FREQUENT_ATTENDER_THRESHOLD),
  ...reportBootstrapFields,
});
export type DemandReductionSettings = z.infer<typeof DemandReductionSettings>;
export type DemandReductionSettingsInput = z.input<typeof DemandReductionSettings>;
