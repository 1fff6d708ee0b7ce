import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { mean } from "simple-statistics";
import { z } from "zod";
import { Instant, validationFailed, type DomainError, type RecordedEvent } from "@linkwork/core";

import type { Projection, StateCodec } from "../projection.js";
import { bootstrapMeanInterval, type BootstrapOptions, type BootstrapResult } from "../statistics/bootstrap.js";
import { reportBootstrapFields } from "./report-bootstrap.js";
import { reportPeriod } from "./report-period.js";
import {
  applyRetaining,
  asOfRetained,
  createRetention,
  DEFAULT_RETENTION_DAYS,
  noteCaseEnded,
  restoreRetention,
  RetentionDays,
  type Retention,
} from "./retention.js";
import { ScoreDirection, scoreDirections, standardScoreOrder, type ScoreDirections } from "./score-direction.js";
import { addToTally, mergeTally, ScoreTallyJson, talliedValues, tallyFromJson, tallyToJson, type ScoreTally } from "./score-tally.js";
import { snapshotCodec } from "./snapshot-codec.js";
import { streamEntity } from "./stream-entity.js";

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

function finiteScores(scores: Readonly<Record<string, number>>): Scores {
  return new Map(Object.entries(scores).filter(([, value]) => Number.isFinite(value)));
}

/** An episode's assessments as known at an instant: the baseline made by then and the latest later one. */
interface EpisodeAsOf {
  readonly baseline: Scores | null;
  readonly latest: Scores | null;
}

function episodeAsOf(episode: EpisodeAssessments, asOf: number): EpisodeAsOf | null {
  if (episode.firstAssessedAt > asOf) return null;
  if (episode.baseline === null || episode.baseline.at > asOf) return { baseline: null, latest: null };
  const latest = episode.later.findLast((assessment) => assessment.at <= asOf);
  return { baseline: episode.baseline.scores, latest: latest?.scores ?? null };
}

function emptyInstrumentTallies(): InstrumentTallies {
  return { episodes: 0, withoutBaseline: 0, awaitingFollowUp: 0, scores: new Map() };
}

function scoreTalliesOf(tallies: InstrumentTallies, score: string): ScoreTallies {
  let found = tallies.scores.get(score);
  if (found === undefined) {
    found = { baselines: new Map(), latests: new Map(), changes: new Map() };
    tallies.scores.set(score, found);
  }
  return found;
}

/** Counts one episode into an instrument's tallies: the one definition of a pair, for folding and reporting. */
function tallyEpisode(tallies: InstrumentTallies, episode: EpisodeAsOf): void {
  tallies.episodes += 1;
  const { baseline, latest } = episode;
  if (baseline === null) {
    tallies.withoutBaseline += 1;
    return;
  }
  if (latest === null) tallies.awaitingFollowUp += 1;
  for (const [score, before] of baseline) {
    const scoreTallies = scoreTalliesOf(tallies, score);
    const after = latest?.get(score);
    if (after === undefined) continue;
    addToTally(scoreTallies.baselines, before);
    addToTally(scoreTallies.latests, after);
    addToTally(scoreTallies.changes, after - before);
  }
}

/**
 * Folds an ended case into the tallies and forgets its detail. The case is final and ended before
 * the horizon, so every report as of the horizon or later sees all of its assessments.
 */
function foldCase(state: OutcomesState, caseId: string): void {
  const held = state.cases.get(caseId);
  if (held === undefined) return;
  state.cases.delete(caseId);
  for (const [instrument, episode] of held.instruments) {
    let tallies = state.folded.get(instrument);
    if (tallies === undefined) {
      tallies = emptyInstrumentTallies();
      state.folded.set(instrument, tallies);
    }
    const known = episodeAsOf(episode, Number.POSITIVE_INFINITY);
    if (known !== null) tallyEpisode(tallies, known);
  }
}

/** Updates the state in place (see Projection) and returns it. */
function applyEvent(state: OutcomesState, recorded: RecordedEvent, at: number): void {
  const { event } = recorded;
  switch (event.type) {
    case "WellbeingAssessed":
      recordAssessment(state, streamEntity(recorded.streamId), event.data, at);
      break;
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed": {
      // Only a case with assessments has anything to fold; an ended case records nothing more.
      const caseId = streamEntity(recorded.streamId);
      const held = state.cases.get(caseId);
      if (held !== undefined && held.endedAt === null) {
        held.endedAt = at;
        noteCaseEnded(state.retention, caseId, at);
      }
      break;
    }
    default:
      break;
  }
}

/** Updates the state in place (see Projection) and returns it. */
export const applyOutcomes: (state: OutcomesState, recorded: RecordedEvent) => OutcomesState = applyRetaining(applyEvent, foldCase);

interface AssessmentData {
  readonly instrument: string;
  readonly timepoint: "baseline" | "review" | "follow_up" | "closure";
  readonly scores: Readonly<Record<string, number>>;
}

function recordAssessment(state: OutcomesState, caseId: string, data: AssessmentData, at: number): void {
  let held = state.cases.get(caseId);
  if (held === undefined) {
    held = { endedAt: null, instruments: new Map() };
    state.cases.set(caseId, held);
  }
  let episode = held.instruments.get(data.instrument);
  if (episode === undefined) {
    episode = { firstAssessedAt: at, baseline: null, later: [] };
    held.instruments.set(data.instrument, episode);
  }
  switch (data.timepoint) {
    case "baseline":
      // A second baseline in the same episode is ignored: change is measured from the first.
      episode.baseline ??= { at, scores: finiteScores(data.scores) };
      return;
    case "review":
    case "follow_up":
    case "closure":
      // Stream order is time order (time never runs backwards in a stream); one before any baseline has nothing to pair with.
      if (episode.baseline !== null) episode.later.push({ at, scores: finiteScores(data.scores) });
      return;
  }
}

const episodeCount = z.number().int().min(0);
const TimedScoresJson = z.object({ at: z.number().int(), scores: z.array(z.tuple([z.string(), z.number()])) });
const EpisodeJson = z.object({ firstAssessedAt: z.number().int(), baseline: TimedScoresJson.nullable(), later: z.array(TimedScoresJson) });
const InstrumentTalliesJson = z.object({
  episodes: episodeCount,
  withoutBaseline: episodeCount,
  awaitingFollowUp: episodeCount,
  scores: z.array(z.tuple([z.string(), z.object({ baselines: ScoreTallyJson, latests: ScoreTallyJson, changes: ScoreTallyJson })])),
});
type TimedScoresJson = z.infer<typeof TimedScoresJson>;

/** The snapshot's JSON form; a snapshot taken with another retention is refused, never misread. */
function outcomesJson(retentionDays: RetentionDays) {
  return z.object({
    retentionDays: z.literal(retentionDays, {
      error: `the snapshot was taken with another retentionDays than this read model's ${String(retentionDays)}; rebuild it`,
    }),
    horizon: z.number().int().nullable(),
    latestOccurredAt: z.number().int().nullable(),
    /** [case id, endedAt, [instrument id, episode]]. */
    cases: z.array(z.tuple([z.string(), z.number().int().nullable(), z.array(z.tuple([z.string(), EpisodeJson]))])),
    folded: z.array(z.tuple([z.string(), InstrumentTalliesJson])),
  });
}
type OutcomesJson = z.infer<ReturnType<typeof outcomesJson>>;

const timedToJson = (timed: TimedScores): TimedScoresJson => ({ at: timed.at, scores: [...timed.scores] });
const timedFromJson = (json: TimedScoresJson): TimedScores => ({ at: json.at, scores: new Map(json.scores) });

/** The snapshot codec of a read model keeping ended cases for `retentionDays`. */
export function outcomesCodec(retentionDays: RetentionDays): StateCodec<OutcomesState> {
  return snapshotCodec(
    outcomesJson(retentionDays),
    (state: OutcomesState): OutcomesJson => ({
      retentionDays,
      horizon: state.retention.horizon,
      latestOccurredAt: state.latestOccurredAt,
      cases: [...state.cases].map(([caseId, held]) => [
        caseId,
        held.endedAt,
        [...held.instruments].map(([instrument, episode]) => [
          instrument,
          {
            firstAssessedAt: episode.firstAssessedAt,
            baseline: episode.baseline === null ? null : timedToJson(episode.baseline),
            later: episode.later.map(timedToJson),
          },
        ]),
      ]),
      folded: [...state.folded].map(([instrument, tallies]) => [
        instrument,
        {
          episodes: tallies.episodes,
          withoutBaseline: tallies.withoutBaseline,
          awaitingFollowUp: tallies.awaitingFollowUp,
          scores: [...tallies.scores].map(([score, { baselines, latests, changes }]) => [
            score,
            { baselines: tallyToJson(baselines), latests: tallyToJson(latests), changes: tallyToJson(changes) },
          ]),
        },
      ]),
    }),
    (json): OutcomesState => {
      const cases = new Map<string, CaseAssessments>(
        json.cases.map(([caseId, endedAt, instruments]) => [
          caseId,
          {
            endedAt,
            instruments: new Map(
              instruments.map(([instrument, episode]) => [
                instrument,
                {
                  firstAssessedAt: episode.firstAssessedAt,
                  baseline: episode.baseline === null ? null : timedFromJson(episode.baseline),
                  later: episode.later.map(timedFromJson),
                },
              ]),
            ),
          },
        ]),
      );
      const ended = json.cases.flatMap(([caseId, endedAt]) => (endedAt === null ? [] : [[caseId, endedAt] as const]));
      return {
        retention: restoreRetention(retentionDays, json.horizon, ended),
        cases,
        folded: new Map(
          json.folded.map(([instrument, tallies]) => [
            instrument,
            {
              episodes: tallies.episodes,
              withoutBaseline: tallies.withoutBaseline,
              awaitingFollowUp: tallies.awaitingFollowUp,
              scores: new Map(
                tallies.scores.map(([score, { baselines, latests, changes }]) => [
                  score,
                  { baselines: tallyFromJson(baselines), latests: tallyFromJson(latests), changes: tallyFromJson(changes) },
                ]),
              ),
            },
          ]),
        ),
        latestOccurredAt: json.latestOccurredAt,
      };
    },
  );
}

/**
 * The outcomes read model. `retentionDays` (default 92) bounds how long an ended case keeps its
 * detail; bad settings are a VALIDATION_FAILED error naming the field.
 */
export function outcomesProjection(settings: OutcomesProjectionSettingsInput = {}): E.Either<DomainError, Projection<OutcomesState>> {
  const parsed = OutcomesProjectionSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("outcomes settings", parsed.error));
  const { retentionDays } = parsed.data;
  return E.right({
    name: OUTCOMES_PROJECTION,
    version: OUTCOMES_VERSION,
    initialState: () => initialOutcomesState(retentionDays),
    apply: applyOutcomes,
    codec: outcomesCodec(retentionDays),
  });
}

// ---------------------------------------------------------------------------------------------
// The report

export const OutcomesSettings = z.strictObject({
  /** Directions of scores the standard table lacks (licensed instruments), or overriding it: `{ MYCAW: { concern1: "lower_is_better" } }`. */
  directions: z.record(z.string().min(1).max(40), z.record(z.string().min(1).max(100), ScoreDirection)).default({}),
  /** The report describes the assessments made by this instant. Default: the latest occurredAt seen. */
  asOf: Instant.optional(),
  ...reportBootstrapFields,
});
export type OutcomesSettings = z.infer<typeof OutcomesSettings>;
export type OutcomesSettingsInput = z.input<typeof OutcomesSettings>;

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

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function orderedScoreNames(instrument: string, names: ReadonlySet<string>): string[] {
  const known = standardScoreOrder.get(instrument) ?? [];
  const first = known.filter((name) => names.has(name));
  const rest = [...names].filter((name) => !known.includes(name)).sort(compareText);
  return [...first, ...rest];
}

function proportion(count: number, total: number): Proportion {
  return { count, share: total === 0 ? null : count / total };
}

/**
 * One score's statistics from its tallies. The values are read in ascending order, so the means and
 * the bootstrap's sample depend only on the episodes' values: not on case ids, stream interleaving,
 * or whether an episode was folded.
 */
function scoreChange(score: string, direction: ScoreDirection | "unknown", tallies: ScoreTallies, options: BootstrapOptions): ScoreChange {
  const baselines = talliedValues(tallies.baselines);
  const latests = talliedValues(tallies.latests);
  const changes = talliedValues(tallies.changes);
  const rose = changes.filter((change) => change > 0).length;
  const fell = changes.filter((change) => change < 0).length;
  const n = changes.length;
  return {
    score,
    direction,
    pairs: n,
    meanBaseline: n === 0 ? null : mean(baselines),
    meanLatest: n === 0 ? null : mean(latests),
    meanChange: bootstrapMeanInterval(changes, options),
    improved: direction === "unknown" ? null : proportion(direction === "higher_is_better" ? rose : fell, n),
    worse: direction === "unknown" ? null : proportion(direction === "higher_is_better" ? fell : rose, n),
    unchanged: proportion(n - rose - fell, n),
  };
}

function instrumentOutcomes(
  instrument: string,
  tallies: InstrumentTallies,
  directions: ScoreDirections,
  options: BootstrapOptions,
): InstrumentOutcomes {
  return {
    instrument,
    episodes: tallies.episodes,
    withoutBaseline: tallies.withoutBaseline,
    awaitingFollowUp: tallies.awaitingFollowUp,
    scores: orderedScoreNames(instrument, new Set(tallies.scores.keys())).map((score) =>
      scoreChange(score, directions.get(instrument)?.get(score) ?? "unknown", scoreTalliesOf(tallies, score), options),
    ),
  };
}

/** A copy of folded tallies, for a report to count its retained episodes into. */
function copyOfTallies(folded: InstrumentTallies): InstrumentTallies {
  const copy: InstrumentTallies = { ...folded, scores: new Map() };
  for (const [score, tallies] of folded.scores) {
    const into = scoreTalliesOf(copy, score);
    mergeTally(into.baselines, tallies.baselines);
    mergeTally(into.latests, tallies.latests);
    mergeTally(into.changes, tallies.changes);
  }
  return copy;
}

/**
 * The outcomes report as of `settings.asOf` (default: the latest occurredAt seen). Settings are
 * validated (unknown keys are refused); a bad value is a VALIDATION_FAILED error naming the field,
 * and so is an `asOf` before the retention horizon, whose detail has been folded.
 */
export function outcomesReport(state: OutcomesState, settings: unknown = {}): E.Either<DomainError, OutcomesReport> {
  return pipe(
    reportPeriod(OutcomesSettings, settings, state.latestOccurredAt),
    E.chain(({ options, period }) =>
      pipe(
        asOfRetained(state.retention, period),
        E.map(({ asOf }) => report(state, options, asOf)),
      ),
    ),
  );
}

function report(state: OutcomesState, valid: OutcomesSettings, asOf: number): OutcomesReport {
  const options: BootstrapOptions = { seed: valid.seed, resamples: valid.resamples, confidence: valid.confidence };
  const directions = scoreDirections(valid.directions);

  // Folded cases ended before the horizon, so before asOf: every one counts whole.
  const byInstrument = new Map<string, InstrumentTallies>();
  for (const [instrument, folded] of state.folded) byInstrument.set(instrument, copyOfTallies(folded));
  for (const held of state.cases.values()) {
    for (const [instrument, episode] of held.instruments) {
      const known = episodeAsOf(episode, asOf);
      if (known === null) continue;
      let tallies = byInstrument.get(instrument);
      if (tallies === undefined) {
        tallies = emptyInstrumentTallies();
        byInstrument.set(instrument, tallies);
      }
      tallyEpisode(tallies, known);
    }
  }
  const instruments = [...byInstrument.keys()]
    .sort(compareText)
    .map((instrument) => instrumentOutcomes(instrument, byInstrument.get(instrument) ?? emptyInstrumentTallies(), directions, options));

  const notes = [
    "Change runs from an episode's first baseline assessment to its latest later review, follow-up or closure assessment with the same instrument; " +
      "episodes still awaiting a follow-up are counted apart, not as unchanged. Each episode is one unit: a person referred twice counts twice.",
    "Improved and worse follow each score's direction: higher is better except ONS4 anxiety and UCLA-3 loneliness, where lower is better.",
    "These are before/after changes without a comparison group: people often start at a low point and improve somewhat anyway (regression to the mean), " +
      "so the changes describe the people supported rather than prove what the service caused; episodes that never reach a follow-up may have fared differently.",
  ];
  const unknown = instruments.flatMap((outcomes) =>
    outcomes.scores.filter((score) => score.direction === "unknown").map((score) => `${outcomes.instrument}.${score.score}`),
  );
  if (unknown.length > 0) {
    notes.push(
      `No direction is known for ${unknown.join(", ")}: improved and worse are not reported; give one in the settings' directions.`,
    );
  }
  return {
    asOf: new Date(asOf).toISOString(),
    seed: valid.seed,
    resamples: valid.resamples,
    confidence: valid.confidence,
    instruments,
    notes,
  };
}
