import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { mean } from "simple-statistics";
import { type DomainError } from "@linkwork/core";

import { bootstrapMeanInterval, type BootstrapOptions } from "../../statistics/bootstrap.js";
import { reportPeriod } from "../shared/report-period.js";
import { asOfRetained } from "../shared/retention.js";
import type { ScoreDirection } from "./score-direction.js";
import { scoreDirections, standardScoreOrder, type ScoreDirections } from "./score-direction.js";
import { mergeTally, talliedValues } from "./score-tally.js";
import { emptyInstrumentTallies, episodeAsOf, scoreTalliesOf, tallyEpisode } from "./apply.js";
import type { Proportion, ScoreChange, InstrumentOutcomes, OutcomesReport } from "./reports.js";
import { OutcomesSettings } from "./settings.js";
import type { ScoreTallies, InstrumentTallies, OutcomesState } from "./state.js";

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
    erased: tallies.erased,
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
    E.flatMap(({ options, period }) =>
      pipe(
        asOfRetained(state.retention, period),
        E.map(({ asOf }) => report(state, options, asOf)),
      ),
    ),
  );
}

export function report(state: OutcomesState, valid: OutcomesSettings, asOf: number): OutcomesReport {
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
  const erased = instruments.reduce((sum, outcomes) => sum + outcomes.erased, 0);
  if (erased > 0) {
    notes.push(
      `${String(erased)} ${erased === 1 ? "episode is" : "episodes are"} left out of every figure: ${erased === 1 ? "its" : "their"} scores cannot be read ` +
        "(the person was erased, or a sealed history was read without its keys).",
    );
  }
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
