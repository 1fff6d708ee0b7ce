import { z } from "zod";

/** Which way a score moves when things get better for the person. */
export const ScoreDirection = z.enum(["higher_is_better", "lower_is_better"]);
export type ScoreDirection = z.infer<typeof ScoreDirection>;

/**
 * The direction of every score the standard instruments record (packages/core/src/instruments/):
 * ONS4 anxiety and UCLA-3 loneliness run the other way from the wellbeing scores. Licensed
 * instruments plugged in by a deployment (MYCaW, PAM-13) name theirs in the report settings.
 */
export const standardScoreDirections: Readonly<Record<string, Readonly<Record<string, ScoreDirection>>>> = {
  ONS4: { lifeSatisfaction: "higher_is_better", worthwhile: "higher_is_better", happiness: "higher_is_better", anxiety: "lower_is_better" },
  WEMWBS: { total: "higher_is_better" },
  SWEMWBS: { raw: "higher_is_better", metric: "higher_is_better" },
  UCLA3: { total: "lower_is_better" },
};

/**
 * Score directions by instrument id, then score name. Maps, not plain objects, because instrument
 * ids and score names come from events and a name such as "constructor" must not find a prototype member.
 */
export type ScoreDirections = ReadonlyMap<string, ReadonlyMap<string, ScoreDirection>>;

/** The standard directions, with `overrides` added (an override of a standard score wins). */
export function scoreDirections(overrides: Readonly<Record<string, Readonly<Record<string, ScoreDirection>>>> = {}): ScoreDirections {
  const directions = new Map<string, Map<string, ScoreDirection>>();
  for (const table of [standardScoreDirections, overrides]) {
    for (const [instrument, scores] of Object.entries(table)) {
      const forInstrument = directions.get(instrument) ?? new Map<string, ScoreDirection>();
      for (const [score, direction] of Object.entries(scores)) forInstrument.set(score, direction);
      directions.set(instrument, forInstrument);
    }
  }
  return directions;
}

/** The order scores are reported in: the instrument's own order where it has one, then by name. */
export const standardScoreOrder: ReadonlyMap<string, readonly string[]> = new Map([
  ["ONS4", ["lifeSatisfaction", "worthwhile", "happiness", "anxiety"]],
  ["SWEMWBS", ["raw", "metric"]],
]);
