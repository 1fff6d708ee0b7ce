import { z } from "zod";
import { RetentionDays } from "../shared/retention.js";

export const FundingSettings = z.strictObject({
  /** How long an ended case keeps its connections and spend in detail before they are folded (`retention.ts`). */
  retentionDays: RetentionDays,
});
export type FundingSettings = z.output<typeof FundingSettings>;
export type FundingSettingsInput = z.input<typeof FundingSettings>;
