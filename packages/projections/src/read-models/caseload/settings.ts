import { z } from "zod";
import { openSchemePolicy, SchemePolicy } from "@linkwork/core";
import { RetentionDays } from "../shared/retention.js";

export const CaseloadSettings = z.strictObject({
  /** The scheme's policy: its maximum contacts and episode length are what caseloads are held against. */
  policy: SchemePolicy.default(openSchemePolicy),
  /**
   * Days a case's detail is kept after it ended (default 92), or "all". Caseloads count open cases,
   * so a case that ended before the horizon counts in no report the model still answers: it is dropped.
   */
  retentionDays: RetentionDays,
});
export type CaseloadSettings = z.output<typeof CaseloadSettings>;
export type CaseloadSettingsInput = z.input<typeof CaseloadSettings>;
