import { z } from "zod";

import { DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES } from "../../statistics/bootstrap.js";
import { MAX_SEED, MIN_SEED } from "../../statistics/seeded-random.js";

/**
 * The seed used when a report's settings name none. A fixed default (not the clock) makes a
 * report reproducible: the same events and settings always give the same intervals.
 */
export const DEFAULT_REPORT_SEED = 1;

/** The most bootstrap resamples a report accepts: enough for any interval, bounded so a typo cannot hang a query. */
export const MAX_REPORT_RESAMPLES = 100_000;

/**
 * The bootstrap settings every evaluation report takes. They are validated here, before they reach
 * the statistics functions (which throw a RangeError on a bad seed or confidence).
 */
export const reportBootstrapFields = {
  seed: z.number().int().min(MIN_SEED).max(MAX_SEED).default(DEFAULT_REPORT_SEED),
  resamples: z.number().int().min(1).max(MAX_REPORT_RESAMPLES).default(DEFAULT_RESAMPLES),
  confidence: z.number().gt(0).lt(1).default(DEFAULT_CONFIDENCE),
};

export const ReportBootstrap = z.strictObject(reportBootstrapFields);
export type ReportBootstrap = z.infer<typeof ReportBootstrap>;
