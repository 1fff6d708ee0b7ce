import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { mean } from "simple-statistics";
import { z } from "zod";
import { Instant, type DomainError, type RecordedEvent } from "@linkwork/core";

import type { Projection } from "../projection.js";
import { bootstrapMeanInterval, type BootstrapOptions, type BootstrapResult } from "../statistics/bootstrap.js";
import { reportBootstrapFields } from "./report-bootstrap.js";
import { reportPeriod } from "./report-period.js";
import { ScoreDirection, scoreDirections, standardScoreOrder, type ScoreDirections } from "./score-direction.js";
import { snapshotCodec } from "./snapshot-codec.js";
import { occurredAtMs } from "./occurred-at.js";
import { streamEntity } from "./stream-entity.js";

/**
 * Outcomes: per instrument and score, the paired change from an episode's baseline assessment to its
 * latest later assessment. The projection keeps, per case and instrument, the baseline's scores and
 * the latest follow-up's scores; the report computes the statistics. See docs/projections.md, "Outcomes".
 */

export const OUTCOMES_PROJECTION = "outcomes";
/** Bump when `apply` or the state's shape changes: the runner then rebuilds from the start. */
export const OUTCOMES_VERSION = 1;

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

export interface OutcomesState {
  /** By case id, then instrument id. */
  readonly cases: Map<string, Map<string, EpisodeAssessments>>;
  /** The latest occurredAt of any event applied (epoch ms): the default `asOf` of a report. */
  latestOccurredAt: number | null;
}

export function initialOutcomesState(): OutcomesState {
  return { cases: new Map(), latestOccurredAt: null };
}

function finiteScores(scores: Readonly<Record<string, number>>): Scores {
  return new Map(Object.entries(scores).filter(([, value]) => Number.isFinite(value)));
}

/** Updates the state in place (see Projection) and returns it. */
export function applyOutcomes(state: OutcomesState, recorded: RecordedEvent): OutcomesState {
  const { event } = recorded;
  const at = occurredAtMs(event.metadata);
  if (state.latestOccurredAt === null || at > state.latestOccurredAt) state.latestOccurredAt = at;
  if (event.type !== "WellbeingAssessed") return state;
  const caseId = streamEntity(recorded.streamId);
  let instruments = state.cases.get(caseId);
  if (instruments === undefined) {
    instruments = new Map();
    state.cases.set(caseId, instruments);
  }
  let episode = instruments.get(event.data.instrument);
  if (episode === undefined) {
    episode = { firstAssessedAt: at, baseline: null, later: [] };
    instruments.set(event.data.instrument, episode);
  }
  switch (event.data.timepoint) {
    case "baseline":
      // A second baseline in the same episode is ignored: change is measured from the first.
      episode.baseline ??= { at, scores: finiteScores(event.data.scores) };
      return state;
    case "review":
    case "follow_up":
    case "closure":
      // Stream order is time order (time never runs backwards in a stream); one before any baseline has nothing to pair with.
      if (episode.baseline !== null) episode.later.push({ at, scores: finiteScores(event.data.scores) });
      return state;
  }
}

const TimedScoresJson = z.object({ at: z.number().int(), scores: z.array(z.tuple([z.string(), z.number()])) });
const OutcomesJson = z.object({
  cases: z.array(
    z.tuple([
      z.string(),
      z.array(
        z.tuple([
          z.string(),
          z.object({ firstAssessedAt: z.number().int(), baseline: TimedScoresJson.nullable(), later: z.array(TimedScoresJson) }),
        ]),
      ),
    ]),
  ),
  latestOccurredAt: z.number().int().nullable(),
});
type OutcomesJson = z.infer<typeof OutcomesJson>;
type TimedScoresJson = z.infer<typeof TimedScoresJson>;

const timedToJson = (timed: TimedScores): TimedScoresJson => ({ at: timed.at, scores: [...timed.scores] });
const timedFromJson = (json: TimedScoresJson): TimedScores => ({ at: json.at, scores: new Map(json.scores) });

export const outcomesCodec = snapshotCodec(
  OutcomesJson,
  (state: OutcomesState): OutcomesJson => ({
    cases: [...state.cases].map(([caseId, instruments]) => [
      caseId,
      [...instruments].map(([instrument, episode]) => [
        instrument,
        {
          firstAssessedAt: episode.firstAssessedAt,
          baseline: episode.baseline === null ? null : timedToJson(episode.baseline),
          later: episode.later.map(timedToJson),
        },
      ]),
    ]),
    latestOccurredAt: state.latestOccurredAt,
  }),
  (json): OutcomesState => ({
    cases: new Map(
      json.cases.map(([caseId, instruments]) => [
        caseId,
        new Map(
          instruments.map(([instrument, episode]) => [
            instrument,
            {
              firstAssessedAt: episode.firstAssessedAt,
              baseline: episode.baseline === null ? null : timedFromJson(episode.baseline),
              later: episode.later.map(timedFromJson),
            },
          ]),
        ),
      ]),
    ),
    latestOccurredAt: json.latestOccurredAt,
  }),
);

export function outcomesProjection(): Projection<OutcomesState> {
  return {
    name: OUTCOMES_PROJECTION,
    version: OUTCOMES_VERSION,
    initialState: initialOutcomesState,
    apply: applyOutcomes,
    codec: outcomesCodec,
  };
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

/** An episode's assessments as known at the report's instant. */
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

function scoreChange(
  score: string,
  direction: ScoreDirection | "unknown",
  episodes: readonly EpisodeAsOf[],
  options: BootstrapOptions,
): ScoreChange {
  const pairs: { readonly baseline: number; readonly latest: number }[] = [];
  for (const episode of episodes) {
    const baseline = episode.baseline?.get(score);
    const latest = episode.latest?.get(score);
    if (baseline !== undefined && latest !== undefined) pairs.push({ baseline, latest });
  }
  const changes = pairs.map((pair) => pair.latest - pair.baseline);
  const rose = changes.filter((change) => change > 0).length;
  const fell = changes.filter((change) => change < 0).length;
  const n = changes.length;
  return {
    score,
    direction,
    pairs: n,
    meanBaseline: n === 0 ? null : mean(pairs.map((pair) => pair.baseline)),
    meanLatest: n === 0 ? null : mean(pairs.map((pair) => pair.latest)),
    meanChange: bootstrapMeanInterval(changes, options),
    improved: direction === "unknown" ? null : proportion(direction === "higher_is_better" ? rose : fell, n),
    worse: direction === "unknown" ? null : proportion(direction === "higher_is_better" ? fell : rose, n),
    unchanged: proportion(n - rose - fell, n),
  };
}

function instrumentOutcomes(
  instrument: string,
  episodes: readonly EpisodeAsOf[],
  directions: ScoreDirections,
  options: BootstrapOptions,
): InstrumentOutcomes {
  const names = new Set<string>();
  for (const episode of episodes) for (const name of episode.baseline?.keys() ?? []) names.add(name);
  return {
    instrument,
    episodes: episodes.length,
    withoutBaseline: episodes.filter((episode) => episode.baseline === null).length,
    awaitingFollowUp: episodes.filter((episode) => episode.baseline !== null && episode.latest === null).length,
    scores: orderedScoreNames(instrument, names).map((score) =>
      scoreChange(score, directions.get(instrument)?.get(score) ?? "unknown", episodes, options),
    ),
  };
}

/**
 * The outcomes report as of `settings.asOf` (default: the latest occurredAt seen). Settings are
 * validated (unknown keys are refused); a bad value is a VALIDATION_FAILED error naming the field.
 */
export function outcomesReport(state: OutcomesState, settings: unknown = {}): E.Either<DomainError, OutcomesReport> {
  return pipe(
    reportPeriod(OutcomesSettings, settings, state.latestOccurredAt),
    E.map(({ options: valid, period: { asOf } }) => report(state, valid, asOf)),
  );
}

function report(state: OutcomesState, valid: OutcomesSettings, asOf: number): OutcomesReport {
  const options: BootstrapOptions = { seed: valid.seed, resamples: valid.resamples, confidence: valid.confidence };
  const directions = scoreDirections(valid.directions);

  // Episodes in case-id order, so the bootstrap sees the same sample however streams interleaved.
  const byInstrument = new Map<string, EpisodeAsOf[]>();
  for (const caseId of [...state.cases.keys()].sort(compareText)) {
    for (const [instrument, episode] of state.cases.get(caseId) ?? []) {
      const known = episodeAsOf(episode, asOf);
      if (known === null) continue;
      const episodes = byInstrument.get(instrument) ?? [];
      episodes.push(known);
      byInstrument.set(instrument, episodes);
    }
  }
  const instruments = [...byInstrument.keys()]
    .sort(compareText)
    .map((instrument) => instrumentOutcomes(instrument, byInstrument.get(instrument) ?? [], directions, options));

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
