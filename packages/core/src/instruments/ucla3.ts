import type { Instrument } from "./instrument.js";
import { repeatedItems, sumOf } from "./scoring.js";

/**
 * UCLA-3: the three-item UCLA loneliness scale (as used by the ONS and the Community Life Survey).
 * Items, each answered 1 ("hardly ever"), 2 ("some of the time") or 3 ("often"):
 *
 * 1. how often do you feel that you lack companionship?
 * 2. how often do you feel left out?
 * 3. how often do you feel isolated from others?
 *
 * The score `total` is their sum, 3-9; higher is lonelier.
 */
export const UCLA3_ITEM_COUNT = 3;
export const UCLA3_ITEM_RANGE = { min: 1, max: 3 } as const;
/** The range of `total`. */
export const UCLA3_TOTAL_RANGE = { min: 3, max: 9 } as const;
/** A total at or above this is commonly read as "lonely" (3-5 not lonely, 6-9 lonely). */
export const UCLA3_LONELY_THRESHOLD = 6;

export const ucla3: Instrument = Object.freeze({
  id: "UCLA3",
  version: "1",
  items: repeatedItems(UCLA3_ITEM_COUNT, UCLA3_ITEM_RANGE),
  score: (answers: readonly number[]): Readonly<Record<"total", number>> => ({ total: sumOf(answers) }),
});

/** Whether a UCLA-3 `total` reaches {@link UCLA3_LONELY_THRESHOLD}. False for anything that is not a number. */
export function isLonely(total: number): boolean {
  return total >= UCLA3_LONELY_THRESHOLD;
}
