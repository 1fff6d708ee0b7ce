import { z } from "zod";
import { OpaqueId } from "@linkwork/core";
import { DemandReductionProjectionSettings } from "../demand-reduction/settings.js";
import { PeriodOptions } from "../shared/report-period.js";
import { reportBootstrapFields } from "../shared/report-bootstrap.js";

/** The equity read model's settings: which outcome score it follows, and its demand-reduction part's. */
export const EquitySettings = z.strictObject({
  /** The wellbeing score whose change from baseline the report splits by group (default WEMWBS's total, 14-70). */
  outcome: z
    .strictObject({ instrument: z.string().min(1).max(40).default("WEMWBS"), score: z.string().min(1).max(40).default("total") })
    .prefault({}),
  /** The embedded demand-reduction state's settings (retention and the longest window a report may ask for). */
  demandReduction: DemandReductionProjectionSettings.prefault({}),
});
export type EquitySettings = z.output<typeof EquitySettings>;
export type EquitySettingsInput = z.input<typeof EquitySettings>;

/** What an equity report covers and how its intervals are made. */
export const EquityReportOptions = PeriodOptions.extend({
  /** Only the referrals and list of this PCN's practices. */
  pcnId: OpaqueId.optional(),
  /** The demand-reduction window, in months before and after each person's referral. */
  windowMonths: z.number().int().min(1).max(120).default(6),
  ...reportBootstrapFields,
});
export type EquityReportOptions = z.input<typeof EquityReportOptions>;
