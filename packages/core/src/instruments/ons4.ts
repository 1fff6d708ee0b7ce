import type { Instrument } from "./instrument.js";

/**
 * ONS4: the Office for National Statistics personal wellbeing questions. Four items, each answered 0-10:
 *
 * 1. life satisfaction ("how satisfied are you with your life nowadays?")
 * 2. worthwhile ("to what extent do you feel the things you do in your life are worthwhile?")
 * 3. happiness ("how happy did you feel yesterday?")
 * 4. anxiety ("how anxious did you feel yesterday?")
 *
 * The four measures are reported separately and never summed: anxiety runs the other way (higher is
 * worse). The scores are the item values under stable names; bands come from {@link ons4Band}.
 * The questions are Crown copyright, published under the Open Government Licence.
 */

/** The four ONS4 measures, in the order the items are answered. */
export const ONS4_MEASURES = ["lifeSatisfaction", "worthwhile", "happiness", "anxiety"] as const;
export type Ons4Measure = (typeof ONS4_MEASURES)[number];
/** The measures where higher is better. */
export type Ons4PositiveMeasure = Exclude<Ons4Measure, "anxiety">;

/** Every ONS4 item is answered with a whole number from 0 to 10. */
export const ONS4_ITEM_RANGE = { min: 0, max: 10 } as const;

export const ons4: Instrument = Object.freeze({
  id: "ONS4",
  version: "1",
  items: Object.freeze(ONS4_MEASURES.map(() => ONS4_ITEM_RANGE)),
  score(answers: readonly number[]): Readonly<Record<Ons4Measure, number>> {
    return {
      lifeSatisfaction: answers[0] ?? Number.NaN,
      worthwhile: answers[1] ?? Number.NaN,
      happiness: answers[2] ?? Number.NaN,
      anxiety: answers[3] ?? Number.NaN,
    };
  },
});

/** ONS bands for life satisfaction, worthwhile and happiness (higher is better). */
export type Ons4PositiveBand = "low" | "medium" | "high" | "very_high";
/** ONS bands for anxiety (higher is worse). */
export type Ons4AnxietyBand = "very_low" | "low" | "medium" | "high";
export type Ons4Band = Ons4PositiveBand | Ons4AnxietyBand;

/**
 * The ONS threshold band of one measure's value.
 *
 * - life satisfaction, worthwhile, happiness: 0-4 "low", 5-6 "medium", 7-8 "high", 9-10 "very_high"
 * - anxiety (higher is worse): 0-1 "very_low", 2-3 "low", 4-5 "medium", 6-10 "high"
 *
 * The ONS defines the bands on whole answers; a fractional value (such as a mean) falls in the band
 * whose lower bound it has reached, so 4.9 is "low" and 5 is "medium". A value outside 0-10, or not a
 * number, has no band: the result is `undefined`.
 */
export function ons4Band(measure: "anxiety", value: number): Ons4AnxietyBand | undefined;
export function ons4Band(measure: Ons4PositiveMeasure, value: number): Ons4PositiveBand | undefined;
export function ons4Band(measure: Ons4Measure, value: number): Ons4Band | undefined;
export function ons4Band(measure: Ons4Measure, value: number): Ons4Band | undefined {
  if (!(value >= ONS4_ITEM_RANGE.min && value <= ONS4_ITEM_RANGE.max)) return undefined;
  if (measure === "anxiety") {
    if (value < 2) return "very_low";
    if (value < 4) return "low";
    if (value < 6) return "medium";
    return "high";
  }
  if (value < 5) return "low";
  if (value < 7) return "medium";
  if (value < 9) return "high";
  return "very_high";
}
