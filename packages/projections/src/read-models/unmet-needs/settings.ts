import { z } from "zod";
import { RetentionDays } from "../shared/retention.js";

export const UnmetNeedSettings = z.strictObject({
  /**
   * Days a case's detail is kept after it ended (default 92), or "all". A case that ended before the
   * horizon is folded into monthly tallies per PCN and need, so reports from the horizon on stay exact.
   */
  retentionDays: RetentionDays,
});
export type UnmetNeedSettings = z.output<typeof UnmetNeedSettings>;
export type UnmetNeedSettingsInput = z.input<typeof UnmetNeedSettings>;
