import type { Instrument } from "./instrument.js";
import { INSTRUMENT_VERSION_MAX_LENGTH } from "./licensed-instrument.js";
import { repeatedItems, sumOf } from "./scoring.js";

/**
 * SWEMWBS: the short (seven-item) Warwick-Edinburgh Mental Wellbeing Scale. Seven items, each
 * answered 1 ("none of the time") to 5 ("all of the time"); `raw` is their sum, 7-35, higher is better.
 *
 * SWEMWBS is normally reported as a metric score, converted from the raw score by a table that is
 * licensed by the University of Warwick. The core ships no table: a deployment that holds the licence
 * supplies a {@link SwemwbsMetricScorer}, and the instrument then also scores `metric` and records
 * the table's version in its own (`"1+<scorer version>"`), so assessments scored with and without a
 * table, or with different tables, can always be told apart.
 */
export const SWEMWBS_ITEM_COUNT = 7;
export const SWEMWBS_ITEM_RANGE = { min: 1, max: 5 } as const;
/** The range of `raw`. */
export const SWEMWBS_RAW_RANGE = { min: 7, max: 35 } as const;
/** The version of the raw scoring; a metric scorer's version is appended to it. */
export const SWEMWBS_VERSION = "1";

/** The licensed raw-to-metric conversion, supplied by a deployment that holds the licence. */
export interface SwemwbsMetricScorer {
  /** Identifies the table, e.g. "table-2024"; recorded as part of the instrument version. */
  readonly version: string;
  /** The metric score for a raw score from 7 to 35. */
  toMetric(raw: number): number;
}

export interface SwemwbsOptions {
  readonly metricScorer?: SwemwbsMetricScorer;
}

/**
 * A SWEMWBS instrument: raw only, or raw and metric when a licensed `metricScorer` is given.
 *
 * The scorer is read once, here, for every raw score 7-35, so a faulty table fails when the
 * deployment is wired up rather than in the middle of recording an assessment. Throws a `RangeError`
 * if the scorer's version is empty, contains whitespace or "+", or makes the instrument version longer
 * than {@link INSTRUMENT_VERSION_MAX_LENGTH}; if `toMetric` throws or returns anything but a finite
 * number; or if the metric scores fall as the raw score rises.
 */
export function swemwbs(options: SwemwbsOptions = {}): Instrument {
  const scorer = options.metricScorer;
  if (scorer === undefined) {
    return Object.freeze({
      id: "SWEMWBS",
      version: SWEMWBS_VERSION,
      items: repeatedItems(SWEMWBS_ITEM_COUNT, SWEMWBS_ITEM_RANGE),
      score: (answers: readonly number[]): Readonly<Record<"raw", number>> => ({ raw: sumOf(answers) }),
    });
  }
  const version = `${SWEMWBS_VERSION}+${checkedScorerVersion(scorer.version)}`;
  const metricByRaw = metricTable(scorer);
  return Object.freeze({
    id: "SWEMWBS",
    version,
    items: repeatedItems(SWEMWBS_ITEM_COUNT, SWEMWBS_ITEM_RANGE),
    score(answers: readonly number[]): Readonly<Record<"raw" | "metric", number>> {
      const raw = sumOf(answers);
      return { raw, metric: metricByRaw.get(raw) ?? Number.NaN };
    },
  });
}

/** SWEMWBS scoring `raw` only: the instrument in the standard registry. */
export const swemwbsRawOnly: Instrument = swemwbs();

function checkedScorerVersion(version: unknown): string {
  const maxLength = INSTRUMENT_VERSION_MAX_LENGTH - SWEMWBS_VERSION.length - 1;
  if (typeof version !== "string" || version.length === 0 || version.length > maxLength || /[\s+]/u.test(version)) {
    throw new RangeError(
      `SWEMWBS metric scorer version must be 1 to ${maxLength} characters without whitespace or "+", got ${JSON.stringify(version)}`,
    );
  }
  return version;
}

function metricTable(scorer: SwemwbsMetricScorer): ReadonlyMap<number, number> {
  const table = new Map<number, number>();
  let previous = Number.NEGATIVE_INFINITY;
  for (let raw = SWEMWBS_RAW_RANGE.min; raw <= SWEMWBS_RAW_RANGE.max; raw++) {
    let metric: unknown;
    try {
      metric = scorer.toMetric(raw);
    } catch (error) {
      throw new RangeError(`SWEMWBS metric scorer ${scorer.version} failed for raw score ${raw}`, { cause: error });
    }
    if (typeof metric !== "number" || !Number.isFinite(metric)) {
      throw new RangeError(`SWEMWBS metric scorer ${scorer.version} gave ${String(metric)} for raw score ${raw}, not a finite number`);
    }
    if (metric < previous) {
      throw new RangeError(
        `SWEMWBS metric scorer ${scorer.version} gave ${metric} for raw score ${raw}, below ${previous} for raw score ${raw - 1}`,
      );
    }
    table.set(raw, metric);
    previous = metric;
  }
  return table;
}
