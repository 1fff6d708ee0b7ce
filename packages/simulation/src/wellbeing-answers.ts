import type { SimulationRandom } from "./simulation-random.js";

/**
 * Answers to the standard instruments for a simulated person. Each person has a latent wellbeing
 * level in population standard deviations (people referred sit about one below the mean) and a
 * change by follow-up that is modestly positive on average; item answers are that level plus item
 * noise, rounded and kept inside the instrument's ranges.
 */
export interface LatentWellbeing {
  readonly level: number;
  readonly improvement: number;
}

export function drawWellbeing(random: SimulationRandom): LatentWellbeing {
  return { level: random.normal(-1, 0.7), improvement: random.normal(0.35, 0.45) };
}

/** The instruments the simulator uses; all are in the core's standard registry. */
export type SimulatedInstrument = "ONS4" | "WEMWBS" | "UCLA3";

function item(random: SimulationRandom, mean: number, noise: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(random.normal(mean, noise))));
}

/** In-range item answers of one instrument at a latent level. */
export function instrumentAnswers(instrument: SimulatedInstrument, level: number, random: SimulationRandom): number[] {
  switch (instrument) {
    case "ONS4":
      // Life satisfaction, worthwhile, happy yesterday (higher is better), anxious yesterday (higher is worse).
      return [
        item(random, 7.4 + 1.8 * level, 1, 0, 10),
        item(random, 7.7 + 1.7 * level, 1, 0, 10),
        item(random, 7.3 + 2 * level, 1.2, 0, 10),
        item(random, 3.1 - 2.2 * level, 1.4, 0, 10),
      ];
    case "WEMWBS":
      return Array.from({ length: 14 }, () => item(random, 3.45 + 0.6 * level, 0.55, 1, 5));
    case "UCLA3":
      return Array.from({ length: 3 }, () => item(random, 1.6 - 0.55 * level, 0.45, 1, 3));
  }
}
