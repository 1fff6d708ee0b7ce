import { CaseId } from "@linkwork/core/store-kit";
import { z } from "zod";

import type { StateCodec } from "../../projection.js";
import type { RetentionDays } from "../shared/retention.js";
import { restoreRetention } from "../shared/retention.js";
import { ScoreTallyJson, tallyFromJson, tallyToJson } from "./score-tally.js";
import { snapshotCodec } from "../shared/snapshot-codec.js";
import type { TimedScores, OutcomesState, CaseAssessments } from "./state.js";

const episodeCount = z.number().int().min(0);
const TimedScoresJson = z.object({ at: z.number().int(), scores: z.array(z.tuple([z.string(), z.number()])) });
const EpisodeJson = z.object({
  firstAssessedAt: z.number().int(),
  baseline: TimedScoresJson.nullable(),
  later: z.array(TimedScoresJson),
  /** Present (true) only for an erased person's episode. */
  erased: z.literal(true).optional(),
});
const InstrumentTalliesJson = z.object({
  episodes: episodeCount,
  /** Absent in snapshots taken before erasure existed: none. */
  erased: episodeCount.optional(),
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
    cases: z.array(z.tuple([CaseId, z.number().int().nullable(), z.array(z.tuple([z.string(), EpisodeJson]))])),
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
            ...(episode.erased ? { erased: true as const } : {}),
          },
        ]),
      ]),
      folded: [...state.folded].map(([instrument, tallies]) => [
        instrument,
        {
          episodes: tallies.episodes,
          erased: tallies.erased,
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
                  erased: episode.erased === true,
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
              erased: tallies.erased ?? 0,
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
