import { z } from "zod";
import { Instant } from "@linkwork/core";

import { reportBootstrapFields } from "../shared/report-bootstrap.js";
import { RetentionDays } from "../shared/retention.js";
import { ScoreDirection } from "./score-direction.js";

/**
 * Outcomes: per instrument and score, the paired change from an episode's baseline assessment to its
 * latest later assessment. The projection keeps, per retained case and instrument, the baseline's
 * scores and every later assessment's; a case that ended before the retention horizon is folded into
 * per-instrument tallies of its paired values. The report computes the statistics. See
 * docs/projections.md, "Outcomes".
 */

export const OUTCOMES_PROJECTION = "outcomes";
/** Bump when `apply` or the state's shape changes: the runner then rebuilds from the start. */
export const OUTCOMES_VERSION = 2;

/** Settings of the read model itself (the report's are `OutcomesSettings`). */
export const OutcomesProjectionSettings = z.strictObject({
  /** Days an ended case keeps its detail after the latest event; reports as of an earlier instant are refused. */
  retentionDays: RetentionDays,
});
export type OutcomesProjectionSettings = z.output<typeof OutcomesProjectionSettings>;
export type OutcomesProjectionSettingsInput = z.input<typeof OutcomesProjectionSettings>;

export const OutcomesSettings = z.strictObject({
  /** Directions of scores the standard table lacks (licensed instruments), or overriding it: `{ MYCAW: { concern1: "lower_is_better" } }`. */
  directions: z.record(z.string().min(1).max(40), z.record(z.string().min(1).max(100), ScoreDirection)).default({}),
  /** The report describes the assessments made by this instant. Default: the latest occurredAt seen. */
  asOf: Instant.optional(),
  ...reportBootstrapFields,
});
export type OutcomesSettings = z.infer<typeof OutcomesSettings>;
export type OutcomesSettingsInput = z.input<typeof OutcomesSettings>;
