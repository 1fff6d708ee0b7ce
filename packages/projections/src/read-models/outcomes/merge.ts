import { advanceClock, compareText, mergedLatest, mergedRetention, unionByKey } from "../shared/partition-merge.js";
import { emptyInstrumentTallies, foldCase, scoreTalliesOf } from "./apply.js";
import { mergeTally } from "./score-tally.js";
import type { InstrumentTallies, OutcomesState } from "./state.js";
import type { ScoreTally } from "./score-tally.js";

/**
 * Outcomes of a history split by person, from its partitions' states (shared/partition-merge.ts):
 * retained cases are each in one partition; folded episodes' tallies add up per instrument and score.
 */
export function mergeOutcomes(states: readonly OutcomesState[]): OutcomesState {
  const folded = new Map<string, InstrumentTallies>();
  for (const state of states) {
    for (const [instrument, tallies] of state.folded) {
      const into = folded.get(instrument) ?? emptyInstrumentTallies();
      into.episodes += tallies.episodes;
      into.withoutBaseline += tallies.withoutBaseline;
      into.awaitingFollowUp += tallies.awaitingFollowUp;
      for (const [score, scoreTallies] of tallies.scores) {
        const sum = scoreTalliesOf(into, score);
        mergeTally(sum.baselines, scoreTallies.baselines);
        mergeTally(sum.latests, scoreTallies.latests);
        mergeTally(sum.changes, scoreTallies.changes);
      }
      folded.set(instrument, into);
    }
  }
  const canonical = new Map<string, InstrumentTallies>();
  for (const [instrument, tallies] of [...folded].sort(([a], [b]) => compareText(a, b))) {
    const scores = [...tallies.scores].sort(([a], [b]) => compareText(a, b));
    tallies.scores.clear();
    for (const [score, sum] of scores) {
      tallies.scores.set(score, {
        baselines: sortedTally(sum.baselines),
        latests: sortedTally(sum.latests),
        changes: sortedTally(sum.changes),
      });
    }
    canonical.set(instrument, tallies);
  }
  return {
    retention: mergedRetention(states.map((state) => state.retention)),
    cases: unionByKey(states.map((state) => state.cases)),
    folded: canonical,
    latestOccurredAt: mergedLatest(states),
  };
}

function sortedTally(tally: ScoreTally): ScoreTally {
  return new Map([...tally].sort(([a], [b]) => a - b));
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are folded. */
export function advanceOutcomesClock(state: OutcomesState, at: number): void {
  advanceClock(state, at, foldCase);
}
