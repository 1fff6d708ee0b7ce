import type { Instrument } from "./instrument.js";
import { repeatedItems, sumOf } from "./scoring.js";

/**
 * WEMWBS: the Warwick-Edinburgh Mental Wellbeing Scale. Fourteen positively worded items, each
 * answered 1 ("none of the time") to 5 ("all of the time"); the score `total` is their sum, 14-70,
 * and higher is better. No item is reverse scored.
 *
 * WEMWBS is free to use but its owners (University of Warwick) ask users to register for a licence;
 * the core holds only the item count, ranges and the summing rule, not the wording.
 */
export const WEMWBS_ITEM_COUNT = 14;
export const WEMWBS_ITEM_RANGE = { min: 1, max: 5 } as const;
/** The range of `total`. */
export const WEMWBS_TOTAL_RANGE = { min: 14, max: 70 } as const;

export const wemwbs: Instrument = Object.freeze({
  id: "WEMWBS",
  version: "1",
  items: repeatedItems(WEMWBS_ITEM_COUNT, WEMWBS_ITEM_RANGE),
  score: (answers: readonly number[]): Readonly<Record<"total", number>> => ({ total: sumOf(answers) }),
});
