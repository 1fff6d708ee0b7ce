import { type RecordedEvent } from "@linkwork/core";
import { isErased, type Erased } from "@linkwork/core/personal-data";

import { applyRetaining, noteCaseEnded } from "../shared/retention.js";
import { addToTally } from "./score-tally.js";
import { streamEntity } from "../shared/stream-entity.js";
import type { Scores, EpisodeAssessments, InstrumentTallies, ScoreTallies, OutcomesState } from "./state.js";

function finiteScores(scores: Readonly<Record<string, number>>): Scores {
  return new Map(Object.entries(scores).filter(([, value]) => Number.isFinite(value)));
}

/** An episode's assessments as known at an instant: the baseline made by then and the latest later one. */
interface EpisodeAsOf {
  readonly baseline: Scores | null;
  readonly latest: Scores | null;
  readonly erased: boolean;
}

export function episodeAsOf(episode: EpisodeAssessments, asOf: number): EpisodeAsOf | null {
  if (episode.firstAssessedAt > asOf) return null;
  if (episode.erased) return { baseline: null, latest: null, erased: true };
  if (episode.baseline === null || episode.baseline.at > asOf) return { baseline: null, latest: null, erased: false };
  const latest = episode.later.findLast((assessment) => assessment.at <= asOf);
  return { baseline: episode.baseline.scores, latest: latest?.scores ?? null, erased: false };
}

export function emptyInstrumentTallies(): InstrumentTallies {
  return { episodes: 0, erased: 0, withoutBaseline: 0, awaitingFollowUp: 0, scores: new Map() };
}

export function scoreTalliesOf(tallies: InstrumentTallies, score: string): ScoreTallies {
  let found = tallies.scores.get(score);
  if (found === undefined) {
    found = { baselines: new Map(), latests: new Map(), changes: new Map() };
    tallies.scores.set(score, found);
  }
  return found;
}

/** Counts one episode into an instrument's tallies: the one definition of a pair, for folding and reporting. */
export function tallyEpisode(tallies: InstrumentTallies, episode: EpisodeAsOf): void {
  if (episode.erased) {
    tallies.erased += 1;
    return;
  }
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
export function foldCase(state: OutcomesState, caseId: string): void {
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
  readonly scores: Readonly<Record<string, number>> | Erased;
}

function recordAssessment(state: OutcomesState, caseId: string, data: AssessmentData, at: number): void {
  let held = state.cases.get(caseId);
  if (held === undefined) {
    held = { endedAt: null, instruments: new Map() };
    state.cases.set(caseId, held);
  }
  let episode = held.instruments.get(data.instrument);
  if (episode === undefined) {
    episode = { firstAssessedAt: at, baseline: null, later: [], erased: false };
    held.instruments.set(data.instrument, episode);
  }
  const { scores } = data;
  // An erased person's assessment (all of theirs are erased together) marks the episode erased.
  if (isErased(scores)) {
    episode.erased = true;
    return;
  }
  switch (data.timepoint) {
    case "baseline":
      // A second baseline in the same episode is ignored: change is measured from the first.
      episode.baseline ??= { at, scores: finiteScores(scores) };
      return;
    case "review":
    case "follow_up":
    case "closure":
      // Stream order is time order (time never runs backwards in a stream); one before any baseline has nothing to pair with.
      if (episode.baseline !== null) episode.later.push({ at, scores: finiteScores(scores) });
      return;
  }
}
