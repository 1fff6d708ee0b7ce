import { z } from "zod";
import { medicalReferralSources, ReferralSource } from "@linkwork/core/vocabulary";
import { RetentionDays } from "../shared/retention.js";

export const ReferralSourceSettings = z.strictObject({
  /** Routes reported as the medical route; national reporting's list by default. */
  medicalSources: z.array(ReferralSource).default([...medicalReferralSources]),
  /** How long an ended case keeps its detail before it is folded into the monthly tallies (`retention.ts`). */
  retentionDays: RetentionDays,
});
export type ReferralSourceSettings = z.output<typeof ReferralSourceSettings>;
export type ReferralSourceSettingsInput = z.input<typeof ReferralSourceSettings>;
