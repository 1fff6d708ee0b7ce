import type { RetentionDays } from "../shared/retention.js";
import { createRetention, DEFAULT_RETENTION_DAYS, type Retention } from "../shared/retention.js";
import { type ScoreTally } from "./score-tally.js";

/** Scores by name, finite values only. */
export type Scores = ReadonlyMap<string, number>;

/** One assessment's scores and when it was made (epoch ms). */
export interface TimedScores {
  readonly at: number;
  readonly scores: Scores;
}

/** One instrument's assessments within one case. */
export interface EpisodeAssessments {
  /** When the instrument was first used in the episode, whatever the timepoint. */
  readonly firstAssessedAt: number;
  /** The first assessment with timepoint "baseline". */
  baseline: TimedScores | null;
  /**
   * Every review, follow-up or closure assessment after the baseline, in time order. All are kept,
   * not only the latest, so a report as of an earlier instant finds the latest one made by then.
   */
  readonly later: TimedScores[];
  /** The person was erased: the episode's scores read erased, so it is counted apart, never paired. */
  erased: boolean;
}

/** A retained case: its assessments by instrument id, and when it ended. */
export interface CaseAssessments {
  /** When the case was rejected, declined or closed (epoch ms); null while it is open. */
  endedAt: number | null;
  readonly instruments: Map<string, EpisodeAssessments>;
}

/** The paired values of one score over many episodes: all the report needs of them, in any order. */
export interface ScoreTallies {
  readonly baselines: ScoreTally;
  readonly latests: ScoreTally;
  /** latest − baseline of each pair, computed once as the report would. */
  readonly changes: ScoreTally;
}

/** Many episodes of one instrument, reduced to what the report needs of them. */
export interface InstrumentTallies {
  episodes: number;
  /** Episodes of erased people: left out of every other figure. */
  erased: number;
  withoutBaseline: number;
  awaitingFollowUp: number;
  /** By score name: every score some baseline had, so the report lists it even with no pair. */
  readonly scores: Map<string, ScoreTallies>;
}

export interface OutcomesState {
  readonly retention: Retention;
  /** Retained cases (open, or ended at or after the horizon), by case id. */
  readonly cases: Map<string, CaseAssessments>;
  /** The episodes of cases that ended before the horizon, by instrument id. */
  readonly folded: Map<string, InstrumentTallies>;
  /** The latest occurredAt of any event applied (epoch ms): the default `asOf` of a report. */
  latestOccurredAt: number | null;
}

export function initialOutcomesState(retentionDays: RetentionDays = DEFAULT_RETENTION_DAYS): OutcomesState {
  return { retention: createRetention(retentionDays), cases: new Map(), folded: new Map(), latestOccurredAt: null };
}
