import { z } from "zod";
import { RetentionDays } from "../shared/retention.js";

export const CommunityDemandSettings = z.strictObject({
  /** How long an ended case keeps its connections in detail before they are folded (`retention.ts`). */
  retentionDays: RetentionDays,
});
export type CommunityDemandSettings = z.output<typeof CommunityDemandSettings>;
export type CommunityDemandSettingsInput = z.input<typeof CommunityDemandSettings>;
