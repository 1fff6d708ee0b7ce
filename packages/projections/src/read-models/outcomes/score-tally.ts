import { z } from "zod";

/**
 * A tally of score values: how many times each value was seen. The outcomes read model folds the
 * episodes of long-ended cases into tallies, because the values are all its report needs (it reads
 * them in ascending order), so what it keeps grows with the distinct values, not with the cases.
 */
export type ScoreTally = Map<number, number>;

export function addToTally(tally: ScoreTally, value: number, count = 1): void {
  tally.set(value, (tally.get(value) ?? 0) + count);
}

/** Adds every count of `from` to `into`. */
export function mergeTally(into: ScoreTally, from: ScoreTally): void {
  for (const [value, count] of from) addToTally(into, value, count);
}

/** Every tallied value, as many times as it was seen, in ascending order. */
export function talliedValues(tally: ScoreTally): number[] {
  const values: number[] = [];
  for (const value of [...tally.keys()].sort((a, b) => a - b)) {
    for (let copy = tally.get(value) ?? 0; copy > 0; copy -= 1) values.push(value);
  }
  return values;
}

/** The JSON form in a snapshot: `[value, count]` pairs, by value. */
export const ScoreTallyJson = z.array(z.tuple([z.number(), z.number().int().min(1)]));
export type ScoreTallyJson = z.infer<typeof ScoreTallyJson>;

export function tallyToJson(tally: ScoreTally): ScoreTallyJson {
  return [...tally].sort(([a], [b]) => a - b);
}

export function tallyFromJson(json: ScoreTallyJson): ScoreTally {
  const tally: ScoreTally = new Map();
  for (const [value, count] of json) addToTally(tally, value, count);
  return tally;
}
