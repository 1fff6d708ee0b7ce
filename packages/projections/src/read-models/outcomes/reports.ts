import { type BootstrapResult } from "../../statistics/bootstrap.js";
import type { ScoreDirection } from "./score-direction.js";

/** A count of pairs and its share of all pairs (null when there are none). */
export interface Proportion {
  readonly count: number;
  readonly share: number | null;
}

export interface ScoreChange {
  readonly score: string;
  /** "unknown" for a score whose direction no table gives: improved and worse are then null. */
  readonly direction: ScoreDirection | "unknown";
  /** Episodes with this score at baseline and at a later assessment. */
  readonly pairs: number;
  readonly meanBaseline: number | null;
  readonly meanLatest: number | null;
  /** Mean of latest − baseline, with its percentile bootstrap interval (episodes resampled as units). */
  readonly meanChange: BootstrapResult;
  readonly improved: Proportion | null;
  readonly worse: Proportion | null;
  readonly unchanged: Proportion;
}

export interface InstrumentOutcomes {
  readonly instrument: string;
  /** Episodes with any assessment of this instrument. */
  readonly episodes: number;
  /** Episodes of erased people: their scores can no longer be read, so they are in no other figure. */
  readonly erased: number;
  /** Episodes with review/follow-up/closure assessments only, none at baseline. */
  readonly withoutBaseline: number;
  /** Episodes with a baseline and no later assessment yet: counted apart, not as unchanged. */
  readonly awaitingFollowUp: number;
  readonly scores: readonly ScoreChange[];
}

export interface OutcomesReport {
  /** ISO instant. */
  readonly asOf: string;
  readonly seed: number;
  readonly resamples: number;
  readonly confidence: number;
  /** By instrument id. */
  readonly instruments: readonly InstrumentOutcomes[];
  readonly notes: readonly string[];
}
